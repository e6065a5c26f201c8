import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PositionType } from './chamber.enums';
import { ChamberEntity } from './chamber.entity';
import { ChamberTermEntity } from './chamber-term.entity';

/**
 * A position held in a term (会长, 常务副会长, 秘书长 …). `member_id` links the holder to the
 * member information base (the members module's `member` table, named by string so the chamber
 * module does not depend on it); `holder_name` keeps the name as elected.
 */
@Entity('chamber_position')
@Index('ix_chamber_position_term', ['termId', 'position'])
@Index('ix_chamber_position_chamber', ['chamberId'])
@Index('ix_chamber_position_member', ['memberId'])
@Index('ux_chamber_position_single', ['termId', 'position'], {
  unique: true,
  where: `"position" IN ('PRESIDENT', 'SECRETARY_GENERAL', 'SUPERVISOR_CHAIR')`,
})
@Check('ck_chamber_position_dates', `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" > "starts_on"`)
export class ChamberPositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'term_id', type: 'uuid' })
  termId!: string;

  @ManyToOne(() => ChamberTermEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'term_id', foreignKeyConstraintName: 'fk_chamber_position_term' })
  term?: ChamberTermEntity;

  @Column({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_chamber_position_chamber' })
  chamber?: ChamberEntity;

  @Column({ type: 'enum', enum: PositionType, enumName: 'position_type' })
  position!: PositionType;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @ManyToOne('MemberEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_chamber_position_member' })
  member?: object;

  @Column({ name: 'holder_name', type: 'varchar', length: 50 })
  holderName!: string;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;
}
