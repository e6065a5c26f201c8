import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FeedbackCategory, FeedbackStatus } from './visit.enums';

/**
 * An opinion or request (意见建议), raised in a visit or directly by a member or chamber, and
 * followed to a response. The database holds the state machine (trigger feedback_transition),
 * "a satisfaction only when closed" and "assigned means someone is named" (CHECKs).
 */
@Entity('feedback')
export class FeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'visit_id', type: 'uuid', nullable: true })
  visitId!: string | null;

  @Column({ name: 'raised_by_member_id', type: 'uuid', nullable: true })
  raisedByMemberId!: string | null;

  @Column({ name: 'raised_by_chamber_id', type: 'uuid', nullable: true })
  raisedByChamberId!: string | null;

  @Column({ name: 'raised_on', type: 'date' })
  raisedOn!: string;

  @Column({ type: 'enum', enum: FeedbackCategory, enumName: 'feedback_category' })
  category!: FeedbackCategory;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'enum', enum: FeedbackStatus, enumName: 'feedback_status', default: FeedbackStatus.Open })
  status!: FeedbackStatus;

  @Column({ name: 'assignee_unit', type: 'varchar', length: 200, nullable: true })
  assigneeUnit!: string | null;

  @Column({ name: 'assignee_official_id', type: 'uuid', nullable: true })
  assigneeOfficialId!: string | null;

  /** The county the opinion is assigned to (the assignee official's, or given with a unit). */
  @Column({ name: 'county_code', type: 'varchar', length: 6, nullable: true })
  countyCode!: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'smallint', nullable: true })
  satisfaction!: number | null;

  @Column({ name: 'first_answered_at', type: 'timestamptz', nullable: true })
  firstAnsweredAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('feedback_answer')
export class FeedbackAnswerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'feedback_id', type: 'uuid' })
  feedbackId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'answered_on', type: 'date' })
  answeredOn!: string;

  @Column({ name: 'author_official_id', type: 'uuid', nullable: true })
  authorOfficialId!: string | null;

  @Column({ name: 'author_name', type: 'varchar', length: 100 })
  authorName!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One step of an opinion's history (raised, assigned, answered, closed, rated, reopened). */
@Entity('feedback_event')
export class FeedbackEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'feedback_id', type: 'uuid' })
  feedbackId!: string;

  @Column({ type: 'varchar', length: 20 })
  action!: string;

  @Column({ name: 'from_status', type: 'enum', enum: FeedbackStatus, enumName: 'feedback_status', nullable: true })
  fromStatus!: FeedbackStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: FeedbackStatus, enumName: 'feedback_status' })
  toStatus!: FeedbackStatus;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
