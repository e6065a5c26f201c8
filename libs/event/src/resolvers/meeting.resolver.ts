import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import {
  CreateMeetingInput,
  MeetingConnection,
  MeetingDto,
  RegisterDelegatesInput,
  RegistrationConnection,
  RegistrationDto,
  RegistrationsArgs,
  SetMeetingCapacityInput,
  VersionInput,
} from '../dtos/meeting.dto';
import { MeetingService } from '../services/meeting.service';

@Resolver(() => MeetingDto)
export class MeetingResolver {
  constructor(private readonly service: MeetingService) {}

  @Query(() => MeetingConnection, { nullable: true, description: 'Meetings you may see (the office all; a unit those it is invited to), latest first.' })
  @RequirePermission(Permission.EventRead)
  meetings(@CurrentUser() caller: Caller, @Args() args: ConnectionArgs): Promise<ConnectionResult<MeetingDto>> {
    return this.service.list(caller, args);
  }

  @Query(() => MeetingDto, { nullable: true })
  @RequirePermission(Permission.EventRead)
  meeting(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<MeetingDto> {
    return this.service.get(caller, id);
  }

  @Query(() => RegistrationConnection, { nullable: true, description: 'Registrations you may see: places first, then the waiting list in queue order.' })
  @RequirePermission(Permission.EventRead)
  meetingRegistrations(@CurrentUser() caller: Caller, @Args() args: RegistrationsArgs): Promise<ConnectionResult<RegistrationDto>> {
    return this.service.registrations(caller, args);
  }

  @Mutation(() => MeetingDto, { description: 'Create a meeting and invite by target (the office).' })
  @RequirePermission(Permission.EventManage)
  createMeeting(@CurrentUser() caller: Caller, @Args('input') input: CreateMeetingInput): Promise<MeetingDto> {
    return this.service.create(caller, input);
  }

  @Mutation(() => MeetingDto, { description: 'Change the capacity on the version read; a larger one promotes from the waiting list.' })
  @RequirePermission(Permission.EventManage)
  setMeetingCapacity(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: SetMeetingCapacityInput): Promise<MeetingDto> {
    return this.service.setCapacity(caller, id, input);
  }

  @Mutation(() => [RegistrationDto], { description: 'Register delegates of your unit (its members) until the deadline; beyond the capacity they wait (候补), not an error.' })
  @RequirePermission(Permission.EventRegister)
  registerDelegates(
    @CurrentUser() caller: Caller,
    @Args('meetingId', { type: () => ID }, ParseIdPipe) meetingId: string,
    @Args('input') input: RegisterDelegatesInput,
  ): Promise<RegistrationDto[]> {
    return this.service.register(caller, meetingId, input);
  }

  @Mutation(() => RegistrationDto, { description: 'Cancel a registration; a freed place goes to the first waiting.' })
  @RequirePermission(Permission.EventRegister)
  cancelRegistration(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: VersionInput): Promise<RegistrationDto> {
    return this.service.cancel(caller, id, input);
  }

  @Mutation(() => RegistrationDto, { description: 'Check a registered delegate in on the day (the office).' })
  @RequirePermission(Permission.EventManage)
  checkInDelegate(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<RegistrationDto> {
    return this.service.checkIn(caller, id);
  }
}
