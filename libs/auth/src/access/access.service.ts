import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '@crm/shared';
import { Caller } from '../caller';
import { Permission } from '../permission.enum';
import { roleHasPermission } from '../role-permissions';
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

  /**
   * Members a caller may read: admins and viewers all of them; a county officer those whose
   * hometown is its county; a secretary those with a membership, current or past, in its chamber
   * subtree; nobody else any. `alias` is the member table's alias.
   */
  memberReadFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.Admin || caller.role === Role.Viewer) return ALL;
    return this.memberScope(caller, alias);
  }

  /** Members a caller may change: admins all, county officers and secretaries their scope. */
  memberWriteFilter(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.Admin) return ALL;
    return this.memberScope(caller, alias);
  }

  /** Whether ID numbers and phones reach this caller in clear (the rows are already in scope). */
  seesPersonalData(caller: Caller): boolean {
    return roleHasPermission(caller.role, Permission.PersonalDataRead);
  }

  private memberScope(caller: Caller, alias: string): RowFilter {
    if (caller.role === Role.CountyOfficer) {
      if (!caller.countyCode) return NONE;
      return { sql: `${alias}.hometown_code = :__scopeCounty`, params: { __scopeCounty: caller.countyCode } };
    }
    if (caller.role === Role.ChamberSecretary) {
      if (!caller.chamberId) return NONE;
      const members = `SELECT __cm.member_id FROM chamber_membership __cm JOIN chamber __c ON __c.id = __cm.chamber_id
               WHERE __c.id = :__scopeChamber OR __c.ancestor_ids @> ARRAY[:__scopeChamber]::uuid[]`;
      // A merged member's memberships moved to the survivor: its tombstone stays readable (and
      // followable) to whoever may read the survivor. Only MERGED rows have merged_into_id.
      return {
        sql: `(${alias}.id IN (${members}) OR (${alias}.merged_into_id IS NOT NULL AND ${alias}.merged_into_id IN (${members.replace(/__cm\b/g, '__cm2').replace(/__c\b/g, '__c2')})))`,
        params: { __scopeChamber: caller.chamberId },
      };
    }
    return NONE;
  }

  /** Only admins manage accounts (create, disable, reset password, change role and scope). */
  assertCanManageUsers(caller: Caller): void {
    if (caller.role !== Role.Admin) throw new ForbiddenError('Only administrators manage user accounts');
  }
}
