import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { AppConfig, AppError } from '@crm/shared';
import { MEMBER_COLUMNS, MemberColumnKey } from '../columns/member-columns';
import { ChamberLeadershipService } from '@crm/chamber';
import { EnterpriseRole, EnterpriseService, MemberIdentityChanges, MembershipToAdd, MemberSource, MemberStatus, MemberValues, memberValuesOf, MemberWrite, MemberWriter } from '@crm/member';
import type { ImportRowError } from '../entities/member-import-row.entity';
import { MemberImportAction, MemberImportMode, MemberImportStatus } from '../entities/member-import.enums';
import { ImportMatcher, MatchCandidate, MatchOutcome } from './import-matcher';
import { ImportedEnterprise, ImportValues, isSingleHolder, RowErrorReason } from './import-row-parser';
import { IMPORT_BATCH_ROWS } from './member-import-validator';
import { ImportFiles } from './import-files';

/** Batches committed at once by default, each on its own connection (IMPORT_COMMIT_CONNECTIONS). */
export const IMPORT_COMMIT_CONNECTIONS = 2;

/** The import stopped being COMMITTING while a batch ran (cancelled): the batch is rolled back. */
class ImportStopped extends Error {}

/** A member's values as the import reads and writes them (the writer's shape, with the version read). */
type MemberRow = MemberValues & { version: number };

/** The single-valued fields a row may set; the same names in the parsed row (ImportValues). */
const SCALARS = ['name', 'gender', 'birthDate', 'idNumber', 'wechat', 'email', 'address', 'hometownCode', 'currentRegionCode', 'note'] as const;

/** A member change of a batch, with the row it comes from and its enterprises before they have ids. */
interface BatchWrite extends MemberWrite {
  outcome: RowOutcome;
  enterpriseItems: (ImportedEnterprise & { enterpriseId?: string })[];
}

/** Where a writer field lands in the file. */
const COLUMN_OF_FIELD: Readonly<Record<string, MemberColumnKey>> = {
  idNumber: 'idNumber',
  birthDate: 'birthDate',
  gender: 'gender',
  hometownCode: 'hometown',
  chamberId: 'chamber',
  memberships: 'chamber',
  leftOn: 'joinedOn',
  position: 'position',
  positions: 'position',
  positionStartsOn: 'position',
};

/** A refusal of the base as a row error of the report. */
function rowErrorOf(error: AppError): ImportRowError {
  const ext = error.extensions as { field?: string; reason?: string; messageZh?: string };
  const key = ext.field ? COLUMN_OF_FIELD[ext.field.split('.').pop() as string] : undefined;
  return {
    column: key ? (MEMBER_COLUMNS.find((c) => c.key === key)?.header ?? null) : null,
    value: null,
    reason: ext.reason ?? String(error.extensions.code),
    message: error.message,
    messageZh: ext.messageZh ?? error.message,
  };
}

interface RowOutcome {
  rowNumber: number;
  action: MemberImportAction;
  memberId: string | null;
  errors?: ImportRowError[];
}

interface StagedRow {
  rowNumber: number;
  values: ImportValues;
  /** The member validation matched the row to (null: none). */
  matchedMemberId: string | null;
}

/**
 * Members changed by others since validation beyond which a batch matches all its rows again
 * instead of sorting out the rows they concern (another import running meanwhile, say).
 */
export const REMATCH_ALL_ABOVE = 5000;

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];
const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Phase two of an import: applies the staged rows in batches of IMPORT_BATCH_ROWS, each batch
 * one transaction that also marks its rows done and adds to the import's counters. A batch that
 * dies (a crash, a kill, a lost connection) is rolled back whole by PostgreSQL, and the next run
 * of the job takes the rows not done: the import is resumable and never half-applied within a
 * batch. (commit_cursor is the highest row done, for display; batches may finish out of order.)
 */
