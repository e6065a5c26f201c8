import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { localized } from '@crm/shared';
import { PartyErrors } from '../exceptions/party.errors';

/** What the party member rule needs of a record in memory (a new one about to be written). */
export interface PartyMemberScopeRow {
  /** The root committee of the unit the person attends, or null without a unit. */
  unitCommitteeId: string | null;
  relationCountyCode: string | null;
}

/**
 * Party members: admins and viewers read all (viewers masked); a party-work officer those who
 * attend, or whose relation sits in, a unit under its committee; a secretariat those attending
 * a unit it reads (masked: see PartyPersonalData); a county office those whose relation sits in
 * its county (组织关系所在地). Admins and party-work officers change what they read; nobody else.
 */
@Injectable()
export class PartyMemberScope implements RowScope<PartyMemberScopeRow> {
  readonly entity = 'PartyMember' as const;
  readonly table = 'party_member';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin || caller.role === Role.Viewer) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) {
      return caller.countyCode ? q.filter(`${q.col('relation_county_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
    }
    if (caller.role === Role.ChamberSecretary) return this.inUnits(caller, q, 'read', false);
    if (caller.role === Role.PartyOfficer) return this.inUnits(caller, q, 'read', true);
    return NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer) return this.inUnits(caller, q, 'write', true);
    return NO_ROWS;
  }

  check(caller: Caller, row: PartyMemberScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin || (mode === 'read' && caller.role === Role.Viewer)) return null;
    if (mode === 'read' && caller.role === Role.CountyOfficer && caller.countyCode && row.relationCountyCode === caller.countyCode) return null;
    if (caller.role === Role.PartyOfficer && caller.partyCommitteeId && row.unitCommitteeId === caller.partyCommitteeId) return null;
    return { field: 'organizationId', reason: PartyErrors.OUTSIDE_SCOPE.reason, ...PartyErrors.OUTSIDE_SCOPE.messages({ what: localized('The party member', '该党员') }) };
  }

  /** Attending (and, for officers, holding the relation in) a unit the unit rule lets the caller reach. */
  private inUnits(caller: Caller, q: ScopeSql, mode: 'read' | 'write', relationToo: boolean): RowFilter {
    const units = (): string => {
      const o = q.sub('po');
      const filter = this.access.filter('PartyOrganization', mode, caller, o);
      return filter.sql === 'FALSE' ? 'SELECT NULL::uuid WHERE FALSE' : `SELECT ${o.col('id')} FROM party_organization ${o.alias} WHERE ${filter.sql}`;
    };
    const attends = `${q.col('organization_id')} IN (${units()})`;
    return q.filter(relationToo ? `(${attends} OR ${q.col('relation_organization_id')} IN (${units()}))` : attends);
  }
}
