import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One field's change, values already masked where they are secret or personal data. */
export interface AuditFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The audit trail. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.
 * The identity id gives a total order that keyset pagination uses directly.
 */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId', 'id'])
@Index('ix_audit_event_actor', ['actorId', 'id'])
@Index('ix_audit_event_occurred_at', ['occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 320, nullable: true })
  actorEmail!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole!: string | null;

  /** USER or API_KEY (then actor_id is the key's id and actor_email its `api-key:<prefix>` label). */
  @Column({ name: 'actor_kind', type: 'varchar', length: 16, default: 'USER' })
  actorKind!: string;

  @Column({ type: 'varchar', length: 64 })
  operation!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb' })
  changes!: AuditFieldChange[];

  @Column({ type: 'jsonb', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
