import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { chamberSubtreeSql } from '@crm/chamber';
import { InvestmentErrors } from '../exceptions/investment.errors';

/** What the project rule needs of a project in memory. */
export interface ProjectScopeRow {
  destinationCountyCode: string;
}

/**
 * Projects: admins and viewers read all; a county office the projects landing in its county
 * (and changes them); a secretariat reads the projects its chamber subtree introduced; a project
 * official reads, and posts progress on, the projects they are currently assigned to. Funds,
 * officials, notes, problems and complaints follow their project.
 */
@Injectable()
export class InvestmentProjectScope implements RowScope<ProjectScopeRow> {
  readonly entity = 'InvestmentProject' as const;
  readonly table = 'investment_project';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    switch (caller.role) {
      case Role.Admin:
      case Role.Viewer:
        return ALL_ROWS;
      case Role.CountyOfficer:
        return this.county(caller, q);
      case Role.ChamberSecretary: {
        if (!caller.chamberId) return NO_ROWS;
        const c = q.sub('c');
        const r = q.sub('r');
        return q.filter(`${q.col('chamber_id')} IN (SELECT ${c.alias}.id FROM ${chamberSubtreeSql(q.param([caller.chamberId]), c.alias, r.alias)})`);
      }
      case Role.ProjectOfficial:
        return this.assigned(caller, q);
      default:
        return NO_ROWS;
    }
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) return this.county(caller, q);
    // Progress notes and problems only: project fields need ProjectManage, which officials lack.
    if (caller.role === Role.ProjectOfficial) return this.assigned(caller, q);
    return NO_ROWS;
  }

  check(caller: Caller, row: ProjectScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && caller.role === Role.Viewer)) return null;
    if (caller.role === Role.CountyOfficer && caller.countyCode === row.destinationCountyCode) return null;
    const refusal = InvestmentErrors.COUNTY_OUTSIDE_SCOPE;
    return { field: 'input.destinationCountyCode', reason: refusal.reason, ...refusal.messages({ code: row.destinationCountyCode }) };
  }

  private county(caller: Caller, q: ScopeSql): RowFilter {
    return caller.countyCode ? q.filter(`${q.col('destination_county_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
  }

  /** Currently assigned: valid_from on or before today, valid_to not yet passed. */
  private assigned(caller: Caller, q: ScopeSql): RowFilter {
    if (!caller.officialId) return NO_ROWS;
    const po = q.sub('po');
    return q.filter(
      `EXISTS (SELECT 1 FROM project_official ${po.alias} WHERE ${po.col('project_id')} = ${q.col('id')} AND ${po.col('official_id')} = ${q.param(caller.officialId)} AND ${po.col('valid_from')} <= CURRENT_DATE AND (${po.col('valid_to')} IS NULL OR ${po.col('valid_to')} >= CURRENT_DATE))`,
    );
  }
}
