import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

/** The HTTP request of a GraphQL call: the key for request-scoped DataLoaders. */
export const GqlRequest = createParamDecorator((_data: unknown, context: ExecutionContext): object => {
  return GqlExecutionContext.create(context).getContext<{ req: object }>().req;
});
