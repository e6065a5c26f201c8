import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, RowFilter, RowScope, ScopeSql } from '@crm/auth';

/**
 * Organisation-life meetings follow their unit: a caller reads (changes) the meetings of the
 * units the unit rule lets it read (change).
 */
@Injectable()
export class PartyMeetingScope implements RowScope {
  readonly entity = 'PartyMeeting' as const;
  readonly table = 'party_meeting';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    return this.ofUnits(caller, q, 'read');
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    return this.ofUnits(caller, q, 'write');
  }

  private ofUnits(caller: Caller, q: ScopeSql, mode: 'read' | 'write'): RowFilter {
    const o = q.sub('po');
    const units = this.access.filter('PartyOrganization', mode, caller, o);
    if (units.sql === 'FALSE') return NO_ROWS;
    if (units.sql === 'TRUE') return ALL_ROWS;
    return q.filter(`${q.col('organization_id')} IN (SELECT ${o.col('id')} FROM party_organization ${o.alias} WHERE ${units.sql})`);
  }
}
