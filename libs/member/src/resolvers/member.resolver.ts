import { Args, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberPositionDto } from '@crm/chamber';
import { RegionDto, RegionService } from '@crm/region';
import { ConnectionResult, GqlRequest, ParseIdPipe, selectionAt } from '@crm/shared';
import { MemberConnection, MembersArgs } from '../dtos/args/members.args';
import { JoinChamberInput, LinkEnterpriseInput, UnlinkEnterpriseInput, UpdateChamberMembershipInput } from '../dtos/inputs/member-link.inputs';
import { CreateMemberInput, UpdateMemberInput } from '../dtos/inputs/member.inputs';
import { ChamberMembershipDto, MemberEnterpriseDto, PoliticalRoleDto } from '../dtos/member-links.dto';
import { MemberDto } from '../dtos/member.dto';
import { MemberQueryService } from '../services/member-query.service';
import { MemberService } from '../services/member.service';
import { PersonalDataService } from '../services/personal-data.service';

@Resolver(() => MemberDto)
export class MemberResolver {
  constructor(
    private readonly memberService: MemberService,
    private readonly query: MemberQueryService,
    private readonly personal: PersonalDataService,
    private readonly regions: RegionService,
  ) {}

  @Query(() => MemberDto, { nullable: true, description: 'One member (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.MemberRead)
  member(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Info() info: GraphQLResolveInfo): Promise<MemberDto> {
    return this.query.visible(caller, id, selectionAt(info));
  }

  @Query(() => MemberConnection, { nullable: true, description: 'Members in your scope: search, filters and sorts, keyset-paginated.' })
  @RequirePermission(Permission.MemberRead)
  members(@CurrentUser() caller: Caller, @Args() args: MembersArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<MemberDto>> {
    return this.query.list(caller, args, selectionAt(info, 'edges', 'node'));
  }

  @Mutation(() => MemberDto, { description: 'Register a member, with memberships, enterprises and political roles, in one step.' })
  @RequirePermission(Permission.MemberManage)
  async createMember(@CurrentUser() caller: Caller, @Args('input') input: CreateMemberInput): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.create(caller, input));
  }

  @Mutation(() => MemberDto, { description: 'Edit a member. Carries the version read; a stale one answers CONFLICT.' })
  @RequirePermission(Permission.MemberManage)
  async updateMember(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateMemberInput,
  ): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.update(caller, id, input));
  }

  @Mutation(() => MemberDto, { description: 'The member joins a chamber, optionally taking a position in its running term.' })
  @RequirePermission(Permission.MemberManage)
  async joinChamber(
    @CurrentUser() caller: Caller,
    @Args('memberId', { type: () => ID }, ParseIdPipe) memberId: string,
    @Args('input') input: JoinChamberInput,
  ): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.joinChamber(caller, memberId, input));
  }

  @Mutation(() => MemberDto, { description: 'Correct the dates of a membership, or end it (leftOn). Carries the member\'s version.' })
  @RequirePermission(Permission.MemberManage)
  async updateChamberMembership(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateChamberMembershipInput,
  ): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.updateMembership(caller, id, input));
  }

  @Mutation(() => MemberDto, { description: 'Give the member roles in an enterprise (an existing one, or a new one created on the way).' })
  @RequirePermission(Permission.MemberManage)
  async linkEnterprise(
    @CurrentUser() caller: Caller,
    @Args('memberId', { type: () => ID }, ParseIdPipe) memberId: string,
    @Args('input') input: LinkEnterpriseInput,
  ): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.linkEnterprise(caller, memberId, input));
  }

  @Mutation(() => MemberDto, { description: 'Remove the member\'s roles in an enterprise (the enterprise stays).' })
  @RequirePermission(Permission.MemberManage)
  async unlinkEnterprise(
    @CurrentUser() caller: Caller,
    @Args('memberId', { type: () => ID }, ParseIdPipe) memberId: string,
    @Args('input') input: UnlinkEnterpriseInput,
  ): Promise<MemberDto> {
    return MemberDto.from(await this.memberService.unlinkEnterprise(caller, memberId, input));
  }

  @ResolveField(() => String, { nullable: true, description: 'Resident ID number; masked (330***********1234) without the personal-data permission. Reading it in clear is audited.' })
  @RequirePermission(Permission.MemberRead)
  idNumber(@CurrentUser() caller: Caller, @Parent() member: MemberDto, @GqlRequest() req: object): Promise<string | null> {
    return this.personal.idNumber(req, caller, member);
  }

  @ResolveField(() => [String], { description: 'Phones, the main one first; masked (138****1234) without the personal-data permission. Reading them in clear is audited.' })
  @RequirePermission(Permission.MemberRead)
  phones(@CurrentUser() caller: Caller, @Parent() member: MemberDto, @GqlRequest() req: object): Promise<string[]> {
    return this.personal.phones(req, caller, member);
  }

  @ResolveField(() => String, { nullable: true, description: 'YYYY-MM-DD; null without the personal-data permission (birthYear is always there). Reading it is audited.' })
  @RequirePermission(Permission.MemberRead)
  birthDate(@CurrentUser() caller: Caller, @Parent() member: MemberDto, @GqlRequest() req: object): Promise<string | null> {
    return this.personal.birthDate(req, caller, member);
  }

  @ResolveField(() => Boolean, { description: 'Whether idNumber, phones and birthDate reach you masked.' })
  @RequirePermission(Permission.MemberRead)
  personalDataMasked(@CurrentUser() caller: Caller): boolean {
    return this.personal.masked(caller);
  }

  @ResolveField(() => RegionDto, { nullable: true, description: '籍贯.' })
  @RequirePermission(Permission.MemberRead)
  hometown(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<RegionDto | null> {
    return this.region(req, member.hometownCode);
  }

  @ResolveField(() => RegionDto, { nullable: true })
  @RequirePermission(Permission.MemberRead)
  currentRegion(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<RegionDto | null> {
    return this.region(req, member.currentRegionCode);
  }

  @ResolveField(() => [ChamberMembershipDto], { description: 'Chamber memberships, current ones first.' })
  @RequirePermission(Permission.MemberRead)
  async memberships(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<ChamberMembershipDto[]> {
    return (await this.query.loadMemberships(req, member.id)).map(ChamberMembershipDto.from);
  }

  @ResolveField(() => [ChamberPositionDto], { description: 'Chamber positions held, running terms first.' })
  @RequirePermission(Permission.MemberRead)
  async positions(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<ChamberPositionDto[]> {
    return (await this.query.loadPositions(req, member.id)).map(ChamberPositionDto.from);
  }

  @ResolveField(() => [MemberEnterpriseDto], { description: 'Enterprises and the member\'s roles in them.' })
  @RequirePermission(Permission.MemberRead)
  async enterprises(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<MemberEnterpriseDto[]> {
    return (await this.query.loadEnterpriseLinks(req, member.id)).map((l) => ({ memberId: l.memberId, enterpriseId: l.enterpriseId, roles: l.roles }));
  }

  @ResolveField(() => [PoliticalRoleDto], { description: '人大代表 / 政协委员 roles, latest first.' })
  @RequirePermission(Permission.MemberRead)
  async politicalRoles(@Parent() member: MemberDto, @GqlRequest() req: object): Promise<PoliticalRoleDto[]> {
    return (await this.query.loadPoliticalRoles(req, member.id)).map(PoliticalRoleDto.from);
  }

  private async region(req: object, code: string | null): Promise<RegionDto | null> {
    if (!code) return null;
    const region = await this.regions.load(req, code);
    return region ? RegionDto.from(region) : null;
  }
}
