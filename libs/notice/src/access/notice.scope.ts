import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';
import { either, senderReach, unitReach } from './flow-reach';

const OFFICE_WIDE: readonly Role[] = [Role.Admin, Role.Viewer];

/**
 * Notices: the office and viewers read all; a unit reads what it sent (a secretariat also what
 * the chambers below it sent) and what was sent to it (or to its chambers below). Changes
 * (reminders, collecting returns) are the sender's: the office's any, a county's or a chamber's
 * its own.
 */
@Injectable()
export class NoticeScope implements RowScope<never> {
  readonly entity = 'Notice' as const;
  readonly table = 'notice';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (OFFICE_WIDE.includes(caller.role)) return ALL_ROWS;
    const r = q.sub('nr');
    const received = unitReach(this.access, caller, r, false);
    const sql = either(
      senderReach(this.access, caller, q, false),
      received ? `EXISTS (SELECT 1 FROM notice_recipient ${r.alias} WHERE ${r.col('notice_id')} = ${q.col('id')} AND ${received})` : null,
    );
    return sql ? q.filter(sql) : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    const sql = senderReach(this.access, caller, q, true);
    return sql ? q.filter(sql) : NO_ROWS;
  }
}

/**
 * Recipients (the kept list and its receipts): read by whoever reads the notice as its sender,
 * and by the recipient unit (a secretariat: its chamber and those below). Acknowledged only by
 * the recipient unit itself (or the office).
 */
@Injectable()
export class NoticeRecipientScope implements RowScope<never> {
  readonly entity = 'NoticeRecipient' as const;
  readonly table = 'notice_recipient';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (OFFICE_WIDE.includes(caller.role)) return ALL_ROWS;
    const n = q.sub('nn');
    const sent = senderReach(this.access, caller, n, false);
    const sql = either(unitReach(this.access, caller, q, false), sent ? `${q.col('notice_id')} IN (SELECT ${n.col('id')} FROM notice ${n.alias} WHERE ${sent})` : null);
    return sql ? q.filter(sql) : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    const sql = unitReach(this.access, caller, q, true);
    return sql ? q.filter(sql) : NO_ROWS;
  }
}

/** Returns: read with their recipient row; written by the recipient unit itself. */
@Injectable()
export class NoticeReturnScope implements RowScope<never> {
  readonly entity = 'NoticeReturn' as const;
  readonly table = 'notice_return';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    return this.via(caller, q, 'read');
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    return this.via(caller, q, 'write');
  }

  private via(caller: Caller, q: ScopeSql, mode: 'read' | 'write'): RowFilter {
    const r = q.sub('rr');
    const recipients = this.access.filter('NoticeRecipient', mode, caller, r);
    if (recipients.sql === 'TRUE') return ALL_ROWS;
    if (recipients.sql === 'FALSE') return NO_ROWS;
    return q.filter(`${q.col('recipient_id')} IN (SELECT ${r.col('id')} FROM notice_recipient ${r.alias} WHERE ${recipients.sql})`);
  }
}

/**
 * Requests upward: the office and viewers read all; a county office its own, a secretariat
 * those of its chamber and the chambers below. Writing in the thread: the raiser unit itself
 * (handling is the office's, by permission).
 */
@Injectable()
export class RequestScope implements RowScope<never> {
  readonly entity = 'Request' as const;
  readonly table = 'request';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (OFFICE_WIDE.includes(caller.role)) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer) return NO_ROWS;
    const sql = unitReach(this.access, caller, q, false);
    return sql ? q.filter(sql) : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.PartyOfficer) return NO_ROWS;
    const sql = unitReach(this.access, caller, q, true);
    return sql ? q.filter(sql) : NO_ROWS;
  }
}
