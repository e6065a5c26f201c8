import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PartyCommitteeStatus } from './party.enums';

/** A party working committee (党工委), hosted by a provincial or provincial-capital chamber. */
@Entity('party_working_committee')
export class PartyCommitteeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'host_chamber_id', type: 'uuid' })
  hostChamberId!: string;

  /** The host chamber's province (GB/T 2260, two digits): one active committee each. */
  @Column({ name: 'province_code', type: 'char', length: 2 })
  provinceCode!: string;

  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn!: string | null;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn!: string | null;

  @Column({ type: 'enum', enum: PartyCommitteeStatus, enumName: 'party_committee_status', default: PartyCommitteeStatus.Active })
  status!: PartyCommitteeStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
