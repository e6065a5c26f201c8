import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';

/**
 * Audit events: admins read all of them; everyone else what they did themselves. Nobody
 * changes one (the table is append-only; AuditService.record writes inside the caller's change).
 */
@Injectable()
export class AuditEventScope implements RowScope<{ actorId: string | null }> {
  readonly entity = 'AuditEvent' as const;
  readonly table = 'audit_event';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql) {
    return caller.role === Role.Admin ? ALL_ROWS : q.filter(`${q.col('actor_id')} = ${q.param(caller.id)}`);
  }

  write() {
    return NO_ROWS;
  }

  check(caller: Caller, row: { actorId: string | null }, mode: 'read' | 'write'): ScopeRefusal | null {
    if (mode === 'read' && (caller.role === Role.Admin || row.actorId === caller.id)) return null;
    return { field: 'id', message: 'Audit events are read by administrators, or by the person who acted', messageZh: '审计记录只有管理员或操作者本人可以查看' };
  }
}
