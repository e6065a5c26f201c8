import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PartyOrgKind, PartyOrgStatus } from './party.enums';

/**
 * A party organisation (党组织). It belongs to exactly one body (一方隶属): a working committee
 * (`committeeId`) or a higher organisation (`parentId`); the database keeps `rootCommitteeId`
 * and `ancestorIds` from the parent (trigger), and refuses cycles and units under a branch.
 */
@Entity('party_organization')
export class PartyOrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'enum', enum: PartyOrgKind, enumName: 'party_org_kind' })
  kind!: PartyOrgKind;

  @Column({ name: 'committee_id', type: 'uuid', nullable: true })
  committeeId!: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** The working committee at the top of the unit's chain (maintained by the database). */
  @Column({ name: 'root_committee_id', type: 'uuid' })
  rootCommitteeId!: string;

  @Column({ name: 'ancestor_ids', type: 'uuid', array: true, default: '{}' })
  ancestorIds!: string[];

  @Column({ type: 'enum', enum: PartyOrgStatus, enumName: 'party_org_status', default: PartyOrgStatus.Active })
  status!: PartyOrgStatus;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn!: string | null;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
