import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChamberEntity } from './chamber.entity';

/** A leadership term (届). Terms of one chamber never overlap (exclusion constraint). */
@Entity('chamber_term')
@Index('ux_chamber_term_number', ['chamberId', 'number'], { unique: true })
// Needs btree_gist (created in the migration). A null end is an open term.
@Exclusion('ex_chamber_term_overlap', `USING gist ("chamber_id" WITH =, daterange("starts_on", "ends_on", '[)') WITH &&)`)
@Check('ck_chamber_term_dates', `"ends_on" IS NULL OR "ends_on" > "starts_on"`)
@Check('ck_chamber_term_number', `"number" > 0`)
export class ChamberTermEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_chamber_term_chamber' })
  chamber?: ChamberEntity;

  /** 第 N 届. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  /** Exclusive end; null while the term runs. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;
}
