import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ParseIdPipe } from '@crm/shared';
import { UserPasswordPayloadDto } from '../dtos/create-user.payload';
import { CreateStaffAccountInput, SetStaffAccountActiveInput } from '../dtos/inputs/staff-account.input';
import { UserDto } from '../dtos/user.dto';
import { UserService } from '../services/user.service';

/** A chamber secretariat's own staff accounts (工作人员账号): its chamber only, never wider. */
@Resolver()
export class StaffResolver {
  constructor(private readonly users: UserService) {}

  @Query(() => [UserDto], { nullable: true, description: "The accounts of your own secretariat (secretaries of exactly your chamber), yours included; empty for an account without a chamber." })
  @RequirePermission(Permission.StaffManage)
  staffAccounts(@CurrentUser() caller: Caller): Promise<UserDto[]> {
    return this.users.listStaff(caller);
  }

  @Mutation(() => UserPasswordPayloadDto, { description: 'Add a staff account to your own secretariat; the temporary password is shown once. Audited.' })
  @RequirePermission(Permission.StaffManage)
  createStaffAccount(@CurrentUser() caller: Caller, @Args('input') input: CreateStaffAccountInput): Promise<UserPasswordPayloadDto> {
    return this.users.createStaff(caller, input);
  }

  @Mutation(() => UserDto, { description: "Disable or enable an account of your own secretariat (not your own); carries `version`. Audited." })
  @RequirePermission(Permission.StaffManage)
  setStaffAccountActive(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: SetStaffAccountActiveInput,
  ): Promise<UserDto> {
    return this.users.setStaffActive(caller, id, input);
  }
}
