import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { localized } from '@crm/shared';
import { PartyErrors } from '../exceptions/party.errors';

/** Roles that read every working committee (organisational data, nothing personal). */
export const PARTY_READERS: readonly Role[] = [Role.Admin, Role.Viewer, Role.CountyOfficer, Role.ChamberSecretary, Role.PartyOfficer];

export interface PartyCommitteeScopeRow {
  id: string;
}

/**
 * Working committees: every role with party access reads them all; admins change any, a
 * party-work officer its own (`app_user.party_committee_id`, the account's scope), nobody else any.
 */
@Injectable()
export class PartyCommitteeScope implements RowScope<PartyCommitteeScopeRow> {
  readonly entity = 'PartyWorkingCommittee' as const;
  readonly table = 'party_working_committee';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, _q: ScopeSql): RowFilter {
    return PARTY_READERS.includes(caller.role) ? ALL_ROWS : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer && caller.partyCommitteeId) return q.filter(`${q.col('id')} = ${q.param(caller.partyCommitteeId)}`);
    return NO_ROWS;
  }

  check(caller: Caller, row: PartyCommitteeScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin) return null;
    if (mode === 'read' && PARTY_READERS.includes(caller.role)) return null;
    if (mode === 'write' && caller.role === Role.PartyOfficer && caller.partyCommitteeId === row.id) return null;
    return { field: 'committeeId', reason: PartyErrors.OUTSIDE_SCOPE.reason, ...PartyErrors.OUTSIDE_SCOPE.messages({ what: localized('The working committee', '该党工委') }) };
  }
}
