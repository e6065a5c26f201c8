import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberRollupDto } from '@crm/chamber';
import { MemberDto } from '@crm/member';
import { GqlRequest, ParseIdPipe } from '@crm/shared';
import { ReportArgs } from '../dtos/args/projects.args';
import { AssignOfficialInput, CorrectFundingInput, EndOfficialInput, RecordFundingInput } from '../dtos/inputs/project.inputs';
import { AddNoteInput, ComplaintStepInput, RaiseIssueInput, RecordComplaintInput, ResolveIssueInput, SetStallThresholdInput, SetTargetInput } from '../dtos/inputs/progress.inputs';
import {
  FundingRecordDto,
  InvestmentProjectDto,
  InvestmentTargetDto,
  ProjectCountsDto,
  ProjectIssueDto,
  ProjectNoteDto,
  ProjectOfficialDto,
  ServiceComplaintDto,
  StallThresholdDto,
} from '../dtos/investment-project.dto';
import { InvestmentReportDto } from '../dtos/investment-report.dto';
import { InvestmentReadService } from '../services/investment-read.service';
import { InvestmentRecordsService } from '../services/investment-records.service';
import { InvestmentReportService } from '../services/investment-report.service';
import { InvestmentStallService } from '../services/investment-stall.service';
import { InvestmentTargetService } from '../services/investment-target.service';

/** Funds in place, officials, notes, problems and complaints on a project. */
@Resolver()
export class InvestmentRecordsResolver {
  constructor(private readonly records: InvestmentRecordsService) {}

  @Mutation(() => FundingRecordDto, { description: 'Record funds in place (到位资金): an amount above zero, on or after the signing date. Audited.' })
  @RequirePermission(Permission.ProjectManage)
  async recordFunding(@CurrentUser() caller: Caller, @Args('input') input: RecordFundingInput): Promise<FundingRecordDto> {
    return FundingRecordDto.from(await this.records.recordFunding(caller, input));
  }

  @Mutation(() => FundingRecordDto, { description: 'Correct funds in place: a new record with the difference, referring to the corrected one (records are never edited). Audited.' })
  @RequirePermission(Permission.ProjectManage)
  async correctFunding(@CurrentUser() caller: Caller, @Args('input') input: CorrectFundingInput): Promise<FundingRecordDto> {
    return FundingRecordDto.from(await this.records.correctFunding(caller, input));
  }

  @Mutation(() => ProjectOfficialDto, { description: 'Assign a liaison leader or the service officer (one current service officer per project).' })
  @RequirePermission(Permission.ProjectManage)
  async assignProjectOfficial(@CurrentUser() caller: Caller, @Args('input') input: AssignOfficialInput): Promise<ProjectOfficialDto> {
    return ProjectOfficialDto.from(await this.records.assignOfficial(caller, input));
  }

  @Mutation(() => ProjectOfficialDto, { description: 'End an assignment on its last day.' })
  @RequirePermission(Permission.ProjectManage)
  async endProjectOfficial(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: EndOfficialInput): Promise<ProjectOfficialDto> {
    return ProjectOfficialDto.from(await this.records.endOfficial(caller, id, input));
  }

  @Mutation(() => ProjectNoteDto, { description: 'Post a progress note (a project official: on the projects assigned to them).' })
  @RequirePermission(Permission.ProjectProgress)
  async addProjectNote(@CurrentUser() caller: Caller, @Args('input') input: AddNoteInput): Promise<ProjectNoteDto> {
    return ProjectNoteDto.from(await this.records.addNote(caller, input));
  }

  @Mutation(() => ProjectIssueDto, { description: 'Raise a problem on a project, assigned to the unit responsible.' })
  @RequirePermission(Permission.ProjectProgress)
  async raiseProjectIssue(@CurrentUser() caller: Caller, @Args('input') input: RaiseIssueInput): Promise<ProjectIssueDto> {
    return ProjectIssueDto.from(await this.records.raiseIssue(caller, input));
  }

  @Mutation(() => ProjectIssueDto, { description: 'Mark a problem resolved, with the date and how.' })
  @RequirePermission(Permission.ProjectManage)
  async resolveProjectIssue(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ResolveIssueInput): Promise<ProjectIssueDto> {
    return ProjectIssueDto.from(await this.records.resolveIssue(caller, id, input));
  }

  @Mutation(() => ServiceComplaintDto, { description: 'Record a service complaint (效能投诉) about a project.' })
  @RequirePermission(Permission.ProjectManage)
  async recordServiceComplaint(@CurrentUser() caller: Caller, @Args('input') input: RecordComplaintInput): Promise<ServiceComplaintDto> {
    return ServiceComplaintDto.from(await this.records.recordComplaint(caller, input));
  }

