import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { FeedbackCategory, FeedbackStatus, VisitKind } from '../entities/visit.enums';
import { FeedbackCategoryGraphQL, FeedbackStatusGraphQL, VisitKindGraphQL } from './visit-enums.graphql';

@ObjectType('VisitKindCount')
export class VisitKindCountDto {
  @Field(() => VisitKindGraphQL)
  kind!: VisitKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('VisitMonthCount')
export class VisitMonthCountDto {
  @Field({ description: 'YYYY-MM.' })
  month!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('VisitOfficialCount')
export class VisitOfficialCountDto {
  officialId!: string;

  @Field(() => Int, { description: 'Visits the official went on.' })
  visits!: number;

  @Field(() => Int, { description: 'Of which they led.' })
  led!: number;
}

@ObjectType('VisitChamberCount')
export class VisitChamberCountDto {
  chamberId!: string;

  @Field(() => Int)
  visits!: number;
}

@ObjectType('VisitReport', { description: 'Visits in a period (within your scope).' })
export class VisitReportDto {
  @Field(() => Int)
  total!: number;

  @Field(() => [VisitKindCountDto], { description: 'Every kind, zeros included.' })
  byKind!: VisitKindCountDto[];

  @Field(() => [VisitMonthCountDto])
  byMonth!: VisitMonthCountDto[];

  @Field(() => [VisitOfficialCountDto], { description: 'Officials by visits, most first (at most 100).' })
  byOfficial!: VisitOfficialCountDto[];

  @Field(() => [VisitChamberCountDto], { description: 'Chambers visited directly, most first (at most 100); subtree totals are on ChamberRollup.visits.' })
  byChamber!: VisitChamberCountDto[];
}

@ObjectType('VisitCounts', { description: 'Visits to a chamber and the chambers below it (each visit once).' })
export class VisitCountsDto {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Of them, visits dated in the current calendar year (Beijing time).' })
  thisYear!: number;

  @Field(() => [VisitKindCountDto])
  byKind!: VisitKindCountDto[];

  @Field(() => String, { nullable: true, description: 'The latest visit date.' })
  lastVisitedOn!: string | null;
}

@ObjectType('FeedbackCategoryCount')
export class FeedbackCategoryCountDto {
  @Field(() => FeedbackCategoryGraphQL)
  category!: FeedbackCategory;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FeedbackStatusCount')
export class FeedbackStatusCountDto {
  @Field(() => FeedbackStatusGraphQL)
  status!: FeedbackStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FeedbackReport', { description: 'Opinions raised in a period (within your scope).' })
export class FeedbackReportDto {
  @Field(() => Int)
  total!: number;

  @Field(() => [FeedbackCategoryCountDto])
  byCategory!: FeedbackCategoryCountDto[];

  @Field(() => [FeedbackStatusCountDto])
  byStatus!: FeedbackStatusCountDto[];

  @Field(() => Float, { nullable: true, description: 'Median days from raising to the first answer, over those answered.' })
  medianDaysToAnswer!: number | null;

  @Field(() => Int, { description: 'Due date passed, still OPEN or ASSIGNED.' })
  overdue!: number;

  @Field(() => Float, { nullable: true, description: 'Mean satisfaction (1–5) of the rated ones.' })
  meanSatisfaction!: number | null;
}

@ObjectType('ContactEvent', { description: 'One entry of a contact history: a visit, an opinion raised, or an answer.' })
export class ContactEventDto {
  @Field({ description: 'VISIT, OPINION or ANSWER; MEETING (attended, from the meetings module).' })
  type!: string;

  @Field({ description: 'The day.' })
  on!: string;

  @Field(() => GraphQLISODateTime)
  recordedAt!: Date;

  @Field(() => ID, { nullable: true })
  visitId!: string | null;

  @Field(() => ID, { nullable: true })
  feedbackId!: string | null;

  @Field(() => VisitKindGraphQL, { nullable: true })
  visitKind!: VisitKind | null;

  @Field(() => FeedbackCategoryGraphQL, { nullable: true })
  category!: FeedbackCategory | null;

  @Field(() => FeedbackStatusGraphQL, { nullable: true })
  status!: FeedbackStatus | null;

  @Field({ description: 'The visit\'s place and summary, the opinion\'s or the answer\'s text.' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'Who: the leading official of a visit, the author of an answer.' })
  who!: string | null;
}
