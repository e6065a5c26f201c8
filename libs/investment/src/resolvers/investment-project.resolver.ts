import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { EnterpriseDto, EnterpriseService, MemberDto } from '@crm/member';
import { OfficialDto, OfficialService } from '@crm/official';
import { ConnectionResult, DecimalScalar, GqlRequest, ParseIdPipe } from '@crm/shared';
import { FundsPeriodArgs, InvestmentProjectConnection, ProjectsArgs } from '../dtos/args/projects.args';
import { CreateProjectInput, MoveStageInput, UpdateProjectInput } from '../dtos/inputs/project.inputs';
import {
  FundingRecordDto,
  InvestmentProjectDto,
  ProjectIssueDto,
  ProjectNoteDto,
  ProjectOfficialDto,
  ProjectStageEventDto,
  ServiceComplaintDto,
} from '../dtos/investment-project.dto';
import { InvestmentProjectService } from '../services/investment-project.service';
import { InvestmentReadService } from '../services/investment-read.service';

const present = <T>(values: (T | null)[]): T[] => values.filter((v): v is T => v !== null);

@Resolver(() => InvestmentProjectDto)
export class InvestmentProjectResolver {
  constructor(
    private readonly projects: InvestmentProjectService,
    private readonly reads: InvestmentReadService,
    private readonly chambers: ChamberService,
    private readonly enterpriseService: EnterpriseService,
    private readonly access: AccessService,
  ) {}

  @Query(() => InvestmentProjectDto, { nullable: true, description: 'One project (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.ProjectRead)
  async investmentProject(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<InvestmentProjectDto> {
    return InvestmentProjectDto.from(await this.projects.visible(caller, id));
  }

  @Query(() => InvestmentProjectConnection, { nullable: true, description: 'Projects in your scope, newest first; filters by county, chamber, stage, industry, key level, stalled-risk.' })
  @RequirePermission(Permission.ProjectRead)
  investmentProjects(@CurrentUser() caller: Caller, @Args() args: ProjectsArgs): Promise<ConnectionResult<InvestmentProjectDto>> {
    return this.projects.list(caller, args);
  }

  @Mutation(() => InvestmentProjectDto, { description: 'Register a project at the LEAD stage (洽谈), landing in a county of the home city.' })
  @RequirePermission(Permission.ProjectManage)
  async createInvestmentProject(@CurrentUser() caller: Caller, @Args('input') input: CreateProjectInput): Promise<InvestmentProjectDto> {
    return InvestmentProjectDto.from(await this.projects.create(caller, input));
  }

  @Mutation(() => InvestmentProjectDto, { description: 'Edit a project; lists given replace the old ones. Carries the version read; a stale one answers CONFLICT.' })
  @RequirePermission(Permission.ProjectManage)
  async updateInvestmentProject(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateProjectInput): Promise<InvestmentProjectDto> {
    return InvestmentProjectDto.from(await this.projects.update(caller, id, input));
  }

  @Mutation(() => InvestmentProjectDto, { description: 'Move a project to another stage (see MoveProjectStageInput); kept in stageHistory.' })
  @RequirePermission(Permission.ProjectManage)
  async moveInvestmentProjectStage(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: MoveStageInput): Promise<InvestmentProjectDto> {
    return InvestmentProjectDto.from(await this.projects.moveStage(caller, id, input));
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The introducing chamber (null when none, or outside your scope).' })
  @RequirePermission(Permission.ProjectRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    if (!p.chamberId) return null;
    const chamber = await this.chambers.load(req, p.chamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }

  @ResolveField(() => [MemberDto], { description: 'Investor members (those in your member scope).' })
  @RequirePermission(Permission.ProjectRead)
  async investors(@CurrentUser() caller: Caller, @Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<MemberDto[]> {
    return (await this.reads.investors(req, caller, p.id)).map(MemberDto.from);
  }

  @ResolveField(() => [EnterpriseDto], { description: 'The investing enterprises.' })
  @RequirePermission(Permission.ProjectRead)
  async enterprises(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<EnterpriseDto[]> {
    const ids = await this.reads.enterpriseIds(req, p.id);
    return present(await Promise.all(ids.map((id) => this.enterpriseService.load(req, id)))).map(EnterpriseDto.from);
  }

  @ResolveField(() => [ProjectOfficialDto], { description: 'Liaison leaders (联系领导) and service officers (服务员); with current: false, past assignments too.' })
  @RequirePermission(Permission.ProjectRead)
  async officials(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object, @Args('current', { type: () => Boolean, defaultValue: true }) current: boolean): Promise<ProjectOfficialDto[]> {
    return (await this.reads.officials(req, p.id, current)).map(ProjectOfficialDto.from);
  }

  @ResolveField(() => DecimalScalar, { description: 'Funds in place (net of corrections) received in [from, to], yuan; all to date without a period.' })
  @RequirePermission(Permission.ProjectRead)
  fundsInPlace(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object, @Args() period: FundsPeriodArgs): Promise<string> {
    return this.reads.funds(req, p.id, period.from, period.to);
  }

  @ResolveField(() => [ProjectStageEventDto], { description: 'Every stage move with its date (and reason), oldest first.' })
  @RequirePermission(Permission.ProjectRead)
  async stageHistory(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<ProjectStageEventDto[]> {
    return (await this.reads.stageHistory(req, p.id)).map(ProjectStageEventDto.from);
  }

  @ResolveField(() => [FundingRecordDto], { description: 'Funds in place, corrections included, by date.' })
  @RequirePermission(Permission.ProjectRead)
  async fundingRecords(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<FundingRecordDto[]> {
    return (await this.reads.fundingRecords(req, p.id)).map(FundingRecordDto.from);
  }

  @ResolveField(() => [ProjectNoteDto], { description: 'Progress notes, newest first.' })
  @RequirePermission(Permission.ProjectRead)
  async notes(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<ProjectNoteDto[]> {
    return (await this.reads.notes(req, p.id)).map(ProjectNoteDto.from);
  }

  @ResolveField(() => [ProjectIssueDto], { description: 'Problems raised, oldest first.' })
  @RequirePermission(Permission.ProjectRead)
  async issues(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<ProjectIssueDto[]> {
    return (await this.reads.issues(req, p.id)).map(ProjectIssueDto.from);
  }

  @ResolveField(() => [ServiceComplaintDto], { description: 'Service complaints (效能投诉), oldest first.' })
  @RequirePermission(Permission.ProjectRead)
  async complaints(@Parent() p: InvestmentProjectDto, @GqlRequest() req: object): Promise<ServiceComplaintDto[]> {
    return (await this.reads.complaints(req, p.id)).map(ServiceComplaintDto.from);
  }
}

@Resolver(() => ProjectOfficialDto)
export class ProjectOfficialResolver {
  constructor(private readonly officials: OfficialService) {}

  @ResolveField(() => OfficialDto)
  @RequirePermission(Permission.ProjectRead)
  async official(@Parent() link: ProjectOfficialDto, @GqlRequest() req: object): Promise<OfficialDto> {
    const official = link.joinedOfficial ?? (await this.officials.load(req, link.officialId));
    if (!official) throw new Error(`Official ${link.officialId} is missing`);
    return OfficialDto.from(official);
  }
}
