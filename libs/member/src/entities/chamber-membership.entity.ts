import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChamberEntity } from '@crm/chamber';
import { MemberEntity } from './member.entity';

/**
 * A member's membership of a chamber (会员). Current while `left_on` is null; a member may belong
 * to several chambers, and to each at most once at a time.
 */
@Entity('chamber_membership')
@Index('ix_chamber_membership_chamber', ['chamberId', 'memberId'])
@Index('ix_chamber_membership_member', ['memberId'])
@Index('ux_chamber_membership_current', ['memberId', 'chamberId'], { unique: true, where: `"left_on" IS NULL` })
@Check('ck_chamber_membership_dates', `"left_on" IS NULL OR "joined_on" IS NULL OR "left_on" >= "joined_on"`)
export class ChamberMembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_chamber_membership_member' })
  member?: MemberEntity;

  @Column({ name: 'chamber_id', type: 'uuid' })
  chamberId!: string;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_chamber_membership_chamber' })
  chamber?: ChamberEntity;

  @Column({ name: 'joined_on', type: 'date', nullable: true })
  joinedOn!: string | null;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