  @Mutation(() => ServiceComplaintDto, { description: 'Assign a complaint to a unit (input.unit).' })
  @RequirePermission(Permission.ProjectManage)
  async assignServiceComplaint(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ComplaintStepInput): Promise<ServiceComplaintDto> {
    return ServiceComplaintDto.from(await this.records.complaintStep(caller, id, 'assign', input));
  }

  @Mutation(() => ServiceComplaintDto, { description: 'Record how an assigned complaint was handled (input.text, input.on).' })
  @RequirePermission(Permission.ProjectManage)
  async handleServiceComplaint(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ComplaintStepInput): Promise<ServiceComplaintDto> {
    return ServiceComplaintDto.from(await this.records.complaintStep(caller, id, 'handle', input));
  }

  @Mutation(() => ServiceComplaintDto, { description: 'Close a handled complaint with its result (input.text, input.on).' })
  @RequirePermission(Permission.ProjectManage)
  async closeServiceComplaint(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ComplaintStepInput): Promise<ServiceComplaintDto> {
    return ServiceComplaintDto.from(await this.records.complaintStep(caller, id, 'close', input));
  }
}

/** Reports, targets and the stall thresholds. */
@Resolver()
export class InvestmentReportResolver {
  constructor(
    private readonly reports: InvestmentReportService,
    private readonly targets: InvestmentTargetService,
    private readonly stall: InvestmentStallService,
  ) {}

  @Query(() => InvestmentReportDto, { nullable: true, description: 'Funds in place, share of target, growth on the same period last year, new projects: in total and by county, chamber, industry, stage and key level (within your scope).' })
  @RequirePermission(Permission.ProjectReport)
  investmentReport(@CurrentUser() caller: Caller, @Args() args: ReportArgs): Promise<InvestmentReportDto> {
    return this.reports.report(caller, args);
  }

  @Query(() => [InvestmentTargetDto], { nullable: true, description: 'The targets of a year.' })
  @RequirePermission(Permission.ProjectRead)
  async investmentTargets(@Args('year', { type: () => Int }) year: number): Promise<InvestmentTargetDto[]> {
    return (await this.targets.list(year)).map(InvestmentTargetDto.from);
  }

  @Mutation(() => InvestmentTargetDto, { description: 'Set the annual target of the city, a county or a chamber (once per unit and year: CONFLICT otherwise).' })
  @RequirePermission(Permission.InvestmentTargetManage)
  async setInvestmentTarget(@CurrentUser() caller: Caller, @Args('input') input: SetTargetInput): Promise<InvestmentTargetDto> {
    return InvestmentTargetDto.from(await this.targets.set(caller, input));
  }

  @Query(() => [StallThresholdDto], { nullable: true, description: 'Days without progress allowed per stage before a project is flagged stalled-risk.' })
  @RequirePermission(Permission.ProjectRead)
  investmentStallThresholds(): Promise<StallThresholdDto[]> {
    return this.targets.thresholds();
  }

  @Mutation(() => [StallThresholdDto], { description: 'Change the days allowed at a stage (LEAD, SIGNED, STARTED, IN_PRODUCTION).' })
  @RequirePermission(Permission.InvestmentTargetManage)
  setInvestmentStallThreshold(@Args('input') input: SetStallThresholdInput): Promise<StallThresholdDto[]> {
    return this.targets.setThreshold(input);
  }

  @Mutation(() => Int, { description: 'Run the stall check now (it also runs daily on the job queue); answers how many projects are flagged.' })
  @RequirePermission(Permission.InvestmentTargetManage)
  async runInvestmentStallCheck(): Promise<number> {
    return (await this.stall.run()).flagged;
  }
}

/** The chamber roll-up shows the projects its subtree introduced (the core does not know this module). */
@Resolver(() => ChamberRollupDto)
export class ChamberRollupProjectsResolver {
  constructor(private readonly reads: InvestmentReadService) {}

  @ResolveField(() => ProjectCountsDto, { description: 'Returning-investment projects introduced by the chamber and the chambers below it (those in your scope), with their funds in place.' })
  @RequirePermission(Permission.ProjectRead)
  projects(@CurrentUser() caller: Caller, @Parent() rollup: ChamberRollupDto, @GqlRequest() req: object): Promise<ProjectCountsDto> {
    return this.reads.chamberRollup(req, caller, rollup.chamberId);
  }
}

/** A member's record shows the projects they invest in. */
@Resolver(() => MemberDto)
export class MemberProjectsResolver {
  constructor(private readonly reads: InvestmentReadService) {}

  @ResolveField(() => [InvestmentProjectDto], { description: 'Returning-investment projects this member invests in (those in your scope).' })
  @RequirePermission(Permission.ProjectRead)
  projects(@CurrentUser() caller: Caller, @Parent() member: MemberDto, @GqlRequest() req: object): Promise<InvestmentProjectDto[]> {
    return this.reads.projectsOfMember(req, caller, member.id);
  }
}
