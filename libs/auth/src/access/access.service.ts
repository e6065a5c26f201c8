import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ForbiddenError } from '@crm/shared';
import { Caller, callerHasPermission } from '../caller';
import { Permission } from '../permission.enum';
import { Role } from '../role.enum';
import { ALL_ROWS, NO_ROWS, RowFilter, RowScope, ScopedEntity, ScopeMode, ScopeRefusal, ScopeSql } from './row-scope';


/**
 * The one place that turns a caller into the rows it may touch. Each domain library registers
 * the rule for its entity types (`RowScope`) at start-up; every list, read by id and write asks
 * here, so scope is never re-decided in a service, and a rule can use another one (a member's
 * scope is written in terms of the chambers a secretary keeps). An entity type nobody
 * registered has no rows for anyone: deny by default.
 */
@Injectable()
export class AccessService {
  private readonly scopes = new Map<ScopedEntity, RowScope<unknown>>();

  /** Called by each domain module at start-up for the entity types it owns. */
  register<Row>(scope: RowScope<Row>): void {
    const known = this.scopes.get(scope.entity);
    if (known && known !== (scope as RowScope<unknown>)) throw new Error(`Row scope for ${scope.entity} registered twice`);
    this.scopes.set(scope.entity, scope as RowScope<unknown>);
  }

  /** The registered entity types (for the schema-walking permission test). */
  registered(): { entity: ScopedEntity; table: string }[] {
    return [...this.scopes.values()].map((s) => ({ entity: s.entity, table: s.table }));
  }

  /** Rows of `entity` the caller may read, as a condition over `alias`. */
  read(entity: ScopedEntity, caller: Caller, alias: string): RowFilter {
    return this.filter(entity, 'read', caller, alias);
  }

  /** Rows of `entity` the caller may change, as a condition over `alias`. */
  write(entity: ScopedEntity, caller: Caller, alias: string): RowFilter {
    return this.filter(entity, 'write', caller, alias);
  }

  filter(entity: ScopedEntity, mode: ScopeMode, caller: Caller, alias: string | ScopeSql): RowFilter {
    const scope = this.scopes.get(entity);
    if (!scope) return NO_ROWS;
    const q = typeof alias === 'string' ? new ScopeSql(alias) : alias;
    return mode === 'read' ? scope.read(caller, q) : scope.write(caller, q);
  }

  /** Whether the row `id` of `entity` passes the caller's scope (one statement unless the answer is known). */
  async passes(em: EntityManager, entity: ScopedEntity, mode: ScopeMode, caller: Caller, id: string): Promise<boolean> {
    const scope = this.scopes.get(entity);
    if (!scope) return false;
    const filter = this.filter(entity, mode, caller, 'x');
    if (filter.sql === 'TRUE' || filter.sql === 'FALSE') {
      if (filter.sql === 'FALSE') return false;
      return ((await em.query(`SELECT 1 FROM ${scope.table} WHERE id = $1`, [id])) as unknown[]).length > 0;
    }
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT 1 FROM ${scope.table} x WHERE x.id = :__id AND (${filter.sql})`,
      { ...filter.params, __id: id },
      {},
    );
    return ((await em.query(sql, params)) as unknown[]).length > 0;
  }

  /**
   * The same rule applied to a row in memory: null when the caller may have it, otherwise which
   * field puts it out of reach. A row the entity's rule cannot judge in memory is refused.
   */
  check<Row>(entity: ScopedEntity, mode: ScopeMode, caller: Caller, row: Row): ScopeRefusal | null {
    const scope = this.scopes.get(entity) as RowScope<Row> | undefined;
    if (!scope?.check) return { field: 'id', message: `${entity} is outside your scope`, messageZh: '该记录不在您的权限范围内' };
    return scope.check(caller, row, mode);
  }

  /** `check` as a yes/no, for rows loaded with a page (a chamber's parent, a membership's chamber). */
  admits<Row>(entity: ScopedEntity, mode: ScopeMode, caller: Caller, row: Row): boolean {
    return this.check(entity, mode, caller, row) === null;
  }

  /** Values a new row of `entity` takes from the caller's scope when the input leaves them out. */
  defaults<Row>(entity: ScopedEntity, caller: Caller): Partial<Row> {
    const scope = this.scopes.get(entity) as RowScope<Row> | undefined;
    return scope?.defaults?.(caller) ?? {};
  }

  /** Whether ID numbers and phones reach this caller in clear (the rows are already in scope). */
  seesPersonalData(caller: Caller): boolean {
    return callerHasPermission(caller, Permission.PersonalDataRead);
  }

  /** Only admins manage accounts (create, disable, reset password, change role and scope). */
  assertCanManageUsers(caller: Caller): void {
    if (caller.role !== Role.Admin) throw new ForbiddenError('Only administrators manage user accounts');
  }
}

/** Admins reach every row of every registered entity; the rules start from this. */
export const isAdmin = (caller: Caller): boolean => caller.role === Role.Admin;
