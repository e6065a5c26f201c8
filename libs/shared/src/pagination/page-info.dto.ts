import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('PageInfo', { description: 'Relay page information for keyset-paginated lists.' })
export class PageInfoDto {
  @Field({ description: 'True when more items follow the last edge of this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Always false: lists are read forward only, with `first`/`after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
