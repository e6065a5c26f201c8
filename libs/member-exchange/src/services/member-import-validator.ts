import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ChamberLeadershipService } from '@crm/chamber';
import { MemberIdentityChanges } from '@crm/member';
import { RegionService } from '@crm/region';
import { AppConfig, BilingualMessage } from '@crm/shared';
import { detectFile, readRows, SheetRow, SpreadsheetError } from '@crm/spreadsheet';
import { columnForHeader, EXPORT_ONLY_KEYS, MEMBER_COLUMNS, MemberColumnKey } from '../columns/member-columns';
import type { ImportRowError } from '../entities/member-import-row.entity';
import { ImportColumnMapping, MemberImportEntity } from '../entities/member-import.entity';
import { ImportFileFailures, ImportRowMessages, spreadsheetFailureZh } from '../exceptions/import.errors';
import { MemberImportStatus } from '../entities/member-import.enums';
import { ImportMatcher } from './import-matcher';
import { ImportReference } from './import-reference';
import { identityOf, ImportRowParser, ImportValues, isSingleHolder, RowCells, RowErrorReason, RowIdentity } from './import-row-parser';
import { ImportFiles } from './import-files';

export const IMPORT_BATCH_ROWS = 1000;
export const IMPORT_MAX_ROWS = 500_000;
/** A validation or commit that has not beaten for this long is taken for dead. */
export const STALE_LEASE_SECONDS = 120;
/** Rows parsed between two turns of the event loop (see validateFile). */
const YIELD_EVERY_ROWS = 100;
/** How many leading rows may be a title above the header (会员名单 2026 …). */
const HEADER_SEARCH_ROWS = 5;

/** Why the file as a whole cannot be imported; `message` is English, `messageZh` Chinese. */
export class ImportFileError extends Error {
  readonly messageZh: string;

  constructor(
    readonly reason: string,
    text: BilingualMessage,
    readonly rowNumber?: number,
  ) {
    super(text.message);
    this.messageZh = text.messageZh;
  }
}

interface StagedRow {
  rowNumber: number;
  values: ImportValues | null;
  errors: ImportRowError[];
  matchedMemberId: string | null;
}

interface HeaderMap {
  columns: ImportColumnMapping[];
  ignored: string[];
  byIndex: Map<number, MemberColumnKey>;
  headers: Partial<Record<MemberColumnKey, string>>;
}

/** Maps a header row; null when the row is not the header (no 姓名 column in it). */
export function mapHeader(row: SheetRow): HeaderMap | null {
  const byIndex = new Map<number, MemberColumnKey>();
  const columns: ImportColumnMapping[] = [];
  const ignored: string[] = [];
  const headers: Partial<Record<MemberColumnKey, string>> = {};
  const seen = new Map<string, string>();
  row.cells.forEach((raw, index) => {
    const header = raw.trim();
    if (!header) return;
    const key = columnForHeader(header);
    if (!key) {
      ignored.push(header);
      return;
    }
    if (seen.has(key)) throw new ImportFileError('DUPLICATE_COLUMN', ImportFileFailures.DUPLICATE_COLUMN({ first: seen.get(key) ?? '', second: header }), row.rowNumber);
    seen.set(key, header);
    columns.push({ index, header, key });
    if (EXPORT_ONLY_KEYS.has(key)) return;
    byIndex.set(index, key as MemberColumnKey);
    headers[key as MemberColumnKey] = header;
  });
  if (!headers.name) return null;
  return { columns, ignored, byIndex, headers };
}

/**
 * Phase one of an import: reads the stored file as a stream, maps the header, parses and checks
 * every row, matches the good ones against the base, and stages them all (good and bad) in
 * member_import_row, a batch per transaction together with the import's counters. Nothing of
 * the member base is written. Restarting it starts over (the staged rows are cleared first).
 */
