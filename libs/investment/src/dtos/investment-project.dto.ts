import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar, inUnit } from '@crm/shared';
import type { OfficialEntity } from '@crm/official';
import { InvestmentProjectEntity } from '../entities/investment-project.entity';
import {
  FundingRecordEntity,
  InvestmentTargetEntity,
  ProjectIssueEntity,
  ProjectNoteEntity,
  ProjectOfficialEntity,
  ProjectStageEventEntity,
  ServiceComplaintEntity,
} from '../entities/investment-records.entity';
import { ComplaintStatus, ComplaintStatusGql, FundingSource, FundingSourceGql, InvestmentStage, InvestmentStageGql, KeyLevel, KeyLevelGql, ProjectIssueCategory, ProjectIssueCategoryGql, ProjectIssueStatus, ProjectIssueStatusGql, ProjectOfficialRole, ProjectOfficialRoleGql, TargetUnitKind, TargetUnitKindGql } from '../entities/investment.enums';

@ObjectType('InvestmentProject', { description: 'A returning-investment project (温商回归项目). Money in yuan as exact Decimal strings.' })
export class InvestmentProjectDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The county of the home city where the project lands (GB/T 2260).' })
  destinationCountyCode!: string;

  @Field(() => ID, { nullable: true, description: 'The introducing chamber.' })
  chamberId!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 4754-2017 section letter or two-digit division.' })
  industryCode!: string | null;

  @Field(() => KeyLevelGql, { nullable: true, description: 'Null: not a key project.' })
  keyLevel!: KeyLevel | null;

  @Field({ description: 'An expansion of an existing business (增资扩产) rather than a new one.' })
  isExpansion!: boolean;

  @Field(() => DecimalScalar, { description: 'Total investment (总投资), yuan.' })
  totalInvestment!: string;

  @Field({ description: 'Total investment in 万元, rounded half up to 2 decimals.' })
  totalInvestmentWan!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Contracted investment (合同投资), yuan.' })
  contractedInvestment!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Land in 亩.' })
  landMu!: string | null;

  @Field(() => Int, { nullable: true })
  expectedJobs!: number | null;

  @Field(() => InvestmentStageGql)
  stage!: InvestmentStage;

  @Field(() => String, { nullable: true, description: 'Why the project stalled or was cancelled.' })
  stageReason!: string | null;

  @Field()
  leadOn!: string;

  @Field(() => String, { nullable: true })
  signedOn!: string | null;

  @Field(() => String, { nullable: true })
  startedOn!: string | null;

  @Field(() => String, { nullable: true })
  productionOn!: string | null;

  @Field(() => String, { nullable: true })
  stalledOn!: string | null;

  @Field(() => String, { nullable: true })
  cancelledOn!: string | null;

  @Field({ description: 'No progress (stage move, funds in place, note) for longer than the stage allows (效能监测); set by the daily stall check.' })
  stallRisk!: boolean;

  @Field(() => String, { nullable: true })
  stallRiskSince!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, p: InvestmentProjectEntity): InvestmentProjectDto {
    return {
      id: p.id,
      name: p.name,
      destinationCountyCode: p.destinationCountyCode,
      chamberId: p.chamberId,
      industryCode: p.industryCode,
      keyLevel: p.keyLevel,
      isExpansion: p.isExpansion,
      totalInvestment: p.totalInvestment,
      totalInvestmentWan: inUnit(p.totalInvestment, 'WAN'),
      contractedInvestment: p.contractedInvestment,
      landMu: p.landMu,
      expectedJobs: p.expectedJobs,
      stage: p.stage,
      stageReason: p.stageReason,
      leadOn: p.leadOn,
      signedOn: p.signedOn,
      startedOn: p.startedOn,
      productionOn: p.productionOn,
      stalledOn: p.stalledOn,
      cancelledOn: p.cancelledOn,
      stallRisk: p.stallRisk,
      stallRiskSince: p.stallRiskSince,
      version: p.version,
    };
  }
}

@ObjectType('ProjectStageEvent')
export class ProjectStageEventDto {
  @Field(() => InvestmentStageGql, { nullable: true })
  fromStage!: InvestmentStage | null;

  @Field(() => InvestmentStageGql)
  toStage!: InvestmentStage;

  @Field()
  onDate!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  static from(this: void, e: ProjectStageEventEntity): ProjectStageEventDto {
    return { fromStage: e.fromStage, toStage: e.toStage, onDate: e.onDate, reason: e.reason };
  }
}

@ObjectType('FundingRecord', { description: 'Funds in place (到位资金). Append-only: a correction is a new record (correctsId) with the difference.' })
export class FundingRecordDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field()
  receivedOn!: string;

  @Field(() => DecimalScalar, { description: 'Yuan; negative only on a correction.' })
  amount!: string;

  @Field(() => FundingSourceGql)
  source!: FundingSource;

  @Field()
  note!: string;

  @Field(() => ID, { nullable: true, description: 'The record this one corrects.' })
  correctsId!: string | null;

  static from(this: void, f: FundingRecordEntity): FundingRecordDto {
    return { id: f.id, projectId: f.projectId, receivedOn: f.receivedOn, amount: f.amount, source: f.source, note: f.note, correctsId: f.correctsId };
  }
}

