import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { localized } from '@crm/shared';
import { OfficialLevel } from '../entities/official.entity';
import { OfficialErrors } from '../exceptions/official.errors';

/** What the official rule needs of an official in memory. */
export interface OfficialScopeRow {
  level: OfficialLevel;
  countyCode: string | null;
}

/** Roles that read the whole directory (who visits is not personal; phones are masked apart). */
const READ_ALL: readonly Role[] = [Role.Admin, Role.Viewer, Role.CountyOfficer, Role.ChamberSecretary, Role.PartyOfficer, Role.ProjectOfficial];

/**
 * Officials: everyone signed in reads the directory; admins change any official, a county office
 * the officials of its own county; nobody else any.
 */
@Injectable()
export class OfficialScope implements RowScope<OfficialScopeRow> {
  readonly entity = 'Official' as const;
  readonly table = 'official';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller): RowFilter {
    return READ_ALL.includes(caller.role) ? ALL_ROWS : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer && caller.countyCode) return q.filter(`${q.col('county_code')} = ${q.param(caller.countyCode)}`);
    return NO_ROWS;
  }

  check(caller: Caller, row: OfficialScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (mode === 'read' && READ_ALL.includes(caller.role)) return null;
    if (caller.role === Role.Admin) return null;
    if (caller.role === Role.CountyOfficer && caller.countyCode && row.countyCode === caller.countyCode) return null;
    return { field: 'countyCode', reason: OfficialErrors.OUTSIDE_SCOPE.reason, ...OfficialErrors.OUTSIDE_SCOPE.messages({ official: localized('The official', '该干部') }) };
  }

  /** A county office's new officials are of its county. */
  defaults(caller: Caller): Partial<OfficialScopeRow> {
    return caller.role === Role.CountyOfficer && caller.countyCode ? { level: OfficialLevel.County, countyCode: caller.countyCode } : {};
  }
}
