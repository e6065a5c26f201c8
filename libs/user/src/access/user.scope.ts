import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';

/**
 * Accounts: admins reach every account. A chamber secretary also reads the accounts of its own
 * secretariat (secretaries of exactly its chamber, not of the chambers below) and may disable or
 * enable them, never its own; anyone else reads only their own account and changes none here.
 */
@Injectable()
export class UserScope implements RowScope<{ id: string; role?: Role; chamberId?: string | null }> {
  readonly entity = 'User' as const;
  readonly table = 'app_user';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql) {
    if (caller.role === Role.Admin) return ALL_ROWS;
    const self = `${q.col('id')} = ${q.param(caller.id)}`;
    if (caller.role !== Role.ChamberSecretary || !caller.chamberId) return q.filter(self);
    return q.filter(`(${self} OR (${q.col('role')} = ${q.param(Role.ChamberSecretary)} AND ${q.col('chamber_id')} = ${q.param(caller.chamberId)}))`);
  }

  write(caller: Caller, q: ScopeSql) {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role !== Role.ChamberSecretary || !caller.chamberId) return NO_ROWS;
    return q.filter(
      `(${q.col('role')} = ${q.param(Role.ChamberSecretary)} AND ${q.col('chamber_id')} = ${q.param(caller.chamberId)} AND ${q.col('id')} <> ${q.param(caller.id)})`,
    );
  }

  check(caller: Caller, row: { id: string; role?: Role; chamberId?: string | null }, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin) return null;
    const ownSecretariat = caller.role === Role.ChamberSecretary && !!caller.chamberId && row.role === Role.ChamberSecretary && row.chamberId === caller.chamberId;
    if (mode === 'read' && (row.id === caller.id || ownSecretariat)) return null;
    if (mode === 'write' && ownSecretariat && row.id !== caller.id) return null;
    return { field: 'id', message: 'Only administrators manage user accounts', messageZh: '只有管理员可以管理用户账号' };
  }
}
