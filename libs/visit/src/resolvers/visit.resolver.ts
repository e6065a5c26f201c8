import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { EnterpriseDto, EnterpriseService, MemberDto, MemberQueryService } from '@crm/member';
import { OfficialDto, OfficialService } from '@crm/official';
import { ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { VisitConnection, VisitsArgs } from '../dtos/args/visit.args';
import { FeedbackDto } from '../dtos/feedback.dto';
import { CreateVisitInput, UpdateVisitInput } from '../dtos/inputs/visit.inputs';
import { VisitDto, VisitOfficialDto } from '../dtos/visit.dto';
import { FeedbackService } from '../services/feedback.service';
import { VisitService } from '../services/visit.service';

const present = <T>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null);

@Resolver(() => VisitDto)
export class VisitResolver {
  constructor(
    private readonly visitsService: VisitService,
    private readonly feedback: FeedbackService,
    private readonly officialsService: OfficialService,
    private readonly chambersService: ChamberService,
    private readonly membersService: MemberQueryService,
    private readonly enterprisesService: EnterpriseService,
    private readonly access: AccessService,
  ) {}

  @Query(() => VisitDto, { nullable: true, description: 'One visit (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.VisitRead)
  async visit(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<VisitDto> {
    return VisitDto.from(await this.visitsService.visible(caller, id));
  }

  @Query(() => VisitConnection, { nullable: true, description: 'Visits in your scope, newest first; filters by kind, period, official, chamber, member.' })
  @RequirePermission(Permission.VisitRead)
  visits(@CurrentUser() caller: Caller, @Args() args: VisitsArgs): Promise<ConnectionResult<VisitDto>> {
    return this.visitsService.list(caller, args);
  }

  @Mutation(() => VisitDto, { description: 'Record a visit: exactly one official leads; with assignmentId it completes a campaign assignment.' })
  @RequirePermission(Permission.VisitManage)
  async createVisit(@CurrentUser() caller: Caller, @Args('input') input: CreateVisitInput): Promise<VisitDto> {
    return VisitDto.from(await this.visitsService.create(caller, input));
  }

  @Mutation(() => VisitDto, { description: 'Edit a visit; lists given replace the old ones. Carries the version read; a stale one answers CONFLICT.' })
  @RequirePermission(Permission.VisitManage)
  async updateVisit(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateVisitInput): Promise<VisitDto> {
    return VisitDto.from(await this.visitsService.update(caller, id, input));
  }

  @ResolveField(() => [VisitOfficialDto], { description: 'The officials who went, the leader first.' })
  @RequirePermission(Permission.VisitRead)
  officials(@Parent() visit: VisitDto, @GqlRequest() req: object): Promise<VisitOfficialDto[]> {
    return this.visitsService.officialsOf(req, visit.id);
  }

  @ResolveField(() => OfficialDto, { nullable: true, description: 'The official who led the visit.' })
  @RequirePermission(Permission.VisitRead)
  async leader(@Parent() visit: VisitDto, @GqlRequest() req: object): Promise<OfficialDto | null> {
    const lead = (await this.visitsService.officialsOf(req, visit.id)).find((o) => o.leads);
    const official = lead ? await this.officialsService.load(req, lead.officialId) : null;
    return official ? OfficialDto.from(official) : null;
  }

  @ResolveField(() => [ChamberDto], { description: 'Chambers met (those you may read).' })
  @RequirePermission(Permission.VisitRead)
  async chambers(@CurrentUser() caller: Caller, @Parent() visit: VisitDto, @GqlRequest() req: object): Promise<ChamberDto[]> {
    const ids = await this.visitsService.linkedIds(req, 'visit_chamber', visit.id);
    const rows = await Promise.all(ids.map((id) => this.chambersService.load(req, id)));
    return present(rows).filter((c) => this.access.admits('Chamber', 'read', caller, c)).map(ChamberDto.from);
  }

  @ResolveField(() => [MemberDto], { description: 'Members met (those in your scope).' })
  @RequirePermission(Permission.VisitRead)
  async members(@CurrentUser() caller: Caller, @Parent() visit: VisitDto, @GqlRequest() req: object): Promise<MemberDto[]> {
    const ids = await this.visitsService.linkedIds(req, 'visit_member', visit.id);
    return present(await Promise.all(ids.map((id) => this.membersService.loadVisible(req, caller, id)))).map(MemberDto.from);
  }

  @ResolveField(() => [EnterpriseDto], { description: 'Enterprises visited.' })
  @RequirePermission(Permission.VisitRead)
  async enterprises(@Parent() visit: VisitDto, @GqlRequest() req: object): Promise<EnterpriseDto[]> {
    const ids = await this.visitsService.linkedIds(req, 'visit_enterprise', visit.id);
    return present(await Promise.all(ids.map((id) => this.enterprisesService.load(req, id)))).map(EnterpriseDto.from);
  }

  @ResolveField(() => [FeedbackDto], { description: 'Opinions raised in the visit (those you may read).' })
  @RequirePermission(Permission.FeedbackRead)
  async opinions(@CurrentUser() caller: Caller, @Parent() visit: VisitDto, @GqlRequest() req: object): Promise<FeedbackDto[]> {
    return (await this.feedback.ofVisit(req, caller, visit.id)).map(FeedbackDto.from);
  }
}

@Resolver(() => VisitOfficialDto)
export class VisitOfficialResolver {
  constructor(private readonly officialsService: OfficialService) {}

  @ResolveField(() => OfficialDto)
  @RequirePermission(Permission.VisitRead)
  async official(@Parent() link: VisitOfficialDto, @GqlRequest() req: object): Promise<OfficialDto> {
    const official = await this.officialsService.load(req, link.officialId);
    if (!official) throw new Error(`Official ${link.officialId} is missing`);
    return OfficialDto.from(official);
  }
}
