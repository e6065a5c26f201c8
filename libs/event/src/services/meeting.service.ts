import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, ScopeSql } from '@crm/auth';
import { FlowEvents, FlowRecipientKind, TargetResolver, TodoItem } from '@crm/notice';
import { ConnectionArgs, ConnectionResult, keysetPageOfRows, NotFoundError } from '@crm/shared';
import type { ContactHistoryPart } from '@crm/visit';
import { CreateMeetingInput, MeetingDto, RegisterDelegatesInput, RegistrationDto, RegistrationsArgs, RegistrationStatus, SetMeetingCapacityInput, VersionInput } from '../dtos/meeting.dto';
import { EventErrors } from '../exceptions/event.errors';

const STATUS_ZH: Readonly<Record<RegistrationStatus, string>> = { REGISTERED: '已报名', WAITLISTED: '候补', CANCELLED: '已取消' };

const MEETING_SELECT = `m.id, m.title, m.kind, m.starts_on::text AS "startsOn", m.ends_on::text AS "endsOn", m.place, m.capacity, m.registered_count AS "registeredCount",
  (SELECT count(*)::int FROM meeting_registration w WHERE w.meeting_id = m.id AND w.status = 'WAITLISTED') AS "waitlistedCount",
  (SELECT count(*)::int FROM meeting_invitee i WHERE i.meeting_id = m.id) AS "inviteeCount",
  m.registration_deadline AS "registrationDeadline", m.target::text AS target, m.version`;

const REGISTRATION_PAIRS: [string, string][] = [
  ['r.id', 'id'],
  ['r.meeting_id', 'meetingId'],
  ['r.member_id', 'memberId'],
  ['mb.name', 'memberName'],
  ['i.label', 'unit'],
  ['i.kind', 'unitKind'],
  ['r.role', 'role'],
  ['r.arrival', 'arrival'],
  ['r.status', 'status'],
  ['r.queued_at', 'queuedAt'],
  ['r.checked_in_at', 'checkedInAt'],
  ['r.version', 'version'],
];
const REGISTRATION_SELECT = REGISTRATION_PAIRS.map(([e, a]) => `${e} AS "${a}"`).join(', ');

/** A real calendar day (no 2026-02-30) in the years a meeting can be planned for. */
function isMeetingDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2099;
}

interface InviteeRow {
  id: string;
  kind: FlowRecipientKind;
  chamberId: string | null;
  countyCode: string | null;
  partyOrganizationId: string | null;
}

/**
 * Meetings (会议活动): created by the office with a capacity and invitees chosen by the notices'
 * targeting; invited units register delegates from their own scope until the deadline. Places
 * are counted on the meeting row, which every registration locks (FOR UPDATE), and a CHECK keeps
 * the count within the capacity: beyond it a delegate waits (候补), promoted in queue order when
 * a place frees. The only writer of meeting, meeting_invitee and meeting_registration.
 */
/** A delegate's name for a refusal (the member is in the caller's unit: checked before). */
async function memberName(em: EntityManager, id: string): Promise<string> {
  const [row] = (await em.query(`SELECT name FROM member WHERE id = $1`, [id])) as { name: string }[];
  return row?.name ?? id;
}

