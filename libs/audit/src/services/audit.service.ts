import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { BadInputError, ConnectionResult, keysetPage, RequestActor, RequestContext } from '@crm/shared';
import { AuditEventEntity } from '../entities/audit-event.entity';
import { AuditSnapshot, auditDiff } from '../utils/audit-diff';
import { AuditEventDto } from '../dtos/audit-event.dto';
import { AuditEventsArgs } from '../dtos/args/audit-events.args';

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

  /** Several events in one statement (the unmasked reads of a whole page, for instance). */
  async recordMany(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    // The jsonb columns defeat TypeORM's deep-partial typing; the shape is the entity's own.
    await manager.insert(AuditEventEntity, records.map((r) => this.toEvent(r)) as Parameters<EntityManager['insert']>[1]);
  }

  private toEvent(record: AuditRecord): Partial<AuditEventEntity> {
    const context = RequestContext.get();
    const actor = record.actor === undefined ? context?.actor : record.actor;
    const event: Partial<AuditEventEntity> = {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      actorRole: actor?.role ?? null,
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

  /** Convenience for an event that is the whole change (a login, an unmasked read). */
  async recordAlone(record: AuditRecord): Promise<void> {
    await this.record(this.dataSource.manager, record);
  }

  async list(caller: Caller, args: AuditEventsArgs): Promise<ConnectionResult<AuditEventDto>> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    const scope = this.access.auditEventsFilter(caller, 'e');
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
