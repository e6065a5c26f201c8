import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { NotFoundError } from '@crm/shared';
import { HonorAwardDto, HonorAwardRow, HonorBenefitDto, HonorBenefitRow } from '../dtos/honor-award.dto';
import { RecordHonorAwardInput, RevokeHonorAwardInput, SettleHonorBenefitInput } from '../dtos/inputs/honor-award.inputs';
import { HonorAwardStatus, HonorBenefitStatus, HonorSubjectKind } from '../entities/honor.enums';
import { benefitStatusText, HonorErrors, subjectKindText } from '../exceptions/honor.errors';
import { checkVersion, translateHonorError } from '../utils/honor-db-errors';
import { HonorCatalogueService } from './honor-catalogue.service';
import { HonorDesignations } from './honor-designations';
import { HonorSubjects } from './honor-subjects';

/** An award's columns as HonorAwardRow, over alias `a`. */
export const HONOR_AWARD_COLUMNS = `a.id, a.honor_type_id AS "honorTypeId", a.subject_kind AS "subjectKind", a.subject_id AS "subjectId", a.year,
  a.round_id AS "roundId", a.nomination_id AS "nominationId", a.citation, a.certificate_no AS "certificateNo", a.awarded_on::text AS "awardedOn",
  a.county_code AS "countyCode", a.credited_chamber_id AS "creditedChamberId", a.status, a.revoked_on::text AS "revokedOn",
  a.revoke_reason AS "revokeReason", a.version`;

export const HONOR_BENEFIT_COLUMNS = `b.id, b.award_id AS "awardId", b.name, b.year, b.county_code AS "countyCode", b.status,
  b.delivered_on::text AS "deliveredOn", b.note, b.version`;

/** One award to write (from a confirmed nomination or recorded directly). */
export interface NewAward {
  honorTypeId: string;
  subjectKind: HonorSubjectKind;
  subjectId: string;
  year: number;
  roundId: string | null;
  nominationId: string | null;
  citation: string | null;
  certificateNo: string;
  awardedOn: string;
  countyCode: string | null;
  creditedChamberId: string | null;
}

/**
 * Awards and the benefits due from them: the one writer of honor_award and honor_benefit.
 * Writing awards also writes their benefits (one record per benefit of the type, for the award
 * year) and brings member designations in step (HonorDesignations); revoking lapses what is still
 * due. Everything audited in the same transaction.
 */
