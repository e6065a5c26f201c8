import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ChamberEntity } from '@crm/chamber';
import { RegionEntity } from '@crm/region';
import { Role } from '@crm/auth';

/**
 * A person who signs in. The role says what they may do; exactly the scope column that the
 * role needs is set (a database CHECK keeps role and scope consistent).
 */
@Entity('app_user')
@Index('ux_app_user_email', ['email'], { unique: true })
@Index('ix_app_user_created', ['createdAt', 'id'])
@Index('ix_app_user_role', ['role', 'createdAt', 'id'])
@Index('ix_app_user_active', ['active', 'createdAt', 'id'])
@Index('ix_app_user_chamber', ['chamberId'])
@Index('ix_app_user_county', ['countyCode'])
// Trigram index for the `search` filter; written by hand in the migration (opclass).
@Index('ix_app_user_search_trgm', { synchronize: false })
@Check('ck_app_user_scope', `("role" = 'COUNTY_OFFICER') = ("county_code" IS NOT NULL)
  AND ("role" = 'CHAMBER_SECRETARY') = ("chamber_id" IS NOT NULL)
  AND ("role" = 'PARTY_OFFICER') = ("party_committee_id" IS NOT NULL)
  AND ("role" = 'PROJECT_OFFICIAL') = ("official_id" IS NOT NULL)`)
@Check('ck_app_user_county_code', `"county_code" ~ '^[0-9]{6}$'`)
@Check('ck_app_user_email', `"email" = lower("email") AND position('@' in "email") > 1`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role!: Role;

  @Column({ name: 'county_code', type: 'char', length: 6, nullable: true })
  countyCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_code', foreignKeyConstraintName: 'fk_app_user_county' })
  county?: RegionEntity;

  @Column({ name: 'chamber_id', type: 'uuid', nullable: true })
  chamberId!: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', foreignKeyConstraintName: 'fk_app_user_chamber' })
  chamber?: ChamberEntity;

  @Column({ name: 'party_committee_id', type: 'uuid', nullable: true })
  partyCommitteeId!: string | null;

  @Column({ name: 'official_id', type: 'uuid', nullable: true })
  officialId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** Bumped to invalidate every access token issued before (password change, disable, logout everywhere). */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  /** Optimistic-lock version; updates check it explicitly (see UserService.update). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The scope columns; the role says which one is set. */
export type UserScopeColumns = Pick<UserEntity, 'countyCode' | 'chamberId' | 'partyCommitteeId' | 'officialId'>;

export function userScope(u: UserScopeColumns): UserScopeColumns {
  return { countyCode: u.countyCode, chamberId: u.chamberId, partyCommitteeId: u.partyCommitteeId, officialId: u.officialId };
}

/** The fields of a user that the audit trail records (the hash shows only as `[secret]`). */
export function userAuditSnapshot(u: UserEntity): Record<string, unknown> {
  return {
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    ...userScope(u),
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    passwordHash: u.passwordHash,
  };
}
