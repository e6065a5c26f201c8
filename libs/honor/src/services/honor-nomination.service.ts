import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, Role } from '@crm/auth';
import { ChamberEntity } from '@crm/chamber';
import { localized, NotFoundError } from '@crm/shared';
import { HonorNominationDto, HonorNominationRow } from '../dtos/honor-nomination.dto';
import { HonorDecisionInput, NominateInput } from '../dtos/inputs/honor-nomination.inputs';
import { HonorNominationStatus, HonorRoundStatus } from '../entities/honor.enums';
import { HonorErrors, nominationStatusText, roundStatusText, subjectKindText } from '../exceptions/honor.errors';
import { checkVersion, translateHonorError } from '../utils/honor-db-errors';
import { HonorCatalogueService } from './honor-catalogue.service';
import { HonorRoundService } from './honor-round.service';
import { HonorSubjects } from './honor-subjects';

/** A nomination's columns as HonorNominationRow, over alias `n`. */
export const HONOR_NOMINATION_COLUMNS = `n.id, n.round_id AS "roundId", n.honor_type_id AS "honorTypeId", n.subject_kind AS "subjectKind", n.subject_id AS "subjectId",
  n.county_code AS "countyCode", n.nominating_chamber_id AS "nominatingChamberId", n.nominating_county_code AS "nominatingCountyCode", n.reason, n.facts,
  n.status, n.decision_reason AS "decisionReason", n.reviewed_by AS "reviewedBy", n.reviewer_email AS "reviewerEmail", n.reviewed_at AS "reviewedAt",
  n.nominated_at AS "nominatedAt", n.version`;

type Decision = 'shortlist' | 'approve' | 'reject' | 'withdraw';

/** Which statuses each step starts from, and in which round statuses it may be taken. */
const STEPS: Readonly<Record<Decision, { from: HonorNominationStatus[]; to: HonorNominationStatus; rounds: HonorRoundStatus[]; en: string; zh: string }>> = {
  shortlist: { from: [HonorNominationStatus.Submitted], to: HonorNominationStatus.Shortlisted, rounds: [HonorRoundStatus.Nominating], en: 'shortlisted', zh: '入围' },
  approve: {
    from: [HonorNominationStatus.Submitted, HonorNominationStatus.Shortlisted],
    to: HonorNominationStatus.Approved,
    rounds: [HonorRoundStatus.Nominating],
    en: 'approved',
    zh: '审核通过',
  },
  // An objection raised during the public notice can still take a nomination off the list.
  reject: {
    from: [HonorNominationStatus.Submitted, HonorNominationStatus.Shortlisted, HonorNominationStatus.Approved],
    to: HonorNominationStatus.Rejected,
    rounds: [HonorRoundStatus.Nominating, HonorRoundStatus.Published],
    en: 'rejected',
    zh: '驳回',
  },
  withdraw: {
    from: [HonorNominationStatus.Submitted, HonorNominationStatus.Shortlisted, HonorNominationStatus.Approved],
    to: HonorNominationStatus.Withdrawn,
    rounds: [HonorRoundStatus.Nominating, HonorRoundStatus.Published],
    en: 'withdrawn',
    zh: '撤回',
  },
};

/**
 * Nominations (推荐) and their review. County offices and secretariats nominate within their
 * scope; the office shortlists, approves or rejects (with a reason); a nominator or the office
 * withdraws. The quota is the database's (see the Honours migration): a nomination that would
 * pass it fails there, whichever transaction commits first.
 */
