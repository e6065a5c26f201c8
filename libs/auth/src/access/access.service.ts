import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '@crm/shared';
import { Caller } from '../caller';
import { Role } from '../role.enum';

/** An SQL condition over a query alias, with its parameters, ready for `qb.andWhere`. */
export interface RowFilter {
  sql: string;
  params: Record<string, unknown>;
}

const ALL: RowFilter = { sql: 'TRUE', params: {} };
const NONE: RowFilter = { sql: 'FALSE', params: {} };

/**
 * The one place that turns a caller into the rows it may touch. Every list and every
 * read-by-id or write goes through a filter from here, so scope rules are never re-written
 * per resolver. Domain issues add their filters (chamber subtree, county, assigned projects).
 */
@Injectable()
export class AccessService {
  /** Users: admins see every account; everyone else only their own. */
  usersFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.Admin) return ALL;
    return { sql: `${alias}.id = :__callerId`, params: { __callerId: caller.id } };
  }

  /** Audit events: admins see all; anyone else only what they did themselves. */
  auditEventsFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.Admin) return ALL;
    return { sql: `${alias}.actor_id = :__callerId`, params: { __callerId: caller.id } };
  }

  /**
   * Chambers a caller may read: a secretary its chamber and everything below it; every other
   * role all of them (chamber data is not personal).
   */
  chamberReadFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.ChamberSecretary) return this.chamberSubtree(caller, alias);
    return ALL;
  }

  /** The same rule as chamberReadFilter, for a chamber already loaded (related rows of a page). */
  canReadChamber(caller: Caller, chamber: { id: string; ancestorIds: string[] }): boolean {
    if (caller.role !== Role.ChamberSecretary) return true;
    return !!caller.chamberId && (chamber.id === caller.chamberId || chamber.ancestorIds.includes(caller.chamberId));
  }

  /** Chambers a caller may change: admins all, a secretary its subtree, nobody else any. */
  chamberWriteFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.Admin) return ALL;
    if (caller.role === Role.ChamberSecretary) return this.chamberSubtree(caller, alias);
    return NONE;
  }

  private chamberSubtree(caller: Caller, alias: string): RowFilter {
    if (!caller.chamberId) return NONE;
    return {
      sql: `(${alias}.id = :__scopeChamber OR ${alias}.ancestor_ids @> ARRAY[:__scopeChamber]::uuid[])`,
      params: { __scopeChamber: caller.chamberId },
    };
  }

  /** Only admins manage accounts (create, disable, reset password, change role and scope). */
  assertCanManageUsers(caller: Caller): void {
    if (caller.role !== Role.Admin) throw new ForbiddenError('Only administrators manage user accounts');
  }
}
