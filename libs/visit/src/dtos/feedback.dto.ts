import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { FollowUpStatus, followUpOverdue, today } from '@crm/shared';
import { FeedbackAnswerEntity, FeedbackEntity, FeedbackEventEntity } from '../entities/feedback.entity';
import { FeedbackCategory, FeedbackStatus } from '../entities/visit.enums';
import { FeedbackCategoryGraphQL, FeedbackStatusGraphQL } from './visit-enums.graphql';

@ObjectType('Feedback', { description: 'An opinion or request (意见建议), followed to a response.' })
export class FeedbackDto {
  @Field(() => ID)
  id!: string;

  @Field(() => FeedbackCategoryGraphQL)
  category!: FeedbackCategory;

  @Field()
  text!: string;

  @Field(() => FeedbackStatusGraphQL)
  status!: FeedbackStatus;

  @Field({ description: 'The day it was raised.' })
  raisedOn!: string;

  @Field(() => String, { nullable: true })
  dueOn!: string | null;

  @Field({ description: 'Due date passed and not answered yet (OPEN or ASSIGNED).' })
  overdue!: boolean;

  @Field(() => String, { nullable: true, description: '承办单位.' })
  assigneeUnit!: string | null;

  @Field(() => String, { nullable: true, description: 'The county it is assigned to.' })
  countyCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'The raiser\'s satisfaction, 1–5, given when closed.' })
  satisfaction!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  firstAnsweredAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => Int)
  version!: number;

  visitId!: string | null;
  raisedByMemberId!: string | null;
  raisedByChamberId!: string | null;
  assigneeOfficialId!: string | null;

  static from(this: void, f: FeedbackEntity): FeedbackDto {
    return {
      id: f.id,
      category: f.category,
      text: f.text,
      status: f.status,
      raisedOn: f.raisedOn,
      dueOn: f.dueOn,
      overdue: followUpOverdue(f.status as FollowUpStatus, f.dueOn, today()),
      assigneeUnit: f.assigneeUnit,
      countyCode: f.countyCode,
      satisfaction: f.satisfaction,
      firstAnsweredAt: f.firstAnsweredAt,
      closedAt: f.closedAt,
      createdAt: f.createdAt,
      version: f.version,
      visitId: f.visitId,
      raisedByMemberId: f.raisedByMemberId,
      raisedByChamberId: f.raisedByChamberId,
      assigneeOfficialId: f.assigneeOfficialId,
    };
  }
}

@ObjectType('FeedbackAnswer', { description: 'An answer to an opinion, with its author and date.' })
export class FeedbackAnswerDto {
  @Field(() => ID)
  id!: string;

  @Field()
  text!: string;

  @Field()
  answeredOn!: string;

  @Field({ description: 'Who answered (the official\'s name, or the unit\'s person).' })
  authorName!: string;

  @Field(() => ID, { nullable: true })
  authorOfficialId!: string | null;

  static from(this: void, a: FeedbackAnswerEntity): FeedbackAnswerDto {
    return { id: a.id, text: a.text, answeredOn: a.answeredOn, authorName: a.authorName, authorOfficialId: a.authorOfficialId };
  }
}

@ObjectType('FeedbackEvent', { description: 'One step of an opinion\'s history.' })
export class FeedbackEventDto {
  @Field({ description: 'RAISED, ASSIGNED, ANSWERED, CLOSED, RATED, REOPENED.' })
  action!: string;

  @Field(() => FeedbackStatusGraphQL, { nullable: true })
  fromStatus!: FeedbackStatus | null;

  @Field(() => FeedbackStatusGraphQL)
  toStatus!: FeedbackStatus;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The account that acted.' })
  actorId!: string | null;

  static from(this: void, e: FeedbackEventEntity): FeedbackEventDto {
    return { action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note, at: e.at, actorId: e.actorId };
  }
}
