import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OfficialEntity } from '@crm/official';
import { ComplaintStatus, FundingSource, InvestmentStage, ProjectIssueCategory, ProjectIssueStatus, ProjectOfficialRole, TargetUnitKind } from './investment.enums';

/** One stage move of a project, with its date and (for back moves, stalls, cancellations) reason. */
@Entity('project_stage_event')
export class ProjectStageEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'from_stage', type: 'enum', enum: InvestmentStage, enumName: 'investment_stage', nullable: true })
  fromStage!: InvestmentStage | null;

  @Column({ name: 'to_stage', type: 'enum', enum: InvestmentStage, enumName: 'investment_stage' })
  toStage!: InvestmentStage;

  @Column({ name: 'on_date', type: 'date' })
  onDate!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}

/** Funds in place (到位资金): append-only (a trigger refuses UPDATE and DELETE); corrections refer to the record they correct. */
@Entity('funding_record')
export class FundingRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  @Column({ type: 'numeric', precision: 16, scale: 2 })
  amount!: string;

  @Column({ type: 'enum', enum: FundingSource, enumName: 'funding_source' })
  source!: FundingSource;

  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** An official assigned to a project for a period (valid_to null: current). */
@Entity('project_official')
export class ProjectOfficialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'official_id', type: 'uuid' })
  officialId!: string;

  @Column({ type: 'enum', enum: ProjectOfficialRole, enumName: 'project_official_role' })
  role!: ProjectOfficialRole;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** The official, when a read joined it (InvestmentReadService.officials); not a column. */
  official?: OfficialEntity;
}

/** A progress note (进展) posted on a project. */
@Entity('project_note')
export class ProjectNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'written_on', type: 'date' })
  writtenOn!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ name: 'official_id', type: 'uuid', nullable: true })
  officialId!: string | null;
}

/** A problem raised on a project (项目问题), assigned to a unit and tracked to resolution. */
@Entity('project_issue')
export class ProjectIssueEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'enum', enum: ProjectIssueCategory, enumName: 'project_issue_category' })
  category!: ProjectIssueCategory;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 200 })
  unit!: string;

  @Column({ name: 'raised_on', type: 'date' })
  raisedOn!: string;

  @Column({ type: 'enum', enum: ProjectIssueStatus, enumName: 'project_issue_status', default: ProjectIssueStatus.Open })
  status!: ProjectIssueStatus;

  @Column({ name: 'resolved_on', type: 'date', nullable: true })
  resolvedOn!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'raised_by', type: 'uuid', nullable: true })
  raisedBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** A service complaint (效能投诉) about a project's handling. */
@Entity('service_complaint')
export class ServiceComplaintEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'varchar', length: 200 })
  complainant!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'service_complaint_status', default: ComplaintStatus.Recorded })
  status!: ComplaintStatus;

  @Column({ name: 'assigned_unit', type: 'varchar', length: 200, nullable: true })
  assignedUnit!: string | null;

  @Column({ type: 'text', nullable: true })
  handling!: string | null;

  @Column({ name: 'handled_on', type: 'date', nullable: true })
  handledOn!: string | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** An annual target (目标任务) of funds in place and new projects for the city, a county or a chamber. */
@Entity('investment_target')
export class InvestmentTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'unit_kind', type: 'enum', enum: TargetUnitKind, enumName: 'investment_target_unit' })
  unitKind!: TargetUnitKind;

  @Column({ name: 'county_code', type: 'varchar', length: 6, nullable: true })
  countyCode!: string | null;

  @Column({ name: 'chamber_id', type: 'uuid', nullable: true })
  chamberId!: string | null;

  @Column({ name: 'funds_target', type: 'numeric', precision: 16, scale: 2 })
  fundsTarget!: string;

  @Column({ name: 'new_projects_target', type: 'integer', default: 0 })
  newProjectsTarget!: number;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
