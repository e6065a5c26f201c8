import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';
import { unitReach } from '@crm/notice';

const OFFICE_WIDE: readonly Role[] = [Role.Admin, Role.Viewer];

/**
 * Meetings: the office and viewers read all; a unit the meetings it (or, for a secretariat, a
 * chamber below it) is invited to. Only the office creates and changes them.
 */
@Injectable()
export class MeetingScope implements RowScope<never> {
  readonly entity = 'Meeting' as const;
  readonly table = 'meeting';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (OFFICE_WIDE.includes(caller.role)) return ALL_ROWS;
    const i = q.sub('mi');
    const reach = unitReach(this.access, caller, i, false);
    return reach ? q.filter(`EXISTS (SELECT 1 FROM meeting_invitee ${i.alias} WHERE ${i.col('meeting_id')} = ${q.col('id')} AND ${reach})`) : NO_ROWS;
  }

  write(caller: Caller): RowFilter {
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }
}

/**
 * Registrations: read by the office and viewers, and by the invited unit (a secretariat also
 * those of the chambers below); made and cancelled by the invited unit itself (or the office).
 */
@Injectable()
export class MeetingRegistrationScope implements RowScope<never> {
  readonly entity = 'MeetingRegistration' as const;
  readonly table = 'meeting_registration';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (OFFICE_WIDE.includes(caller.role)) return ALL_ROWS;
    return this.viaInvitee(caller, q, false);
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    return this.viaInvitee(caller, q, true);
  }

  private viaInvitee(caller: Caller, q: ScopeSql, own: boolean): RowFilter {
    const i = q.sub('ri');
    const reach = unitReach(this.access, caller, i, own);
    return reach ? q.filter(`${q.col('invitee_id')} IN (SELECT ${i.col('id')} FROM meeting_invitee ${i.alias} WHERE ${reach})`) : NO_ROWS;
  }
}
