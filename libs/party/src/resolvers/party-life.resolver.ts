import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberRollupDto } from '@crm/chamber';
import { ConnectionResult, GqlRequest } from '@crm/shared';
import { PartyComplianceArgs, PartyMeetingConnection, PartyMeetingsArgs } from '../dtos/args/party.args';
import { RecordPartyMeetingInput } from '../dtos/inputs/party-meeting.inputs';
import { PartyCountsDto, PartyCoverageDto } from '../dtos/party-coverage.dto';
import { PartyComplianceDto, PartyMeetingDto } from '../dtos/party-meeting.dto';
import { PartyAttendanceDto } from '../dtos/party-member.dto';
import { PartyCoverageService } from '../services/party-coverage.service';
import { PartyLifeService } from '../services/party-life.service';

@Resolver(() => PartyMeetingDto)
export class PartyMeetingResolver {
  constructor(private readonly life: PartyLifeService) {}

  @Query(() => PartyMeetingConnection, { nullable: true, description: 'A unit\'s organisation-life meetings, latest first.' })
  @RequirePermission(Permission.PartyRead)
  partyMeetings(@CurrentUser() caller: Caller, @Args() args: PartyMeetingsArgs): Promise<ConnectionResult<PartyMeetingDto>> {
    return this.life.list(caller, args);
  }

  @Query(() => PartyComplianceDto, { nullable: true, description: 'A unit\'s 三会一课 compliance and attendance in one quarter (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.PartyRead)
  partyCompliance(@CurrentUser() caller: Caller, @Args() args: PartyComplianceArgs): Promise<PartyComplianceDto> {
    return this.life.compliance(caller, args);
  }

  @Mutation(() => PartyMeetingDto, { description: 'Record a meeting of a unit you keep, with the attendance of its members.' })
  @RequirePermission(Permission.PartyManage)
  async recordPartyMeeting(@CurrentUser() caller: Caller, @Args('input') input: RecordPartyMeetingInput): Promise<PartyMeetingDto> {
    return PartyMeetingDto.from(await this.life.record(caller, input));
  }

  @ResolveField(() => [PartyAttendanceDto], { description: 'Who came, who was on leave, who was absent.' })
  @RequirePermission(Permission.PartyRead)
  attendance(@Parent() meeting: PartyMeetingDto, @GqlRequest() req: object): Promise<PartyAttendanceDto[]> {
    return this.life.loadAttendance(req, meeting.id);
  }
}

@Resolver(() => PartyCoverageDto)
export class PartyCoverageResolver {
  constructor(private readonly coverage: PartyCoverageService) {}

  @Query(() => PartyCoverageDto, { nullable: true, description: 'Party units in the chamber network against the 80% goal, by province and by working committee.' })
  @RequirePermission(Permission.PartyRead)
  partyCoverage(): Promise<PartyCoverageDto> {
    return this.coverage.coverage();
  }
}

@Resolver(() => ChamberRollupDto)
export class ChamberRollupPartyResolver {
  constructor(private readonly coverage: PartyCoverageService) {}

  @ResolveField(() => PartyCountsDto, { description: 'Party units, covered chambers, party members and mobile members in the subtree.' })
  @RequirePermission(Permission.PartyRead)
  party(@Parent() rollup: ChamberRollupDto, @GqlRequest() req: object): Promise<PartyCountsDto> {
    return this.coverage.rollup(req, rollup.chamberId);
  }
}
