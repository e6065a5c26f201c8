import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, anyOf, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';

/**
 * Opinions (意见建议): admins and viewers read all; a county office those assigned to its county,
 * those it raised, and those raised in visits it reads; a secretariat those its members or its
 * chambers raised (read, with the answers); a project official those assigned to them and
 * those raised in their visits. Handling (assign, answer, close, reopen): admins any, a county
 * office those of its county or those it raised while unassigned to a county, a project
 * official those assigned to them.
 */
@Injectable()
export class FeedbackScope implements RowScope {
  readonly entity = 'Feedback' as const;
  readonly table = 'feedback';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    switch (caller.role) {
      case Role.Admin:
      case Role.Viewer:
        return ALL_ROWS;
      case Role.CountyOfficer:
        if (!caller.countyCode) return NO_ROWS;
        return anyOf(
          q.filter(`${q.col('county_code')} = ${q.param(caller.countyCode)}`),
          q.filter(`${q.col('created_by')} = ${q.param(caller.id)}`),
          this.inVisits(caller, q),
        );
      case Role.ChamberSecretary: {
        if (!caller.chamberId) return NO_ROWS;
        const m = q.sub('m');
        const members = this.access.filter('Member', 'read', caller, m);
        const c = q.sub('c');
        const chambers = this.access.filter('Chamber', 'write', caller, c);
        return q.filter(
          `(${q.col('raised_by_member_id')} IN (SELECT ${m.col('id')} FROM member ${m.alias} WHERE ${members.sql})
            OR ${q.col('raised_by_chamber_id')} IN (SELECT ${c.col('id')} FROM chamber ${c.alias} WHERE ${chambers.sql}))`,
        );
      }
      case Role.ProjectOfficial:
        if (!caller.officialId) return NO_ROWS;
        return anyOf(q.filter(`${q.col('assignee_official_id')} = ${q.param(caller.officialId)}`), this.inVisits(caller, q));
      default:
        return NO_ROWS;
    }
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    switch (caller.role) {
      case Role.Admin:
        return ALL_ROWS;
      case Role.CountyOfficer:
        if (!caller.countyCode) return NO_ROWS;
        return q.filter(`(${q.col('county_code')} = ${q.param(caller.countyCode)} OR (${q.col('county_code')} IS NULL AND ${q.col('created_by')} = ${q.param(caller.id)}))`);
      case Role.ProjectOfficial:
        return caller.officialId ? q.filter(`${q.col('assignee_official_id')} = ${q.param(caller.officialId)}`) : NO_ROWS;
      default:
        return NO_ROWS;
    }
  }

  private inVisits(caller: Caller, q: ScopeSql): RowFilter {
    const v = q.sub('v');
    const visits = this.access.filter('Visit', 'read', caller, v);
    if (visits.sql === 'FALSE') return NO_ROWS;
    return q.filter(`${q.col('visit_id')} IN (SELECT ${v.col('id')} FROM visit ${v.alias} WHERE ${visits.sql})`);
  }
}
