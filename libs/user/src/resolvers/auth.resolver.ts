import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, Public, RequirePermission } from '@crm/auth';
import { AuthPayloadDto } from '../dtos/auth-payload.dto';
import { ChangePasswordInput } from '../dtos/inputs/change-password.input';
import { UserDto } from '../dtos/user.dto';
import { AuthService } from '../services/auth.service';
import { UserService } from '../services/user.service';
import { LoginArgs, LogoutArgs, RefreshArgs } from '../dtos/args/auth.args';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Mutation(() => AuthPayloadDto, { description: 'Sign in (登录). A wrong email or password answers UNAUTHENTICATED; repeated failures TOO_MANY_REQUESTS.' })
  @Public()
  login(@Args() args: LoginArgs): Promise<AuthPayloadDto> {
    return this.auth.login(args.email, args.password);
  }

  @Mutation(() => AuthPayloadDto, { description: 'Trade a refresh token for a new pair. Each refresh token works once.' })
  @Public()
  refreshToken(@Args() args: RefreshArgs): Promise<AuthPayloadDto> {
    return this.auth.refresh(args.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Sign out: end the session of `refreshToken`, or with `everywhere` every session.' })
  @RequirePermission(Permission.SelfManage)
  logout(@CurrentUser() caller: Caller, @Args() args: LogoutArgs): Promise<boolean> {
    return this.auth.logout(caller, args.refreshToken ?? undefined, args.everywhere);
  }

  @Mutation(() => AuthPayloadDto, { description: 'Change your own password; other sessions end, and fresh tokens are returned.' })
  @RequirePermission(Permission.SelfManage)
  changePassword(@CurrentUser() caller: Caller, @Args('input') input: ChangePasswordInput): Promise<AuthPayloadDto> {
    return this.auth.changePassword(caller, input);
  }

  @Query(() => UserDto, { description: 'The signed-in user.' })
  @RequirePermission(Permission.SelfManage)
  me(@CurrentUser() caller: Caller): Promise<UserDto> {
    return this.users.me(caller);
  }
}

