import { Args, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { ConnectionResult, GqlRequest, ParseIdPipe, selectionAt } from '@crm/shared';
import { PartyOrganizationConnection, PartyOrganizationsArgs, PartyQuarterArgs } from '../dtos/args/party.args';
import { PartyComplianceDto } from '../dtos/party-meeting.dto';
import { PartyCommitteeDto, PartyLeaderDto } from '../dtos/party-committee.dto';
import { PartyLeaderInput } from '../dtos/inputs/party-committee.inputs';
import { CreatePartyOrganizationInput, UpdatePartyOrganizationInput } from '../dtos/inputs/party-organization.inputs';
import { PartyManagerDto, PartyOrganizationDto } from '../dtos/party-organization.dto';
import { PartyCommitteeService } from '../services/party-committee.service';
import { PartyLifeService } from '../services/party-life.service';
import { PartyOrganizationService } from '../services/party-organization.service';

@Resolver(() => PartyOrganizationDto)
export class PartyOrganizationResolver {
  constructor(
    private readonly units: PartyOrganizationService,
    private readonly committees: PartyCommitteeService,
    private readonly chamberService: ChamberService,
    private readonly access: AccessService,
    private readonly life: PartyLifeService,
  ) {}

  @Query(() => PartyOrganizationConnection, { nullable: true, description: 'Party organisations in your scope, by name, keyset-paginated.' })
  @RequirePermission(Permission.PartyRead)
  partyOrganizations(@CurrentUser() caller: Caller, @Args() args: PartyOrganizationsArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<PartyOrganizationDto>> {
    return this.units.list(caller, args, selectionAt(info, 'edges', 'node'));
  }

  @Query(() => PartyOrganizationDto, { nullable: true, description: 'One party organisation (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.PartyRead)
  partyOrganization(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<PartyOrganizationDto> {
    return this.units.get(caller, id);
  }

  @Mutation(() => PartyOrganizationDto, { description: 'Set up a unit under a committee or a higher unit (not both), with its chambers and managing bodies.' })
  @RequirePermission(Permission.PartyManage)
  createPartyOrganization(@CurrentUser() caller: Caller, @Args('input') input: CreatePartyOrganizationInput): Promise<PartyOrganizationDto> {
    return this.units.create(caller, input);
  }

  @Mutation(() => PartyOrganizationDto, { description: 'Rename, move (no cycles, nothing under a branch), re-attach, change managing bodies or status. Carries the version read.' })
  @RequirePermission(Permission.PartyManage)
  updatePartyOrganization(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdatePartyOrganizationInput,
  ): Promise<PartyOrganizationDto> {
    return this.units.update(caller, id, input);
  }

  @Mutation(() => PartyLeaderDto, { description: 'Add a leader of the unit (书记, 副书记, 委员) with a term; one secretary at a time.' })
  @RequirePermission(Permission.PartyManage)
  addPartyOrganizationLeader(
    @CurrentUser() caller: Caller,
    @Args('organizationId', { type: () => ID }, ParseIdPipe) organizationId: string,
    @Args('input') input: PartyLeaderInput,
  ): Promise<PartyLeaderDto> {
    return this.units.addLeader(caller, organizationId, input);
  }

  @ResolveField(() => Int, { description: 'ACTIVE party members whose unit this is (one grouped count for a whole list).' })
  @RequirePermission(Permission.PartyRead)
  activeMemberCount(@Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<number> {
    return this.units.activeMemberCount(req, unit.id);
  }

  @ResolveField(() => PartyComplianceDto, { description: "The unit's 三会一课 in a quarter, as partyCompliance gives it (one statement for a whole list)." })
  @RequirePermission(Permission.PartyRead)
  compliance(@Parent() unit: PartyOrganizationDto, @Args() args: PartyQuarterArgs, @GqlRequest() req: object): Promise<PartyComplianceDto> {
    return this.life.complianceOf(req, unit.id, args.year, args.quarter);
  }

  @ResolveField(() => PartyCommitteeDto, { nullable: true, description: 'The committee it belongs to directly; null when it belongs to a unit.' })
  @RequirePermission(Permission.PartyRead)
  async committee(@Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<PartyCommitteeDto | null> {
    if (!unit.committeeId) return null;
    const c = await this.committees.load(req, unit.committeeId);
    return c ? PartyCommitteeDto.from(c) : null;
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: 'The unit it belongs to; null when it belongs to a committee or the unit is outside your scope.' })
  @RequirePermission(Permission.PartyRead)
  parent(@CurrentUser() caller: Caller, @Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<PartyOrganizationDto | null> {
    return unit.parentId ? this.units.load(req, unit.parentId, caller) : Promise.resolve(null);
  }

  @ResolveField(() => [ChamberDto], { description: 'The attached chambers you may read.' })
  @RequirePermission(Permission.PartyRead)
  async chambers(@CurrentUser() caller: Caller, @Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<ChamberDto[]> {
    const found = await Promise.all(unit.chamberIds.map((id) => this.chamberService.load(req, id)));
    return found.filter((c) => c && this.access.admits('Chamber', 'read', caller, c)).map((c) => ChamberDto.from(c as NonNullable<typeof c>));
  }

  @ResolveField(() => [PartyManagerDto], { description: 'The bodies that help manage it (多方管理).' })
  @RequirePermission(Permission.PartyRead)
  managers(@Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<PartyManagerDto[]> {
    return this.units.loadManagers(req, unit.id);
  }

  @ResolveField(() => [PartyLeaderDto], { description: 'Leaders with their terms, current ones first.' })
  @RequirePermission(Permission.PartyRead)
  leaders(@Parent() unit: PartyOrganizationDto, @GqlRequest() req: object): Promise<PartyLeaderDto[]> {
    return this.units.loadLeaders(req, unit.id);
  }
}
