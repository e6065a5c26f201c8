import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RegionEntity } from '@crm/region';
import { PoliticalLevel, PoliticalRoleKind } from './member.enums';
import { MemberEntity } from './member.entity';

/** 人大代表 / 政协委员 of some level, for a term; current while `ends_on` is null or later than today. */
@Entity('member_political_role')
@Index('ix_member_political_role_member', ['memberId'])
@Index('ix_member_political_role_kind', ['kind', 'level', 'memberId'])
@Check('ck_member_political_role_dates', `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" > "starts_on"`)
export class MemberPoliticalRoleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_member_political_role_member' })
  member?: MemberEntity;

  @Column({ type: 'enum', enum: PoliticalRoleKind, enumName: 'political_role_kind' })
  kind!: PoliticalRoleKind;

  @Column({ type: 'enum', enum: PoliticalLevel, enumName: 'political_level' })
  level!: PoliticalLevel;

  /** The region whose congress or conference it is (温州市人大 → 330300); null for national. */
  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_member_political_role_region' })
  region?: RegionEntity;

  /** 第 N 届 */
  @Column({ name: 'term_number', type: 'integer', nullable: true })
  termNumber!: number | null;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;
}
