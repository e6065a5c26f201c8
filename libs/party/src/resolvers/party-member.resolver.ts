import { Args, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { MemberDto, MemberQueryService } from '@crm/member';
import { ConnectionResult, GqlRequest, ParseIdPipe, selectionAt } from '@crm/shared';
import { PartyMemberConnection, PartyMembersArgs } from '../dtos/args/party.args';
import { CreatePartyMemberInput, EvaluatePartyMemberInput, TransferPartyMemberInput, UpdatePartyMemberInput } from '../dtos/inputs/party-member.inputs';
import { PartyEvaluationDto, PartyMemberDto, PartyTransferDto } from '../dtos/party-member.dto';
import { PartyOrganizationDto } from '../dtos/party-organization.dto';
import { PartyMemberService } from '../services/party-member.service';
import { PartyOrganizationService } from '../services/party-organization.service';
import { PartyPersonalData } from '../services/party-personal-data';

@Resolver(() => PartyMemberDto)
export class PartyMemberResolver {
  constructor(
    private readonly service: PartyMemberService,
    private readonly units: PartyOrganizationService,
    private readonly members: MemberQueryService,
    private readonly personal: PartyPersonalData,
  ) {}

  @Query(() => PartyMemberConnection, { nullable: true, description: 'Party members in your scope, by pinyin name, keyset-paginated.' })
  @RequirePermission(Permission.PartyRead)
  partyMembers(@CurrentUser() caller: Caller, @Args() args: PartyMembersArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<PartyMemberDto>> {
    return this.service.list(caller, args, selectionAt(info, 'edges', 'node'));
  }

  @Query(() => PartyMemberDto, { nullable: true, description: 'One party member (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.PartyRead)
  async partyMember(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<PartyMemberDto> {
    return PartyMemberDto.from(await this.service.get(caller, id));
  }

  @Mutation(() => PartyMemberDto, { description: 'Register a party member: linked to a member of the base, or standing alone. One record per ID number.' })
  @RequirePermission(Permission.PartyManage)
  async createPartyMember(@CurrentUser() caller: Caller, @Args('input') input: CreatePartyMemberInput): Promise<PartyMemberDto> {
    return PartyMemberDto.from(await this.service.create(caller, input));
  }

  @Mutation(() => PartyMemberDto, { description: 'Edit a party member. Carries the version read.' })
  @RequirePermission(Permission.PartyManage)
  async updatePartyMember(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdatePartyMemberInput,
  ): Promise<PartyMemberDto> {
    return PartyMemberDto.from(await this.service.update(caller, id, input));
  }

  @Mutation(() => PartyMemberDto, { description: 'Record a relation transfer (转入 into one of our branches, 转出 out of the network). Carries the version read.' })
  @RequirePermission(Permission.PartyManage)
  async transferPartyMember(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: TransferPartyMemberInput,
  ): Promise<PartyMemberDto> {
    return PartyMemberDto.from(await this.service.transfer(caller, id, input));
  }

  @Mutation(() => PartyEvaluationDto, { description: 'Record the annual democratic evaluation (民主评议) of a party member, once per year.' })
  @RequirePermission(Permission.PartyManage)
  evaluatePartyMember(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: EvaluatePartyMemberInput,
  ): Promise<PartyEvaluationDto> {
    return this.service.evaluate(caller, id, input);
  }

  @ResolveField(() => String, { nullable: true, description: 'Resident ID number; masked (330***********1234) unless you may see personal data. Reading it in clear is audited.' })
  @RequirePermission(Permission.PartyRead)
  idNumber(@CurrentUser() caller: Caller, @Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<string | null> {
    return this.personal.idNumber(req, caller, pm);
  }

  @ResolveField(() => [String], { description: 'Phones; masked (138****1234) unless you may see personal data. Reading them in clear is audited.' })
  @RequirePermission(Permission.PartyRead)
  phones(@CurrentUser() caller: Caller, @Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<string[]> {
    return this.personal.phones(req, caller, pm);
  }

  @ResolveField(() => Boolean, { description: 'Whether idNumber and phones reach you masked.' })
  @RequirePermission(Permission.PartyRead)
  personalDataMasked(@CurrentUser() caller: Caller): boolean {
    return this.personal.masked(caller);
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: 'The unit the person attends; null without one or outside your scope.' })
  @RequirePermission(Permission.PartyRead)
  organization(@CurrentUser() caller: Caller, @Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<PartyOrganizationDto | null> {
    return pm.organizationId ? this.units.load(req, pm.organizationId, caller) : Promise.resolve(null);
  }

  @ResolveField(() => PartyOrganizationDto, { nullable: true, description: 'The unit holding the relation; null without one or outside your scope.' })
  @RequirePermission(Permission.PartyRead)
  relationOrganization(@CurrentUser() caller: Caller, @Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<PartyOrganizationDto | null> {
    return pm.relationOrganizationId ? this.units.load(req, pm.relationOrganizationId, caller) : Promise.resolve(null);
  }

  @ResolveField(() => MemberDto, { nullable: true, description: 'The member of the information base; null when unlinked or outside your member scope.' })
  @RequirePermission(Permission.PartyRead)
  async member(@CurrentUser() caller: Caller, @Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    if (!pm.memberId) return null;
    const member = await this.members.loadVisible(req, caller, pm.memberId);
    return member ? MemberDto.from(member) : null;
  }

  @ResolveField(() => [PartyTransferDto], { description: 'Relation transfers, latest first.' })
  @RequirePermission(Permission.PartyRead)
  transfers(@Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<PartyTransferDto[]> {
    return this.service.loadTransfers(req, pm.id);
  }

  @ResolveField(() => [PartyEvaluationDto], { description: 'Annual evaluations, latest first.' })
  @RequirePermission(Permission.PartyRead)
  evaluations(@Parent() pm: PartyMemberDto, @GqlRequest() req: object): Promise<PartyEvaluationDto[]> {
    return this.service.loadEvaluations(req, pm.id);
  }
}
