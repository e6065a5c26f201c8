import { Type } from '@nestjs/common';
import { Field, FieldMiddleware, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoDto } from './page-info.dto';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * What a list resolver returns. `totalCount` is a function so that graphql-js calls it only
 * when the client selects the field: pages never pay for a count nobody asked for.
 */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfoDto;
  totalCount: () => Promise<number>;
}

/** Calls the lazy count only for clients that selected `totalCount`. */
const lazyCount: FieldMiddleware = async (_ctx, next) => {
  const value: unknown = await next();
  return typeof value === 'function' ? (value as () => Promise<number>)() : value;
};

/** Builds the `XConnection` and `XEdge` GraphQL types for a node type. */
export function Connection<T>(nodeType: Type<T>, name: string): Type<ConnectionResult<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Opaque keyset cursor; pass it as `after` to read the next page.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfoDto)
    pageInfo!: PageInfoDto;

    @Field(() => Int, { description: 'Number of items matching the filter (computed only when selected).', middleware: [lazyCount] })
    totalCount!: () => Promise<number>;
  }

  return ConnectionType as unknown as Type<ConnectionResult<T>>;
}
