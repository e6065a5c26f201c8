import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GuildHallStatus } from './chamber.enums';
import { ChamberEntity } from './chamber.entity';

/** A chamber's guild hall project (会馆), at most one per chamber. */
@Entity('guild_hall')
@Index('ix_guild_hall_status', ['status', 'chamberId'])
@Check('ck_guild_hall_dates', `("construction_started_on" IS NULL OR "planned_on" IS NULL OR "construction_started_on" >= "planned_on")
  AND ("completed_on" IS NULL OR "construction_started_on" IS NULL OR "completed_on" >= "construction_started_on")`)
export class GuildHallEntity {
  @PrimaryColumn({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;

  @ManyToOne(() => ChamberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_guild_hall_chamber' })
  chamber?: ChamberEntity;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  @Column({ type: 'enum', enum: GuildHallStatus, enumName: 'guild_hall_status' })
  status!: GuildHallStatus;

  @Column({ name: 'planned_on', type: 'date', nullable: true })
  plannedOn!: string | null;

  @Column({ name: 'construction_started_on', type: 'date', nullable: true })
  constructionStartedOn!: string | null;

  @Column({ name: 'basically_completed_on', type: 'date', nullable: true })
  basicallyCompletedOn!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
