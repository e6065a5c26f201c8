import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { UnauthenticatedError } from '@crm/shared';
import { Caller } from '../caller';

/** The authenticated caller (GraphQL resolvers and HTTP routes); the guard has already refused requests without one. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const req =
    context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: { user?: Caller } }>().req
      : context.switchToHttp().getRequest<{ user?: Caller }>();
  if (!req?.user) throw new UnauthenticatedError();
  return req.user;
});
