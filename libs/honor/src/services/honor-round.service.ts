import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { NotFoundError } from '@crm/shared';
import { HonorRoundDto } from '../dtos/honor-round.dto';
import { HonorTypeDto } from '../dtos/honor-type.dto';
import { ConfirmHonorRoundInput, CreateHonorRoundInput, PublishHonorRoundInput } from '../dtos/inputs/honor-round.inputs';
import { HonorRoundStatus, HonorSubjectKind } from '../entities/honor.enums';
import { HonorErrors, roundStatusText } from '../exceptions/honor.errors';
import { checkVersion, translateHonorError } from '../utils/honor-db-errors';
import { HonorAwardService } from './honor-award.service';
import { HONOR_TYPE_SQL } from './honor-catalogue.service';

interface RoundRow {
  id: string;
  name: string;
  year: number;
  heldOn: string | null;
  status: HonorRoundStatus;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  confirmedOn: string | null;
  version: number;
}

const ROUND_COLUMNS = `r.id, r.name, r.year, r.held_on::text AS "heldOn", r.status, r.notice_starts_on::text AS "noticeStartsOn",
  r.notice_ends_on::text AS "noticeEndsOn", r.confirmed_on::text AS "confirmedOn", r.version`;

/**
 * Rounds (评选批次): created with their honour types and quotas (the office), published for
 * public notice (公示) once every nomination is decided, and confirmed after the notice period:
 * each approved nomination becomes an award with its certificate. Every step audited.
 */
