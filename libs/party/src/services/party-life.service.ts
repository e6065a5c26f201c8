import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { leanQuery } from '@crm/database';
import { ConnectionResult, groupByKeys, keysetPage, NotFoundError, requestLoader, today } from '@crm/shared';
import { PartyComplianceArgs, PartyMeetingsArgs } from '../dtos/args/party.args';
import { RecordPartyMeetingInput } from '../dtos/inputs/party-meeting.inputs';
import { PartyComplianceDto, PartyComplianceItemDto, PartyMeetingDto } from '../dtos/party-meeting.dto';
import { PartyAttendanceDto } from '../dtos/party-member.dto';
import { PartyMeetingEntity } from '../entities/party-meeting.entity';
import { PartyMeetingKind, PartyMeetingStatus } from '../entities/party.enums';
import { PartyErrors } from '../exceptions/party.errors';
import { pgError } from '../utils/party-db-errors';
import { lockForWrite } from '../utils/party-lock';

const ENTITY = 'PartyMeeting';

/** 三会一课: how often each kind is due (支部党员大会 and 党课 each quarter, 支委会 and 党小组会 each month). */
export const MEETING_RULES: readonly { kind: PartyMeetingKind; frequency: 'QUARTERLY' | 'MONTHLY' }[] = [
  { kind: PartyMeetingKind.GeneralAssembly, frequency: 'QUARTERLY' },
  { kind: PartyMeetingKind.BranchCommittee, frequency: 'MONTHLY' },
  { kind: PartyMeetingKind.GroupMeeting, frequency: 'MONTHLY' },
  { kind: PartyMeetingKind.PartyLecture, frequency: 'QUARTERLY' },
];

interface ComplianceRow {
  kind: PartyMeetingKind | null;
  month: number | null;
  held: number;
  entries: number;
  present: number;
  on_leave: number;
}

/** The first day of a quarter and of the next, as dates. */
function quarterRange(year: number, quarter: number): { from: string; to: string } {
  const from = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
  return { from, to };
}

/** A unit's quarter against MEETING_RULES, from its attendance totals and its meetings by kind and month. */
function complianceReport(organizationId: string, year: number, quarter: number, totals: ComplianceRow, byKind: ComplianceRow[]): PartyComplianceDto {
  const months = [0, 1, 2].map((i) => (quarter - 1) * 3 + 1 + i);
  const items: PartyComplianceItemDto[] = MEETING_RULES.map((rule) => {
    const ofKind = byKind.filter((r) => r.kind === rule.kind);
    const held = ofKind.reduce((n, r) => n + r.held, 0);
    const missingMonths = rule.frequency === 'MONTHLY' ? months.filter((m) => !ofKind.some((r) => r.month === m)) : [];
    const required = rule.frequency === 'MONTHLY' ? 3 : 1;
    return { kind: rule.kind, frequency: rule.frequency, required, held, missingMonths, met: rule.frequency === 'MONTHLY' ? missingMonths.length === 0 : held >= 1 };
  });
  const entries = totals.entries;
  return {
    organizationId,
    year,
    quarter,
    items,
    compliant: items.every((i) => i.met),
    meetingsHeld: byKind.reduce((n, r) => n + r.held, 0),
    attendanceEntries: entries,
    attendanceRate: entries ? Math.round((totals.present / entries) * 10000) / 10000 : null,
    accountedRate: entries ? Math.round(((totals.present + totals.on_leave) / entries) * 10000) / 10000 : null,
  };
}

