import { AccessService, ALL_ROWS, Caller, Role, RowScope, ScopedEntity, ScopeRefusal, ScopeSql } from '@crm/auth';

/**
 * The row scope every kind's import jobs share: administrators reach all of them; anyone else
 * the imports they uploaded. A kind registers one for its job table (a subclass naming its
 * entity and table, provided by its module).
 */
export class ImportJobScope implements RowScope<{ createdBy: string }> {
  constructor(
    access: AccessService,
    readonly entity: ScopedEntity,
    readonly table: string,
  ) {
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
