import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which named seed steps have run on this database, so each runs exactly once. */
@Entity('seed_run')
export class SeedRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
