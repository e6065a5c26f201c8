import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EnterpriseRole } from './member.enums';
import { EnterpriseEntity } from './enterprise.entity';
import { MemberEntity } from './member.entity';

/** A member's roles in one enterprise (法定代表人, 董事长 …): one row per member and enterprise. */
@Entity('member_enterprise')
@Index('ux_member_enterprise', ['memberId', 'enterpriseId'], { unique: true })
@Index('ix_member_enterprise_enterprise', ['enterpriseId'])
@Check('ck_member_enterprise_roles', `cardinality("roles") >= 1`)
export class MemberEnterpriseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_member_enterprise_member' })
  member?: MemberEntity;

  @Column({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId!: string;

  @ManyToOne(() => EnterpriseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_member_enterprise_enterprise' })
  enterprise?: EnterpriseEntity;

  @Column({ type: 'enum', enum: EnterpriseRole, enumName: 'enterprise_role', array: true })
  roles!: EnterpriseRole[];

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;
}