@Injectable()
export class MemberImportValidator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly config: AppConfig,
    private readonly files: ImportFiles,
    private readonly leadership: ChamberLeadershipService,
    private readonly identities: MemberIdentityChanges,
  ) {}

  async run(importId: string, caller: Caller): Promise<void> {
    const lease = randomUUID();
    // Taken when new, or when the validation that had it stopped beating (its worker died).
    const started = await this.dataSource.query(
      `UPDATE member_import SET status = 'VALIDATING', lease = $2, heartbeat_at = now(), total_rows = 0, error_rows = 0, matched_rows = 0, failure = NULL,
              match_snapshot = NULL, version = version + 1
        WHERE id = $1 AND (status = 'UPLOADED'
              OR (status = 'VALIDATING' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3))))
        RETURNING stored_file AS "storedFile", file_name AS "fileName"`,
      [importId, lease, STALE_LEASE_SECONDS],
    );
    const [row] = started[0] as { storedFile: string | null; fileName: string }[];
    if (!row) return; // cancelled, or already validated by another worker
    await this.dataSource.query(`DELETE FROM member_import_row WHERE import_id = $1`, [importId]);
    try {
      if (!row.storedFile) throw new ImportFileError('FILE_GONE', ImportFileFailures.FILE_GONE());
      await this.validateFile(importId, lease, caller, this.files.pathOf(row.storedFile), row.fileName);
    } catch (error) {
      if (error instanceof ImportFileError || error instanceof SpreadsheetError) {
        const reason = error instanceof SpreadsheetError ? error.reason : error.reason;
        const messageZh = error instanceof ImportFileError ? error.messageZh : spreadsheetFailureZh(error.reason, error.rowNumber);
        await this.dataSource.transaction(async (em) => {
          await em.query(`DELETE FROM member_import_row WHERE import_id = $1`, [importId]);
          await em.query(
            `UPDATE member_import SET status = 'FAILED', failure = $2, total_rows = 0, error_rows = 0, matched_rows = 0, finished_at = now(),
                    stored_file = NULL, version = version + 1
              WHERE id = $1 AND status = 'VALIDATING' AND lease = $3`,
            [importId, JSON.stringify({ reason, message: error.message, messageZh, rowNumber: error.rowNumber ?? null }), lease],
          );
        });
        await this.files.remove(row.storedFile);
        return;
      }
      // Anything else (the database went away …): let the next attempt take over at once.
      await this.dataSource.query(`UPDATE member_import SET heartbeat_at = NULL WHERE id = $1 AND lease = $2`, [importId, lease]).catch(() => undefined);
      throw error;
    }
  }

  private async validateFile(importId: string, lease: string, caller: Caller, path: string, fileName: string): Promise<void> {
    const file = await detectFile(path, fileName);
    await this.dataSource.query(`UPDATE member_import SET format = $2, encoding = $3 WHERE id = $1`, [importId, file.format, file.encoding ?? null]);
    const ref = await ImportReference.load(this.dataSource.manager, caller, this.access, this.leadership, await this.regions.all(), this.config.HOME_REGION_CODE);
    const parser = new ImportRowParser(ref);
    const matcher = new ImportMatcher(this.dataSource, this.access, caller);
    // Taken before the first row is matched: the commit looks again only at rows that members
    // changed after it concern (MemberImportCommitter.matchNow). Stored at once: while an import
    // is VALIDATING without one, nothing is pruned from the change log (forgetIdentityChanges).
    const matchSnapshot = await this.identities.marker(this.dataSource.manager);
    await this.dataSource.query(`UPDATE member_import SET match_snapshot = $3 WHERE id = $1 AND lease = $2`, [importId, lease, matchSnapshot]);
    const seenIds = new Map<string, number>();
    const seenNamePhones = new Map<string, number>();
    const claimedPositions = new Map<string, number>();
    const matchedRows = new Map<string, number>();
    let header: HeaderMap | null = null;
    let leading = 0;
    let batch: StagedRow[] = [];
    let total = 0;
    // The batch being matched and staged while the next one is read and parsed: the database's
    // part and the file's part of validation overlap. Batches are staged one at a time, in file
    // order (matchedRows needs the earlier rows first).
    let staging: Promise<void> = Promise.resolve();
    const stage = async (rows: StagedRow[]) => {
      await staging;
      staging = this.flush(importId, lease, rows, matcher, ref, matchedRows);
      // Awaited before the next batch or at the end; until then its failure must not count as unhandled.
      staging.catch(() => undefined);
    };

    try {
      for await (const sheetRow of readRows(path, file)) {
        if (!header) {
          header = mapHeader(sheetRow);
          if (!header) {
            if (++leading >= HEADER_SEARCH_ROWS) break;
            continue;
          }
          await this.dataSource.query(`UPDATE member_import SET columns = $2, ignored_columns = $3 WHERE id = $1`, [importId, JSON.stringify(header.columns), header.ignored]);
          continue;
        }
        const cells: RowCells = {};
        const formulaKeys = new Set<MemberColumnKey>();
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
        const parsed = parser.parse(cells, formulaKeys, header.headers);
        const staged: StagedRow = { rowNumber: sheetRow.rowNumber, values: parsed.values, errors: parsed.errors, matchedMemberId: null };
        // Bad rows count too: the same person in a bad row and a good one is still one person twice.
        this.checkInFile(staged, identityOf(cells), parsed.values, header.headers, seenIds, seenNamePhones, claimedPositions);
        batch.push(staged);
        // Let the batch being staged go on: its answers from the database wait for the event
        // loop, which parsing a file chunk's rows would otherwise hold for tens of milliseconds.
        if (total % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        if (batch.length >= IMPORT_BATCH_ROWS) {
          await stage(batch);
          batch = [];
        }
      }
      if (!header) {
        const names = MEMBER_COLUMNS.filter((c) => c.required).map((c) => c.header).join(', ');
        throw new ImportFileError('MISSING_COLUMN', ImportFileFailures.MISSING_COLUMN({ columns: names, rows: HEADER_SEARCH_ROWS }));
      }
      if (batch.length) await stage(batch);
    } finally {
      // Nothing may still be staging rows when the import is failed or finished: a file error
      // (too many rows, say) cleans up the staged rows after this returns.
      await staging.catch(() => undefined);
    }
    await staging;
    if (!total) throw new ImportFileError('NO_ROWS', ImportFileFailures.NO_ROWS());
    await this.dataSource.query(
      `UPDATE member_import SET status = CASE WHEN error_rows > 0 THEN 'INVALID' ELSE 'VALIDATED' END::member_import_status,
              validated_at = now(), heartbeat_at = now(), version = version + 1
        WHERE id = $1 AND status = 'VALIDATING' AND lease = $2`,
      [importId, lease],
    );
  }

  /** The same person twice in one file, or one single-holder position claimed twice. */
  private checkInFile(
    row: StagedRow,
    identity: RowIdentity,
    values: ImportValues | null,
    headers: Partial<Record<MemberColumnKey, string>>,
    seenIds: Map<string, number>,
    seenNamePhones: Map<string, number>,
    claimed: Map<string, number>,
  ): void {
    const dup = (key: MemberColumnKey, first: number) =>
      row.errors.push({ column: headers[key] ?? null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.SAME_PERSON({ row: first }) });
    let duplicate = false;
    if (identity.idNumber) {
      const first = seenIds.get(identity.idNumber);
      if (first) {
        dup('idNumber', first);
        duplicate = true;
      } else seenIds.set(identity.idNumber, row.rowNumber);
    }
    for (const phone of identity.phones) {
      const key = `${identity.name}|${phone}`;
      const first = seenNamePhones.get(key);
      if (first && !duplicate) {
        dup('phones', first);
        duplicate = true;
      }
      if (!first) seenNamePhones.set(key, row.rowNumber);
    }
    for (const m of values?.memberships ?? []) {
      for (const position of m.positions ?? []) {
        if (!m.termId || !isSingleHolder(position)) continue;
        const key = `${m.termId}|${position}`;
        const first = claimed.get(key);
        if (first) row.errors.push({ column: headers.position ?? null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.POSITION_CLAIMED_IN_FILE({ row: first }) });
        else claimed.set(key, row.rowNumber);
      }
    }
    if (row.errors.length) row.values = null;
  }

  private async flush(importId: string, lease: string, batch: StagedRow[], matcher: ImportMatcher, ref: ImportReference, matchedRows: Map<string, number>): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [state] = (await em.query(`SELECT status, lease FROM member_import WHERE id = $1 FOR UPDATE`, [importId])) as { status: MemberImportStatus; lease: string }[];
      // Cancelled, or taken over by another worker after this one looked dead: stop quietly.
      if (state?.status !== MemberImportStatus.Validating || state.lease !== lease) throw new ImportCancelled();
      const good = batch.filter((r) => r.values);
      const matches = await matcher.match(
        em,
        good.map((r) => ({ rowNumber: r.rowNumber, name: (r.values as ImportValues).name, idNumber: r.values?.idNumber, phones: r.values?.phones })),
      );
      for (const row of good) {
        const outcome = matches.get(row.rowNumber);
        if (outcome?.error) {
          row.errors.push(outcome.error);
          row.values = null;
          continue;
        }
        row.matchedMemberId = outcome?.memberId ?? null;
        // Two rows matching one member (one by ID number, one by name and phone) are the same person.
        if (row.matchedMemberId) {
          const first = matchedRows.get(row.matchedMemberId);
          if (first !== undefined) {
            row.errors.push({ column: null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.SAME_PERSON({ row: first }) });
            row.values = null;
            row.matchedMemberId = null;
            continue;
          }
          matchedRows.set(row.matchedMemberId, row.rowNumber);
        }
        for (const m of row.values?.memberships ?? []) {
          for (const position of m.positions ?? []) {
            if (!m.termId || !isSingleHolder(position)) continue;
            const holder = ref.singleHolders.get(`${m.termId}|${position}`);
            if (holder !== undefined && holder !== row.matchedMemberId) {
              row.errors.push({ column: '商会职务', value: null, reason: RowErrorReason.PositionTaken, ...ImportRowMessages.POSITION_TAKEN() });
              row.values = null;
            }
          }
        }
      }
      await em.query(
        `INSERT INTO member_import_row (import_id, row_number, "values", errors, matched_member_id)
         SELECT $1, r."rowNumber", r."values", r.errors, r."matchedMemberId"
           FROM jsonb_to_recordset($2::jsonb) AS r("rowNumber" int, "values" jsonb, errors jsonb, "matchedMemberId" uuid)`,
        [importId, JSON.stringify(batch.map((r) => ({ rowNumber: r.rowNumber, values: r.values, errors: r.errors.length ? r.errors : null, matchedMemberId: r.matchedMemberId })))],
      );
      await em.query(
        `UPDATE member_import SET total_rows = total_rows + $2, error_rows = error_rows + $3, matched_rows = matched_rows + $4, heartbeat_at = now() WHERE id = $1`,
        [importId, batch.length, batch.filter((r) => r.errors.length).length, batch.filter((r) => r.matchedMemberId).length],
      );
    });
  }
}

/** Thrown inside a batch when the import was cancelled meanwhile: the job stops quietly. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled');
  }
}

