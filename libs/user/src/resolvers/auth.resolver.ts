import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, Public, RequirePermission } from '@crm/auth';
import { AppConfig, AppError, ErrorCode } from '@crm/shared';
import { AuthPayloadDto } from '../dtos/auth-payload.dto';
import { ChangePasswordInput } from '../dtos/inputs/change-password.input';
import { UserDto } from '../dtos/user.dto';
import { UserErrors } from '../exceptions/user.errors';
import { AuthService } from '../services/auth.service';
import { UserService } from '../services/user.service';
import { LoginArgs, LogoutArgs, RefreshArgs } from '../dtos/args/auth.args';
import { clearRefreshCookie, HttpContext, refreshTokenFromCookie, setRefreshCookie, wantsCookieSession } from '../utils/session-cookie';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
    private readonly config: AppConfig,
  ) {}

  @Mutation(() => AuthPayloadDto, { description: 'Sign in (登录). A wrong email or password answers UNAUTHENTICATED; repeated failures TOO_MANY_REQUESTS.' })
  @Public()
  async login(@Args() args: LoginArgs, @Context() ctx: HttpContext): Promise<AuthPayloadDto> {
    return this.deliver(ctx, await this.auth.login(args.email, args.password));
  }

  @Mutation(() => AuthPayloadDto, {
    description: 'Trade a refresh token for a new pair. Each refresh token works once. In the cookie session the token comes from the cookie.',
  })
  @Public()
  async refreshToken(@Args() args: RefreshArgs, @Context() ctx: HttpContext): Promise<AuthPayloadDto> {
    const cookieSession = wantsCookieSession(ctx);
    const token = args.refreshToken ?? (cookieSession ? refreshTokenFromCookie(ctx) : undefined);
    if (!token) throw UserErrors.REFRESH_TOKEN_INVALID({}, { field: 'refreshToken' });
    try {
      return this.deliver(ctx, await this.auth.refresh(token));
    } catch (error) {
      // A refused cookie is of no further use: the browser drops it and shows the sign-in page.
      // A passing failure (database unreachable, shutting down) leaves it for the next try.
      if (cookieSession && error instanceof AppError && error.code === ErrorCode.Unauthenticated) clearRefreshCookie(ctx);
      throw error;
    }
  }

  @Mutation(() => Boolean, { description: 'Sign out: end the session of `refreshToken` (in the cookie session, of the cookie), or with `everywhere` every session.' })
  @RequirePermission(Permission.SelfManage)
  async logout(@CurrentUser() caller: Caller, @Args() args: LogoutArgs, @Context() ctx: HttpContext): Promise<boolean> {
    const cookieSession = wantsCookieSession(ctx);
    const token = args.refreshToken ?? (cookieSession ? refreshTokenFromCookie(ctx) : undefined);
    const done = await this.auth.logout(caller, token, args.everywhere);
    if (cookieSession) clearRefreshCookie(ctx);
    return done;
  }

  @Mutation(() => AuthPayloadDto, { description: 'Change your own password; other sessions end, and fresh tokens are returned.' })
  @RequirePermission(Permission.SelfManage)
  async changePassword(@CurrentUser() caller: Caller, @Args('input') input: ChangePasswordInput, @Context() ctx: HttpContext): Promise<AuthPayloadDto> {
    return this.deliver(ctx, await this.auth.changePassword(caller, input));
  }

  @Query(() => UserDto, { description: 'The signed-in user.' })
  @RequirePermission(Permission.SelfManage)
  me(@CurrentUser() caller: Caller): Promise<UserDto> {
    return this.users.me(caller);
  }

  /** In the cookie session the refresh token goes into the httpOnly cookie and not into the answer. */
  private deliver(ctx: HttpContext, payload: AuthPayloadDto): AuthPayloadDto {
    if (!wantsCookieSession(ctx) || !payload.refreshToken) return payload;
    setRefreshCookie(ctx, payload.refreshToken, this.config.REFRESH_TOKEN_TTL_SECONDS);
    return { ...payload, refreshToken: null };
  }
}