@Injectable()
export class HonorAwardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly catalogue: HonorCatalogueService,
    private readonly subjects: HonorSubjects,
    private readonly designations: HonorDesignations,
  ) {}

  /** Inserts awards, their benefits and designations in `em`'s transaction; returns the new ids in order. */
  async insertAwards(em: EntityManager, caller: Caller, awards: NewAward[], audit: Omit<AuditRecord, 'entityType' | 'entityId' | 'after'>): Promise<string[]> {
    if (!awards.length) return [];
    const rows = (await em.query(
      `INSERT INTO honor_award (honor_type_id, subject_kind, member_id, chamber_id, enterprise_id, year, round_id, nomination_id, citation,
                                certificate_no, awarded_on, county_code, credited_chamber_id)
       SELECT r.honor_type_id, r.subject_kind::honor_subject_kind,
              CASE WHEN r.subject_kind = 'MEMBER' THEN r.subject_id END, CASE WHEN r.subject_kind = 'CHAMBER' THEN r.subject_id END,
              CASE WHEN r.subject_kind = 'ENTERPRISE' THEN r.subject_id END,
              r.year, r.round_id, r.nomination_id, r.citation, r.certificate_no, r.awarded_on, r.county_code, r.credited_chamber_id
         FROM jsonb_to_recordset($1::jsonb) AS r(honor_type_id uuid, subject_kind text, subject_id uuid, year int, round_id uuid,
              nomination_id uuid, citation text, certificate_no text, awarded_on date, county_code text, credited_chamber_id uuid)
       RETURNING id, honor_type_id AS "typeId", certificate_no AS "certificateNo"`,
      [
        JSON.stringify(
          awards.map((a) => ({
            honor_type_id: a.honorTypeId,
            subject_kind: a.subjectKind,
            subject_id: a.subjectId,
            year: a.year,
            round_id: a.roundId,
            nomination_id: a.nominationId,
            citation: a.citation,
            certificate_no: a.certificateNo,
            awarded_on: a.awardedOn,
            county_code: a.countyCode,
            credited_chamber_id: a.creditedChamberId,
          })),
        ),
      ],
    )) as { id: string; typeId: string; certificateNo: string }[];
    // (type, certificate number) is unique: it names each new row whatever order RETURNING gives.
    const byCertificate = new Map(rows.map((r) => [`${r.typeId}|${r.certificateNo}`, r.id]));
    const ids = awards.map((a) => byCertificate.get(`${a.honorTypeId}|${a.certificateNo}`) as string);
    await em.query(
      `INSERT INTO honor_benefit (award_id, type_benefit_id, name, year, county_code)
       SELECT a.id, b.id, b.name, a.year, a.county_code FROM honor_award a JOIN honor_type_benefit b ON b.honor_type_id = a.honor_type_id AND NOT b.retired
        WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    await this.designations.sync(em, caller, awards.filter((a) => a.subjectKind === HonorSubjectKind.Member).map((a) => a.subjectId));
    await this.audit.recordMany(
      em,
      awards.map((a, i) => ({ ...audit, entityType: 'HonorAward', entityId: ids[i], after: { ...a } })),
    );
    return ids;
  }

  /** An award made outside a round here (an earlier year's list, another body's honour). */
  async record(caller: Caller, input: RecordHonorAwardInput): Promise<HonorAwardDto> {
    let typeName: string | undefined;
    let subjectLabel: string | undefined;
    try {
      return await this.dataSource.transaction(async (em) => {
        const type = await this.catalogue.get(em, input.honorTypeId, 'input.honorTypeId');
        typeName = type.name;
        if (type.subjectKind !== input.subjectKind) {
          throw HonorErrors.WRONG_SUBJECT_KIND({ type: type.name, kind: subjectKindText(type.subjectKind) }, { field: 'input.subjectKind' });
        }
        const subject = await this.subjects.find(em, input.subjectKind, input.subjectId, 'input.subjectId');
        subjectLabel = subject.name;
        if (input.creditedChamberId) {
          const [chamber] = (await em.query(`SELECT id FROM chamber WHERE id = $1 FOR SHARE`, [input.creditedChamberId])) as unknown[];
          if (!chamber) throw HonorErrors.UNKNOWN_CHAMBER({ id: input.creditedChamberId }, { field: 'input.creditedChamberId' });
        }
        const [id] = await this.insertAwards(
          em,
          caller,
          [
            {
              honorTypeId: type.id,
              subjectKind: subject.kind,
              subjectId: subject.id,
              year: input.year,
              roundId: null,
              nominationId: null,
              citation: input.citation ?? null,
              certificateNo: input.certificateNo,
              awardedOn: input.awardedOn,
              countyCode: subject.countyCode,
              creditedChamberId: input.creditedChamberId ?? subject.chamberId,
            },
          ],
          { operation: 'honorAward.record' },
        );
        return this.read(em, id);
      });
    } catch (error) {
      throw translateHonorError(error, { typeName, subjectLabel, year: input.year, fields: { certificates: 'input.certificateNo', subjectId: 'input.subjectId' } });
    }
  }

  async revoke(caller: Caller, id: string, input: RevokeHonorAwardInput): Promise<HonorAwardDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lock(em, caller, id);
      checkVersion(before.version, input.version);
      if (before.status === HonorAwardStatus.Revoked) throw HonorErrors.ALREADY_REVOKED({ on: before.revokedOn ?? '—' }, { field: 'id' });
      if (input.revokedOn < before.awardedOn) throw HonorErrors.REVOKED_BEFORE_AWARD({ awardedOn: before.awardedOn }, { field: 'input.revokedOn' });
      await em.query(
        `UPDATE honor_award SET status = 'REVOKED', revoked_on = $2, revoke_reason = $3, revoked_by = $4, version = version + 1 WHERE id = $1`,
        [id, input.revokedOn, input.reason, caller.id],
      );
      const lapsed = (await em.query(`UPDATE honor_benefit SET status = 'LAPSED', version = version + 1 WHERE award_id = $1 AND status = 'DUE' RETURNING id`, [id])) as unknown[];
      if (before.subjectKind === HonorSubjectKind.Member) await this.designations.sync(em, caller, [before.subjectId]);
      const after = await this.read(em, id);
      await this.audit.record(em, { operation: 'honorAward.revoke', entityType: 'HonorAward', entityId: id, before: { ...before }, after: { ...after }, metadata: { lapsedBenefits: lapsed.length } });
      return after;
    });
  }

  /** Records a due benefit as delivered (with the day and who) or declined. */
  async settleBenefit(caller: Caller, id: string, input: SettleHonorBenefitInput): Promise<HonorBenefitDto> {
    return this.dataSource.transaction(async (em) => {
      const scope = this.access.write('HonorBenefit', caller, 'b');
      const [row] = (await em
        .createQueryBuilder()
        .select(HONOR_BENEFIT_COLUMNS)
        .addSelect('a.status', 'awardStatus')
        .addSelect('a.revoked_on::text', 'awardRevokedOn')
        .from('honor_benefit', 'b')
        .innerJoin('honor_award', 'a', 'a.id = b.award_id')
        .where('b.id = :id', { id })
        .andWhere(scope.sql, scope.params)
        .setLock('pessimistic_write', undefined, ['b'])
        .getRawMany()) as (HonorBenefitRow & { awardStatus: HonorAwardStatus; awardRevokedOn: string | null })[];
      if (!row) throw new NotFoundError('HonorBenefit', id, { extensions: { field: 'id' } });
      // The award row is read under the benefit's lock; a revocation takes the award's lock and
      // then lapses due benefits, so it waits for this change or this change sees it lapsed.
      await em.query(`SELECT 1 FROM honor_award WHERE id = $1 FOR SHARE`, [row.awardId]);
      const [award] = (await em.query(`SELECT status, revoked_on::text AS "revokedOn", awarded_on::text AS "awardedOn" FROM honor_award WHERE id = $1`, [row.awardId])) as {
        status: HonorAwardStatus;
        revokedOn: string | null;
        awardedOn: string;
      }[];
      if (award.status === HonorAwardStatus.Revoked) throw HonorErrors.AWARD_REVOKED({ on: award.revokedOn ?? '—' }, { field: 'id' });
      checkVersion(row.version, input.version);
      if (row.status !== HonorBenefitStatus.Due) throw HonorErrors.BENEFIT_STATUS({ status: benefitStatusText(row.status) }, { field: 'id' });
      if (input.status === HonorBenefitStatus.Delivered && !input.on) throw HonorErrors.DELIVERED_ON_REQUIRED({}, { field: 'input.on' });
      if (input.status === HonorBenefitStatus.Delivered && input.on && input.on < award.awardedOn) {
        throw HonorErrors.DELIVERED_BEFORE_AWARD({ awardedOn: award.awardedOn }, { field: 'input.on' });
      }
      await em.query(
        `UPDATE honor_benefit SET status = $2, delivered_on = $3, delivered_by = $4, note = coalesce($5, note), version = version + 1 WHERE id = $1`,
        [id, input.status, input.status === HonorBenefitStatus.Delivered ? input.on : null, caller.id, input.note ?? null],
      );
      const { awardStatus: _s, awardRevokedOn: _r, ...before } = row;
      const [after] = (await em.query(`SELECT ${HONOR_BENEFIT_COLUMNS} FROM honor_benefit b WHERE b.id = $1`, [id])) as HonorBenefitRow[];
      await this.audit.record(em, { operation: 'honorBenefit.settle', entityType: 'HonorBenefit', entityId: id, before: { ...before }, after: { ...after } });
      return HonorBenefitDto.from(after);
    });
  }

  /** Adds this year's records of the yearly benefits (an invitation to the 两会 each year) for every active award. */
  async addYearlyBenefits(caller: Caller, year: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = (await em.query(
        `INSERT INTO honor_benefit (award_id, type_benefit_id, name, year, county_code)
         SELECT a.id, b.id, b.name, $1, a.county_code
           FROM honor_award a JOIN honor_type_benefit b ON b.honor_type_id = a.honor_type_id AND b.yearly AND NOT b.retired
          WHERE a.status = 'ACTIVE' AND a.year <= $1
         ON CONFLICT (award_id, type_benefit_id, year) DO NOTHING RETURNING id`,
        [year],
      )) as unknown[];
      await this.audit.record(em, { operation: 'honorBenefit.addYear', entityType: 'HonorBenefit', metadata: { year, added: rows.length } });
      return rows.length;
    });
  }

  private async lock(em: EntityManager, caller: Caller, id: string): Promise<HonorAwardRow> {
    const scope = this.access.write('HonorAward', caller, 'a');
    const [row] = (await em
      .createQueryBuilder()
      .select(HONOR_AWARD_COLUMNS)
      .from('honor_award', 'a')
      .where('a.id = :id', { id })
      .andWhere(scope.sql, scope.params)
      .setLock('pessimistic_write')
      .getRawMany()) as HonorAwardRow[];
    if (!row) throw new NotFoundError('HonorAward', id, { extensions: { field: 'id' } });
    return row;
  }

  async read(em: EntityManager, id: string): Promise<HonorAwardDto> {
    const [row] = (await em.query(`SELECT ${HONOR_AWARD_COLUMNS} FROM honor_award a WHERE a.id = $1`, [id])) as HonorAwardRow[];
    return HonorAwardDto.from(row);
  }
}

