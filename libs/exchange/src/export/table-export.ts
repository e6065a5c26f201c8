import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '@crm/audit';
import { TooManyRequestsError } from '@crm/shared';
import { createTableWriter, SpreadsheetFormat, TableWriter } from '@crm/spreadsheet';
import { attachmentDisposition, SPREADSHEET_CONTENT_TYPES } from '../utils/download';

/** A cell as the table writer takes it. */
export type ExportCell = string | number | null;

/** One keyset batch, ready to write. */
export interface ExportBatch<C = string[]> {
  rows: ExportCell[][];
  /** Where the next batch starts (the last row's sort keys), or null when this one is the last. */
  last: C | null;
}

/** YYYYMMDD-HHmm in the offices' time zone (China has one, and no daylight saving), for download names. */
export function exportStamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}`;
}

/** Thrown inside an export when the client went away; ends it quietly. */
export class ExportAborted extends Error {
  constructor() {
    super('The client closed the connection');
  }
}

/** Tuning of an export; the member export's defaults are the production values. */
export interface TableExportOptions {
  /** Rows per keyset batch. */
  batchSize: number;
  /**
   * Exports running at once in this process (all kinds together). Each holds one database
   * connection for its whole download, so a few slow downloads must not take the pool from the API.
   */
  maxConcurrent: number;
}

/**
 * What one kind's export supplies: the sheet (headers in Chinese, text columns), the audit
 * event, a count and keyset batches of rows already masked for the caller. Everything is read
 * on one connection in one REPEATABLE READ, READ ONLY transaction (`runner`).
 */
export interface TableExportSource<C = string[]> {
  /** For log lines: `member` → "member export stopped …". */
  label: string;
  format: SpreadsheetFormat;
  sheetName: string;
  headers: readonly string[];
  /** Columns written as text in .xlsx (ID numbers, codes). */
  textColumns?: readonly number[];
  columnWidths?: readonly number[];
  /** Content-Disposition's names, ASCII and Chinese, for the moment the download starts. */
  fileNames(at: Date): { ascii: string; zh: string };
  /** The rows the export will write (the audit event's rowCount). */
  count(runner: QueryRunner): Promise<number>;
  /** The audit event, committed before the first byte (no file without its trail). */
  auditEvent(rowCount: number): { operation: string; entityType: string; metadata: Record<string, unknown> };
  /** The batch after `after` (null: the first), at most `limit` rows; abort with ExportAborted when `signal` fires. */
  fetch(runner: QueryRunner, after: C | null, limit: number, signal: AbortSignal): Promise<ExportBatch<C>>;
}

/**
 * What one export run shares between its reading and its writing: whether the client went away
 * (the response closed before it finished, and not because the export itself broke it), and the
 * batch read in flight, which must settle before the connection goes back to the pool.
 */
class ExportSession {
  private readonly controller = new AbortController();
  /** Set when the export breaks the response itself (a failed batch): that close is not the client's. */
  failing = false;
  inflight: Promise<unknown> | null = null;

  constructor(private readonly res: Response) {
    res.on('close', this.onClose);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onClose = (): void => {
    if (!this.res.writableFinished && !this.failing) this.controller.abort();
  };

  /**
   * `work`, or ExportAborted as soon as the client goes away (a write waiting for a 'drain' that a
   * closed socket never sends must not hang the export); `work` is still observed. Not
   * Promise.race against one long-lived promise: each race would leave a reaction on it holding
   * the race's result — every batch — until the export ends.
   */
  unlessGone<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    const signal = this.signal;
    if (signal.aborted) return Promise.reject(new ExportAborted());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new ExportAborted());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Whether `error` only says that the client went away. */
  clientGone(error: unknown): boolean {
    return error instanceof ExportAborted || (this.signal.aborted && !this.failing);
  }

  end(): void {
    this.res.off('close', this.onClose);
  }
}

/**
 * Streams a kind's rows into a .csv or .xlsx download (docs/exchange.md, "Export").
 *
 * One connection, one REPEATABLE READ, READ ONLY transaction: the count in the audit event and
 * every batch see the same snapshot, so the file holds exactly the rows the audit says. The
 * audit event is committed (outside that transaction) before the headers go out, and if it fails
 * the answer is a JSON error and no file. The next batch is read while the current one is
 * written. A failure after the first byte destroys the connection (a broken download, never a
 * short file); a client that goes away stops the reads after the batch in flight.
 */
@Injectable()
export class TableExporter {
  private readonly logger = new Logger(TableExporter.name);
  private running = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes the export to `res`. Errors before the first byte are thrown (the exception filter
   * answers them as JSON); an error after it is thrown too, and the filter destroys the connection.
   */
  async export<C>(source: TableExportSource<C>, res: Response, options: TableExportOptions): Promise<void> {
    if (this.running >= options.maxConcurrent) {
      throw new TooManyRequestsError('Other exports are running; try again in a minute', 60);
    }
    this.running += 1;
    try {
      await this.run(source, res, options.batchSize);
    } finally {
      this.running -= 1;
    }
  }

  private async run<C>(source: TableExportSource<C>, res: Response, batchSize: number): Promise<void> {
    const session = new ExportSession(res);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      // One long sequential reader: parallel workers would take the cores the API and this
      // process's own writing need, for no gain on batches of index lookups.
      await runner.query('SET LOCAL max_parallel_workers_per_gather = 0');
      const rowCount = await source.count(runner);
      await this.audit.recordAlone(source.auditEvent(rowCount));
      const written = await this.stream(runner, source, batchSize, res, session);
      if (written !== rowCount) this.logger.warn(`${capitalised(source.label)} export wrote ${written} rows, counted ${rowCount}`);
    } catch (error) {
      if (session.clientGone(error)) {
        this.logger.log(`${capitalised(source.label)} export stopped: the client closed the connection`);
        return;
      }
      throw error;
    } finally {
      session.end();
      // The batch being read must finish before the connection goes back (it cannot be cancelled).
      await session.inflight?.catch(() => undefined);
      await this.releaseRunner(runner);
    }
  }

  private async releaseRunner(runner: QueryRunner): Promise<void> {
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } catch (error) {
      this.logger.warn(`Ending the export's read transaction failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await runner.release();
    }
  }

  private async stream<C>(runner: QueryRunner, source: TableExportSource<C>, batchSize: number, res: Response, session: ExportSession): Promise<number> {
    const read = (after: C | null): Promise<ExportBatch<C>> => {
      const fetch = source.fetch(runner, after, batchSize, session.signal);
      session.inflight = fetch;
      return fetch;
    };

    let batch = await session.unlessGone(read(null));
    // Headers only now: until the first batch is in hand an error can still be a JSON answer.
    const names = source.fileNames(new Date());
    res.status(200);
    res.setHeader('Content-Type', SPREADSHEET_CONTENT_TYPES[source.format]);
    res.setHeader('Content-Disposition', attachmentDisposition(names.ascii, names.zh));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The writer owns `res` from here: it ends it on finish, destroys it on abort.
    const writer: TableWriter = createTableWriter(source.format, res, {
      sheetName: source.sheetName,
      headers: [...source.headers],
      textColumns: source.textColumns ? [...source.textColumns] : undefined,
      columnWidths: source.columnWidths ? [...source.columnWidths] : undefined,
    });
    let written = 0;
    try {
      for (;;) {
        // A full batch may have a successor: read it while this one is written.
        const next = batch.rows.length === batchSize && batch.last ? read(batch.last) : null;
        const rows = batch.rows;
        await session.unlessGone(
          (async () => {
            for (const row of rows) {
              if (session.signal.aborted) throw new ExportAborted();
              await writer.writeRow(row);
            }
          })(),
        );
        written += rows.length;
        if (!next) break;
        batch = await session.unlessGone(next);
      }
      await session.unlessGone(writer.finish());
      return written;
    } catch (error) {
      // The client must see a broken download, never a file that merely looks complete.
      if (!session.clientGone(error)) session.failing = true;
      writer.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
