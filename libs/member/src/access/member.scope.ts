import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import type { ChamberScopeRow } from '@crm/chamber';
import { MemberErrors } from '../exceptions/member.errors';

/** What the member rule needs of a member in memory: its hometown and the chambers it belongs to. */
export interface MemberScopeRow {
  hometownCode: string | null;
  chambers: ChamberScopeRow[];
}

/** A refusal with its catalogue reason and both messages (memberScopeError turns it into the error). */
const refusal = (field: string, reason: string, texts: { message: string; messageZh: string }): ScopeRefusal => ({ field, reason, ...texts });

/**
 * Members: admins and viewers read all of them (viewers masked); a county office the members
 * whose hometown is its county; a secretariat the members with a membership, current or past,
 * in a chamber it keeps (the chamber rule's write side: its chamber and those below). County
 * offices and secretariats change what they read; admins anything; nobody else anything.
 */
@Injectable()
export class MemberScope implements RowScope<MemberScopeRow> {
  readonly entity = 'Member' as const;
  readonly table = 'member';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin || caller.role === Role.Viewer) return ALL_ROWS;
    return this.kept(caller, q);
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    return this.kept(caller, q);
  }

  check(caller: Caller, row: MemberScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && caller.role === Role.Viewer)) return null;
    if (caller.role === Role.CountyOfficer) {
      if (caller.countyCode && row.hometownCode === caller.countyCode) return null;
      return refusal('hometownCode', MemberErrors.HOMETOWN_OUTSIDE_COUNTY.reason, MemberErrors.HOMETOWN_OUTSIDE_COUNTY.messages({ county: caller.countyCode ?? '—' }));
    }
    if (caller.role === Role.ChamberSecretary) {
      if (row.chambers.some((c) => this.access.admits('Chamber', 'write', caller, c))) return null;
      return refusal('memberships', MemberErrors.SECRETARIAT_NEEDS_MEMBERSHIP.reason, MemberErrors.SECRETARIAT_NEEDS_MEMBERSHIP.messages());
    }
    return refusal('id', MemberErrors.ROLE_KEEPS_NO_MEMBERS.reason, MemberErrors.ROLE_KEEPS_NO_MEMBERS.messages());
  }

  /** A county office's new members are of its county; a secretariat's join its own chamber. */
  defaults(caller: Caller): Partial<MemberScopeRow> {
    if (caller.role === Role.CountyOfficer && caller.countyCode) return { hometownCode: caller.countyCode };
    if (caller.role === Role.ChamberSecretary && caller.chamberId) return { chambers: [{ id: caller.chamberId, ancestorIds: [] }] };
    return {};
  }

  private kept(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.CountyOfficer) {
      return caller.countyCode ? q.filter(`${q.col('hometown_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
    }
    if (caller.role === Role.ChamberSecretary) {
      if (!caller.chamberId) return NO_ROWS;
      // Sub-queries share q's parameters, so q.filter() below carries the chamber rule's too.
      const members = (): string => {
        const cm = q.sub('cm');
        const c = q.sub('c');
        const chambers = this.access.filter('Chamber', 'write', caller, c);
        return `SELECT ${cm.col('member_id')} FROM chamber_membership ${cm.alias} JOIN chamber ${c.alias} ON ${c.col('id')} = ${cm.col('chamber_id')} WHERE ${chambers.sql}`;
      };
      // A merged member's memberships moved to the survivor: its tombstone stays readable (and
      // followable) to whoever may read the survivor. Only MERGED rows have merged_into_id.
      return q.filter(`(${q.col('id')} IN (${members()}) OR (${q.col('merged_into_id')} IS NOT NULL AND ${q.col('merged_into_id')} IN (${members()})))`);
    }
    return NO_ROWS;
  }
}
