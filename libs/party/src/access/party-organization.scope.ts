import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import type { ChamberScopeRow } from '@crm/chamber';
import { localized } from '@crm/shared';
import { PartyErrors } from '../exceptions/party.errors';

/** What the unit rule needs of a unit in memory. */
export interface PartyOrganizationScopeRow {
  rootCommitteeId: string;
  /** The attached chambers (for a secretariat's read). */
  chambers?: ChamberScopeRow[];
}

const READ_ALL: readonly Role[] = [Role.Admin, Role.Viewer, Role.CountyOfficer];

/**
 * Party organisations: admins, viewers and county offices read all of them (organisational
 * data); a party-work officer the units under its working committee (`root_committee_id`, kept
 * by the database along the 一方隶属 chain); a secretariat the units attached to a chamber it
 * keeps (the chamber rule's write side: its chamber and those below). Admins change any unit, a
 * party-work officer those under its committee, nobody else any.
 */
@Injectable()
export class PartyOrganizationScope implements RowScope<PartyOrganizationScopeRow> {
  readonly entity = 'PartyOrganization' as const;
  readonly table = 'party_organization';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (READ_ALL.includes(caller.role)) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer) return this.underCommittee(caller, q);
    if (caller.role === Role.ChamberSecretary) {
      if (!caller.chamberId) return NO_ROWS;
      const oc = q.sub('oc');
      const c = q.sub('c');
      const chambers = this.access.filter('Chamber', 'write', caller, c);
      return q.filter(
        `EXISTS (SELECT 1 FROM party_organization_chamber ${oc.alias} JOIN chamber ${c.alias} ON ${c.col('id')} = ${oc.col('chamber_id')}
                 WHERE ${oc.col('organization_id')} = ${q.col('id')} AND ${chambers.sql})`,
      );
    }
    return NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer) return this.underCommittee(caller, q);
    return NO_ROWS;
  }

  check(caller: Caller, row: PartyOrganizationScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && READ_ALL.includes(caller.role))) return null;
    if (caller.role === Role.PartyOfficer && caller.partyCommitteeId && row.rootCommitteeId === caller.partyCommitteeId) return null;
    if (mode === 'read' && caller.role === Role.ChamberSecretary && (row.chambers ?? []).some((c) => this.access.admits('Chamber', 'write', caller, c))) return null;
    return { field: 'organizationId', reason: PartyErrors.OUTSIDE_SCOPE.reason, ...PartyErrors.OUTSIDE_SCOPE.messages({ what: localized('The party organization', '该党组织') }) };
  }

  private underCommittee(caller: Caller, q: ScopeSql): RowFilter {
    return caller.partyCommitteeId ? q.filter(`${q.col('root_committee_id')} = ${q.param(caller.partyCommitteeId)}`) : NO_ROWS;
  }
}
