import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { BadInputError, ConnectionResult, keysetPage, RequestActor, RequestContext } from '@crm/shared';
import { AuditEventEntity } from '../entities/audit-event.entity';
import { AuditSnapshot, auditDiff } from '../utils/audit-diff';
import { AuditEventDto } from '../dtos/audit-event.dto';
import { AuditEventsArgs } from '../dtos/args/audit-events.args';
// The audit catalogue: registers the library's entity names for the generic Chinese messages.
import '../exceptions/audit.errors';

export interface AuditRecord {
  /** `<entity>.<verb>`, e.g. `user.create`, `auth.login`. */
  operation: string;
  entityType: string;
  entityId?: string | null;
  before?: AuditSnapshot;
  after?: AuditSnapshot;
  metadata?: Record<string, unknown>;
  /** Overrides the request's caller, e.g. for a login, where the actor is who just signed in. */
  actor?: RequestActor | null;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * Writes one audit event through the given transaction's manager, so the event commits or
   * rolls back with the change it describes.
   */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.recordMany(manager, [record]);
  }

  /**
   * Several events in one statement (the unmasked reads of a whole page, the members of an
   * import batch). The rows travel as one jsonb parameter: a thousand events cost one parameter
   * to bind instead of ten thousand.
   */
  async recordMany(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    await manager.query(
      `INSERT INTO "audit_event" (actor_id, actor_email, actor_role, actor_kind, operation, entity_type, entity_id, changes, metadata, request_id, ip)
       SELECT "actorId", "actorEmail", "actorRole", coalesce("actorKind", 'USER'), operation, "entityType", "entityId", changes, metadata, "requestId", ip
         FROM jsonb_to_recordset($1::jsonb) AS r("actorId" uuid, "actorEmail" varchar, "actorRole" varchar, "actorKind" varchar, operation varchar, "entityType" varchar,
              "entityId" varchar, changes jsonb, metadata jsonb, "requestId" varchar, ip varchar)`,
      [JSON.stringify(records.map((r) => this.toEvent(r)))],
    );
  }

  private toEvent(record: AuditRecord): Partial<AuditEventEntity> {
    const context = RequestContext.get();
    const actor = record.actor === undefined ? context?.actor : record.actor;
    const event: Partial<AuditEventEntity> = {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      actorRole: actor?.role ?? null,
      actorKind: actor?.kind ?? 'USER',
      operation: record.operation,
      entityType: record.entityType,
      entityId: record.entityId ?? null,
      changes: auditDiff(record.before, record.after),
      metadata: record.metadata ?? null,
      requestId: context?.requestId ?? null,
      ip: context?.ip ?? null,
    };
    return event;
  }

  /**
   * The role of whoever last set `field` of an entity to `value` (from the recorded changes), or
   * null when no such change was recorded. One statement on ix_audit_event_entity.
   */
  async lastChangeActorRole(manager: EntityManager, entityType: string, entityId: string, field: string, value: unknown): Promise<string | null | undefined> {
    const rows = (await manager.query(
      `SELECT actor_role AS "actorRole" FROM "audit_event"
        WHERE entity_type = $1 AND entity_id = $2 AND changes @> $3::jsonb
        ORDER BY id DESC LIMIT 1`,
      [entityType, entityId, JSON.stringify([{ field, after: value }])],
    )) as { actorRole: string | null }[];
    return rows.length ? rows[0].actorRole : undefined;
  }

  /** Convenience for an event that is the whole change (a login, an unmasked read). */
  async recordAlone(record: AuditRecord): Promise<void> {
    await this.record(this.dataSource.manager, record);
  }

  async list(caller: Caller, args: AuditEventsArgs): Promise<ConnectionResult<AuditEventDto>> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    const scope = this.access.read('AuditEvent', caller, 'e');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: f.entityType });
    if (f?.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: f.entityId });
    if (f?.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: f.actorId });
    if (f?.operation) qb.andWhere('e.operation = :operation', { operation: f.operation });
    if (f?.from) qb.andWhere('e.occurred_at >= :from', { from: f.from });
    if (f?.to) qb.andWhere('e.occurred_at < :to', { to: f.to });
    return keysetPage(qb, { keys: ['e.id'], direction: 'DESC', first: args.first, after: args.after }, AuditEventDto.from);
  }
}
