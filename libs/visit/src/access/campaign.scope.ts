import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';

/**
 * Campaigns (活动) are the office's: admins, viewers and county offices (whose officials lead
 * the groups) read all; a project official the campaigns where they lead a group. Only admins
 * create and change them; recording a group's visits is a visit change (the visit rule).
 */
@Injectable()
export class CampaignScope implements RowScope {
  readonly entity = 'Campaign' as const;
  readonly table = 'campaign';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin || caller.role === Role.Viewer || caller.role === Role.CountyOfficer) return ALL_ROWS;
    if (caller.role === Role.ProjectOfficial && caller.officialId) {
      const g = q.sub('g');
      const l = q.sub('l');
      return q.filter(
        `EXISTS (SELECT 1 FROM campaign_group ${g.alias} JOIN campaign_group_leader ${l.alias} ON ${l.col('group_id')} = ${g.col('id')} WHERE ${g.col('campaign_id')} = ${q.col('id')} AND ${l.col('official_id')} = ${q.param(caller.officialId)})`,
      );
    }
    return NO_ROWS;
  }

  write(caller: Caller): RowFilter {
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }

  /**
   * Whether the caller records the visits of a campaign group (a visit against one of its
   * assignments): admins any; a county office the groups of its county or led by one of its
   * officials; a project official the groups they lead. Reading a campaign is not enough to
   * tick off another county's list.
   */
  async recordsFor(em: EntityManager, caller: Caller, groupId: string): Promise<boolean> {
    if (caller.role === Role.Admin) return true;
    if (caller.role === Role.CountyOfficer && caller.countyCode) {
      const rows = (await em.query(
        `SELECT 1 FROM campaign_group g WHERE g.id = $1 AND (g.county_code = $2
           OR EXISTS (SELECT 1 FROM campaign_group_leader l JOIN official o ON o.id = l.official_id WHERE l.group_id = g.id AND o.county_code = $2))`,
        [groupId, caller.countyCode],
      )) as unknown[];
      return rows.length > 0;
    }
    if (caller.role === Role.ProjectOfficial && caller.officialId) {
      const rows = (await em.query('SELECT 1 FROM campaign_group_leader WHERE group_id = $1 AND official_id = $2', [groupId, caller.officialId])) as unknown[];
      return rows.length > 0;
    }
    return false;
  }
}
