import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChamberEventType } from './chamber.enums';
import { ChamberEntity } from './chamber.entity';

/** A dated step in a chamber's history (成立, 转, 并, 联, 增挂, 换届, 撤销). */
@Entity('chamber_event')
@Index('ix_chamber_event_chamber', ['chamberId', 'occurredOn', 'id'])
@Index('ix_chamber_event_related', ['relatedChamberId'])
export class ChamberEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_chamber_event_chamber' })
  chamber?: ChamberEntity;

  @Column({ type: 'enum', enum: ChamberEventType, enumName: 'chamber_event_type' })
  type!: ChamberEventType;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn!: string;

  @Column({ name: 'related_chamber_id', type: 'uuid', nullable: true })
  relatedChamberId!: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'related_chamber_id', foreignKeyConstraintName: 'fk_chamber_event_related' })
  relatedChamber?: ChamberEntity;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** What changed, e.g. the name before and after a conversion. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
