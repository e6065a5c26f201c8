import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, Role, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';

/** Imports: admins reach all of them; anyone else the imports they uploaded. */
@Injectable()
export class MemberImportScope implements RowScope<{ createdBy: string }> {
  readonly entity = 'MemberImport' as const;
  readonly table = 'member_import';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql) {
    return caller.role === Role.Admin ? ALL_ROWS : q.filter(`${q.col('created_by')} = ${q.param(caller.id)}`);
  }

  write(caller: Caller, q: ScopeSql) {
    return this.read(caller, q);
  }

  check(caller: Caller, row: { createdBy: string }): ScopeRefusal | null {
    if (caller.role === Role.Admin || row.createdBy === caller.id) return null;
    return { field: 'id', message: 'The import belongs to someone else', messageZh: '这次导入由他人上传，只有上传者和管理员可以查看和操作' };
  }
}
