import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, Role } from '@crm/auth';
import { ConnectionResult, followUpNext, followUpOverdueSql, FollowUpStatus, FollowUpStep, keysetPageOfRows, NotFoundError } from '@crm/shared';
import { RaiseRequestInput, RequestDeskDto, RequestDetailDto, RequestDto, RequestEventDto, RequestMessageDto, RequestsArgs, RequestStatus, RequestStepInput, SetRequestDeskInput } from '../dtos/request.dto';
import { NoticeErrors } from '../exceptions/notice.errors';
import { FlowEvents } from './flow-events';
import { NoticeAttachments } from './notice-attachments';
import type { TodoItem } from './todo-sources';

const STATUS_ZH: Readonly<Record<RequestStatus, string>> = { OPEN: '待交办', ASSIGNED: '已交办', ANSWERED: '已答复', CLOSED: '已办结' };

const COLUMNS: [string, string][] = [
  ['q.id', 'id'],
  ['q.category', 'category'],
  ['q.title', 'title'],
  ['q.text', 'text'],
  ['q.raiser_kind', 'raiserKind'],
  ['q.chamber_id', 'chamberId'],
  ['q.county_code', 'countyCode'],
  ['q.desk', 'desk'],
  ['q.status', 'status'],
  ['q.due_on::text', 'dueOn'],
  [`coalesce(${followUpOverdueSql('q')}, false)`, 'overdue'],
  ['q.raised_at', 'raisedAt'],
  ['q.first_answered_at', 'firstAnsweredAt'],
  ['q.closed_at', 'closedAt'],
  ['round(extract(epoch FROM q.first_answered_at - q.raised_at) / 3600.0, 2)::float8', 'hoursToAnswer'],
  ['q.version', 'version'],
];
const SELECT = COLUMNS.map(([e, a]) => `${e} AS "${a}"`).join(', ');

/**
 * Requests upward (请示/需求): raised by a chamber secretariat or a county office, routed to the
 * desk its category names, answered in a thread and closed by the office, with the opinions'
 * follow-up rules (@crm/shared followUpNext) and history. The only writer of request,
 * request_message, request_event, request_attachment and request_desk_route.
 */
