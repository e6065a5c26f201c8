import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** What a key may do: each scope maps to one permission (see API_KEY_SCOPE_PERMISSIONS). */
export enum ApiKeyScope {
  MembersRead = 'members:read',
  MembersPersonalData = 'members:personal-data',
  ChambersRead = 'chambers:read',
  PartyRead = 'party:read',
  VisitsRead = 'visits:read',
  ProjectsRead = 'projects:read',
  WebhooksManage = 'webhooks:manage',
}

/** A machine client's key. The secret is never stored: only its SHA-256 and a visible prefix. */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16, unique: true })
  prefix!: string;

  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash!: Buffer;

  @Column({ type: 'text', array: true })
  scopes!: ApiKeyScope[];

  @Column({ name: 'chamber_id', type: 'uuid', nullable: true })
  chamberId!: string | null;

  @Column({ name: 'county_code', type: 'varchar', length: 6, nullable: true })
  countyCode!: string | null;

  @Column({ name: 'rate_limit_per_minute', type: 'int' })
  rateLimitPerMinute!: number;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @VersionColumn()
  version!: number;
}
