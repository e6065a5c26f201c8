import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, anyOf, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { localized } from '@crm/shared';
import { VisitErrors } from '../exceptions/visit.errors';

/** What the visit rule needs of a visit in memory: the officials who went. */
export interface VisitScopeRow {
  officials: { id: string; countyCode: string | null }[];
}

/**
 * Visits: admins and viewers read all; a county office the visits its county's officials made
 * and those that met members of its county; a secretariat the visits to its chamber subtree;
 * a project official the visits they went on. Changes: admins any, a county office the visits
 * of its officials, a project official their own.
 */
@Injectable()
export class VisitScope implements RowScope<VisitScopeRow> {
  readonly entity = 'Visit' as const;
  readonly table = 'visit';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    switch (caller.role) {
      case Role.Admin:
      case Role.Viewer:
        return ALL_ROWS;
      case Role.CountyOfficer: {
        if (!caller.countyCode) return NO_ROWS;
        const vm = q.sub('vm');
        const m = q.sub('m');
        const members = this.access.filter('Member', 'read', caller, m);
        const met = `EXISTS (SELECT 1 FROM visit_member ${vm.alias} JOIN member ${m.alias} ON ${m.col('id')} = ${vm.col('member_id')} WHERE ${vm.col('visit_id')} = ${q.col('id')} AND ${members.sql})`;
        return anyOf(this.byCountyOfficials(caller.countyCode, q), q.filter(met));
      }
      case Role.ChamberSecretary: {
        if (!caller.chamberId) return NO_ROWS;
        const vc = q.sub('vc');
        const c = q.sub('c');
        const chambers = this.access.filter('Chamber', 'write', caller, c);
        return q.filter(`EXISTS (SELECT 1 FROM visit_chamber ${vc.alias} JOIN chamber ${c.alias} ON ${c.col('id')} = ${vc.col('chamber_id')} WHERE ${vc.col('visit_id')} = ${q.col('id')} AND ${chambers.sql})`);
      }
      case Role.ProjectOfficial:
        return this.own(caller, q);
      default:
        return NO_ROWS;
    }
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) return caller.countyCode ? this.byCountyOfficials(caller.countyCode, q) : NO_ROWS;
    if (caller.role === Role.ProjectOfficial) return this.own(caller, q);
    return NO_ROWS;
  }

  /** A visit about to be written: the caller must be able to change it once it exists. */
  check(caller: Caller, row: VisitScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && caller.role === Role.Viewer)) return null;
    const ok =
      (caller.role === Role.CountyOfficer && !!caller.countyCode && row.officials.some((o) => o.countyCode === caller.countyCode)) ||
      (caller.role === Role.ProjectOfficial && !!caller.officialId && row.officials.some((o) => o.id === caller.officialId));
    return ok ? null : { field: 'input.officials', reason: VisitErrors.NOT_IN_VISIT.reason, ...VisitErrors.NOT_IN_VISIT.messages() };
  }

  /** Whether a county office may name this official in a visit (its own county's, or the city's). */
  mayName(caller: Caller, official: { name: string; countyCode: string | null }): ScopeRefusal | null {
    if (caller.role !== Role.CountyOfficer || official.countyCode === null || official.countyCode === caller.countyCode) return null;
    return { field: 'officialId', reason: VisitErrors.OFFICIAL_OUTSIDE_SCOPE.reason, ...VisitErrors.OFFICIAL_OUTSIDE_SCOPE.messages({ official: localized(official.name, official.name) }) };
  }

  private byCountyOfficials(countyCode: string, q: ScopeSql): RowFilter {
    const vo = q.sub('vo');
    const o = q.sub('o');
    return q.filter(
      `EXISTS (SELECT 1 FROM visit_official ${vo.alias} JOIN official ${o.alias} ON ${o.col('id')} = ${vo.col('official_id')} WHERE ${vo.col('visit_id')} = ${q.col('id')} AND ${o.col('county_code')} = ${q.param(countyCode)})`,
    );
  }

  private own(caller: Caller, q: ScopeSql): RowFilter {
    if (!caller.officialId) return NO_ROWS;
    const vo = q.sub('vo');
    return q.filter(`EXISTS (SELECT 1 FROM visit_official ${vo.alias} WHERE ${vo.col('visit_id')} = ${q.col('id')} AND ${vo.col('official_id')} = ${q.param(caller.officialId)})`);
  }
}