@Injectable()
export class MeetingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly targets: TargetResolver,
    private readonly events: FlowEvents,
  ) {}

  async create(caller: Caller, input: CreateMeetingInput): Promise<MeetingDto> {
    for (const key of ['startsOn', 'endsOn'] as const) if (!isMeetingDate(input[key])) throw EventErrors.DATE_INVALID({}, { field: `input.${key}` });
    if (input.registrationDeadline.getTime() <= Date.now()) throw EventErrors.DEADLINE_PAST({}, { field: 'input.registrationDeadline' });
    if (input.endsOn < input.startsOn) throw EventErrors.DATES({}, { field: 'input.endsOn' });
    if (input.registrationDeadline.getTime() > new Date(`${input.startsOn}T00:00:00+08:00`).getTime()) throw EventErrors.DEADLINE_AFTER_START({}, { field: 'input.registrationDeadline' });
    const meeting = await this.dataSource.transaction(async (em) => {
      const [{ id }] = (await em.query(
        `INSERT INTO meeting (title, kind, starts_on, ends_on, place, capacity, registration_deadline, target, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [input.title.trim(), input.kind, input.startsOn, input.endsOn, input.place.trim(), input.capacity, input.registrationDeadline, JSON.stringify(input.target), caller.id],
      )) as { id: string }[];
      await this.targets.insert(em, caller, input.target, { table: 'meeting_invitee', parentColumn: 'meeting_id', keepsMembers: false }, id);
      const after = await this.read(em, id);
      await this.audit.record(em, { operation: 'meeting.create', entityType: 'Meeting', entityId: id, after: { ...after } });
      await this.events.record(em, { type: 'meeting.created', subjectId: id });
      return after;
    });
    await this.events.publish({ type: 'meeting.created', subjectId: meeting.id, data: { title: meeting.title, invitees: meeting.inviteeCount } });
    return meeting;
  }

  private async read(em: EntityManager, id: string): Promise<MeetingDto> {
    const [row] = (await em.query(`SELECT ${MEETING_SELECT} FROM meeting m WHERE m.id = $1`, [id])) as MeetingDto[];
    if (!row) throw new NotFoundError('Meeting', id, { extensions: { field: 'id' } });
    return row;
  }

  async get(caller: Caller, id: string, em: EntityManager = this.dataSource.manager, field = 'id'): Promise<MeetingDto> {
    if (!(await this.access.passes(em, 'Meeting', 'read', caller, id))) throw new NotFoundError('Meeting', id, { extensions: { field } });
    return this.read(em, id);
  }

  async list(caller: Caller, args: ConnectionArgs): Promise<ConnectionResult<MeetingDto>> {
    const scope = this.access.read('Meeting', caller, 'm');
    const qb = this.dataSource.createQueryBuilder().from('meeting', 'm').where(scope.sql, scope.params);
    const pairs = MEETING_SELECT.split(/,\s*(?![^(]*\))/).map((part): [string, string] => {
      const x = /^(.*?)\s+AS\s+"?(\w+)"?$/s.exec(part.trim());
      return x ? [x[1], x[2]] : [part.trim(), part.trim().split('.').pop() as string];
    });
    const page = await keysetPageOfRows(qb, { keys: ['m.starts_on', 'm.id'], direction: 'DESC', first: args.first, after: args.after, columns: pairs }, (r: MeetingDto) => r);
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** Registrations of a meeting the caller reads: places first, then the waiting list in queue order. */
  async registrations(caller: Caller, args: RegistrationsArgs): Promise<ConnectionResult<RegistrationDto>> {
    await this.get(caller, args.meetingId, this.dataSource.manager, 'meetingId');
    const scope = this.access.read('MeetingRegistration', caller, 'r');
    const qb = this.dataSource
      .createQueryBuilder()
      .from('meeting_registration', 'r')
      .innerJoin('meeting_invitee', 'i', 'i.id = r.invitee_id')
      .innerJoin('member', 'mb', 'mb.id = r.member_id')
      .where('r.meeting_id = :meetingId', { meetingId: args.meetingId })
      .andWhere(scope.sql, scope.params);
    if (args.status) qb.andWhere('r.status = :status', { status: args.status });
    const page = await keysetPageOfRows(
      qb,
      { keys: ['r.status', 'r.queued_at', 'r.id'], direction: 'ASC', first: args.first, after: args.after, columns: REGISTRATION_PAIRS },
      (row: RegistrationDto) => row,
    );
    return {
      ...page,
      totalCount: async () => {
        const [sql, params] = qb.clone().select('1').getQueryAndParameters();
        return ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params)) as { n: number }[])[0].n;
      },
    };
  }

  /** The caller's own invitee row of a meeting (its unit), or null. */
  private async myInvitee(em: EntityManager, caller: Caller, meetingId: string): Promise<InviteeRow | null> {
    const scope = this.access.write('MeetingRegistration', caller, 'r');
    // The office is no invited unit (it registers nobody on a unit's behalf).
    if (scope.sql === 'FALSE' || scope.sql === 'TRUE') return null;
    // The registration rule names invitees through `r.invitee_id`: ask it about each invitee row.
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT i.id, i.kind, i.chamber_id AS "chamberId", i.county_code AS "countyCode", i.party_organization_id AS "partyOrganizationId"
         FROM meeting_invitee i CROSS JOIN LATERAL (SELECT i.id AS invitee_id) r WHERE i.meeting_id = :__m AND (${scope.sql}) ORDER BY i.label LIMIT 1`,
      { ...scope.params, __m: meetingId },
      {},
    );
    const [row] = (await em.query(sql, params)) as InviteeRow[];
    return row ?? null;
  }

  /** Registers delegates for the caller's unit: a place while there is one, else the waiting list. */
  async register(caller: Caller, meetingId: string, input: RegisterDelegatesInput): Promise<RegistrationDto[]> {
    const ids = await this.dataSource.transaction(async (em) => {
      await this.get(caller, meetingId, em, 'meetingId');
      const invitee = await this.myInvitee(em, caller, meetingId);
      if (!invitee) throw EventErrors.NOT_INVITED({}, { field: 'meetingId' });
      const [m] = (await em.query(`SELECT capacity, registered_count AS "registeredCount", registration_deadline AS deadline FROM meeting WHERE id = $1 FOR UPDATE`, [meetingId])) as {
        capacity: number;
        registeredCount: number;
        deadline: Date;
      }[];
      if (m.deadline.getTime() < Date.now()) throw EventErrors.REGISTRATION_CLOSED({ deadline: m.deadline.toISOString() }, { field: 'meetingId' });
      const memberIds = input.delegates.map((d) => d.memberId);
      const inScope = await this.membersOf(em, invitee, memberIds);
      const seen = new Set<string>();
      for (const [i, d] of input.delegates.entries()) {
        if (!inScope.has(d.memberId)) throw EventErrors.DELEGATE_OUTSIDE_SCOPE({ id: d.memberId }, { field: `input.delegates.${i}.memberId` });
        if (seen.has(d.memberId)) throw EventErrors.ALREADY_REGISTERED({ name: await memberName(em, d.memberId) }, { field: `input.delegates.${i}.memberId` });
        seen.add(d.memberId);
      }
      const taken = new Set(
        ((await em.query(`SELECT member_id AS id FROM meeting_registration WHERE meeting_id = $1 AND member_id = ANY($2::uuid[]) AND status <> 'CANCELLED'`, [meetingId, memberIds])) as { id: string }[]).map(
          (r) => r.id,
        ),
      );
      const i = input.delegates.findIndex((d) => taken.has(d.memberId));
      if (i >= 0) throw EventErrors.ALREADY_REGISTERED({ name: await memberName(em, input.delegates[i].memberId) }, { field: `input.delegates.${i}.memberId` });
      // One statement for the list: the first free places in the order given, the rest wait
      // (queued in that order: one clock reading, a microsecond apart by position).
      const free = Math.max(m.capacity - m.registeredCount, 0);
      const rows = (await em.query(
        `INSERT INTO meeting_registration (meeting_id, invitee_id, member_id, role, arrival, status, registered_by, queued_at)
         SELECT $1, $2, d.member_id, nullif(btrim(d.role), ''), nullif(btrim(d.arrival), ''),
                (CASE WHEN d.n <= $6 THEN 'REGISTERED' ELSE 'WAITLISTED' END)::registration_status, $7,
                (SELECT clock_timestamp()) + d.n * interval '1 microsecond'
           FROM unnest($3::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS d(member_id, role, arrival, n)
         RETURNING id, status`,
        [meetingId, invitee.id, memberIds, input.delegates.map((d) => d.role ?? null), input.delegates.map((d) => d.arrival ?? null), free, caller.id],
      )) as { id: string; status: RegistrationStatus }[];
      const made = rows.map((r) => r.id);
      const placed = rows.filter((r) => r.status === RegistrationStatus.Registered).length;
      if (placed) await em.query(`UPDATE meeting SET registered_count = registered_count + $2 WHERE id = $1`, [meetingId, placed]);
      await this.audit.record(em, { operation: 'meeting.register', entityType: 'Meeting', entityId: meetingId, metadata: { registrations: made, placed, waitlisted: made.length - placed } });
      await this.events.record(em, { type: 'registration.changed', subjectId: meetingId });
      return made;
    });
    await this.events.publish({ type: 'registration.changed', subjectId: meetingId, data: { registered: ids } });
    return this.byIds(ids);
  }

  /** Members of the invited unit: its chamber and those below, its county, its party organisation. */
  private async membersOf(em: EntityManager, invitee: InviteeRow, ids: string[]): Promise<Set<string>> {
    let sql: string;
    let unit: string;
    if (invitee.kind === FlowRecipientKind.Chamber) {
      sql = `SELECT DISTINCT cm.member_id AS id FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id
              WHERE cm.member_id = ANY($1::uuid[]) AND cm.left_on IS NULL AND (c.id = $2 OR c.ancestor_ids @> ARRAY[$2::uuid])`;
      unit = invitee.chamberId as string;
    } else if (invitee.kind === FlowRecipientKind.County) {
      sql = `SELECT id FROM member WHERE id = ANY($1::uuid[]) AND hometown_code = $2 AND status = 'ACTIVE'`;
      unit = invitee.countyCode as string;
    } else {
      sql = `SELECT DISTINCT member_id AS id FROM party_member WHERE member_id = ANY($1::uuid[]) AND organization_id = $2`;
      unit = invitee.partyOrganizationId as string;
    }
    return new Set(((await em.query(sql, [ids, unit])) as { id: string }[]).map((r) => r.id));
  }

  private async byIds(ids: string[]): Promise<RegistrationDto[]> {
    return (await this.dataSource.query(
      `SELECT ${REGISTRATION_SELECT} FROM meeting_registration r JOIN meeting_invitee i ON i.id = r.invitee_id JOIN member mb ON mb.id = r.member_id
        WHERE r.id = ANY($1::uuid[]) ORDER BY r.queued_at, r.id`,
      [ids],
    )) as RegistrationDto[];
  }

  /** Cancels a registration (its unit or the office); a freed place goes to the first on the waiting list. */
  async cancel(caller: Caller, id: string, input: VersionInput): Promise<RegistrationDto> {
    const promoted = await this.dataSource.transaction(async (em) => {
      const [reg] = (await em.query(`SELECT meeting_id AS "meetingId", status, version FROM meeting_registration WHERE id = $1`, [id])) as { meetingId: string; status: RegistrationStatus; version: number }[];
      if (!reg || !(await this.access.passes(em, 'MeetingRegistration', 'read', caller, id))) throw new NotFoundError('MeetingRegistration', id, { extensions: { field: 'id' } });
      if (!(await this.access.passes(em, 'MeetingRegistration', 'write', caller, id))) throw EventErrors.NOT_INVITED({}, { field: 'id' });
      // The meeting first, then the registration: the order every registration change takes.
      await em.query(`SELECT 1 FROM meeting WHERE id = $1 FOR UPDATE`, [reg.meetingId]);
      const [row] = (await em.query(`SELECT status, version FROM meeting_registration WHERE id = $1 FOR UPDATE`, [id])) as { status: RegistrationStatus; version: number }[];
      if (row.version !== input.version) throw EventErrors.STALE_VERSION({ current: row.version, read: input.version }, { field: 'input.version', extensions: { currentVersion: row.version } });
      if (row.status === RegistrationStatus.Cancelled) throw EventErrors.ALREADY_CANCELLED({}, { field: 'id' });
      await em.query(`UPDATE meeting_registration SET status = 'CANCELLED', checked_in_at = NULL, version = version + 1 WHERE id = $1`, [id]);
      let next: string | null = null;
      if (row.status === RegistrationStatus.Registered) {
        await em.query(`UPDATE meeting SET registered_count = registered_count - 1 WHERE id = $1`, [reg.meetingId]);
        next = await this.promote(em, reg.meetingId);
      }
      await this.audit.record(em, { operation: 'meeting.cancelRegistration', entityType: 'MeetingRegistration', entityId: id, before: { status: row.status }, after: { status: 'CANCELLED' }, metadata: { promoted: next } });
      await this.events.record(em, { type: 'registration.changed', subjectId: reg.meetingId });
      return { meetingId: reg.meetingId, next };
    });
    await this.events.publish({ type: 'registration.changed', subjectId: promoted.meetingId, data: { cancelled: id, promoted: promoted.next } });
    return (await this.byIds([id]))[0];
  }

  /** Gives free places to the waiting list in queue order; returns the first promoted (if any). */
  private async promote(em: EntityManager, meetingId: string): Promise<string | null> {
    const rows = (await em.query(
      `WITH free AS (SELECT capacity - registered_count AS n FROM meeting WHERE id = $1),
            next AS (SELECT r.id FROM meeting_registration r WHERE r.meeting_id = $1 AND r.status = 'WAITLISTED' ORDER BY r.queued_at, r.id LIMIT (SELECT greatest(n, 0) FROM free) FOR UPDATE)
       UPDATE meeting_registration r SET status = 'REGISTERED', version = r.version + 1 FROM next WHERE r.id = next.id RETURNING r.id`,
      [meetingId],
    )) as unknown[];
    const ids = ((Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[]).map((r) => r.id);
    if (ids.length) await em.query(`UPDATE meeting SET registered_count = registered_count + $2 WHERE id = $1`, [meetingId, ids.length]);
    return ids[0] ?? null;
  }

  /** A registration cancelled by a member merge (inside the merge's transaction); a freed place goes to the first waiting. */
  async cancelInMerge(em: EntityManager, meetingId: string, id: string, hadPlace: boolean): Promise<void> {
    await em.query(`SELECT 1 FROM meeting WHERE id = $1 FOR UPDATE`, [meetingId]);
    await em.query(`UPDATE meeting_registration SET status = 'CANCELLED', checked_in_at = NULL, version = version + 1 WHERE id = $1`, [id]);
    if (hadPlace) {
      await em.query(`UPDATE meeting SET registered_count = registered_count - 1 WHERE id = $1`, [meetingId]);
      await this.promote(em, meetingId);
    }
  }

  /** Changes the capacity (the office, on the version read); a larger one promotes from the waiting list. */
  async setCapacity(caller: Caller, id: string, input: SetMeetingCapacityInput): Promise<MeetingDto> {
    return this.dataSource.transaction(async (em) => {
      const [m] = (await em.query(`SELECT capacity, registered_count AS "registeredCount", version FROM meeting WHERE id = $1 FOR UPDATE`, [id])) as { capacity: number; registeredCount: number; version: number }[];
      if (!m) throw new NotFoundError('Meeting', id, { extensions: { field: 'id' } });
      if (m.version !== input.version) throw EventErrors.STALE_VERSION({ current: m.version, read: input.version }, { field: 'input.version', extensions: { currentVersion: m.version } });
      if (input.capacity < m.registeredCount) throw EventErrors.CAPACITY_BELOW_REGISTERED({ registered: m.registeredCount }, { field: 'input.capacity' });
      await em.query(`UPDATE meeting SET capacity = $2, version = version + 1 WHERE id = $1`, [id, input.capacity]);
      await this.promote(em, id);
      const after = await this.read(em, id);
      await this.audit.record(em, { operation: 'meeting.setCapacity', entityType: 'Meeting', entityId: id, before: { capacity: m.capacity }, after: { capacity: input.capacity } });
      return after;
    });
  }

  /** Check-in on the day (the office): registered delegates only. */
  async checkIn(caller: Caller, id: string): Promise<RegistrationDto> {
    await this.dataSource.transaction(async (em) => {
      // On the meeting's days (Beijing time), and the day before for those arriving early.
      const [row] = (await em.query(
        `SELECT r.status, r.checked_in_at AS "checkedInAt", (m.starts_on - 1)::text AS "opensOn", m.ends_on::text AS "closesOn",
                (now() AT TIME ZONE 'Asia/Shanghai')::date BETWEEN m.starts_on - 1 AND m.ends_on AS "open"
           FROM meeting_registration r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = $1 FOR UPDATE OF r`,
        [id],
      )) as { status: RegistrationStatus; checkedInAt: Date | null; opensOn: string; closesOn: string; open: boolean }[];
      if (!row) throw new NotFoundError('MeetingRegistration', id, { extensions: { field: 'id' } });
      if (row.status !== RegistrationStatus.Registered) throw EventErrors.NOT_REGISTERED({ status: STATUS_ZH[row.status] }, { field: 'id' });
      if (!row.open) throw EventErrors.CHECK_IN_CLOSED({ from: row.opensOn, to: row.closesOn }, { field: 'id' });
      if (!row.checkedInAt) {
        await em.query(`UPDATE meeting_registration SET checked_in_at = now(), version = version + 1 WHERE id = $1`, [id]);
        await this.audit.record(em, { operation: 'meeting.checkIn', entityType: 'MeetingRegistration', entityId: id });
      }
    });
    return (await this.byIds([id]))[0];
  }

  /** Invitations open to the caller's own unit with nobody registered yet. */
  async todos(caller: Caller): Promise<TodoItem[]> {
    const scope = this.access.write('MeetingRegistration', caller, 'r');
    if (scope.sql === 'FALSE' || scope.sql === 'TRUE') return [];
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT 'REGISTER_MEETING' AS kind, m.id, m.title, m.registration_deadline AS "dueAt", false AS overdue
         FROM meeting_invitee i CROSS JOIN LATERAL (SELECT i.id AS invitee_id) r JOIN meeting m ON m.id = i.meeting_id
        WHERE (${scope.sql}) AND m.registration_deadline > now()
          AND NOT EXISTS (SELECT 1 FROM meeting_registration x WHERE x.invitee_id = i.id AND x.status <> 'CANCELLED')
        ORDER BY m.registration_deadline LIMIT 50`,
      scope.params,
      {},
    );
    return (await this.dataSource.query(sql, params)) as TodoItem[];
  }

  /**
   * Meetings attended (checked in), as a part of the contact history's one statement: the
   * member's own, or a chamber's delegates'; within the caller's registration scope.
   */
  attendancePart(caller: Caller, subject: 'member' | 'chamber'): ContactHistoryPart | null {
    const scope = this.access.filter('MeetingRegistration', 'read', caller, new ScopeSql('mr'));
    if (scope.sql === 'FALSE') return null;
    return {
      sql: `SELECT 'MEETING', m.starts_on, mr.checked_in_at, NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::text,
                   m.title || '（' || m.place || '）：' || mb.name || coalesce('，' || mr.role, ''), NULL::text
              FROM meeting_registration mr JOIN meeting m ON m.id = mr.meeting_id JOIN member mb ON mb.id = mr.member_id
             WHERE mr.checked_in_at IS NOT NULL AND ${subject === 'member' ? 'mr.member_id = :id' : 'mr.invitee_id IN (SELECT mi.id FROM meeting_invitee mi WHERE mi.chamber_id = :id)'}
               AND ${scope.sql}`,
      params: scope.params,
    };
  }
}
