import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { UnauthenticatedError } from '@crm/shared';
import { Caller } from '../caller';

/** The authenticated caller; the guard has already refused requests without one. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const req = GqlExecutionContext.create(context).getContext<{ req: { user?: Caller } }>().req;
  if (!req?.user) throw new UnauthenticatedError();
  return req.user;
});
