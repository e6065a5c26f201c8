import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '@crm/auth';
import { ImportFiles } from './import-files';
import { ImportAction, ImportCommitter, ImportStatus, ImportTables } from './import-kind';

/** The import stopped being COMMITTING while a batch ran (cancelled): the batch is rolled back. */
class ImportStopped extends Error {}

export interface ImportCommitHooks {
  /** After each committed batch, with the rows done so far (tests, the CLI's progress). */
  afterBatch?: (done: number) => Promise<void> | void;
}

/**
 * Phase two of an import, the same for every kind: applies the staged rows in batches of the
 * committer's `batchRows`, each batch one transaction in which the kind's committer writes
 * through its library and the runner marks the rows done and adds to the job's counters. A batch
 * that dies (a crash, a kill, a lost connection) is rolled back whole by PostgreSQL, and the next
 * run of the job takes the rows not done: the import is resumable and never half-applied within
 * a batch. (commit_cursor is the highest row done, for display; batches may finish out of order.)
 */
export class ImportCommitRunner<V> {
  private readonly logger = new Logger('ImportCommit');

  constructor(
    private readonly dataSource: DataSource,
    private readonly files: ImportFiles,
    private readonly tables: ImportTables,
    private readonly committer: ImportCommitter<V>,
  ) {}

  /**
   * Commits every staged row not yet done. Each worker claims the next rows nobody holds
   * (FOR UPDATE SKIP LOCKED) and commits them as one transaction with the job's counters;
   * a batch that dies leaves its rows undone for the next run. The first failure stops the
   * other workers before their next batch, and is rethrown.
   */
  async run(importId: string, caller: Caller, hooks: ImportCommitHooks = {}): Promise<void> {
    let stop = false;
    let finished = false;
    // Where the next claim starts looking: past the rows already claimed in this run, so a claim
    // does not walk the index entries of every row done before it (the entries of updated rows
    // stay until vacuum: claiming from the start cost 30 ms a batch at 60,000 rows, growing).
    // A retried batch keeps its own start, and takes its rows again.
    const scan = { next: 0 };
    const worker = async () => {
      while (!stop) {
        let result: Awaited<ReturnType<ImportCommitRunner<V>['batch']>>;
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
      Array.from({ length: Math.max(1, this.committer.connections) }, () =>
        worker().catch((error: unknown) => {
          stop = true;
          throw error;
        }),
      ),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    if (!finished) return;
    const { job, row } = this.tables;
    const [done] = (await this.dataSource.query(
      `UPDATE ${job} i SET status = 'COMMITTED', finished_at = now(), heartbeat_at = now(), version = version + 1
        WHERE i.id = $1 AND i.status = 'COMMITTING' AND NOT EXISTS (SELECT 1 FROM ${row} r WHERE r.import_id = i.id AND r.action IS NULL)
        RETURNING stored_file AS "storedFile"`,
      [importId],
    )) as [{ storedFile: string | null }[], number];
    if (!done.length) return;
    await this.files.remove(done[0].storedFile);
    await this.dataSource.query(`UPDATE ${job} SET stored_file = NULL WHERE id = $1`, [importId]);
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
    const { job, row, matchedColumn, targetColumn, actionType } = this.tables;
    // Not locked: the other worker updates the same row's counters. The final UPDATE below
    // re-checks the status, so a cancellation in between rolls this batch back.
    const [imp] = (await em.query(`SELECT status, mode, file_name AS "fileName", match_snapshot AS "matchSnapshot" FROM ${job} WHERE id = $1`, [importId])) as {
      status: ImportStatus;
      mode: string;
      fileName: string;
      matchSnapshot: string | null;
    }[];
    if (imp?.status !== ImportStatus.Committing) return 'stopped';
    const rows = (await em.query(
      `SELECT row_number AS "rowNumber", "values", ${matchedColumn} AS "matchedId" FROM ${row}
        WHERE import_id = $1 AND action IS NULL AND row_number > $3 ORDER BY row_number LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [importId, this.committer.batchRows, from],
    )) as { rowNumber: number; values: V; matchedId: string | null }[];
    if (rows.length) claimed(rows[rows.length - 1].rowNumber);
    if (!rows.length) {
      // Nothing left to claim: finished, unless another worker still holds the last rows.
      const [pending] = (await em.query(`SELECT 1 FROM ${row} WHERE import_id = $1 AND action IS NULL LIMIT 1`, [importId])) as unknown[];
      return pending ? 'idle' : 'finished';
    }
    const outcomes = await this.committer.apply({ em, importId, caller, mode: imp.mode, fileName: imp.fileName, snapshot: imp.matchSnapshot, rows });
    const count = (a: ImportAction) => outcomes.filter((o) => o.action === a).length;
    await em.query(
      `UPDATE ${row} r SET action = o.action::${actionType}, ${targetColumn} = o."targetId", errors = coalesce(o.errors, r.errors)
         FROM jsonb_to_recordset($2::jsonb) AS o("rowNumber" int, action text, "targetId" uuid, errors jsonb)
        WHERE r.import_id = $1 AND r.row_number = o."rowNumber"`,
      [importId, JSON.stringify(outcomes)],
    );
    const last = rows[rows.length - 1].rowNumber;
    const [updated] = (await em.query(
      `UPDATE ${job} SET commit_cursor = GREATEST(commit_cursor, $2), done_rows = done_rows + $3, created_count = created_count + $4, updated_count = updated_count + $5,
              skipped_count = skipped_count + $6, unchanged_count = unchanged_count + $7, failed_count = failed_count + $8, heartbeat_at = now()
        WHERE id = $1 AND status = 'COMMITTING' RETURNING done_rows AS "done"`,
      [importId, last, rows.length, count(ImportAction.Created), count(ImportAction.Updated), count(ImportAction.Skipped), count(ImportAction.Unchanged), count(ImportAction.Failed)],
    )) as [{ done: number }[], number];
    // Cancelled (or given up) while this batch ran: nothing of it stays.
    if (!updated.length) throw new ImportStopped();
    return updated[0].done;
  }
}