@Injectable()
export class MemberImportCommitter {
  private readonly logger = new Logger(MemberImportCommitter.name);
  /** Tests lower it to see several batches with a few rows. */
  batchRows = IMPORT_BATCH_ROWS;
  /**
   * Batches committed side by side, each on its own connection: while PostgreSQL writes one
   * batch (index upkeep is most of a batch's time), the other is matched and prepared, so both
   * cores work. Tests that follow batches one by one set it to 1.
   */
  connections: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly files: ImportFiles,
    private readonly writer: MemberWriter,
    private readonly enterprises: EnterpriseService,
    private readonly leadership: ChamberLeadershipService,
    private readonly identities: MemberIdentityChanges,
    config: AppConfig,
  ) {
    this.connections = config.IMPORT_COMMIT_CONNECTIONS;
  }

  /**
   * Commits every staged row not yet done. Each worker claims the next rows nobody holds
   * (FOR UPDATE SKIP LOCKED) and commits them as one transaction with the import's counters;
   * a batch that dies leaves its rows undone for the next run. The first failure stops the
   * other workers before their next batch, and is rethrown.
   */
  async run(importId: string, caller: Caller, hooks: { afterBatch?: (done: number) => Promise<void> | void } = {}): Promise<void> {
    let stop = false;
    let finished = false;
    // Where the next claim starts looking: past the rows already claimed in this run, so a claim
    // does not walk the index entries of every row done before it (the entries of updated rows
    // stay until vacuum: claiming from the start cost 30 ms a batch at 60,000 rows, growing).
    // A retried batch keeps its own start, and takes its rows again.
    const scan = { next: 0 };
    const worker = async () => {
      while (!stop) {
        let result: Awaited<ReturnType<MemberImportCommitter['batch']>>;
        const from = scan.next;
        try {
          result = await this.withRetry(() =>
            this.dataSource.transaction((em) => this.batch(em, importId, caller, from, (last) => (scan.next = Math.max(scan.next, last)))),
          );
        } catch (error) {
          if (error instanceof ImportStopped) return;
          throw error;
        }
        if (result === 'finished') finished = true;
        if (result === 'finished' || result === 'stopped' || result === 'idle') return;
        await hooks.afterBatch?.(result);
      }
    };
    const results = await Promise.allSettled(
      Array.from({ length: Math.max(1, this.connections) }, () =>
        worker().catch((error: unknown) => {
          stop = true;
          throw error;
        }),
      ),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    if (!finished) return;
    const [done] = (await this.dataSource.query(
      `UPDATE member_import i SET status = 'COMMITTED', finished_at = now(), heartbeat_at = now(), version = version + 1
        WHERE i.id = $1 AND i.status = 'COMMITTING' AND NOT EXISTS (SELECT 1 FROM member_import_row r WHERE r.import_id = i.id AND r.action IS NULL)
        RETURNING stored_file AS "storedFile"`,
      [importId],
    )) as [{ storedFile: string | null }[], number];
    if (!done.length) return;
    await this.files.remove(done[0].storedFile);
    await this.dataSource.query(`UPDATE member_import SET stored_file = NULL WHERE id = $1`, [importId]);
  }

  /** Deadlocks and unique-index races with concurrent edits: the batch is redone from scratch. */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 4 || !['40P01', '40001', '23505'].includes(code ?? '')) throw error;
        this.logger.warn(`Import batch retried after ${code}`);
      }
    }
  }

  private async batch(
    em: EntityManager,
    importId: string,
    caller: Caller,
    from: number,
    claimed: (lastRow: number) => void,
  ): Promise<number | 'finished' | 'stopped' | 'idle'> {
    // Not locked: the other worker updates the same row's counters. The final UPDATE below
    // re-checks the status, so a cancellation in between rolls this batch back.
    const [imp] = (await em.query(`SELECT status, mode, file_name AS "fileName", match_snapshot AS "matchSnapshot" FROM member_import WHERE id = $1`, [importId])) as {
      status: MemberImportStatus;
      mode: MemberImportMode;
      fileName: string;
      matchSnapshot: string | null;
    }[];
    if (imp?.status !== MemberImportStatus.Committing) return 'stopped';
    const rows = (await em.query(
      `SELECT row_number AS "rowNumber", "values", matched_member_id AS "matchedMemberId" FROM member_import_row
        WHERE import_id = $1 AND action IS NULL AND row_number > $3 ORDER BY row_number LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [importId, this.batchRows, from],
    )) as StagedRow[];
    if (rows.length) claimed(rows[rows.length - 1].rowNumber);
    if (!rows.length) {
      // Nothing left to claim: finished, unless another worker still holds the last rows.
      const [pending] = (await em.query(`SELECT 1 FROM member_import_row WHERE import_id = $1 AND action IS NULL LIMIT 1`, [importId])) as unknown[];
      return pending ? 'idle' : 'finished';
    }
    const outcomes = await this.apply(em, importId, imp.mode, imp.fileName, imp.matchSnapshot, caller, rows);
    const count = (a: MemberImportAction) => outcomes.filter((o) => o.action === a).length;
    await em.query(
      `UPDATE member_import_row r SET action = o.action::member_import_action, member_id = o."memberId", errors = coalesce(o.errors, r.errors)
         FROM jsonb_to_recordset($2::jsonb) AS o("rowNumber" int, action text, "memberId" uuid, errors jsonb)
        WHERE r.import_id = $1 AND r.row_number = o."rowNumber"`,
      [importId, JSON.stringify(outcomes)],
    );
    const last = rows[rows.length - 1].rowNumber;
    const [updated] = (await em.query(
      `UPDATE member_import SET commit_cursor = GREATEST(commit_cursor, $2), done_rows = done_rows + $3, created_count = created_count + $4, updated_count = updated_count + $5,
              skipped_count = skipped_count + $6, unchanged_count = unchanged_count + $7, failed_count = failed_count + $8, heartbeat_at = now()
        WHERE id = $1 AND status = 'COMMITTING' RETURNING done_rows AS "done"`,
      [
        importId,
        last,
        rows.length,
        count(MemberImportAction.Created),
        count(MemberImportAction.Updated),
        count(MemberImportAction.Skipped),
        count(MemberImportAction.Unchanged),
        count(MemberImportAction.Failed),
      ],
    )) as [{ done: number }[], number];
    // Cancelled (or given up) while this batch ran: nothing of it stays.
    if (!updated.length) throw new ImportStopped();
    const progress = updated[0];
    return progress.done;
  }

  private async apply(
    em: EntityManager,
    importId: string,
    mode: MemberImportMode,
    fileName: string,
    matchSnapshot: string | null,
    caller: Caller,
    rows: StagedRow[],
  ): Promise<RowOutcome[]> {
    const matches = await this.matchNow(em, importId, matchSnapshot, new ImportMatcher(this.dataSource, this.access, caller), rows);
    const matchedIds = [...new Set([...matches.values()].map((m) => m.memberId).filter((id): id is string => !!id))];
    // The matched members, locked, with what they already have (the member library reads its tables).
    const current = await this.writer.lockWithLinks(em, matchedIds);
    const positionsTaken = await this.loadSingleHolders(em, rows);

    const outcomes: RowOutcome[] = [];
    const writes: BatchWrite[] = [];
    const actor = { id: caller.id, email: caller.email, role: caller.role };

    for (const row of rows) {
      const v = row.values;
      const match = matches.get(row.rowNumber);
      if (match?.error) {
        outcomes.push({ rowNumber: row.rowNumber, action: MemberImportAction.Failed, memberId: null, errors: [match.error] });
        continue;
      }
      const memberId = match?.memberId ?? null;
      const before = memberId ? current.get(memberId) : undefined;
      if (memberId && mode === MemberImportMode.Skip) {
        outcomes.push({ rowNumber: row.rowNumber, action: MemberImportAction.Skipped, memberId });
        continue;
      }
      // Single-holder positions taken since validation fail the row (nothing of it is written).
      const clash = (v.memberships ?? []).some((m) =>
        (m.positions ?? []).some((p) => m.termId && isSingleHolder(p) && positionsTaken.has(`${m.termId}|${p}`) && positionsTaken.get(`${m.termId}|${p}`) !== memberId),
      );
      if (clash) {
        outcomes.push({
          rowNumber: row.rowNumber,
          action: MemberImportAction.Failed,
          memberId,
          errors: [{ column: '商会职务', value: null, reason: RowErrorReason.PositionTaken, message: 'the position was given to someone else after validation', messageZh: '校验之后，这一职务已由他人担任' }],
        });
        continue;
      }
      const id = memberId ?? randomUUID();
      let after: MemberRow;
      if (before) {
        // The writer holds the ID number to birth date and gender (a row that disagrees fails there).
        after = this.patched(before, v, mode);
      } else {
        after = this.created(v, fileName);
      }
      const memberLinks = current.get(id);
      const memberships: MembershipToAdd[] = [];
      for (const m of v.memberships ?? []) {
        const alreadyMember = !!memberLinks?.chambers.has(m.chamberId);
        const positions = (m.positions ?? []).filter((p) => m.termId && !memberLinks?.positions.has(`${m.termId}|${p}`));
        for (const p of positions) if (isSingleHolder(p)) positionsTaken.set(`${m.termId}|${p}`, id);
        if (!alreadyMember || positions.length) memberships.push({ chamberId: m.chamberId, joinedOn: m.joinedOn ?? null, positions, alreadyMember });
      }
      // An enterprise the member already has (by credit code, or by name without one) gains the
      // row's roles; only the others are looked up by credit code or created.
      const enterpriseItems = (v.enterprises ?? []).flatMap((e) => {
        const existing = memberLinks?.enterprises.find((x) => (e.creditCode ? x.creditCode === e.creditCode : x.name === e.name));
        if (existing && e.roles.every((r) => existing.roles.includes(r))) return [];
        return [{ ...e, enterpriseId: existing?.enterpriseId }];
      });
      const linksChanged = memberships.length > 0 || enterpriseItems.length > 0;
      const fieldsChanged = !before || SCALARS.some((k) => before[k] !== after[k]) || !sameList(before.phones, after.phones) || !sameList(before.tags, after.tags) || !sameList(before.designations, after.designations);
      if (before && !fieldsChanged && !linksChanged) {
        outcomes.push({ rowNumber: row.rowNumber, action: MemberImportAction.Unchanged, memberId: id });
        continue;
      }
      const outcome: RowOutcome = { rowNumber: row.rowNumber, action: before ? MemberImportAction.Updated : MemberImportAction.Created, memberId: id };
      outcomes.push(outcome);
      writes.push({
        outcome,
        id,
        before: before ?? null,
        values: after,
        memberships,
        enterpriseItems,
        audit: { operation: before ? 'member.import.update' : 'member.import.create', metadata: { importId, rowNumber: row.rowNumber, mode } },
      });
    }

    // Partial: a row the base refuses now (a chamber dissolved since validation, an ID number that
    // disagrees with the member's birth date, two rows of one member) fails alone, with its reason.
    // The enterprises the accepted rows name and their members lack are found by credit code or
    // created just before the writes, so a refused row leaves no enterprise behind.
    const { refused } = await this.writer.write(em, caller, writes, {
      actor,
      registeredBy: caller.id,
      partial: true,
      // This import's own writes cannot change how its other rows match (validation refused the
      // same person twice in the file), so its batches leave them out when they ask what changed.
      tag: importId,
      beforeWrite: async (accepted) => {
        const rows = accepted as BatchWrite[];
        const unknown = rows.flatMap((w) => w.enterpriseItems.filter((e) => !e.enterpriseId));
        const enterpriseIds = await this.enterprises.ensureMany(em, unknown, actor);
        unknown.forEach((e, i) => (e.enterpriseId = enterpriseIds[i]));
        for (const w of rows) w.enterprises = w.enterpriseItems.map((e) => ({ enterpriseId: e.enterpriseId as string, roles: e.roles as EnterpriseRole[] }));
      },
    });
    for (const { write, error } of refused) {
      const outcome = (write as BatchWrite).outcome;
      outcome.action = MemberImportAction.Failed;
      outcome.errors = [rowErrorOf(error)];
    }
    return outcomes;
  }

  /**
   * Who each row is now. Validation matched every row against the base; a row's answer can have
   * changed since only through a member inserted or re-identified (name, ID number, phones,
   * status) after validation's snapshot by someone other than this import, or through the
   * caller's scope. So only the rows such a member concerns — it is one of the row's hits now,
   * or the member the row matched — are matched again; the others keep validation's member,
   * confirmed live and in the caller's scope in one statement. Without a snapshot (validated
   * before there was one) or with more than REMATCH_ALL_ABOVE changed members, every row is
   * matched again, as a batch always did before.
   */
  private async matchNow(em: EntityManager, importId: string, snapshot: string | null, matcher: ImportMatcher, rows: StagedRow[]): Promise<Map<number, MatchOutcome>> {
    const candidate = (r: StagedRow): MatchCandidate => ({ rowNumber: r.rowNumber, name: r.values.name, idNumber: r.values.idNumber, phones: r.values.phones });
    const changed = snapshot ? await this.identities.since(em, snapshot, { exceptTag: importId, limit: REMATCH_ALL_ABOVE }) : null;
    if (!changed) return matcher.match(em, rows.map(candidate));
    const changedIds = new Set(changed.map((m) => m.id));
    const hit = ImportMatcher.concerned(rows.map(candidate), changed);
    const again = new Set(rows.filter((r) => hit.has(r.rowNumber) || (r.matchedMemberId && changedIds.has(r.matchedMemberId))));
    const kept = rows.filter((r) => !again.has(r) && r.matchedMemberId);
    const now = await matcher.confirm(em, kept.map((r) => r.matchedMemberId as string));
    const result = new Map<number, MatchOutcome>();
    for (const r of rows) {
      if (again.has(r)) continue;
      if (!r.matchedMemberId) result.set(r.rowNumber, { memberId: null });
      else if (!now.has(r.matchedMemberId)) again.add(r); // merged or gone meanwhile
      else result.set(r.rowNumber, now.get(r.matchedMemberId) ? { memberId: r.matchedMemberId } : ImportMatcher.outsideScope());
    }
    if (again.size) for (const [row, outcome] of await matcher.match(em, [...again].map(candidate))) result.set(row, outcome);
    return result;
  }

  /** UPDATE: the file's cells overwrite, lists grow. FILL_EMPTY: only empty fields are filled. */
  private patched(before: MemberRow, v: ImportValues, mode: MemberImportMode): MemberRow {
    const after: MemberRow = {
      ...memberValuesOf(before),
      phones: union(before.phones, v.phones ?? []).slice(0, 5),
      tags: union(before.tags, v.tags ?? []).slice(0, 20),
      designations: union(before.designations, v.designations ?? []),
    };
    for (const key of SCALARS) {
      const value = v[key];
      if (value === undefined) continue;
      if (mode === MemberImportMode.Update || after[key] === null) (after as unknown as Record<string, unknown>)[key] = value;
    }
    // The ID number decides birth date and gender (the parser already derived them from it).
    if (mode === MemberImportMode.FillEmpty && v.idNumber && !before.idNumber) {
      after.birthDate = before.birthDate ?? v.birthDate ?? null;
      after.gender = before.gender ?? v.gender ?? null;
    }
    return after;
  }

  private created(v: ImportValues, fileName: string): MemberRow {
    return {
      name: v.name,
      gender: v.gender ?? null,
      birthDate: v.birthDate ?? null,
      idNumber: v.idNumber ?? null,
      phones: v.phones ?? [],
      wechat: v.wechat ?? null,
      email: v.email ?? null,
      address: v.address ?? null,
      hometownCode: v.hometownCode ?? null,
      currentRegionCode: v.currentRegionCode ?? null,
      designations: v.designations ?? [],
      tags: v.tags ?? [],
      note: v.note ?? null,
      source: MemberSource.Import,
      sourceNote: [...`导入：${fileName}`].slice(0, 200).join(''),
      status: MemberStatus.Active,
      version: 1,
    };
  }

  /** Who holds the single-holder posts the batch names (the chamber library reads its table). */
  private async loadSingleHolders(em: EntityManager, rows: StagedRow[]): Promise<Map<string, string | null>> {
    const terms = [...new Set(rows.flatMap((r) => (r.values.memberships ?? []).filter((m) => m.termId && (m.positions ?? []).some(isSingleHolder)).map((m) => m.termId as string)))];
    return new Map((await this.leadership.singleHolders(em, terms)).map((h) => [`${h.termId}|${h.position}`, h.memberId]));
  }
}