@Injectable()
export class HonorRoundService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly awards: HonorAwardService,
  ) {}

  /** Every round with its types, latest first (a few per year: not paginated). */
  async list(em: EntityManager = this.dataSource.manager, id?: string): Promise<HonorRoundDto[]> {
    const rows = (await em.query(
      `SELECT ${ROUND_COLUMNS},
              coalesce((SELECT json_agg(json_build_object('quota', rt.quota, 'used', rt.live_nominations, 'honorType', to_json(t)) ORDER BY t.name)
                          FROM honor_round_type rt JOIN (${HONOR_TYPE_SQL}) t ON t.id = rt.honor_type_id WHERE rt.round_id = r.id), '[]'::json) AS types
         FROM honor_round r ${id ? 'WHERE r.id = $1' : ''} ORDER BY r.year DESC, r.name LIMIT 500`,
      id ? [id] : [],
    )) as (RoundRow & { types: { quota: number | null; used: number; honorType: HonorTypeDto }[] })[];
    return rows.map((r) => ({ ...r, year: Number(r.year), version: Number(r.version) }));
  }

  async get(id: string): Promise<HonorRoundDto> {
    const [round] = await this.list(this.dataSource.manager, id);
    if (!round) throw new NotFoundError('HonorRound', id, { extensions: { field: 'id' } });
    return round;
  }

  async create(caller: Caller, input: CreateHonorRoundInput): Promise<HonorRoundDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const ids = input.types.map((t) => t.honorTypeId);
        const types = (await em.query(`SELECT id, name, active, quota_per_round AS quota FROM honor_type WHERE id = ANY($1::uuid[])`, [ids])) as {
          id: string;
          name: string;
          active: boolean;
          quota: number | null;
        }[];
        const seen = new Set<string>();
        input.types.forEach((t, i) => {
          const type = types.find((x) => x.id === t.honorTypeId);
          if (!type || seen.has(t.honorTypeId)) throw HonorErrors.UNKNOWN_TYPE({ id: t.honorTypeId }, { field: `input.types.${i}.honorTypeId` });
          if (!type.active) throw HonorErrors.TYPE_RETIRED({ type: type.name }, { field: `input.types.${i}.honorTypeId` });
          seen.add(t.honorTypeId);
        });
        const [{ id }] = (await em.query(`INSERT INTO honor_round (name, year, held_on) VALUES ($1, $2, $3) RETURNING id`, [input.name, input.year, input.heldOn ?? null])) as {
          id: string;
        }[];
        await em.query(
          `INSERT INTO honor_round_type (round_id, honor_type_id, quota) SELECT $1, r.id, r.quota FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, quota int)`,
          [id, JSON.stringify(input.types.map((t) => ({ id: t.honorTypeId, quota: t.quota !== undefined ? t.quota : (types.find((x) => x.id === t.honorTypeId)?.quota ?? null) })))],
        );
        const [after] = await this.list(em, id);
        await this.audit.record(em, { operation: 'honorRound.create', entityType: 'HonorRound', entityId: id, after: { ...after } });
        return after;
      });
    } catch (error) {
      throw translateHonorError(error, { roundName: input.name, fields: { name: 'input.name' } });
    }
  }

  async lock(em: EntityManager, id: string, field = 'id'): Promise<RoundRow> {
    const [row] = (await em.query(`SELECT ${ROUND_COLUMNS} FROM honor_round r WHERE r.id = $1 FOR UPDATE`, [id])) as RoundRow[];
    if (!row) throw HonorErrors.UNKNOWN_ROUND({ id }, { field });
    return row;
  }

  /** 公示: every nomination decided, at least one approved; the approved list is public from now. */
  async publish(caller: Caller, id: string, input: PublishHonorRoundInput): Promise<HonorRoundDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lock(em, id);
      checkVersion(before.version, input.version);
      if (before.status !== HonorRoundStatus.Nominating) throw HonorErrors.ROUND_STATUS({ round: before.name, status: roundStatusText(before.status) }, { field: 'id' });
      if (input.noticeEndsOn < input.noticeStartsOn) throw HonorErrors.NOTICE_DATES({}, { field: 'input.noticeEndsOn' });
      const [counts] = (await em.query(
        `SELECT count(*) FILTER (WHERE status IN ('SUBMITTED', 'SHORTLISTED'))::int AS pending, count(*) FILTER (WHERE status = 'APPROVED')::int AS approved
           FROM honor_nomination WHERE round_id = $1`,
        [id],
      )) as { pending: number; approved: number }[];
      if (counts.pending > 0 || counts.approved === 0) throw HonorErrors.NOTHING_TO_PUBLISH({ round: before.name }, { field: 'id', extensions: counts });
      await em.query(`UPDATE honor_round SET status = 'PUBLISHED', notice_starts_on = $2, notice_ends_on = $3, version = version + 1 WHERE id = $1`, [
        id,
        input.noticeStartsOn,
        input.noticeEndsOn,
      ]);
      const [after] = await this.list(em, id);
      await this.audit.record(em, { operation: 'honorRound.publish', entityType: 'HonorRound', entityId: id, before: { ...before }, after: { ...after }, metadata: counts });
      return after;
    });
  }

  /** After the notice period: approved nominations become awards (certificates given), nominations AWARDED, round CONFIRMED. */
  async confirm(caller: Caller, id: string, input: ConfirmHonorRoundInput): Promise<HonorRoundDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const before = await this.lock(em, id);
        checkVersion(before.version, input.version);
        if (before.status !== HonorRoundStatus.Published) throw HonorErrors.ROUND_STATUS({ round: before.name, status: roundStatusText(before.status) }, { field: 'id' });
        if (!(input.awardedOn > (before.noticeEndsOn as string))) throw HonorErrors.NOTICE_NOT_OVER({ until: before.noticeEndsOn as string }, { field: 'input.awardedOn' });
        const approved = (await em.query(
          `SELECT n.id, n.honor_type_id AS "honorTypeId", n.subject_kind AS "subjectKind", n.subject_id AS "subjectId", n.county_code AS "countyCode",
                  CASE WHEN n.subject_kind = 'CHAMBER' THEN n.chamber_id ELSE n.nominating_chamber_id END AS "creditedChamberId"
             FROM honor_nomination n WHERE n.round_id = $1 AND n.status = 'APPROVED' ORDER BY n.nominated_at, n.id FOR UPDATE`,
          [id],
        )) as { id: string; honorTypeId: string; subjectKind: HonorSubjectKind; subjectId: string; countyCode: string | null; creditedChamberId: string | null }[];
        const certificates = new Map(input.certificates.map((c, i) => [c.nominationId, { ...c, i }]));
        input.certificates.forEach((c, i) => {
          if (!approved.some((n) => n.id === c.nominationId)) {
            throw HonorErrors.NOMINATION_STATUS({ status: { en: 'not approved in this round', zh: '本批次未通过' }, action: { en: 'confirmed', zh: '确认授予' } }, { field: `input.certificates.${i}.nominationId` });
          }
        });
        const missing = approved.find((n) => !certificates.has(n.id));
        if (missing) throw HonorErrors.CERTIFICATE_MISSING({ subject: missing.subjectId }, { field: 'input.certificates', extensions: { nominationId: missing.id } });
        await this.awards.insertAwards(
          em,
          caller,
          approved.map((n) => {
            const c = certificates.get(n.id) as (typeof input.certificates)[number];
            return {
              honorTypeId: n.honorTypeId,
              subjectKind: n.subjectKind,
              subjectId: n.subjectId,
              year: before.year,
              roundId: id,
              nominationId: n.id,
              citation: c.citation ?? null,
              certificateNo: c.certificateNo,
              awardedOn: input.awardedOn,
              countyCode: n.countyCode,
              creditedChamberId: n.creditedChamberId,
            };
          }),
          { operation: 'honorAward.confirm', metadata: { roundId: id } },
        );
        await em.query(`UPDATE honor_nomination SET status = 'AWARDED', version = version + 1 WHERE round_id = $1 AND status = 'APPROVED'`, [id]);
        await em.query(`UPDATE honor_round SET status = 'CONFIRMED', confirmed_on = $2, version = version + 1 WHERE id = $1`, [id, input.awardedOn]);
        const [after] = await this.list(em, id);
        await this.audit.record(em, { operation: 'honorRound.confirm', entityType: 'HonorRound', entityId: id, before: { ...before }, after: { ...after }, metadata: { awards: approved.length } });
        return after;
      });
    } catch (error) {
      throw translateHonorError(error, { year: undefined, fields: { certificates: 'input.certificates', subjectId: 'input.certificates' } });
    }
  }
}

