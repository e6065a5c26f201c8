import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';

/** Accounts: admins reach every account; anyone else reads only their own and changes none here. */
@Injectable()
export class UserScope implements RowScope<{ id: string }> {
  readonly entity = 'User' as const;
  readonly table = 'app_user';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql) {
    return caller.role === Role.Admin ? ALL_ROWS : q.filter(`${q.col('id')} = ${q.param(caller.id)}`);
  }

  write(caller: Caller) {
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }

  check(caller: Caller, row: { id: string }, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && row.id === caller.id)) return null;
    return { field: 'id', message: 'Only administrators manage user accounts', messageZh: '只有管理员可以管理用户账号' };
  }
}