@Injectable()
export class RequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: FlowEvents,
    private readonly attachments: NoticeAttachments,
  ) {}

  async desks(): Promise<RequestDeskDto[]> {
    return (await this.dataSource.query(`SELECT category, desk, due_days AS "dueDays" FROM request_desk_route ORDER BY category`)) as RequestDeskDto[];
  }

  async setDesk(caller: Caller, input: SetRequestDeskInput): Promise<RequestDeskDto> {
    return this.dataSource.transaction(async (em) => {
      const [before] = (await em.query(`SELECT desk, due_days AS "dueDays" FROM request_desk_route WHERE category = $1 FOR UPDATE`, [input.category])) as unknown[];
      await em.query(
        `INSERT INTO request_desk_route (category, desk, due_days, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (category) DO UPDATE SET desk = EXCLUDED.desk, due_days = EXCLUDED.due_days, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [input.category, input.desk.trim(), input.dueDays, caller.id],
      );
      const after = { category: input.category, desk: input.desk.trim(), dueDays: input.dueDays };
      await this.audit.record(em, { operation: 'requestDesk.set', entityType: 'RequestDesk', entityId: null, metadata: { category: input.category }, before: before as Record<string, unknown> | undefined, after: { ...after } });
      return after;
    });
  }

  async raise(caller: Caller, input: RaiseRequestInput): Promise<RequestDetailDto> {
    const raiser =
      caller.role === Role.ChamberSecretary && caller.chamberId
        ? { kind: 'CHAMBER', chamberId: caller.chamberId, countyCode: null }
        : caller.role === Role.CountyOfficer && caller.countyCode
          ? { kind: 'COUNTY', chamberId: null, countyCode: caller.countyCode }
          : null;
    if (!raiser) throw NoticeErrors.REQUEST_RAISER({}, { field: 'input' });
    const id = await this.dataSource.transaction(async (em) => {
      const [route] = (await em.query(`SELECT desk, due_days AS "dueDays" FROM request_desk_route WHERE category = $1`, [input.category])) as { desk: string; dueDays: number }[];
      if (!route) throw NoticeErrors.REQUEST_CATEGORY_UNKNOWN({ category: input.category }, { field: 'input.category' });
      const [{ id }] = (await em.query(
        `INSERT INTO request (category, title, text, raiser_kind, chamber_id, county_code, desk, due_on, raised_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CURRENT_DATE + $8::int, $9) RETURNING id`,
        [input.category, input.title.trim(), input.text, raiser.kind, raiser.chamberId, raiser.countyCode, route.desk, route.dueDays, caller.id],
      )) as { id: string }[];
      if (input.attachmentIds?.length) await this.attachments.attachToRequest(em, caller, id, input.attachmentIds, 'input.attachmentIds');
      await em.query(`INSERT INTO request_event (request_id, action, from_status, to_status, actor_id, note) VALUES ($1, 'RAISED', NULL, 'OPEN', $2, $3)`, [id, caller.id, route.desk]);
      await this.audit.record(em, { operation: 'request.raise', entityType: 'Request', entityId: id, after: { category: input.category, title: input.title, desk: route.desk } });
      await this.events.record(em, { type: 'request.raised', subjectId: id });
      return id;
    });
    await this.events.publish({ type: 'request.raised', subjectId: id, data: { category: input.category } });
    return this.get(caller, id);
  }

  async get(caller: Caller, id: string, em: EntityManager = this.dataSource.manager): Promise<RequestDetailDto> {
    if (!(await this.access.passes(em, 'Request', 'read', caller, id))) throw new NotFoundError('Request', id, { extensions: { field: 'id' } });
    const [row] = (await em.query(
      `SELECT ${SELECT},
              coalesce((SELECT json_agg(json_build_object('id', m.id, 'fromOffice', m.from_office, 'text', m.text, 'createdAt', m.created_at) ORDER BY m.created_at, m.id)
                          FROM request_message m WHERE m.request_id = q.id), '[]'::json) AS messages,
              coalesce((SELECT json_agg(json_build_object('action', e.action, 'fromStatus', e.from_status, 'toStatus', e.to_status, 'note', e.note, 'at', e.at) ORDER BY e.at, e.id)
                          FROM request_event e WHERE e.request_id = q.id), '[]'::json) AS history,
              coalesce((SELECT array_agg(a.file_id ORDER BY a.position) FROM request_attachment a WHERE a.request_id = q.id), '{}'::uuid[])::text[] AS "attachmentIds"
         FROM request q WHERE q.id = $1`,
      [id],
    )) as (RequestDetailDto & { messages: (RequestMessageDto & { createdAt: string })[]; history: (RequestEventDto & { at: string })[] })[];
    return {
      ...row,
      messages: row.messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt) })),
      history: row.history.map((e) => ({ ...e, at: new Date(e.at) })),
    };
  }

  async list(caller: Caller, args: RequestsArgs): Promise<ConnectionResult<RequestDto>> {
    const scope = this.access.read('Request', caller, 'q');
    const qb = this.dataSource.createQueryBuilder().from('request', 'q').where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.status) qb.andWhere('q.status = :status', { status: f.status });
    if (f?.desk) qb.andWhere('q.desk = :desk', { desk: f.desk });
    if (f?.overdue === true) qb.andWhere(followUpOverdueSql('q'));
    if (f?.overdue === false) qb.andWhere(`NOT coalesce(${followUpOverdueSql('q')}, false)`);
    const page = await keysetPageOfRows(qb, { keys: ['q.raised_at', 'q.id'], direction: 'DESC', first: args.first, after: args.after, columns: COLUMNS }, (r: RequestDto) => r);
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** The office routes the request to a desk (交办). */
  assign(caller: Caller, id: string, input: RequestStepInput): Promise<RequestDetailDto> {
    return this.step(caller, id, input, 'assign', 'ASSIGNED', async (em, row) => {
      const desk = input.desk?.trim();
      if (!desk) throw NoticeErrors.TARGET_INCOMPLETE({ kind: '交办', needs: 'desk' }, { field: 'input.desk' });
      await em.query(`UPDATE request SET desk = $2 WHERE id = $1`, [row.id, desk]);
      return desk;
    });
  }

  /** A reply in the thread: the office's answers it (已答复); the raiser's adds to the thread. */
  reply(caller: Caller, id: string, input: RequestStepInput): Promise<RequestDetailDto> {
    const text = input.text?.trim();
    if (!text) throw NoticeErrors.TARGET_INCOMPLETE({ kind: '回复', needs: 'text' }, { field: 'input.text' });
    const fromOffice = caller.role === Role.Admin;
    return this.step(caller, id, input, fromOffice ? 'answer' : null, fromOffice ? 'ANSWERED' : 'REPLIED', async (em, row) => {
      await em.query(`INSERT INTO request_message (request_id, from_office, text, author_id) VALUES ($1, $2, $3, $4)`, [row.id, fromOffice, text, caller.id]);
      if (fromOffice) await em.query(`UPDATE request SET first_answered_at = coalesce(first_answered_at, now()) WHERE id = $1`, [row.id]);
      return text.slice(0, 200);
    });
  }

  close(caller: Caller, id: string, input: RequestStepInput): Promise<RequestDetailDto> {
    return this.step(caller, id, input, 'close', 'CLOSED', async () => input.text?.trim() || null);
  }

  reopen(caller: Caller, id: string, input: RequestStepInput): Promise<RequestDetailDto> {
    return this.step(caller, id, input, 'reopen', 'REOPENED', async () => input.text?.trim() || null);
  }

  /**
   * One step: lock, scope (NOT_FOUND outside the read scope; the raiser's steps need its write
   * scope, the office's the office), version, the shared follow-up rule, then the change, its
   * history step and audit event in one transaction.
   */
  private async step(
    caller: Caller,
    id: string,
    input: RequestStepInput,
    rule: FollowUpStep | null,
    action: string,
    apply: (em: EntityManager, row: { id: string; status: RequestStatus }) => Promise<string | null>,
  ): Promise<RequestDetailDto> {
    const done = await this.dataSource.transaction(async (em) => {
      const [row] = (await em.query(`SELECT id, status, version, desk FROM request WHERE id = $1 FOR UPDATE`, [id])) as { id: string; status: RequestStatus; version: number; desk: string }[];
      if (!row || !(await this.access.passes(em, 'Request', 'read', caller, id))) throw new NotFoundError('Request', id, { extensions: { field: 'id' } });
      const office = caller.role === Role.Admin;
      const officeStep = rule === 'assign' || rule === 'answer' || rule === 'close';
      if ((officeStep && !office) || (!officeStep && !(await this.access.passes(em, 'Request', 'write', caller, id)))) throw NoticeErrors.REQUEST_NOT_YOURS({}, { field: 'id' });
      if (row.version !== input.version) throw NoticeErrors.STALE_VERSION({ current: row.version, read: input.version }, { field: 'input.version', extensions: { currentVersion: row.version } });
      let to = row.status;
      if (rule) {
        const next = followUpNext(row.status as FollowUpStatus, rule, true);
        if (next.refused === 'CLOSED') throw NoticeErrors.REQUEST_CLOSED({}, { field: 'id' });
        if (next.refused) throw NoticeErrors.REQUEST_WRONG_STATUS({ status: STATUS_ZH[row.status], action }, { field: 'id', extensions: { status: row.status } });
        to = next.to as RequestStatus;
      } else if (row.status === RequestStatus.Closed) {
        throw NoticeErrors.REQUEST_CLOSED({}, { field: 'id' });
      }
      const note = await apply(em, row);
      // closed_at goes with the status (a CHECK ties them together).
      await em.query(`UPDATE request SET status = $2::request_status, closed_at = CASE WHEN $2::request_status = 'CLOSED' THEN now() END, version = version + 1 WHERE id = $1`, [id, to]);
      await em.query(`INSERT INTO request_event (request_id, action, from_status, to_status, actor_id, note) VALUES ($1, $2, $3, $4, $5, $6)`, [id, action, row.status, to, caller.id, note]);
      await this.audit.record(em, { operation: `request.${rule ?? 'reply'}`, entityType: 'Request', entityId: id, before: { status: row.status, desk: row.desk }, after: { status: to }, metadata: { note } });
      if (to === RequestStatus.Answered && row.status !== RequestStatus.Answered) await this.events.record(em, { type: 'request.answered', subjectId: id });
      if (to === RequestStatus.Closed) await this.events.record(em, { type: 'request.closed', subjectId: id });
      return { from: row.status, to };
    });
    if (done.to === RequestStatus.Answered && done.from !== RequestStatus.Answered) await this.events.publish({ type: 'request.answered', subjectId: id, data: {} });
    if (done.to === RequestStatus.Closed) await this.events.publish({ type: 'request.closed', subjectId: id, data: {} });
    return this.get(caller, id);
  }

  /** The office's to-do: requests waiting for an answer, soonest due first. */
  async todos(caller: Caller): Promise<TodoItem[]> {
    if (caller.role !== Role.Admin) return [];
    return (await this.dataSource.query(
      `SELECT 'ANSWER_REQUEST' AS kind, q.id, q.title, q.due_on::timestamptz AS "dueAt", coalesce(${followUpOverdueSql('q')}, false) AS overdue
         FROM request q WHERE q.status IN ('OPEN', 'ASSIGNED') ORDER BY q.due_on, q.raised_at LIMIT 50`,
    )) as TodoItem[];
  }
}