@Injectable()
export class HonorNominationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly catalogue: HonorCatalogueService,
    private readonly rounds: HonorRoundService,
    private readonly subjects: HonorSubjects,
  ) {}

  async nominate(caller: Caller, input: NominateInput): Promise<HonorNominationDto> {
    const ctx: { typeName?: string; subjectLabel?: string; quota?: number } = {};
    try {
      return await this.dataSource.transaction(async (em) => {
        const [round] = (await em.query(`SELECT id, name, status FROM honor_round WHERE id = $1 FOR SHARE`, [input.roundId])) as {
          id: string;
          name: string;
          status: HonorRoundStatus;
        }[];
        if (!round) throw HonorErrors.UNKNOWN_ROUND({ id: input.roundId }, { field: 'input.roundId' });
        const type = await this.catalogue.get(em, input.honorTypeId, 'input.honorTypeId');
        ctx.typeName = type.name;
        const [slot] = (await em.query(`SELECT quota, live_nominations AS used FROM honor_round_type WHERE round_id = $1 AND honor_type_id = $2`, [round.id, type.id])) as {
          quota: number | null;
        }[];
        if (!slot) throw HonorErrors.TYPE_NOT_IN_ROUND({ type: type.name, round: round.name }, { field: 'input.honorTypeId' });
        ctx.quota = slot.quota ?? undefined;
        if (round.status !== HonorRoundStatus.Nominating) {
          throw HonorErrors.ROUND_NOT_NOMINATING({ round: round.name, status: roundStatusText(round.status) }, { field: 'input.roundId' });
        }
        if (!type.active) throw HonorErrors.TYPE_RETIRED({ type: type.name }, { field: 'input.honorTypeId' });
        if (type.subjectKind !== input.subjectKind) {
          throw HonorErrors.WRONG_SUBJECT_KIND({ type: type.name, kind: subjectKindText(type.subjectKind) }, { field: 'input.subjectKind' });
        }
        const subject = await this.subjects.find(em, input.subjectKind, input.subjectId, 'input.subjectId');
        await this.subjects.assertNominable(em, caller, subject, 'input.subjectId');
        ctx.subjectLabel = subject.name;
        const nominatingChamberId = await this.nominatingChamber(em, caller, input.nominatingChamberId ?? null);
        const [{ id }] = (await em.query(
          `INSERT INTO honor_nomination (round_id, honor_type_id, subject_kind, member_id, chamber_id, enterprise_id, county_code, nominating_chamber_id,
                                         nominating_county_code, reason, facts, nominated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            round.id,
            type.id,
            subject.kind,
            subject.kind === 'MEMBER' ? subject.id : null,
            subject.kind === 'CHAMBER' ? subject.id : null,
            subject.kind === 'ENTERPRISE' ? subject.id : null,
            subject.countyCode,
            nominatingChamberId,
            caller.role === Role.CountyOfficer ? caller.countyCode : null,
            input.reason,
            input.facts ?? null,
            caller.id,
          ],
        )) as { id: string }[];
        const after = await this.read(em, id);
        await this.audit.record(em, { operation: 'honorNomination.create', entityType: 'HonorNomination', entityId: id, after: { ...after } });
        return after;
      });
    } catch (error) {
      throw translateHonorError(error, { ...ctx, fields: { honorTypeId: 'input.honorTypeId', subjectId: 'input.subjectId' } });
    }
  }

  /** A secretariat nominates as its own chamber or one below it; others as the chamber they name, if they keep it. */
  private async nominatingChamber(em: EntityManager, caller: Caller, requested: string | null): Promise<string | null> {
    const id = requested ?? (caller.role === Role.ChamberSecretary ? caller.chamberId : null);
    if (!id) return null;
    const chamber = await em.findOne(ChamberEntity, { where: { id }, select: { id: true, ancestorIds: true } });
    if (!chamber || !this.access.admits('Chamber', 'write', caller, chamber)) {
      throw HonorErrors.SUBJECT_OUTSIDE_SCOPE({ subject: localized('The nominating chamber', '推荐商会') }, { field: 'input.nominatingChamberId' });
    }
    return id;
  }

  /** The office's decisions and a nominator's withdrawal, all on the version read. */
  async decide(caller: Caller, id: string, step: Decision, input: HonorDecisionInput): Promise<HonorNominationDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lock(em, caller, id);
      checkVersion(before.version, input.version);
      const rule = STEPS[step];
      if (!rule.from.includes(before.status)) {
        throw HonorErrors.NOMINATION_STATUS({ status: nominationStatusText(before.status), action: localized(rule.en, rule.zh) }, { field: 'id', extensions: { status: before.status } });
      }
      const round = await this.rounds.lock(em, before.roundId);
      if (!rule.rounds.includes(round.status)) throw HonorErrors.ROUND_STATUS({ round: round.name, status: roundStatusText(round.status) }, { field: 'id' });
      const reason = input.reason?.trim() || null;
      if (step === 'reject' && !reason) throw HonorErrors.REASON_REQUIRED({}, { field: 'input.reason' });
      const decision = step !== 'withdraw' || caller.role === Role.Admin;
      await em.query(
        `UPDATE honor_nomination SET status = $2, decision_reason = coalesce($3, decision_reason), version = version + 1,
                reviewed_by = CASE WHEN $4 THEN $5::uuid ELSE reviewed_by END, reviewer_email = CASE WHEN $4 THEN $6 ELSE reviewer_email END,
                reviewed_at = CASE WHEN $4 THEN now() ELSE reviewed_at END
          WHERE id = $1`,
        [id, rule.to, reason, decision, caller.id, caller.email],
      );
      const after = await this.read(em, id);
      await this.audit.record(em, { operation: `honorNomination.${step}`, entityType: 'HonorNomination', entityId: id, before: { ...before }, after: { ...after } });
      return after;
    });
  }

  /** NOT_FOUND outside the caller's scope; decisions other than withdrawing are the office's (HonorManage). */
  private async lock(em: EntityManager, caller: Caller, id: string): Promise<HonorNominationDto> {
    const scope = this.access.write('HonorNomination', caller, 'n');
    const [row] = (await em
      .createQueryBuilder()
      .select(HONOR_NOMINATION_COLUMNS)
      .from('honor_nomination', 'n')
      .where('n.id = :id', { id })
      .andWhere(scope.sql, scope.params)
      .setLock('pessimistic_write')
      .getRawMany()) as HonorNominationRow[];
    if (!row) {
      if (await this.access.passes(em, 'HonorNomination', 'read', caller, id)) throw HonorErrors.NOT_YOUR_NOMINATION({}, { field: 'id' });
      throw new NotFoundError('HonorNomination', id, { extensions: { field: 'id' } });
    }
    return HonorNominationDto.from(row);
  }

  async read(em: EntityManager, id: string): Promise<HonorNominationDto> {
    const [row] = (await em.query(`SELECT ${HONOR_NOMINATION_COLUMNS} FROM honor_nomination n WHERE n.id = $1`, [id])) as HonorNominationRow[];
    return HonorNominationDto.from(row);
  }
}
