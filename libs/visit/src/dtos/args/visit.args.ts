import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, IsCalendarDate } from '@crm/shared';
import { FeedbackCategory, FeedbackStatus, VisitKind } from '../../entities/visit.enums';
import { FeedbackDto } from '../feedback.dto';
import { VisitDto } from '../visit.dto';
import { FeedbackCategoryGraphQL, FeedbackStatusGraphQL, VisitKindGraphQL } from '../visit-enums.graphql';

@InputType('VisitFilter')
export class VisitFilterInput {
  @Field(() => VisitKindGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(VisitKind)
  kind?: VisitKind;

  @Field({ nullable: true, description: 'Visits on or after this day.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @Field({ nullable: true, description: 'Visits on or before this day.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @Field(() => ID, { nullable: true, description: 'Visits this official went on.' })
  @IsOptional()
  @IsUUID('all', { message: 'officialId must be an id (UUID)' })
  officialId?: string;

  @Field(() => ID, { nullable: true, description: 'Visits to this chamber.' })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => ID, { nullable: true, description: 'Visits that met this member.' })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId?: string;
}

@ArgsType()
export class VisitsArgs extends ConnectionArgs {
  @Field(() => VisitFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VisitFilterInput)
  filter?: VisitFilterInput;
}

@InputType('FeedbackFilter')
export class FeedbackFilterInput {
  @Field(() => FeedbackStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(FeedbackStatus)
  status?: FeedbackStatus;

  @Field(() => FeedbackCategoryGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(FeedbackCategory)
  category?: FeedbackCategory;

  @Field({ nullable: true, description: 'Only overdue (due date passed, OPEN or ASSIGNED).' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'visitId must be an id (UUID)' })
  visitId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeOfficialId must be an id (UUID)' })
  assigneeOfficialId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 code' })
  countyCode?: string;
}

@ArgsType()
export class FeedbackArgs extends ConnectionArgs {
  @Field(() => FeedbackFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FeedbackFilterInput)
  filter?: FeedbackFilterInput;
}

@ArgsType()
export class CampaignAssignmentsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'campaignId must be an id (UUID)' })
  campaignId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'groupId must be an id (UUID)' })
  groupId?: string;

  @Field({ nullable: true, description: 'true: visited; false: not reached yet.' })
  @IsOptional()
  @IsBoolean()
  reached?: boolean;
}

export const VisitConnection = Connection(VisitDto, 'Visit');
export const FeedbackConnection = Connection(FeedbackDto, 'Feedback');
