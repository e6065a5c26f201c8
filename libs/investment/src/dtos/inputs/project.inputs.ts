import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { DecimalScalar, IsCalendarDate, IsDecimal } from '@crm/shared';
import { FundingSource, FundingSourceGql, InvestmentStage, InvestmentStageGql, KeyLevel, KeyLevelGql, ProjectOfficialRole, ProjectOfficialRoleGql } from '../../entities/investment.enums';
import { OptionalTextOf, Text } from '../investment-fields';

const INDUSTRY = /^([A-T]|\d{2})$/;
const INDUSTRY_MESSAGE = 'industryCode must be a GB/T 4754-2017 section letter (A–T) or two-digit division (01–97)';

@InputType('CreateInvestmentProjectInput')
export class CreateProjectInput {
  @Field()
  @Text('name', 1, 200)
  name!: string;

  @Field({ description: 'A county of the home city (GB/T 2260), e.g. 330381.' })
  @Matches(/^\d{6}$/, { message: 'destinationCountyCode must be a 6-digit GB/T 2260 code' })
  destinationCountyCode!: string;

  @Field(() => ID, { nullable: true, description: 'The introducing chamber.' })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => [ID], { nullable: true, description: 'Investor members (in your scope).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'memberIds must be ids (UUID)' })
  memberIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'enterpriseIds must be ids (UUID)' })
  enterpriseIds?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Matches(INDUSTRY, { message: INDUSTRY_MESSAGE })
  industryCode?: string;

  @Field(() => KeyLevelGql, { nullable: true })
  @IsOptional()
  @IsEnum(KeyLevel)
  keyLevel?: KeyLevel;

  @Field({ defaultValue: false })
  @IsBoolean()
  isExpansion: boolean = false;

  @Field(() => DecimalScalar, { description: 'Yuan, e.g. "150000000.00".' })
  @IsDecimal('totalInvestment')
  totalInvestment!: string;

  @Field(() => DecimalScalar, { nullable: true })
  @IsDecimal('contractedInvestment')
  @IsOptional()
  contractedInvestment?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Land in 亩.' })
  @IsDecimal('landMu')
  @IsOptional()
  landMu?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  expectedJobs?: number;

  @Field({ description: 'The day talks began (洽谈), not in the future.' })
  @IsCalendarDate({ notFuture: true })
  leadOn!: string;
}

@InputType('UpdateInvestmentProjectInput')
export class UpdateProjectInput {
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' })
  @IsInt()
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @Text('name', 1, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'destinationCountyCode must be a 6-digit GB/T 2260 code' })
  destinationCountyCode?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => [ID], { nullable: true, description: 'Replaces the investors.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'memberIds must be ids (UUID)' })
  memberIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Replaces the enterprises.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'enterpriseIds must be ids (UUID)' })
  enterpriseIds?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Matches(INDUSTRY, { message: INDUSTRY_MESSAGE })
  industryCode?: string;

  @Field(() => KeyLevelGql, { nullable: true })
  @IsOptional()
  @IsEnum(KeyLevel)
  keyLevel?: KeyLevel;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  isExpansion?: boolean;

  @Field(() => DecimalScalar, { nullable: true })
  @IsDecimal('totalInvestment')
  @IsOptional()
  totalInvestment?: string;

  @Field(() => DecimalScalar, { nullable: true })
  @IsDecimal('contractedInvestment')
  @IsOptional()
  contractedInvestment?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  expectedJobs?: number;
}

@InputType('MoveProjectStageInput', {
  description:
    'A stage move. Forward along LEAD → SIGNED → STARTED → IN_PRODUCTION; a skipped stage needs its date (signedOn, startedOn). Back along the line, to STALLED or to CANCELLED needs a reason. From STALLED a project resumes at any line stage (back of the stage it stalled at needs a reason). CANCELLED is final.',
})
export class MoveStageInput {
  @Field(() => Int)
  @IsInt()
  version!: number;

  @Field(() => InvestmentStageGql)
  @IsEnum(InvestmentStage)
  stage!: InvestmentStage;

  @Field({ description: 'The day the stage was reached, not in the future.' })
  @IsCalendarDate({ notFuture: true })
  on!: string;

  @Field({ nullable: true })
  @OptionalTextOf('reason', 2000)
  reason?: string;

  @Field({ nullable: true, description: 'The signing date when a move skips SIGNED.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  signedOn?: string;

  @Field({ nullable: true, description: 'The start date when a move skips STARTED.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  startedOn?: string;
}

@InputType('RecordFundingInput')
export class RecordFundingInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'projectId must be an id (UUID)' })
  projectId!: string;

  @Field({ description: 'On or after the signing date, not in the future.' })
  @IsCalendarDate({ notFuture: true })
  receivedOn!: string;

  @Field(() => DecimalScalar, { description: 'Yuan, greater than zero, e.g. "25000000.00".' })
  @IsDecimal('amount')
  amount!: string;

  @Field(() => FundingSourceGql)
  @IsEnum(FundingSource)
  source!: FundingSource;

  @Field({ nullable: true, description: 'The evidence (凭证): bank slip, capital verification report …' })
  @OptionalTextOf('note', 2000)
  note?: string;
}

@InputType('CorrectFundingInput', { description: 'A correction: a new record with the difference (negative or positive), never an edit.' })
export class CorrectFundingInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'fundingId must be an id (UUID)' })
  fundingId!: string;

  @Field(() => DecimalScalar, { description: 'The difference, yuan: "-100000.00" takes 100,000 off.' })
  @IsDecimal('amount')
  amount!: string;

  @Field({ nullable: true, description: 'Default: the corrected record\'s date.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  receivedOn?: string;

  @Field()
  @Text('note', 1, 2000)
  note!: string;
}

@InputType('AssignProjectOfficialInput')
export class AssignOfficialInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'projectId must be an id (UUID)' })
  projectId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'officialId must be an id (UUID)' })
  officialId!: string;

  @Field(() => ProjectOfficialRoleGql)
  @IsEnum(ProjectOfficialRole)
  role!: ProjectOfficialRole;

  @Field()
  @IsCalendarDate()
  validFrom!: string;
}

@InputType('EndProjectOfficialInput')
export class EndOfficialInput {
  @Field({ description: 'The last day of the assignment.' })
  @IsCalendarDate()
  validTo!: string;
}
