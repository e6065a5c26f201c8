import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { HonorBenefitStatus, HonorNominationStatus, HonorSubjectKind } from '../entities/honor.enums';
import { HonorAwardService, NewAward } from './honor-award.service';

/** A nomination written in bulk, in the status a historical list records. */
export interface BulkNomination {
  roundId: string;
  honorTypeId: string;
  subjectKind: HonorSubjectKind;
  subjectId: string;
  countyCode: string | null;
  nominatingChamberId: string | null;
  reason: string;
  status: HonorNominationStatus;
  decisionReason: string | null;
  /** Nominated at (ISO). */
  nominatedAt: string;
}

/**
 * The honour library's bulk path, for historical lists and the scale seed: many nominations in
 * one statement (the quota trigger and every constraint still apply), awards through
 * HonorAwardService.insertAwards (benefits, designations through the member writer, audit), and
 * the outcome of many benefits at once. Runs inside the caller's transaction; audited with the
 * given metadata. The interactive paths (nominate, decide, confirm) stay the services'.
 */
@Injectable()
export class HonorBulkWriter {
  constructor(
    private readonly awards: HonorAwardService,
    private readonly audit: AuditService,
  ) {}

  async nominations(em: EntityManager, caller: Caller, rows: BulkNomination[], audit: Pick<AuditRecord, 'operation' | 'metadata' | 'actor'>): Promise<string[]> {
    if (!rows.length) return [];
    const reviewed = (s: HonorNominationStatus) => s !== HonorNominationStatus.Submitted && s !== HonorNominationStatus.Withdrawn;
    const ids = (await em.query(
      `INSERT INTO honor_nomination (round_id, honor_type_id, subject_kind, member_id, chamber_id, enterprise_id, county_code, nominating_chamber_id, reason,
                                     status, decision_reason, reviewed_by, reviewer_email, reviewed_at, nominated_by, nominated_at)
       SELECT r.round_id, r.honor_type_id, r.subject_kind::honor_subject_kind,
              CASE WHEN r.subject_kind = 'MEMBER' THEN r.subject_id END, CASE WHEN r.subject_kind = 'CHAMBER' THEN r.subject_id END,
              CASE WHEN r.subject_kind = 'ENTERPRISE' THEN r.subject_id END, r.county_code, r.nominating_chamber_id, r.reason,
              r.status::honor_nomination_status, r.decision_reason,
              CASE WHEN r.reviewed THEN $2::uuid END, CASE WHEN r.reviewed THEN $3 END, CASE WHEN r.reviewed THEN r.nominated_at + interval '10 days' END, $2::uuid, r.nominated_at
         FROM jsonb_to_recordset($1::jsonb) AS r(round_id uuid, honor_type_id uuid, subject_kind text, subject_id uuid, county_code text, nominating_chamber_id uuid,
              reason text, status text, decision_reason text, reviewed boolean, nominated_at timestamptz)
       RETURNING id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            round_id: r.roundId,
            honor_type_id: r.honorTypeId,
            subject_kind: r.subjectKind,
            subject_id: r.subjectId,
            county_code: r.countyCode,
            nominating_chamber_id: r.nominatingChamberId,
            reason: r.reason,
            status: r.status,
            decision_reason: r.decisionReason,
            reviewed: reviewed(r.status),
            nominated_at: r.nominatedAt,
          })),
        ),
        caller.id,
        caller.email,
      ],
    )) as { id: string }[];
    await this.audit.recordMany(
      em,
      ids.map(({ id }, i) => ({ ...audit, entityType: 'HonorNomination', entityId: id, after: { ...rows[i] } })),
    );
    return ids.map((r) => r.id);
  }

  awardsFor(em: EntityManager, caller: Caller, awards: NewAward[], audit: Pick<AuditRecord, 'operation' | 'metadata' | 'actor'>): Promise<string[]> {
    return this.awards.insertAwards(em, caller, awards, audit);
  }

  /** Settles many due benefits: delivered (with the day) or declined; audited as one event per benefit. */
  async settleBenefits(
    em: EntityManager,
    caller: Caller,
    outcomes: { id: string; status: HonorBenefitStatus.Delivered | HonorBenefitStatus.Declined; on: string | null }[],
    audit: Pick<AuditRecord, 'operation' | 'metadata' | 'actor'>,
  ): Promise<number> {
    if (!outcomes.length) return 0;
    const updated = (await em.query(
      `UPDATE honor_benefit b SET status = r.status::honor_benefit_status, delivered_on = CASE WHEN r.status = 'DELIVERED' THEN r.on_day END,
              delivered_by = $2, version = b.version + 1
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, on_day date)
        WHERE b.id = r.id AND b.status = 'DUE'
          AND EXISTS (SELECT 1 FROM honor_award a WHERE a.id = b.award_id AND a.status = 'ACTIVE')
       RETURNING b.id`,
      [JSON.stringify(outcomes.map((o) => ({ id: o.id, status: o.status, on_day: o.on }))), caller.id],
    )) as [{ id: string }[], number] | { id: string }[];
    const rows = (Array.isArray(updated[0]) ? updated[0] : updated) as { id: string }[];
    await this.audit.recordMany(
      em,
      rows.map(({ id }) => ({ ...audit, entityType: 'HonorBenefit', entityId: id, after: { status: outcomes.find((o) => o.id === id)?.status } })),
    );
    return rows.length;
  }

  /**
   * Removes a disposable data set (the scale seed's): the rounds and honour types whose names
   * start with `prefix`, with their nominations, awards and benefits. Member designations are
   * left as they are (the members of a scale data set go with it).
   */
  async removeByPrefix(em: EntityManager, prefix: string): Promise<{ rounds: number; types: number; awards: number; benefits: number; nominations: number }> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const count = async (sql: string) => ((await em.query(sql, [like])) as [unknown, number])[1];
    const awardsOf = `SELECT a.id FROM honor_award a WHERE a.round_id IN (SELECT id FROM honor_round WHERE name LIKE $1)
                       OR a.honor_type_id IN (SELECT id FROM honor_type WHERE name LIKE $1)`;
    const benefits = await count(`DELETE FROM honor_benefit WHERE award_id IN (${awardsOf})`);
    const awards = await count(`DELETE FROM honor_award WHERE id IN (${awardsOf})`);
    const nominations = await count(`DELETE FROM honor_nomination WHERE round_id IN (SELECT id FROM honor_round WHERE name LIKE $1)
                                       OR honor_type_id IN (SELECT id FROM honor_type WHERE name LIKE $1)`);
    const rounds = await count(`DELETE FROM honor_round WHERE name LIKE $1`);
    const types = await count(`DELETE FROM honor_type WHERE name LIKE $1`);
    return { rounds, types, awards, benefits, nominations };
  }
}
