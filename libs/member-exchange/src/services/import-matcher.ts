import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { MemberIdentity, MemberStatus } from '@crm/member';
import type { BilingualMessage } from '@crm/shared';
import type { ImportRowError } from '../entities/member-import-row.entity';
import { ImportRowMessages as M } from '../exceptions/import.errors';
import { RowErrorReason } from './import-row-parser';

export interface MatchCandidate {
  rowNumber: number;
  name: string;
  idNumber?: string;
  phones?: string[];
}

export type MatchOutcome = { memberId: string | null; error?: undefined } | { memberId?: undefined; error: ImportRowError };

interface Hit {
  row: number;
  id: string;
  name: string;
  idNumber: string | null;
  how: 'ID' | 'PHONE';
  inScope: boolean;
}

/**
 * Finds the existing member each row is: by ID number first, then by the same name and a phone
 * in common. One statement for a whole batch (ID numbers through the unique index, phones through
 * the GIN index of phone suffixes). A row that matches a member the caller may not change, or
 * that matches two different members, is an error — never a guess.
 */
export class ImportMatcher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly caller: Caller,
  ) {}

  async match(em: EntityManager, rows: MatchCandidate[]): Promise<Map<number, MatchOutcome>> {
    const result = new Map<number, MatchOutcome>();
    const probes = rows.filter((r) => r.idNumber || r.phones?.length);
    for (const r of rows) result.set(r.rowNumber, { memberId: null });
    if (!probes.length) return result;
    const scope = this.access.write('Member', this.caller, 'm');
    const sql = `
      WITH r AS (SELECT * FROM jsonb_to_recordset(:rows::jsonb) AS r("rowNumber" int, name text, "idNumber" text, phones varchar[]))
      SELECT r."rowNumber" AS row, m.id, m.name, m.id_number AS "idNumber", 'ID' AS how, (${scope.sql}) AS "inScope"
        FROM r JOIN member m ON m.id_number = r."idNumber" AND m.status <> 'MERGED'
      UNION ALL
      SELECT DISTINCT r."rowNumber", m.id, m.name, m.id_number, 'PHONE', (${scope.sql})
        FROM r CROSS JOIN LATERAL unnest(r.phones) AS p(phone)
        -- One index probe per phone (OFFSET 0 keeps the sub-query from being flattened): as a
        -- plain join the planner hashed the batch and scanned the whole member table by name.
        CROSS JOIN LATERAL (
          SELECT mm.* FROM member mm
           WHERE mm.phone_keys @> ARRAY[regexp_replace(p.phone, '\\D', '', 'g')]
             AND mm.phones @> ARRAY[p.phone]::varchar[] AND mm.name = r.name AND mm.status <> 'MERGED'
          OFFSET 0
        ) m`;
    const [query, params] = this.dataSource.driver.escapeQueryWithParameters(
      sql,
      { ...scope.params, rows: JSON.stringify(probes.map((r) => ({ rowNumber: r.rowNumber, name: r.name, idNumber: r.idNumber ?? null, phones: r.phones ?? [] }))) },
      {},
    );
    const hits = (await em.query(query, params)) as Hit[];
    const byRow = new Map<number, Hit[]>();
    for (const h of hits) {
      const list = byRow.get(h.row) ?? [];
      list.push(h);
      byRow.set(h.row, list);
    }
    for (const row of probes) {
      const found = byRow.get(row.rowNumber);
      if (!found) continue;
      result.set(row.rowNumber, this.decide(row, found));
    }
    return result;
  }

  /**
   * The rows (by row number) that one of the members, as they are now, is a hit of in match():
   * the same ID number, or the same name and a phone in common; MERGED members are no hits.
   * Mirrors the statement above, in memory: the commit uses it to find the rows that members
   * changed since validation concern.
   */
  static concerned(rows: MatchCandidate[], members: MemberIdentity[]): Set<number> {
    const ids = new Set<string>();
    const namePhones = new Set<string>();
    for (const m of members) {
      if (m.status === MemberStatus.Merged) continue;
      if (m.idNumber) ids.add(m.idNumber);
      for (const p of m.phones) namePhones.add(`${m.name}\u0000${p}`);
    }
    return new Set(rows.filter((r) => (r.idNumber && ids.has(r.idNumber)) || r.phones?.some((p) => namePhones.has(`${r.name}\u0000${p}`))).map((r) => r.rowNumber));
  }

  /**
   * Members matched earlier, as they stand for this caller now: live ones with whether the
   * caller may change them (MERGED or vanished members are left out). One statement.
   */
  async confirm(em: EntityManager, ids: string[]): Promise<Map<string, boolean>> {
    if (!ids.length) return new Map();
    const scope = this.access.write('Member', this.caller, 'm');
    const [query, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT m.id, (${scope.sql}) AS "inScope" FROM member m WHERE m.id = ANY(:__ids::uuid[]) AND m.status <> 'MERGED'`,
      { ...scope.params, __ids: ids },
      {},
    );
    return new Map(((await em.query(query, params)) as { id: string; inScope: boolean }[]).map((r) => [r.id, !!r.inScope]));
  }

  /** A row whose member is outside the caller's scope (the same error match() gives). */
  static outsideScope(): MatchOutcome {
    return { error: { column: null, value: null, reason: RowErrorReason.MemberOutsideScope, ...M.MEMBER_OUTSIDE_SCOPE() } };
  }

  private decide(row: MatchCandidate, hits: Hit[]): MatchOutcome {
    const byId = hits.find((h) => h.how === 'ID');
    const byPhone = [...new Map(hits.filter((h) => h.how === 'PHONE').map((h) => [h.id, h])).values()];
    const err = (column: string | null, reason: RowErrorReason, text: BilingualMessage): MatchOutcome => ({ error: { column, value: null, reason, ...text } });
    let chosen: Hit;
    if (byId) {
      if (byId.name !== row.name) return err('身份证号', RowErrorReason.IdNumberNameMismatch, M.ID_NAME_MISMATCH());
      if (byPhone.some((h) => h.id !== byId.id)) return err('手机号码', RowErrorReason.AmbiguousMatch, M.ID_AND_PHONE_DISAGREE());
      chosen = byId;
    } else {
      if (byPhone.length > 1) return err('手机号码', RowErrorReason.AmbiguousMatch, M.AMBIGUOUS_NAME_PHONE({ count: byPhone.length }));
      chosen = byPhone[0];
      if (row.idNumber && chosen.idNumber && chosen.idNumber !== row.idNumber) {
        return err('身份证号', RowErrorReason.IdNumberMismatch, M.ID_NUMBER_MISMATCH());
      }
    }
    if (!chosen.inScope) return ImportMatcher.outsideScope();
    return { memberId: chosen.id };
  }
}
