import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, ParseIdPipe } from '@crm/shared';
import { UserConnection, UsersArgs } from '../dtos/args/users.args';
import { UserPasswordPayloadDto } from '../dtos/create-user.payload';
import { CreateUserInput } from '../dtos/inputs/create-user.input';
import { UpdateUserInput } from '../dtos/inputs/update-user.input';
import { UserDto } from '../dtos/user.dto';
import { UserService } from '../services/user.service';

@Resolver(() => UserDto)
export class UserResolver {
  constructor(private readonly service: UserService) {}

  @Query(() => UserConnection, { nullable: true, description: 'User accounts, newest first (用户管理).' })
  @RequirePermission(Permission.UserRead)
  users(@CurrentUser() caller: Caller, @Args() args: UsersArgs): Promise<ConnectionResult<UserDto>> {
    return this.service.list(caller, args);
  }

  @Query(() => UserDto, { nullable: true, description: 'One user account (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.UserRead)
  user(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<UserDto> {
    return this.service.getVisible(caller, id);
  }

  @Mutation(() => UserPasswordPayloadDto, { description: 'Create an account. Without a password, a temporary one is generated and returned once.' })
  @RequirePermission(Permission.UserManage)
  createUser(@CurrentUser() caller: Caller, @Args('input') input: CreateUserInput): Promise<UserPasswordPayloadDto> {
    return this.service.create(caller, input);
  }

  @Mutation(() => UserDto, { description: 'Change name, role and scope, or disable/enable. Role, scope or status changes end the user\'s sessions.' })
  @RequirePermission(Permission.UserManage)
  updateUser(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserDto> {
    return this.service.update(caller, id, input);
  }

  @Mutation(() => UserPasswordPayloadDto, { description: 'Set a generated temporary password and end the user\'s sessions.' })
  @RequirePermission(Permission.UserManage)
  resetUserPassword(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<UserPasswordPayloadDto> {
    return this.service.resetPassword(caller, id);
  }
}
