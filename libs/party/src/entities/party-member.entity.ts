import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PartyMemberStanding, PartyMemberStatus } from './party.enums';

/**
 * A party member (党员): one record per person (ID number unique), linked to a member of the
 * information base when the person is a merchant there (`memberId`, unique).
 */
@Entity('party_member')
export class PartyMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 30 })
  name!: string;

  @Column({ name: 'name_pinyin', type: 'text' })
  namePinyin!: string;

  @Column({ type: 'enum', enum: ['MALE', 'FEMALE'], enumName: 'gender', nullable: true })
  gender!: 'MALE' | 'FEMALE' | null;

  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber!: string;

  @Column({ type: 'varchar', length: 20, array: true, default: '{}' })
  phones!: string[];

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'joined_on', type: 'date', nullable: true })
  joinedOn!: string | null;

  @Column({ type: 'enum', enum: PartyMemberStanding, enumName: 'party_member_standing', default: PartyMemberStanding.Full })
  standing!: PartyMemberStanding;

  /** 组织关系所在地: the county of the home city where the membership relation sits. */
  @Column({ name: 'relation_county_code', type: 'char', length: 6, nullable: true })
  relationCountyCode!: string | null;

  /** The unit holding the relation when it was transferred into one of ours. */
  @Column({ name: 'relation_organization_id', type: 'uuid', nullable: true })
  relationOrganizationId!: string | null;

  /** The unit the person attends now. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'boolean', default: false })
  mobile!: boolean;

  @Column({ name: 'mobile_destination', type: 'varchar', length: 100, nullable: true })
  mobileDestination!: string | null;

  @Column({ name: 'mobile_since', type: 'date', nullable: true })
  mobileSince!: string | null;

  @Column({ type: 'enum', enum: PartyMemberStatus, enumName: 'party_member_status', default: PartyMemberStatus.Active })
  status!: PartyMemberStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
