import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, IsCalendarDate } from '@crm/shared';
import { FundingSource, FundingSourceGql, InvestmentStage, InvestmentStageGql, KeyLevel, KeyLevelGql } from '../../entities/investment.enums';
import { InvestmentProjectDto } from '../investment-project.dto';
import { Text } from '../investment-fields';

@InputType('InvestmentProjectFilter')
export class ProjectFilterInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 code' })
  countyCode?: string;

  @Field(() => ID, { nullable: true, description: 'Projects introduced by this chamber.' })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => InvestmentStageGql, { nullable: true })
  @IsOptional()
  @IsEnum(InvestmentStage)
  stage?: InvestmentStage;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^([A-T]|\d{2})$/, { message: 'industryCode must be a GB/T 4754-2017 section letter or division' })
  industryCode?: string;

  @Field(() => KeyLevelGql, { nullable: true })
  @IsOptional()
  @IsEnum(KeyLevel)
  keyLevel?: KeyLevel;

  @Field({ nullable: true, description: 'Only projects flagged stalled-risk.' })
  @IsOptional()
  @IsBoolean()
  stallRisk?: boolean;

  @Field({ nullable: true, description: 'Two or more characters of the project name or of an investor\'s name (as typed; % and _ match themselves).' })
  @IsOptional()
  @Text('search', 2, 50)
  search?: string;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field(() => ProjectFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProjectFilterInput)
  filter?: ProjectFilterInput;
}

export const InvestmentProjectConnection = Connection(InvestmentProjectDto, 'InvestmentProject');
export type InvestmentProjectConnection = InstanceType<typeof InvestmentProjectConnection>;

@ArgsType()
export class FundsPeriodArgs {
  @Field({ nullable: true, description: 'From this day (inclusive); default: the beginning.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @Field({ nullable: true, description: 'To this day (inclusive); default: today.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

@ArgsType()
export class ReportArgs {
  @Field({ description: 'First day of the period, e.g. 2014-01-01.' })
  @IsCalendarDate()
  from!: string;

  @Field({ description: 'Last day of the period (inclusive), e.g. 2014-04-30. At most a year after from.' })
  @IsCalendarDate()
  to!: string;

  @Field(() => FundingSourceGql, { nullable: true, description: 'Only funds from this source (the office publishes OUT_OF_PROVINCE: 省外到位资金).' })
  @IsOptional()
  @IsEnum(FundingSource)
  source?: FundingSource;
}
