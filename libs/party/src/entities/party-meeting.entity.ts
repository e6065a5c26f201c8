import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PartyMeetingKind, PartyMeetingMode, PartyMeetingStatus } from './party.enums';

/** An organisation-life meeting (组织生活) of one unit; attendance in party_meeting_attendance. */
@Entity('party_meeting')
export class PartyMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'enum', enum: PartyMeetingKind, enumName: 'party_meeting_kind' })
  kind!: PartyMeetingKind;

  @Column({ type: 'enum', enum: PartyMeetingMode, enumName: 'party_meeting_mode', default: PartyMeetingMode.OnSite })
  mode!: PartyMeetingMode;

  @Column({ type: 'enum', enum: PartyMeetingStatus, enumName: 'party_meeting_status' })
  status!: PartyMeetingStatus;

  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @Column({ type: 'text', nullable: true })
  minutes!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