@ObjectType('ProjectOfficial', { description: 'An official assigned to a project for a period (validTo null: current).' })
export class ProjectOfficialDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  officialId!: string;

  @Field(() => ProjectOfficialRoleGql)
  role!: ProjectOfficialRole;

  @Field()
  validFrom!: string;

  @Field(() => String, { nullable: true })
  validTo!: string | null;

  /** The official when the read brought it along (no GraphQL field: `official` resolves from it). */
  joinedOfficial?: OfficialEntity;

  static from(this: void, o: ProjectOfficialEntity): ProjectOfficialDto {
    return { id: o.id, officialId: o.officialId, role: o.role, validFrom: o.validFrom, validTo: o.validTo, joinedOfficial: o.official };
  }
}

@ObjectType('ProjectNote', { description: 'A progress note (进展).' })
export class ProjectNoteDto {
  @Field(() => ID)
  id!: string;

  @Field()
  writtenOn!: string;

  @Field()
  text!: string;

  @Field(() => ID, { nullable: true, description: 'The official who posted it, when an official did.' })
  officialId!: string | null;

  static from(this: void, n: ProjectNoteEntity): ProjectNoteDto {
    return { id: n.id, writtenOn: n.writtenOn, text: n.text, officialId: n.officialId };
  }
}

@ObjectType('ProjectIssue', { description: 'A problem raised on a project (项目问题), assigned to a unit and tracked to resolution.' })
export class ProjectIssueDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ProjectIssueCategoryGql)
  category!: ProjectIssueCategory;

  @Field()
  description!: string;

  @Field({ description: 'The unit responsible (责任单位).' })
  unit!: string;

  @Field()
  raisedOn!: string;

  @Field(() => ProjectIssueStatusGql)
  status!: ProjectIssueStatus;

  @Field(() => String, { nullable: true })
  resolvedOn!: string | null;

  @Field(() => String, { nullable: true })
  resolution!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, i: ProjectIssueEntity): ProjectIssueDto {
    return {
      id: i.id,
      projectId: i.projectId,
      category: i.category,
      description: i.description,
      unit: i.unit,
      raisedOn: i.raisedOn,
      status: i.status,
      resolvedOn: i.resolvedOn,
      resolution: i.resolution,
      version: i.version,
    };
  }
}

@ObjectType('ServiceComplaint', { description: 'A service complaint (效能投诉): recorded, assigned, handled, closed with a result.' })
export class ServiceComplaintDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  projectId!: string;

  @Field()
  complainant!: string;

  @Field()
  content!: string;

  @Field()
  receivedOn!: string;

  @Field(() => ComplaintStatusGql)
  status!: ComplaintStatus;

  @Field(() => String, { nullable: true })
  assignedUnit!: string | null;

  @Field(() => String, { nullable: true })
  handling!: string | null;

  @Field(() => String, { nullable: true })
  handledOn!: string | null;

  @Field(() => String, { nullable: true })
  result!: string | null;

  @Field(() => String, { nullable: true })
  closedOn!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, c: ServiceComplaintEntity): ServiceComplaintDto {
    return {
      id: c.id,
      projectId: c.projectId,
      complainant: c.complainant,
      content: c.content,
      receivedOn: c.receivedOn,
      status: c.status,
      assignedUnit: c.assignedUnit,
      handling: c.handling,
      handledOn: c.handledOn,
      result: c.result,
      closedOn: c.closedOn,
      version: c.version,
    };
  }
}

@ObjectType('InvestmentTarget', { description: 'An annual target (目标任务) of funds in place and new projects.' })
export class InvestmentTargetDto {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => TargetUnitKindGql)
  unitKind!: TargetUnitKind;

  @Field(() => String, { nullable: true })
  countyCode!: string | null;

  @Field(() => ID, { nullable: true })
  chamberId!: string | null;

  @Field(() => DecimalScalar, { description: 'Funds in place to reach in the year, yuan.' })
  fundsTarget!: string;

  @Field(() => Int)
  newProjectsTarget!: number;

  @Field(() => Int)
  version!: number;

  static from(this: void, t: InvestmentTargetEntity): InvestmentTargetDto {
    return {
      id: t.id,
      year: t.year,
      unitKind: t.unitKind,
      countyCode: t.countyCode,
      chamberId: t.chamberId,
      fundsTarget: t.fundsTarget,
      newProjectsTarget: t.newProjectsTarget,
      version: t.version,
    };
  }
}

@ObjectType('StallThreshold', { description: 'Days without progress after which a project at this stage is flagged stalled-risk.' })
export class StallThresholdDto {
  @Field(() => InvestmentStageGql)
  stage!: InvestmentStage;

  @Field(() => Int)
  days!: number;
}

@ObjectType('ProjectCounts', { description: 'Projects and their funds in place, for a chamber subtree or a member.' })
export class ProjectCountsDto {
  @Field(() => Int)
  projects!: number;

  @Field(() => DecimalScalar, { description: 'All funds in place of these projects, yuan.' })
  fundsInPlace!: string;
}
