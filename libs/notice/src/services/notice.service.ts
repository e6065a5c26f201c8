import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { ConnectionArgs, ConnectionResult, keysetPageOfRows, NotFoundError } from '@crm/shared';
import { NoticeRecipientFilter, SendNoticeInput, SubmitReturnInput } from '../dtos/inputs/notice.inputs';
import { InboxNoticeDto, NoticeDto, NoticeRecipientDto, NoticeReturnDto, NoticeStatsDto, ReceiptState, ReturnFieldDto, ReturnFieldType } from '../dtos/notice.dto';
import { FlowRecipientKind } from '../dtos/flow-target.input';
import { NoticeErrors } from '../exceptions/notice.errors';
import { checkAnswers, checkForm, StoredAnswer } from '../utils/return-form';
import { FlowEvents } from './flow-events';
import { NoticeAttachments } from './notice-attachments';
import { TargetResolver } from './target-resolver';

/** Minutes between two reminders of one notice (reminders are recorded and rate-limited). */
export const REMINDER_INTERVAL_MINUTES = 60;

/** How far ahead a deadline may lie (a typo such as year 20260 is refused, not kept). */
export const DEADLINE_MAX_DAYS = 730;

const NOTICE_COLUMNS = `n.id, n.title, n.body, n.priority, n.deadline, n.sender_kind AS "senderKind", n.sender_county_code AS "senderCountyCode",
  n.sender_chamber_id AS "senderChamberId", n.target::text AS target, n.return_form AS "returnForm", n.recipient_count AS "recipientCount",
  n.sent_at AS "sentAt", n.version,
  coalesce((SELECT array_agg(na.file_id ORDER BY na.position) FROM notice_attachment na WHERE na.notice_id = n.id), '{}'::uuid[])::text[] AS "attachmentIds"`;

const RECIPIENT_PAIRS: [string, string][] = [
  ['r.id', 'id'],
  ['r.notice_id', 'noticeId'],
  ['r.kind', 'kind'],
  ['r.chamber_id', 'chamberId'],
  ['r.county_code', 'countyCode'],
  ['r.party_organization_id', 'partyOrganizationId'],
  ['r.label', 'label'],
  ['r.read_at', 'readAt'],
  ['r.acknowledged_at', 'acknowledgedAt'],
  ['r.reminder_count', 'reminderCount'],
  ['cardinality(r.member_ids)', 'memberCount'],
  ['EXISTS (SELECT 1 FROM notice_return nt WHERE nt.recipient_id = r.id)', 'returned'],
];

const STATE_SQL = (r: string) => `CASE WHEN ${r}.acknowledged_at IS NOT NULL THEN 'ACKNOWLEDGED' WHEN ${r}.read_at IS NOT NULL THEN 'READ' ELSE 'UNREAD' END`;

interface NoticeRow extends Omit<NoticeDto, 'returnForm'> {
  returnForm: ReturnFieldDto[] | null;
}

interface RecipientRow {
  id: string;
  noticeId: string;
  kind: FlowRecipientKind;
  chamberId: string | null;
  countyCode: string | null;
  partyOrganizationId: string | null;
  label: string;
  readAt: Date | null;
  acknowledgedAt: Date | null;
  reminderCount: number;
  memberCount: number;
  returned: boolean;
}

/**
 * Notices (通知): sent to a target resolved into kept recipients in one statement, opened and
 * acknowledged (签收) by the recipient unit, chased with recorded, rate-limited reminders;
 * returns (报送) checked against the form, correctable until the deadline. The only writer of
 * notice, notice_recipient, notice_reminder and notice_return; every change audited.
 */
