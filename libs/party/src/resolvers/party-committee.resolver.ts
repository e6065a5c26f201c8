import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { GqlRequest, ParseIdPipe } from '@crm/shared';
import { PartyCommitteeDto, PartyLeaderDto } from '../dtos/party-committee.dto';
import { CreatePartyCommitteeInput, PartyLeaderInput, UpdatePartyCommitteeInput } from '../dtos/inputs/party-committee.inputs';
import { PartyCommitteeService } from '../services/party-committee.service';

@Resolver(() => PartyCommitteeDto)
export class PartyCommitteeResolver {
  constructor(
    private readonly committees: PartyCommitteeService,
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @Query(() => [PartyCommitteeDto], { nullable: true, description: 'Party working committees (党工委), by province.' })
  @RequirePermission(Permission.PartyRead)
  async partyCommittees(@CurrentUser() caller: Caller): Promise<PartyCommitteeDto[]> {
    return (await this.committees.list(caller)).map(PartyCommitteeDto.from);
  }

  @Query(() => PartyCommitteeDto, { nullable: true, description: 'One working committee (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.PartyRead)
  async partyCommittee(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<PartyCommitteeDto> {
    return PartyCommitteeDto.from(await this.committees.get(caller, id));
  }

  @Mutation(() => PartyCommitteeDto, { description: 'Found a working committee (administrators). One active committee per province: a second is CONFLICT naming the holder.' })
  @RequirePermission(Permission.PartyManage)
  async createPartyCommittee(@CurrentUser() caller: Caller, @Args('input') input: CreatePartyCommitteeInput): Promise<PartyCommitteeDto> {
    return PartyCommitteeDto.from(await this.committees.create(caller, input));
  }

  @Mutation(() => PartyCommitteeDto, { description: 'Rename, dissolve or reactivate a committee. Carries the version read.' })
  @RequirePermission(Permission.PartyManage)
  async updatePartyCommittee(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdatePartyCommitteeInput,
  ): Promise<PartyCommitteeDto> {
    return PartyCommitteeDto.from(await this.committees.update(caller, id, input));
  }

  @Mutation(() => PartyLeaderDto, { description: 'Add a committee member (书记, 副书记, 委员) with a term; one secretary at a time.' })
  @RequirePermission(Permission.PartyManage)
  addPartyCommitteeMember(
    @CurrentUser() caller: Caller,
    @Args('committeeId', { type: () => ID }, ParseIdPipe) committeeId: string,
    @Args('input') input: PartyLeaderInput,
  ): Promise<PartyLeaderDto> {
    return this.committees.addMember(caller, committeeId, input);
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The host chamber; null outside your scope.' })
  @RequirePermission(Permission.PartyRead)
  async hostChamber(@CurrentUser() caller: Caller, @Parent() committee: PartyCommitteeDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    const chamber = await this.chambers.load(req, committee.hostChamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }

  @ResolveField(() => [PartyLeaderDto], { description: 'Committee members with their terms, current ones first.' })
  @RequirePermission(Permission.PartyRead)
  members(@Parent() committee: PartyCommitteeDto, @GqlRequest() req: object): Promise<PartyLeaderDto[]> {
    return this.committees.loadMembers(req, committee.id);
  }
}
