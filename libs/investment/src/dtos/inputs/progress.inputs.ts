import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DecimalScalar, IsCalendarDate, IsDecimal } from '@crm/shared';
import { InvestmentStage, InvestmentStageGql, ProjectIssueCategory, ProjectIssueCategoryGql, TargetUnitKind, TargetUnitKindGql } from '../../entities/investment.enums';
import { OptionalTextOf, Text } from '../investment-fields';

@InputType('AddProjectNoteInput')
export class AddNoteInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'projectId must be an id (UUID)' })
  projectId!: string;

  @Field()
  @Text('text', 1, 5000)
  text!: string;

  @Field({ nullable: true, description: 'Default today.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  writtenOn?: string;
}

@InputType('RaiseProjectIssueInput')
export class RaiseIssueInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'projectId must be an id (UUID)' })
  projectId!: string;

  @Field(() => ProjectIssueCategoryGql)
  @IsEnum(ProjectIssueCategory)
  category!: ProjectIssueCategory;

  @Field()
  @Text('description', 1, 5000)
  description!: string;

  @Field({ description: 'The unit responsible (责任单位), e.g. 市国土资源局.' })
  @Text('unit', 1, 200)
  unit!: string;

  @Field()
  @IsCalendarDate({ notFuture: true })
  raisedOn!: string;
}

@InputType('ResolveProjectIssueInput')
export class ResolveIssueInput {
  @Field(() => Int)
  @IsInt()
  version!: number;

  @Field()
  @IsCalendarDate({ notFuture: true })
  resolvedOn!: string;

  @Field()
  @Text('resolution', 1, 5000)
  resolution!: string;
}

@InputType('RecordComplaintInput')
export class RecordComplaintInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'projectId must be an id (UUID)' })
  projectId!: string;

  @Field()
  @Text('complainant', 1, 200)
  complainant!: string;

  @Field()
  @Text('content', 1, 5000)
  content!: string;

  @Field()
  @IsCalendarDate({ notFuture: true })
  receivedOn!: string;
}

@InputType('ComplaintStepInput', { description: 'assign: unit; handle: handling and on; close: result and on.' })
export class ComplaintStepInput {
  @Field(() => Int)
  @IsInt()
  version!: number;

  @Field({ nullable: true })
  @OptionalTextOf('unit', 200)
  unit?: string;

  @Field({ nullable: true })
  @OptionalTextOf('text', 5000)
  text?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  on?: string;
}

@InputType('SetInvestmentTargetInput')
export class SetTargetInput {
  @Field(() => Int)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field(() => TargetUnitKindGql)
  @IsEnum(TargetUnitKind)
  unitKind!: TargetUnitKind;

  @Field({ nullable: true })
  @IsOptional()
  countyCode?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => DecimalScalar, { description: 'Yuan, e.g. "50000000000.00" for 500 亿.' })
  @IsDecimal('fundsTarget')
  fundsTarget!: string;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  newProjectsTarget: number = 0;
}

@InputType('SetStallThresholdInput')
export class SetStallThresholdInput {
  @Field(() => InvestmentStageGql)
  @IsEnum(InvestmentStage)
  stage!: InvestmentStage;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(3650)
  days!: number;
}
