import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, RequestContext, UnauthenticatedError } from '@crm/shared';
import { ApiKeyAuthenticator, isApiKeyToken } from '../api-key-authenticator';
import { Caller, callerFromRow, callerHasPermission } from '../caller';
import { bearerToken, CallerCache } from '../caller-cache';
import { PERMISSION_KEY, PUBLIC_KEY } from '../decorators/require-permission.decorator';
import { AuthErrors } from '../exceptions/auth.errors';
import { Permission } from '../permission.enum';

interface AuthRequest {
  user?: Caller;
  headers: Record<string, string | string[] | undefined>;
}

/** One authentication per request, shared by root fields that GraphQL resolves concurrently. */
const inflight = new WeakMap<object, Promise<unknown>>();

const TOKEN_ERRORS: Record<string, string> = {
  TokenExpiredError: 'The access token has expired; refresh it or sign in again',
  JsonWebTokenError: 'The access token is not valid',
  NotBeforeError: 'The access token is not valid yet',
};

/**
 * The global guard, on every query, mutation, field resolver and HTTP route. Deny by default:
 * a handler that declares neither @RequirePermission nor @Public is refused. The caller is
 * checked once per request; field resolvers reuse it. A token seen before is answered from the
 * CallerCache (no signature check, no database read) when the cache holds its account; anything
 * else goes through passport-jwt and the user library's strategy, which fill the cache.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CallerCache,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {
    super();
  }

  override getRequest(context: ExecutionContext): AuthRequest {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req: AuthRequest }>().req;
    }
    return context.switchToHttp().getRequest<AuthRequest>();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      throw new ForbiddenError('This operation declares no permission and is denied');
    }
    const req = this.getRequest(context);
    if (!req.user) {
      let authentication = inflight.get(req);
      if (!authentication) {
        authentication = this.authenticate(context, req);
        inflight.set(req, authentication);
      }
      await authentication;
    }
    const caller = req.user;
    if (!caller) throw new UnauthenticatedError();
    RequestContext.setActor({ id: caller.id, email: caller.email, role: caller.role, kind: caller.apiKeyId ? 'API_KEY' : 'USER' });
    if (!callerHasPermission(caller, permission)) {
      throw new ForbiddenError();
    }
    // A temporary password is for choosing one's own, not for working: enforced here, for every
    // query, mutation, field and HTTP route, not only by the UI's redirect.
    if (caller.mustChangePassword && permission !== Permission.SelfManage) {
      throw AuthErrors.PASSWORD_CHANGE_REQUIRED();
    }
    return true;
  }

  private async authenticate(context: ExecutionContext, req: AuthRequest): Promise<void> {
    const token = bearerToken(req as unknown as Parameters<typeof bearerToken>[0]);
    if (token && isApiKeyToken(token)) {
      // An API key shares the header with access tokens; its prefix tells them apart.
      req.user = await this.apiKeys.authenticate(token);
      return;
    }
    if (token) {
      const claims = this.cache.claims(token);
      if (claims === 'expired') throw new UnauthenticatedError(TOKEN_ERRORS.TokenExpiredError);
      const row = claims && this.cache.user(claims.sub);
      if (claims && row) {
        req.user = callerFromRow(claims, row);
        return;
      }
    }
    await super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (!user) {
      const name = info instanceof Error ? info.name : '';
      throw new UnauthenticatedError(TOKEN_ERRORS[name] ?? 'Sign in first: this operation needs a valid access token');
    }
    return user;
  }
}
