import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { MemberDto, MemberQueryService } from '@crm/member';
import { OfficialDto, OfficialService } from '@crm/official';
import { Connection, ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { CampaignAssignmentsArgs } from '../dtos/args/visit.args';
import { CampaignAssignmentDto, CampaignDto, CampaignGroupDto, CampaignProgressDto } from '../dtos/campaign.dto';
import { AddCampaignAssignmentsInput, AddCampaignGroupInput, CreateCampaignInput } from '../dtos/inputs/campaign.inputs';
import { CampaignService } from '../services/campaign.service';

export const CampaignAssignmentConnection = Connection(CampaignAssignmentDto, 'CampaignAssignment');

@Resolver(() => CampaignDto)
export class CampaignResolver {
  constructor(private readonly campaignsService: CampaignService) {}

  @Query(() => [CampaignDto], { nullable: true, description: 'Campaigns in your scope, latest first (at most 200).' })
  @RequirePermission(Permission.VisitRead)
  campaigns(@CurrentUser() caller: Caller): Promise<CampaignDto[]> {
    return this.campaignsService.list(caller);
  }

  @Query(() => CampaignDto, { nullable: true })
  @RequirePermission(Permission.VisitRead)
  async campaign(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaignsService.visible(caller, id));
  }

  @Query(() => CampaignProgressDto, { nullable: true, description: 'Visited / assigned per group and overall.' })
  @RequirePermission(Permission.VisitRead)
  campaignProgress(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<CampaignProgressDto> {
    return this.campaignsService.progress(caller, id);
  }

  @Query(() => CampaignAssignmentConnection, { nullable: true, description: 'Whom a campaign (or one group) is to visit; reached: false lists who was not reached.' })
  @RequirePermission(Permission.VisitRead)
  campaignAssignments(@CurrentUser() caller: Caller, @Args() args: CampaignAssignmentsArgs): Promise<ConnectionResult<CampaignAssignmentDto>> {
    return this.campaignsService.assignments(caller, args.campaignId, args);
  }

  @Mutation(() => CampaignDto, { description: 'Create a campaign (the office only).' })
  @RequirePermission(Permission.CampaignManage)
  async createCampaign(@CurrentUser() caller: Caller, @Args('input') input: CreateCampaignInput): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaignsService.create(caller, input));
  }

  @Mutation(() => ID, { description: 'Add a group led by one or more officials; answers the group\'s id.' })
  @RequirePermission(Permission.CampaignManage)
  async addCampaignGroup(
    @CurrentUser() caller: Caller,
    @Args('campaignId', { type: () => ID }, ParseIdPipe) campaignId: string,
    @Args('input') input: AddCampaignGroupInput,
  ): Promise<string> {
    return (await this.campaignsService.addGroup(caller, campaignId, input)).id;
  }

  @Mutation(() => Int, { description: 'Add people or chambers to visit, all or none; each is listed once per campaign. Answers how many were added.' })
  @RequirePermission(Permission.CampaignManage)
  addCampaignAssignments(
    @CurrentUser() caller: Caller,
    @Args('campaignId', { type: () => ID }, ParseIdPipe) campaignId: string,
    @Args('input') input: AddCampaignAssignmentsInput,
  ): Promise<number> {
    return this.campaignsService.addAssignments(caller, campaignId, input);
  }
}

@Resolver(() => CampaignGroupDto)
export class CampaignGroupResolver {
  constructor(private readonly officials: OfficialService) {}

  @ResolveField(() => [OfficialDto], { description: 'The officials who lead the group.' })
  @RequirePermission(Permission.VisitRead)
  async leaders(@Parent() group: CampaignGroupDto, @GqlRequest() req: object): Promise<OfficialDto[]> {
    const rows = await Promise.all(group.leaderIds.map((id) => this.officials.load(req, id)));
    return rows.flatMap((o) => (o ? [OfficialDto.from(o)] : []));
  }
}

@Resolver(() => CampaignAssignmentDto)
export class CampaignAssignmentResolver {
  constructor(
    private readonly members: MemberQueryService,
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => MemberDto, { nullable: true, description: 'The member to visit; null when none or outside your scope.' })
  @RequirePermission(Permission.VisitRead)
  async member(@CurrentUser() caller: Caller, @Parent() a: CampaignAssignmentDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    if (!a.memberId) return null;
    const member = await this.members.loadVisible(req, caller, a.memberId);
    return member ? MemberDto.from(member) : null;
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The chamber to visit; null when none or outside your scope.' })
  @RequirePermission(Permission.VisitRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() a: CampaignAssignmentDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    if (!a.chamberId) return null;
    const chamber = await this.chambers.load(req, a.chamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }
}
