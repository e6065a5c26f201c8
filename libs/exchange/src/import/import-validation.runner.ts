import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '@crm/auth';
import { detectFile, readRows, SpreadsheetError } from '@crm/spreadsheet';
import { HeaderMap } from '../columns/import-columns';
import { ImportFileFailures, spreadsheetFailureZh } from '../exceptions/import.errors';
import { ImportCancelled, ImportFileError, IMPORT_BATCH_ROWS, IMPORT_MAX_ROWS, STALE_LEASE_SECONDS } from './import-failures';
import { ImportFiles } from './import-files';
import { ImportCells, ImportKind, ImportStatus, ImportValidation, StagedImportRow } from './import-kind';

/** Rows parsed between two turns of the event loop (see validateFile). */
const YIELD_EVERY_ROWS = 100;
/** How many leading rows may be a title above the header (会员名单 2026 …). */
export const HEADER_SEARCH_ROWS = 5;

/**
 * Phase one of an import, the same for every kind: reads the stored file as a stream, maps the
 * header, has the kind parse and check every row, match the good ones, and stages them all
 * (good and bad) in the kind's row table, a batch per transaction together with the job's
 * counters. Nothing of the base is written. Restarting it starts over (the staged rows are
 * cleared first).
 */
export class ImportValidationRunner<V, K extends string> {
  private readonly job: string;
  private readonly row: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly files: ImportFiles,
    private readonly kind: ImportKind<V, K>,
  ) {
    this.job = kind.tables.job;
    this.row = kind.tables.row;
  }

  async run(importId: string, caller: Caller): Promise<void> {
    const lease = randomUUID();
    // Taken when new, or when the validation that had it stopped beating (its worker died).
    const started = await this.dataSource.query(
      `UPDATE ${this.job} SET status = 'VALIDATING', lease = $2, heartbeat_at = now(), total_rows = 0, error_rows = 0, matched_rows = 0, failure = NULL,
              match_snapshot = NULL, version = version + 1
        WHERE id = $1 AND (status = 'UPLOADED'
              OR (status = 'VALIDATING' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3))))
        RETURNING stored_file AS "storedFile", file_name AS "fileName"`,
      [importId, lease, STALE_LEASE_SECONDS],
    );
    const [row] = started[0] as { storedFile: string | null; fileName: string }[];
    if (!row) return; // cancelled, or already validated by another worker
    await this.dataSource.query(`DELETE FROM ${this.row} WHERE import_id = $1`, [importId]);
    try {
      const local = row.storedFile ? await this.files.toLocalFile(row.storedFile) : null;
      if (!local) throw new ImportFileError('FILE_GONE', ImportFileFailures.FILE_GONE());
      try {
        await this.validateFile(importId, lease, caller, local.path, row.fileName);
      } finally {
        await local.cleanup();
      }
    } catch (error) {
      if (error instanceof ImportFileError || error instanceof SpreadsheetError) {
        const reason = error instanceof SpreadsheetError ? error.reason : error.reason;
        const messageZh = error instanceof ImportFileError ? error.messageZh : spreadsheetFailureZh(error.reason, error.rowNumber);
        await this.dataSource.transaction(async (em) => {
          await em.query(`DELETE FROM ${this.row} WHERE import_id = $1`, [importId]);
          await em.query(
            `UPDATE ${this.job} SET status = 'FAILED', failure = $2, total_rows = 0, error_rows = 0, matched_rows = 0, finished_at = now(),
                    stored_file = NULL, version = version + 1
              WHERE id = $1 AND status = 'VALIDATING' AND lease = $3`,
            [importId, JSON.stringify({ reason, message: error.message, messageZh, rowNumber: error.rowNumber ?? null }), lease],
          );
        });
        await this.files.remove(row.storedFile);
        return;
      }
      // Anything else (the database went away …): let the next attempt take over at once.
      await this.dataSource.query(`UPDATE ${this.job} SET heartbeat_at = NULL WHERE id = $1 AND lease = $2`, [importId, lease]).catch(() => undefined);
      throw error;
    }
  }

  private async validateFile(importId: string, lease: string, caller: Caller, path: string, fileName: string): Promise<void> {
    const file = await detectFile(path, fileName);
    await this.dataSource.query(`UPDATE ${this.job} SET format = $2, encoding = $3 WHERE id = $1`, [importId, file.format, file.encoding ?? null]);
    const validation = await this.kind.startValidation({ em: this.dataSource.manager, importId, caller });
    // Stored at once: a kind's housekeeping may need to know that a validation holds one.
    if (validation.snapshot) await this.dataSource.query(`UPDATE ${this.job} SET match_snapshot = $3 WHERE id = $1 AND lease = $2`, [importId, lease, validation.snapshot]);
    const catalogue = this.kind.columns;
    let header: HeaderMap<K> | null = null;
    let leading = 0;
    let batch: StagedImportRow<V>[] = [];
    let total = 0;
    // The batch being matched and staged while the next one is read and parsed: the database's
    // part and the file's part of validation overlap. Batches are staged one at a time, in file
    // order (a kind's matching may need the earlier rows first).
    let staging: Promise<void> = Promise.resolve();
    const stage = async (rows: StagedImportRow<V>[]) => {
      await staging;
      staging = this.flush(importId, lease, rows, validation);
      // Awaited before the next batch or at the end; until then its failure must not count as unhandled.
      staging.catch(() => undefined);
    };

    try {
      for await (const sheetRow of readRows(path, file)) {
        if (!header) {
          header = catalogue.mapHeader(sheetRow);
          if (!header) {
            if (++leading >= HEADER_SEARCH_ROWS) break;
            continue;
          }
          await this.dataSource.query(`UPDATE ${this.job} SET columns = $2, ignored_columns = $3 WHERE id = $1`, [importId, JSON.stringify(header.columns), header.ignored]);
          continue;
        }
        const cells: ImportCells<K> = {};
        const formulaKeys = new Set<K>();
        for (const [index, key] of header.byIndex) {
          const value = sheetRow.cells[index];
          if (value) cells[key] = value;
        }
        for (const index of sheetRow.formulaColumns) {
          const key = header.byIndex.get(index);
          if (key) formulaKeys.add(key);
        }
        if (!Object.keys(cells).length && !formulaKeys.size) continue; // a row with only ignored columns filled
        if (++total > IMPORT_MAX_ROWS) throw new ImportFileError('TOO_MANY_ROWS', ImportFileFailures.TOO_MANY_ROWS({ max: IMPORT_MAX_ROWS }));
        const parsed = validation.parse(cells, formulaKeys, header.headers);
        const staged: StagedImportRow<V> = { rowNumber: sheetRow.rowNumber, values: parsed.values, errors: parsed.errors, matchedId: null };
        // Bad rows count too: the same person in a bad row and a good one is still one person twice.
        validation.checkInFile?.(staged, cells, header.headers);
        if (staged.errors.length) staged.values = null;
        batch.push(staged);
        // Let the batch being staged go on: its answers from the database wait for the event
        // loop, which parsing a file chunk's rows would otherwise hold for tens of milliseconds.
        if (total % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        if (batch.length >= IMPORT_BATCH_ROWS) {
          await stage(batch);
          batch = [];
        }
      }
      if (!header) throw catalogue.missingColumns(HEADER_SEARCH_ROWS);
      if (batch.length) await stage(batch);
    } finally {
      // Nothing may still be staging rows when the import is failed or finished: a file error
      // (too many rows, say) cleans up the staged rows after this returns.
      await staging.catch(() => undefined);
    }
    await staging;
    if (!total) throw new ImportFileError('NO_ROWS', ImportFileFailures.NO_ROWS());
    await this.dataSource.query(
      `UPDATE ${this.job} SET status = CASE WHEN error_rows > 0 THEN 'INVALID' ELSE 'VALIDATED' END::${this.kind.tables.statusType},
              validated_at = now(), heartbeat_at = now(), version = version + 1
        WHERE id = $1 AND status = 'VALIDATING' AND lease = $2`,
      [importId, lease],
    );
  }

  private async flush(importId: string, lease: string, batch: StagedImportRow<V>[], validation: ImportValidation<V, K>): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [state] = (await em.query(`SELECT status, lease FROM ${this.job} WHERE id = $1 FOR UPDATE`, [importId])) as { status: ImportStatus; lease: string }[];
      // Cancelled, or taken over by another worker after this one looked dead: stop quietly.
      if (state?.status !== ImportStatus.Validating || state.lease !== lease) throw new ImportCancelled();
      await validation.stage?.(
        em,
        batch.filter((r) => r.values),
      );
      for (const r of batch) if (r.errors.length) r.values = null;
      await em.query(
        `INSERT INTO ${this.row} (import_id, row_number, "values", errors, ${this.kind.tables.matchedColumn})
         SELECT $1, r."rowNumber", r."values", r.errors, r."matchedId"
           FROM jsonb_to_recordset($2::jsonb) AS r("rowNumber" int, "values" jsonb, errors jsonb, "matchedId" uuid)`,
        [importId, JSON.stringify(batch.map((r) => ({ rowNumber: r.rowNumber, values: r.values, errors: r.errors.length ? r.errors : null, matchedId: r.matchedId })))],
      );
      await em.query(
        `UPDATE ${this.job} SET total_rows = total_rows + $2, error_rows = error_rows + $3, matched_rows = matched_rows + $4, heartbeat_at = now() WHERE id = $1`,
        [importId, batch.length, batch.filter((r) => r.errors.length).length, batch.filter((r) => r.matchedId).length],
      );
    });
  }
}