/** Organisation life (组织生活): meetings with attendance, and each unit's quarterly compliance. */
@Injectable()
export class PartyLifeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a meeting of a unit the caller keeps, with the attendance of the unit's members. A
   * HELD meeting cannot be in the future; each person is listed once and must attend the unit
   * (the database checks the latter too).
   */
  async record(caller: Caller, input: RecordPartyMeetingInput): Promise<PartyMeetingEntity> {
    if (input.status === PartyMeetingStatus.Held && input.heldOn > today()) throw PartyErrors.HELD_IN_FUTURE({ date: input.heldOn }, { field: 'input.heldOn' });
    const seen = new Set<string>();
    input.attendance.forEach((a, i) => {
      if (seen.has(a.partyMemberId)) throw PartyErrors.DUPLICATE_ATTENDANCE({}, { field: `input.attendance.${i}.partyMemberId` });
      seen.add(a.partyMemberId);
    });
    try {
      return await this.dataSource.transaction(async (em) => {
        const unit = await lockForWrite(em, this.access, caller, 'PartyOrganization', input.organizationId, {
          field: 'input.organizationId',
          unknown: (id, field) => PartyErrors.UNKNOWN_ORGANIZATION({ id }, { field }),
          what: (r) => r.name as string,
        });
        if (input.attendance.length) {
          const rows = (await em.query(`SELECT id, organization_id FROM party_member WHERE id = ANY($1::uuid[])`, [input.attendance.map((a) => a.partyMemberId)])) as {
            id: string;
            organization_id: string | null;
          }[];
          const byId = new Map(rows.map((r) => [r.id, r]));
          input.attendance.forEach((a, i) => {
            const pm = byId.get(a.partyMemberId);
            // Someone of another unit is named by id only: their name is not the caller's to learn.
            if (!pm || pm.organization_id !== input.organizationId) {
              throw PartyErrors.NOT_IN_UNIT({ name: a.partyMemberId, unit: unit.name as string }, { field: `input.attendance.${i}.partyMemberId` });
            }
          });
        }
        const [{ id }] = (await em.query(
          `INSERT INTO party_meeting (organization_id, kind, mode, status, held_on, topic, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [input.organizationId, input.kind, input.mode, input.status, input.heldOn, input.topic, input.minutes ?? null],
        )) as { id: string }[];
        if (input.attendance.length) {
          await em.query(
            `INSERT INTO party_meeting_attendance (meeting_id, party_member_id, attendance)
             SELECT $1, a."partyMemberId", a.attendance::party_attendance FROM jsonb_to_recordset($2::jsonb) AS a("partyMemberId" uuid, attendance text)`,
            [id, JSON.stringify(input.attendance)],
          );
        }
        const meeting = await em.findOneByOrFail(PartyMeetingEntity, { id });
        await this.audit.record(em, {
          operation: 'partyMeeting.record',
          entityType: ENTITY,
          entityId: id,
          after: { organizationId: meeting.organizationId, kind: meeting.kind, status: meeting.status, heldOn: meeting.heldOn, topic: meeting.topic },
          metadata: { attendance: input.attendance.length },
        });
        return meeting;
      });
    } catch (error) {
      if (pgError(error).constraint === 'ck_party_attendance_in_unit') throw PartyErrors.NOT_IN_UNIT({ name: '', unit: '' }, { field: 'input.attendance' });
      throw error;
    }
  }

  /** A unit's meetings, latest first (NOT_FOUND outside the caller's read scope). */
  async list(caller: Caller, args: PartyMeetingsArgs): Promise<ConnectionResult<PartyMeetingDto>> {
    const qb = this.dataSource.getRepository(PartyMeetingEntity).createQueryBuilder('mt');
    const scope = this.access.read(ENTITY, caller, 'mt');
    qb.where(scope.sql, scope.params).andWhere('mt.organization_id = :org', { org: args.organizationId });
    return keysetPage(qb, { keys: ['mt.held_on', 'mt.id'], direction: 'DESC', first: args.first, after: args.after }, PartyMeetingDto.from);
  }

  loadAttendance(req: object, meetingId: string): Promise<PartyAttendanceDto[]> {
    return requestLoader<string, PartyAttendanceDto[]>(req, 'party.attendance', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT a.meeting_id AS owner, a.party_member_id AS "partyMemberId", pm.name, a.attendance FROM party_meeting_attendance a
         JOIN party_member pm ON pm.id = a.party_member_id WHERE a.meeting_id = ANY($1::uuid[]) ORDER BY pm.name_pinyin, pm.id`,
        [[...ids]],
      )) as (PartyAttendanceDto & { owner: string })[];
      return groupByKeys(ids, rows, (r) => r.owner);
    }).load(meetingId);
  }

  /**
   * A unit's organisation life in one quarter: each 三会一课 requirement (held count, months
   * without one for the monthly kinds) and attendance rates of the held meetings. One statement.
   */
  async compliance(caller: Caller, args: PartyComplianceArgs): Promise<PartyComplianceDto> {
    const scope = this.access.read('PartyOrganization', caller, 'o');
    const { from, to } = quarterRange(args.year, args.quarter);
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH unit AS (SELECT o.id FROM party_organization o WHERE o.id = :org AND ${scope.sql}),
            held AS (SELECT mt.id, mt.kind, extract(month FROM mt.held_on)::int AS month FROM party_meeting mt
                     WHERE mt.organization_id = (SELECT id FROM unit) AND mt.status = 'HELD' AND mt.held_on >= :from::date AND mt.held_on < :to::date)
       SELECT NULL::party_meeting_kind AS kind, NULL::int AS month, (SELECT count(*) FROM unit)::int AS held,
              count(a.*)::int AS entries, count(*) FILTER (WHERE a.attendance = 'PRESENT')::int AS present,
              count(*) FILTER (WHERE a.attendance = 'ON_LEAVE')::int AS on_leave
         FROM held h JOIN party_meeting_attendance a ON a.meeting_id = h.id
       UNION ALL
       SELECT h.kind, h.month, count(*)::int, 0, 0, 0 FROM held h GROUP BY h.kind, h.month
       ORDER BY 1 NULLS FIRST, 2`,
      { ...scope.params, org: args.organizationId, from, to },
      {},
    );
    const rows = await leanQuery<ComplianceRow>(this.dataSource, sql, params);
    // The first row totals the attendance; its `held` says whether the unit is visible at all.
    const [totals, ...byKind] = rows;
    if (!totals?.held) throw new NotFoundError('PartyOrganization', args.organizationId);
    return complianceReport(args.organizationId, args.year, args.quarter, totals, byKind);
  }

  /**
   * The compliance of a unit the caller already holds (the `compliance` field of a listed
   * PartyOrganization): every unit of a request and quarter in one grouped statement, however
   * many rows the list has.
   */
  complianceOf(req: object, organizationId: string, year: number, quarter: number): Promise<PartyComplianceDto> {
    return requestLoader<string, PartyComplianceDto>(req, `party.compliance:${year}:${quarter}`, async (ids) => {
      const { from, to } = quarterRange(year, quarter);
      const rows = await leanQuery<ComplianceRow & { org: string }>(
        this.dataSource,
        `WITH held AS (SELECT mt.id, mt.organization_id, mt.kind, extract(month FROM mt.held_on)::int AS month FROM party_meeting mt
                        WHERE mt.organization_id = ANY($1::uuid[]) AND mt.status = 'HELD' AND mt.held_on >= $2::date AND mt.held_on < $3::date)
         SELECT h.organization_id AS org, NULL::party_meeting_kind AS kind, NULL::int AS month, 1 AS held,
                count(a.*)::int AS entries, count(*) FILTER (WHERE a.attendance = 'PRESENT')::int AS present,
                count(*) FILTER (WHERE a.attendance = 'ON_LEAVE')::int AS on_leave
           FROM held h JOIN party_meeting_attendance a ON a.meeting_id = h.id
          GROUP BY h.organization_id
         UNION ALL
         SELECT h.organization_id, h.kind, h.month, count(*)::int, 0, 0, 0 FROM held h GROUP BY h.organization_id, h.kind, h.month`,
        [[...ids], from, to],
      );
      return ids.map((id) => {
        const mine = rows.filter((r) => r.org === id);
        const totals = mine.find((r) => r.kind === null) ?? { kind: null, month: null, held: 1, entries: 0, present: 0, on_leave: 0 };
        return complianceReport(id, year, quarter, totals, mine.filter((r) => r.kind !== null));
      });
    }).load(organizationId);
  }
}
