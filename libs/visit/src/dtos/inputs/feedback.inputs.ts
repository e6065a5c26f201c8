import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { FeedbackCategory } from '../../entities/visit.enums';
import { FeedbackCategoryGraphQL } from '../visit-enums.graphql';
import { OptionalCounty, OptionalText, RequiredLongText, RequiredText } from '../visit-fields';

@InputType('RaiseFeedbackInput')
export class RaiseFeedbackInput {
  @Field(() => ID, { nullable: true, description: 'The visit it was raised in.' })
  @IsOptional()
  @IsUUID('all', { message: 'visitId must be an id (UUID)' })
  visitId?: string;

  @Field(() => ID, { nullable: true, description: 'The member who raised it (a secretariat raises on behalf of its members).' })
  @IsOptional()
  @IsUUID('all', { message: 'raisedByMemberId must be an id (UUID)' })
  raisedByMemberId?: string;

  @Field(() => ID, { nullable: true, description: 'The chamber that raised it.' })
  @IsOptional()
  @IsUUID('all', { message: 'raisedByChamberId must be an id (UUID)' })
  raisedByChamberId?: string;

  @Field({ nullable: true, description: 'Defaults to the visit\'s date, or today.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  raisedOn?: string;

  @Field(() => FeedbackCategoryGraphQL)
  @IsEnum(FeedbackCategory)
  category!: FeedbackCategory;

  @Field()
  @RequiredLongText('text', 1, 5000)
  text!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;
}

@InputType('AssignFeedbackInput')
export class AssignFeedbackInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true, description: '承办单位.' })
  @OptionalText('assigneeUnit', 200)
  assigneeUnit?: string;

  @Field(() => ID, { nullable: true, description: '承办干部.' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeOfficialId must be an id (UUID)' })
  assigneeOfficialId?: string;

  @Field({ nullable: true, description: 'The county it goes to; defaults to the official\'s county.' })
  @OptionalCounty()
  countyCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;
}

@InputType('AnswerFeedbackInput')
export class AnswerFeedbackInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field()
  @RequiredLongText('text', 1, 5000)
  text!: string;

  @Field({ nullable: true, description: 'Defaults to today.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  answeredOn?: string;

  @Field(() => ID, { nullable: true, description: 'The official who answers; defaults to the caller\'s own official.' })
  @IsOptional()
  @IsUUID('all', { message: 'authorOfficialId must be an id (UUID)' })
  authorOfficialId?: string;

  @Field({ nullable: true, description: 'Who answered, when not an official in the directory.' })
  @OptionalText('authorName', 100)
  authorName?: string;
}

@InputType('CloseFeedbackInput')
export class CloseFeedbackInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => Int, { nullable: true, description: 'The raiser\'s satisfaction, 1 (unsatisfied) to 5.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @Field({ nullable: true })
  @OptionalText('note', 1000)
  note?: string;
}

@InputType('RateFeedbackInput')
export class RateFeedbackInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => Int, { description: '1 (unsatisfied) to 5; only on a closed opinion.' })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;
}

@InputType('ReopenFeedbackInput')
export class ReopenFeedbackInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ description: 'Why it is reopened.' })
  @RequiredText('note', 1, 1000)
  note!: string;
}