@Injectable()
export class NoticeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly targets: TargetResolver,
    private readonly events: FlowEvents,
    private readonly attachments: NoticeAttachments,
  ) {}

  /**
   * Sends a notice. `options.at` records one sent earlier (demo data, notices from before the
   * system): the deadline is checked against that moment. Not offered over the API.
   */
  async send(caller: Caller, input: SendNoticeInput, options: { at?: Date } = {}): Promise<NoticeDto> {
    const sender = this.targets.senderOf(caller);
    const at = options.at ?? new Date();
    if (input.deadline && input.deadline.getTime() <= at.getTime()) throw NoticeErrors.DEADLINE_PAST({}, { field: 'input.deadline' });
    if (input.deadline && input.deadline.getTime() > at.getTime() + DEADLINE_MAX_DAYS * 86_400_000) {
      throw NoticeErrors.DEADLINE_TOO_FAR({ days: DEADLINE_MAX_DAYS }, { field: 'input.deadline' });
    }
    const form = input.returnForm?.length ? checkForm(input.returnForm) : null;
    if (form && !input.deadline) throw NoticeErrors.RETURN_NEEDS_DEADLINE({}, { field: 'input.deadline' });
    const notice = await this.dataSource.transaction(async (em) => {
      const [{ id }] = (await em.query(
        `INSERT INTO notice (title, body, priority, deadline, sender_kind, sender_county_code, sender_chamber_id, target, return_form, sent_by, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [input.title.trim(), input.body, input.priority, input.deadline ?? null, sender.kind, sender.countyCode, sender.chamberId, JSON.stringify(input.target), form ? JSON.stringify(form) : null, caller.id, at],
      )) as { id: string }[];
      const count = await this.targets.insert(em, caller, input.target, { table: 'notice_recipient', parentColumn: 'notice_id', keepsMembers: true }, id);
      await em.query(`UPDATE notice SET recipient_count = $2 WHERE id = $1`, [id, count]);
      if (input.attachmentIds?.length) await this.attachments.attach(em, caller, id, input.attachmentIds, 'input.attachmentIds');
      const after = await this.read(em, id);
      await this.audit.record(em, {
        operation: 'notice.send',
        entityType: 'Notice',
        entityId: id,
        after: { title: after.title, priority: after.priority, deadline: after.deadline, target: input.target, recipientCount: count, returnForm: form },
      });
      await this.events.record(em, { type: 'notice.sent', subjectId: id });
      return after;
    });
    await this.events.publish({ type: 'notice.sent', subjectId: notice.id, data: { title: notice.title, recipientCount: notice.recipientCount, asksReturn: !!notice.returnForm } });
    return notice;
  }

  private async read(em: EntityManager, id: string): Promise<NoticeDto> {
    const [row] = (await em.query(`SELECT ${NOTICE_COLUMNS} FROM notice n WHERE n.id = $1`, [id])) as NoticeRow[];
    if (!row) throw new NotFoundError('Notice', id);
    return row;
  }

  /** One notice the caller may read (NOT_FOUND otherwise: its existence is not disclosed). */
  async get(caller: Caller, id: string, em: EntityManager = this.dataSource.manager, field = 'id'): Promise<NoticeDto> {
    if (!(await this.access.passes(em, 'Notice', 'read', caller, id))) throw new NotFoundError('Notice', id, { extensions: { field } });
    return this.read(em, id);
  }

  /** Notices the caller reads (sent or received), newest first. */
  async list(caller: Caller, args: ConnectionArgs): Promise<ConnectionResult<NoticeDto>> {
    const scope = this.access.read('Notice', caller, 'n');
    const qb = this.dataSource.createQueryBuilder().from('notice', 'n').where(scope.sql, scope.params);
    const pairs = NOTICE_COLUMNS.split(/,\s*(?![^(]*\))/).map((part): [string, string] => {
      const m = /^(.*?)\s+AS\s+"?(\w+)"?$/s.exec(part.trim());
      return m ? [m[1], m[2]] : [part.trim(), part.trim().split('.').pop() as string];
    });
    const page = await keysetPageOfRows(qb, { keys: ['n.sent_at', 'n.id'], direction: 'DESC', first: args.first, after: args.after, columns: pairs }, (r: NoticeRow) => r);
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** The caller's own recipient rows of a notice (its unit; a secretariat's own chamber). */
  private async myRecipients(em: EntityManager, caller: Caller, noticeId: string, lock = false): Promise<RecipientRow[]> {
    const scope = this.ownUnit(caller);
    if (!scope) return [];
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT r.id, r.kind, r.chamber_id AS "chamberId", r.county_code AS "countyCode", r.party_organization_id AS "partyOrganizationId", r.label,
              r.read_at AS "readAt", r.acknowledged_at AS "acknowledgedAt", r.reminder_count AS "reminderCount"
         FROM notice_recipient r WHERE r.notice_id = :__notice AND (${scope.sql}) ORDER BY r.label, r.id ${lock ? 'FOR UPDATE' : ''}`,
      { ...scope.params, __notice: noticeId },
      {},
    );
    return (await em.query(sql, params)) as RecipientRow[];
  }

  /** Marks the notice read for the caller's unit (first opening only) and returns it. */
  async open(caller: Caller, id: string): Promise<NoticeDto> {
    return this.dataSource.transaction(async (em) => {
      const notice = await this.get(caller, id, em);
      const mine = (await this.myRecipients(em, caller, id, true)).filter((r) => !r.readAt);
      if (mine.length) {
        await em.query(`UPDATE notice_recipient SET read_at = now(), read_by = $2 WHERE id = ANY($1::uuid[]) AND read_at IS NULL`, [mine.map((r) => r.id), caller.id]);
      }
      return notice;
    });
  }

  /** 签收: the recipient unit acknowledges (reading it too, if not yet opened). */
  async acknowledge(caller: Caller, id: string): Promise<NoticeRecipientDto> {
    const result = await this.dataSource.transaction(async (em) => {
      const notice = await this.get(caller, id, em);
      const [mine] = await this.myRecipients(em, caller, id, true);
      if (!mine) throw NoticeErrors.NOT_A_RECIPIENT({}, { field: 'id' });
      if (!mine.acknowledgedAt) {
        await em.query(`UPDATE notice_recipient SET read_at = coalesce(read_at, now()), read_by = coalesce(read_by, $2), acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1`, [mine.id, caller.id]);
        await this.audit.record(em, { operation: 'notice.acknowledge', entityType: 'NoticeRecipient', entityId: mine.id, metadata: { noticeId: id } });
        await this.events.record(em, { type: 'notice.acknowledged', subjectId: id });
      }
      return { recipient: await this.recipient(em, mine.id, notice.deadline), notice, first: !mine.acknowledgedAt };
    });
    if (result.first) await this.events.publish({ type: 'notice.acknowledged', subjectId: id, data: { recipientId: result.recipient.id, label: result.recipient.label } });
    return result.recipient;
  }

  private async recipient(em: EntityManager, recipientId: string, deadline: Date | null): Promise<NoticeRecipientDto> {
    const [row] = (await em.query(`SELECT ${RECIPIENT_PAIRS.map(([e, a]) => `${e} AS "${a}"`).join(', ')} FROM notice_recipient r WHERE r.id = $1`, [recipientId])) as RecipientRow[];
    return toRecipient(row, deadline);
  }

  /** Reminds every recipient that has not acknowledged; at most once per REMINDER_INTERVAL_MINUTES. */
  async remind(caller: Caller, id: string): Promise<number> {
    const reminded = await this.dataSource.transaction(async (em) => {
      await this.get(caller, id, em);
      if (!(await this.access.passes(em, 'Notice', 'write', caller, id))) throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: '该通知' }, { field: 'id' });
      const [n] = (await em.query(`SELECT last_reminded_at AS "last" FROM notice WHERE id = $1 FOR UPDATE`, [id])) as { last: Date | null }[];
      if (n.last && Date.now() - n.last.getTime() < REMINDER_INTERVAL_MINUTES * 60_000) {
        throw NoticeErrors.REMINDER_TOO_SOON({ minutes: REMINDER_INTERVAL_MINUTES }, { field: 'id', extensions: { lastRemindedAt: n.last.toISOString() } });
      }
      const rows = (await em.query(
        `UPDATE notice_recipient SET reminder_count = reminder_count + 1, last_reminded_at = now() WHERE notice_id = $1 AND acknowledged_at IS NULL RETURNING id`,
        [id],
      )) as unknown[];
      const count = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
      if (!count) throw NoticeErrors.NOTHING_TO_REMIND({}, { field: 'id' });
      await em.query(`UPDATE notice SET last_reminded_at = now() WHERE id = $1`, [id]);
      await em.query(`INSERT INTO notice_reminder (notice_id, recipient_count, sent_by) VALUES ($1, $2, $3)`, [id, count, caller.id]);
      await this.audit.record(em, { operation: 'notice.remind', entityType: 'Notice', entityId: id, metadata: { recipients: count } });
      await this.events.record(em, { type: 'notice.reminded', subjectId: id });
      return count;
    });
    await this.events.publish({ type: 'notice.reminded', subjectId: id, data: { recipients: reminded } });
    return reminded;
  }

  /** The receipt table: recipients by name, with state and overdue flag (keyset pages). */
  async recipients(caller: Caller, noticeId: string, args: ConnectionArgs, filter?: NoticeRecipientFilter | null): Promise<ConnectionResult<NoticeRecipientDto>> {
    const [n] = (await this.dataSource.query(`SELECT deadline FROM notice WHERE id = $1`, [noticeId])) as { deadline: Date | null }[];
    const scope = this.access.read('NoticeRecipient', caller, 'r');
    const qb = this.dataSource.createQueryBuilder().from('notice_recipient', 'r').where('r.notice_id = :noticeId', { noticeId }).andWhere(scope.sql, scope.params);
    if (filter?.state) qb.andWhere(`${STATE_SQL('r')} = :state`, { state: filter.state });
    if (filter?.missingReturn === true) qb.andWhere('NOT EXISTS (SELECT 1 FROM notice_return nm WHERE nm.recipient_id = r.id)');
    if (filter?.missingReturn === false) qb.andWhere('EXISTS (SELECT 1 FROM notice_return nm WHERE nm.recipient_id = r.id)');
    if (filter?.mine) {
      // The unit's own receipt, found by the unit rule (one statement), not by paging the whole table.
      const own = await this.myRecipients(this.dataSource.manager, caller, noticeId);
      qb.andWhere('r.id = ANY(:mine)', { mine: own.map((r) => r.id) });
    }
    const page = await keysetPageOfRows(qb, { keys: ['r.label', 'r.id'], direction: 'ASC', first: args.first, after: args.after, columns: RECIPIENT_PAIRS }, (row: RecipientRow) =>
      toRecipient(row, n?.deadline ?? null),
    );
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** Counts for the sender's summary, within the caller's view of the recipients. */
  async stats(caller: Caller, noticeId: string): Promise<NoticeStatsDto> {
    const scope = this.access.read('NoticeRecipient', caller, 'r');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT count(*)::int AS recipients, count(r.read_at)::int AS read, count(r.acknowledged_at)::int AS acknowledged,
              count(*) FILTER (WHERE r.acknowledged_at IS NULL AND n.deadline < now())::int AS overdue,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM notice_return t WHERE t.recipient_id = r.id))::int AS returned
         FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE r.notice_id = :__notice AND (${scope.sql})`,
      { ...scope.params, __notice: noticeId },
      {},
    );
    const [row] = (await this.dataSource.query(sql, params)) as NoticeStatsDto[];
    return row;
  }

  /** Submits or corrects the caller's unit's return, until the deadline. */
  async submitReturn(caller: Caller, noticeId: string, input: SubmitReturnInput): Promise<NoticeReturnDto> {
    const saved = await this.dataSource.transaction(async (em) => {
      const notice = await this.get(caller, noticeId, em, 'noticeId');
      if (!notice.returnForm) throw NoticeErrors.NO_RETURN_ASKED({}, { field: 'noticeId' });
      const [mine] = await this.myRecipients(em, caller, noticeId, true);
      if (!mine) throw NoticeErrors.NOT_A_RECIPIENT({}, { field: 'noticeId' });
      if (notice.deadline && notice.deadline.getTime() < Date.now()) {
        throw NoticeErrors.RETURN_CLOSED({ deadline: notice.deadline.toISOString() }, { field: 'noticeId', extensions: { deadline: notice.deadline.toISOString() } });
      }
      const answers = checkAnswers(notice.returnForm, input.answers);
      await this.checkMembers(em, mine, notice.returnForm, answers, input);
      const fileIds = answers.filter((a) => a.fileId).map((a) => a.fileId as string);
      for (const a of answers.filter((x) => x.fileId)) {
        const i = input.answers.findIndex((x) => x.key === a.key);
        await this.attachments.requireOwnUpload(em, caller, a.fileId as string, `input.answers.${i}.fileId`);
      }
      const memberIds = [...new Set(answers.flatMap((a) => a.memberIds ?? []))];
      const [existing] = (await em.query(`SELECT id, version FROM notice_return WHERE recipient_id = $1 FOR UPDATE`, [mine.id])) as { id: string; version: number }[];
      if (existing) {
        if (input.version == null || input.version !== existing.version) {
          throw NoticeErrors.STALE_VERSION({ current: existing.version, read: input.version ?? 0 }, { field: 'input.version', extensions: { currentVersion: existing.version } });
        }
        await em.query(`UPDATE notice_return SET answers = $2, member_ids = $3, file_ids = $4, updated_at = now(), version = version + 1 WHERE id = $1`, [
          existing.id,
          JSON.stringify(answers),
          memberIds,
          fileIds,
        ]);
      } else {
        await em.query(
          `INSERT INTO notice_return (notice_id, recipient_id, answers, member_ids, file_ids, late, submitted_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [noticeId, mine.id, JSON.stringify(answers), memberIds, fileIds, mine.reminderCount > 0, caller.id],
        );
        // Submitting a return is reading the notice.
        await em.query(`UPDATE notice_recipient SET read_at = coalesce(read_at, now()), read_by = coalesce(read_by, $2) WHERE id = $1`, [mine.id, caller.id]);
      }
      await this.audit.record(em, { operation: existing ? 'noticeReturn.correct' : 'noticeReturn.submit', entityType: 'NoticeReturn', entityId: mine.id, after: { answers }, metadata: { noticeId } });
      await this.events.record(em, { type: 'return.submitted', subjectId: noticeId });
      const [ret] = await this.returnRows(em, noticeId, [mine.id]);
      return ret;
    });
    await this.events.publish({ type: 'return.submitted', subjectId: noticeId, data: { recipientId: saved.recipientId, label: saved.recipientLabel } });
    return saved;
  }

  /** A members field takes only the recipient's own members (its chamber and below; its county; its party unit). */
  private async checkMembers(em: EntityManager, recipient: RecipientRow, form: ReturnFieldDto[], answers: StoredAnswer[], input: SubmitReturnInput): Promise<void> {
    for (const a of answers) {
      if (!a.memberIds?.length) continue;
      const field = form.find((f) => f.key === a.key) as ReturnFieldDto;
      let sql: string;
      let unit: string;
      if (recipient.kind === FlowRecipientKind.Chamber) {
        sql = `SELECT DISTINCT cm.member_id AS id FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id
                WHERE cm.member_id = ANY($1::uuid[]) AND cm.left_on IS NULL AND (c.id = $2 OR c.ancestor_ids @> ARRAY[$2::uuid])`;
        unit = recipient.chamberId as string;
      } else if (recipient.kind === FlowRecipientKind.County) {
        sql = `SELECT id FROM member WHERE id = ANY($1::uuid[]) AND hometown_code = $2 AND status <> 'MERGED'`;
        unit = recipient.countyCode as string;
      } else {
        sql = `SELECT DISTINCT member_id AS id FROM party_member WHERE member_id = ANY($1::uuid[]) AND organization_id = $2`;
        unit = recipient.partyOrganizationId as string;
      }
      const found = new Set(((await em.query(sql, [a.memberIds, unit])) as { id: string }[]).map((r) => r.id));
      if (a.memberIds.some((id) => !found.has(id))) {
        const i = input.answers.findIndex((x) => x.key === a.key);
        throw NoticeErrors.MEMBER_OUTSIDE_RECIPIENT({ label: field.label }, { field: `input.answers.${i}.memberIds`, extensions: { memberIds: a.memberIds.filter((id) => !found.has(id)) } });
      }
    }
  }

  /** Returns of a notice with member names (one statement); only those the caller reads. */
  async returns(caller: Caller, noticeId: string): Promise<NoticeReturnDto[]> {
    await this.get(caller, noticeId, this.dataSource.manager, 'noticeId');
    const scope = this.access.read('NoticeReturn', caller, 't');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(`SELECT t.recipient_id AS id FROM notice_return t WHERE t.notice_id = :__n AND (${scope.sql})`, { ...scope.params, __n: noticeId }, {});
    const ids = ((await this.dataSource.query(sql, params)) as { id: string }[]).map((r) => r.id);
    return ids.length ? this.returnRows(this.dataSource.manager, noticeId, ids) : [];
  }

  async returnRows(em: EntityManager, noticeId: string, recipientIds: string[] | null): Promise<NoticeReturnDto[]> {
    const rows = (await em.query(
      `SELECT t.id, t.recipient_id AS "recipientId", r.label AS "recipientLabel", t.answers, t.late, t.submitted_at AS "submittedAt", t.updated_at AS "updatedAt", t.version,
              coalesce((SELECT json_object_agg(m.id, m.name) FROM member m WHERE m.id = ANY(t.member_ids)), '{}'::json) AS names
         FROM notice_return t JOIN notice_recipient r ON r.id = t.recipient_id
        WHERE t.notice_id = $1 ${recipientIds ? 'AND t.recipient_id = ANY($2::uuid[])' : ''} ORDER BY r.label, r.id`,
      recipientIds ? [noticeId, recipientIds] : [noticeId],
    )) as (Omit<NoticeReturnDto, 'answers'> & { answers: StoredAnswer[]; names: Record<string, string> })[];
    return rows.map(({ names, answers, ...r }) => ({
      ...r,
      answers: answers.map((a) => ({ key: a.key, value: a.value, fileId: a.fileId, members: a.memberIds ? a.memberIds.map((id) => ({ id, name: names[id] ?? '—' })) : null })),
    }));
  }

  /**
   * The recipient rows of the caller's own unit, or null when it acts for none. The office may
   * change any recipient row (ALL_ROWS) but is no recipient itself: it neither opens nor
   * acknowledges nor answers on a unit's behalf, and its inbox holds no receipts.
   */
  private ownUnit(caller: Caller): { sql: string; params: Record<string, unknown> } | null {
    const scope = this.access.write('NoticeRecipient', caller, 'r');
    return scope.sql === 'TRUE' || scope.sql === 'FALSE' ? null : scope;
  }

  /** Notices sent to the caller's own unit, newest first, with its receipt. */
  async inbox(caller: Caller, args: ConnectionArgs): Promise<ConnectionResult<InboxNoticeDto>> {
    const scope = this.ownUnit(caller) ?? { sql: 'FALSE', params: {} };
    const qb = this.dataSource.createQueryBuilder().from('notice_recipient', 'r').innerJoin('notice', 'n', 'n.id = r.notice_id').where(scope.sql, scope.params);
    const columns: [string, string][] = [
      ['n.id', 'noticeId'],
      ['r.id', 'recipientId'],
      ['n.title', 'title'],
      ['n.priority', 'priority'],
      ['n.sent_at', 'sentAt'],
      ['n.deadline', 'deadline'],
      [STATE_SQL('r'), 'state'],
      ['n.return_form IS NOT NULL', 'asksReturn'],
      ['EXISTS (SELECT 1 FROM notice_return t WHERE t.recipient_id = r.id)', 'returned'],
    ];
    const page = await keysetPageOfRows(qb, { keys: ['n.sent_at', 'r.id'], direction: 'DESC', first: args.first, after: args.after, columns }, (row: InboxNoticeDto) => row);
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** Notices to acknowledge and returns due for the caller's own unit (at most 50 each, soonest due first). */
  async todos(caller: Caller): Promise<{ kind: string; id: string; title: string; dueAt: Date | null; overdue: boolean }[]> {
    const scope = this.ownUnit(caller);
    if (!scope) return [];
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `(SELECT 'ACKNOWLEDGE_NOTICE' AS kind, n.id, n.title, n.deadline AS "dueAt", coalesce(n.deadline < now(), false) AS overdue
          FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE (${scope.sql}) AND r.acknowledged_at IS NULL
         ORDER BY n.deadline NULLS LAST, n.sent_at DESC LIMIT 50)
       UNION ALL
       (SELECT 'SUBMIT_RETURN', n.id, n.title, n.deadline, false
          FROM notice_recipient r JOIN notice n ON n.id = r.notice_id
         WHERE (${scope.sql}) AND n.return_form IS NOT NULL AND n.deadline >= now() AND NOT EXISTS (SELECT 1 FROM notice_return t WHERE t.recipient_id = r.id)
         ORDER BY n.deadline LIMIT 50)`,
      scope.params,
      {},
    );
    return (await this.dataSource.query(sql, params)) as { kind: string; id: string; title: string; dueAt: Date | null; overdue: boolean }[];
  }
}

function toRecipient(row: RecipientRow, deadline: Date | null): NoticeRecipientDto {
  const state = row.acknowledgedAt ? ReceiptState.Acknowledged : row.readAt ? ReceiptState.Read : ReceiptState.Unread;
  return {
    ...row,
    reminderCount: Number(row.reminderCount),
    memberCount: Number(row.memberCount ?? 0),
    returned: row.returned === true || (row.returned as unknown) === 't',
    state,
    overdue: !row.acknowledgedAt && !!deadline && new Date(deadline).getTime() < Date.now(),
  };
}

export { ReturnFieldType };
