import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { InvestmentStage, KeyLevel } from './investment.enums';

/**
 * A returning-investment project (温商回归项目). Dates of each stage reached are columns; the
 * CHECKs in migration Investment keep stage, line stage and dates consistent. Money is
 * numeric(16,2) yuan, read as strings (never floats).
 */
@Entity('investment_project')
export class InvestmentProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'destination_county_code', type: 'varchar', length: 6 })
  destinationCountyCode!: string;

  @Column({ name: 'chamber_id', type: 'uuid', nullable: true })
  chamberId!: string | null;

  @Column({ name: 'industry_code', type: 'varchar', length: 2, nullable: true })
  industryCode!: string | null;

  @Column({ name: 'key_level', type: 'enum', enum: KeyLevel, enumName: 'investment_key_level', nullable: true })
  keyLevel!: KeyLevel | null;

  @Column({ name: 'is_expansion', type: 'boolean', default: false })
  isExpansion!: boolean;

  @Column({ name: 'total_investment', type: 'numeric', precision: 16, scale: 2 })
  totalInvestment!: string;

  @Column({ name: 'contracted_investment', type: 'numeric', precision: 16, scale: 2, nullable: true })
  contractedInvestment!: string | null;

  @Column({ name: 'land_mu', type: 'numeric', precision: 12, scale: 2, nullable: true })
  landMu!: string | null;

  @Column({ name: 'expected_jobs', type: 'integer', nullable: true })
  expectedJobs!: number | null;

  @Column({ type: 'enum', enum: InvestmentStage, enumName: 'investment_stage', default: InvestmentStage.Lead })
  stage!: InvestmentStage;

  @Column({ name: 'line_stage', type: 'enum', enum: InvestmentStage, enumName: 'investment_stage', default: InvestmentStage.Lead })
  lineStage!: InvestmentStage;

  @Column({ name: 'stage_reason', type: 'text', nullable: true })
  stageReason!: string | null;

  @Column({ name: 'lead_on', type: 'date' })
  leadOn!: string;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn!: string | null;

  @Column({ name: 'started_on', type: 'date', nullable: true })
  startedOn!: string | null;

  @Column({ name: 'production_on', type: 'date', nullable: true })
  productionOn!: string | null;

  @Column({ name: 'stalled_on', type: 'date', nullable: true })
  stalledOn!: string | null;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn!: string | null;

  @Column({ name: 'stall_risk', type: 'boolean', default: false })
  stallRisk!: boolean;

  @Column({ name: 'stall_risk_since', type: 'date', nullable: true })
  stallRiskSince!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity('project_investor')
export class ProjectInvestorEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;
}

@Entity('project_enterprise')
export class ProjectEnterpriseEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId!: string;
}
