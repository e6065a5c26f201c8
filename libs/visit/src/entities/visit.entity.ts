import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { VisitDirection, VisitKind } from './visit.enums';

/**
 * A visit (走访). Who went, and whom they met, are link rows below; one official leads (a
 * partial unique index, and a deferred trigger for "at least one" at commit). The date is never
 * in the future (trigger visit_not_future).
 */
@Entity('visit')
export class VisitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'visited_on', type: 'date' })
  visitedOn!: string;

  @Column({ type: 'enum', enum: VisitKind, enumName: 'visit_kind' })
  kind!: VisitKind;

  @Column({ type: 'enum', enum: VisitDirection, enumName: 'visit_direction' })
  direction!: VisitDirection;

  @Column({ type: 'varchar', length: 200 })
  place!: string;

  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ name: 'follow_ups', type: 'text', array: true, default: () => "'{}'" })
  followUps!: string[];

  /** The campaign assignment this visit completes (unique: one visit per assignment). */
  @Column({ name: 'assignment_id', type: 'uuid', nullable: true })
  assignmentId!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('visit_official')
export class VisitOfficialEntity {
  @PrimaryColumn({ name: 'visit_id', type: 'uuid' })
  visitId!: string;

  @PrimaryColumn({ name: 'official_id', type: 'uuid' })
  officialId!: string;

  @Column({ type: 'boolean', default: false })
  leads!: boolean;
}

@Entity('visit_chamber')
export class VisitChamberEntity {
  @PrimaryColumn({ name: 'visit_id', type: 'uuid' })
  visitId!: string;

  @PrimaryColumn({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;
}

@Entity('visit_member')
export class VisitMemberEntity {
  @PrimaryColumn({ name: 'visit_id', type: 'uuid' })
  visitId!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;
}

@Entity('visit_enterprise')
export class VisitEnterpriseEntity {
  @PrimaryColumn({ name: 'visit_id', type: 'uuid' })
  visitId!: string;

  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId!: string;
}
