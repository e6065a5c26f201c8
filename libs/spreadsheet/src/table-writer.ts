import { Duplex, PassThrough, pipeline } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { stringify, Stringifier } from 'csv-stringify';
import * as ExcelJS from 'exceljs';
import { neutralizeFormula, numberToText } from './cell-text';
import { SpreadsheetFormat } from './detect';

export type CellInput = string | number | null | undefined;

/** A small sheet written after the main one (xlsx only), e.g. the instructions of an import template. */
export interface ExtraSheet {
  name: string;
  /**
   * Written as text exactly as given — no header styling and no formula neutralisation, since
   * these are the caller's own words; pass user data through `neutralizeFormula` first.
   */
  rows: string[][];
  columnWidths?: number[];
}

export interface TableWriterOptions {
  /** xlsx: the name of the main sheet. Default "Sheet1". */
  sheetName?: string;
  headers: string[];
  /** xlsx: 0-based columns formatted as text ('@'), so that what a user types there later (an ID number) stays text. */
  textColumns?: number[];
  /** xlsx: widths in characters, by 0-based column. */
  columnWidths?: number[];
  /** xlsx: sheets written after the main one, in this order; ignored for csv, which has one table. */
  extraSheets?: ExtraSheet[];
}

/**
 * Writes one table to `out` as it comes, so that memory stays flat however many rows there are.
 *
 * The writer owns `out`: `finish()` ends it and resolves once it has finished (so a file is
 * complete on disk, a response fully handed to the socket). Call `writeRow` and `finish` one at
 * a time, awaiting each. When producing rows fails half-way, call `abort()`: it destroys `out`,
 * so that a truncated export is seen as failed (an aborted download, an errored file stream)
 * instead of looking complete.
 */
export interface TableWriter {
  /**
   * Resolves when the row is accepted; waits while `out` is not keeping up (backpressure).
   * Texts are neutralised (see `neutralizeFormula`); numbers are written as numbers (as text in
   * a text column); null and undefined leave the cell empty. Rejects once `out` has failed.
   */
  writeRow(values: CellInput[]): Promise<void>;
  /** Writes what is pending (the extra sheets, the end of the zip), ends `out` and waits for it. */
  finish(): Promise<void>;
  /** Gives up: destroys `out` with `error`. Safe to call more than once, or after a failure. */
  abort(error?: Error): void;
}

/**
 * csv: UTF-8 with a BOM (without it Excel reads Chinese as ANSI) and CRLF line ends, as Excel
 * writes them. xlsx: a streaming workbook; the header row bold and frozen; cells are written as
 * values, never as formulas.
 */
export function createTableWriter(format: SpreadsheetFormat, out: NodeJS.WritableStream, options: TableWriterOptions): TableWriter {
  return format === 'csv' ? new CsvTableWriter(out, options) : new XlsxTableWriter(out, options);
}

// Rows committed between two turns of the event loop when `out` never pushes back: lets the zip
// and `out` drain what ExcelJS buffered, instead of buffering the whole export when the caller
// produces rows without awaiting any I/O.
const ROWS_PER_TURN = 500;

abstract class StreamTableWriter implements TableWriter {
  private failure: Error | undefined;
  private readonly done: Promise<void>;
  private finishing: Promise<void> | undefined;

  protected constructor(
    /** What the writer writes into; piped into `out`. */
    protected readonly head: Duplex,
    out: NodeJS.WritableStream,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      // pipeline ends `out` when `head` ends and destroys both when either fails.
      pipeline(head, out, (error) => {
        if (error) {
          this.failure ??= error;
          reject(error);
        } else resolve();
      });
    });
    // Observed through `failure` and `finish`; an unobserved rejection must not crash the process.
    this.done.catch(() => undefined);
  }

  async writeRow(values: CellInput[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.finishing) throw new Error('writeRow was called after finish');
    await this.write(values);
    if (this.failure) throw this.failure;
  }

  finish(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    // A second call waits for the same end instead of ending twice.
    this.finishing ??= this.complete();
    return this.finishing;
  }

  protected abstract write(values: CellInput[]): Promise<void>;
  /** Writes what is pending, ends `head` and waits for `out`. */
  protected abstract complete(): Promise<void>;

  abort(error?: Error): void {
    this.failure ??= error ?? new Error('The table writer was aborted');
    this.head.destroy(this.failure);
  }

  /** Waits for `out` to be done, or for the first failure. */
  protected settled(): Promise<void> {
    return this.done;
  }

  /** Resolves when `head` can take more, rejects when it is destroyed first. */
  protected async waitForDrain(): Promise<void> {
    const head = this.head;
    if (!head.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        head.off('drain', onDrain);
        head.off('close', onClose);
      };
      const onDrain = (): void => {
        cleanup();
        resolve();
      };
      const onClose = (): void => {
        cleanup();
        // 'close' comes before pipeline reports why; its error is the one worth giving.
        this.done.then(() => reject(new Error('The output was closed before the table was finished')), reject);
      };
      head.on('drain', onDrain);
      head.on('close', onClose);
    });
  }
}

class CsvTableWriter extends StreamTableWriter {
  private readonly stringifier: Stringifier;

  constructor(out: NodeJS.WritableStream, options: TableWriterOptions) {
    const stringifier = stringify({ bom: true, record_delimiter: 'windows' });
    super(stringifier, out);
    this.stringifier = stringifier;
    stringifier.write(options.headers.map((header) => neutralizeFormula(header)));
  }

  protected async write(values: CellInput[]): Promise<void> {
    if (!this.stringifier.write(values.map(csvCell))) await this.waitForDrain();
  }

  protected async complete(): Promise<void> {
    this.stringifier.end();
    await this.settled();
  }
}

function csvCell(value: CellInput): string {
  if (value === null || value === undefined) return '';
  // A number's text cannot be a formula ("-5" is minus five to every spreadsheet).
  if (typeof value === 'number') return numberToText(value);
  return neutralizeFormula(value);
}

class XlsxTableWriter extends StreamTableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly textColumns: Set<number>;
  private readonly extraSheets: ExtraSheet[];
  private rowsThisTurn = 0;

  constructor(out: NodeJS.WritableStream, options: TableWriterOptions) {
    // ExcelJS wants a stream.Stream; this also gives one place to watch for backpressure.
    const sink = new PassThrough();
    super(sink, out);
    this.textColumns = new Set(options.textColumns ?? []);
    this.extraSheets = options.extraSheets ?? [];
    // No shared strings: ExcelJS would keep every distinct text in memory until the end.
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(options.sheetName ?? 'Sheet1', {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }],
    });
    // Column styles are part of the sheet's head: they must be set before the first row is
    // committed. A column style also applies to cells typed in later, which a template needs.
    const columnCount = Math.max(options.headers.length, options.columnWidths?.length ?? 0, ...[...this.textColumns].map((i) => i + 1));
    this.sheet.columns = Array.from({ length: columnCount }, (_, i) => ({
      width: options.columnWidths?.[i],
      style: this.textColumns.has(i) ? { numFmt: '@' } : {},
    }));
    const header = this.sheet.addRow(options.headers.map((header) => neutralizeFormula(header)));
    header.font = { bold: true };
    header.commit();
  }

  protected async write(values: CellInput[]): Promise<void> {
    this.sheet.addRow(values.map((value, i) => this.xlsxCell(value, i))).commit();
    if (this.head.writableNeedDrain) {
      this.rowsThisTurn = 0;
      await this.waitForDrain();
    } else if (++this.rowsThisTurn >= ROWS_PER_TURN) {
      this.rowsThisTurn = 0;
      await nextTurn();
    }
  }

  protected async complete(): Promise<void> {
    this.sheet.commit();
    for (const extra of this.extraSheets) {
      const sheet = this.workbook.addWorksheet(extra.name);
      if (extra.columnWidths) sheet.columns = extra.columnWidths.map((width) => ({ width }));
      for (const row of extra.rows) sheet.addRow(row).commit();
      sheet.commit();
    }
    // If `out` fails, ExcelJS's commit never resolves: the pipeline's failure must win.
    await Promise.race([this.workbook.commit(), this.settled()]);
    await this.settled();
  }

  private xlsxCell(value: CellInput, column: number): string | number | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return null;
      return this.textColumns.has(column) ? numberToText(value) : value;
    }
    // Strings are written as strings (ExcelJS never makes a formula of one); neutralised all the
    // same, since a user who edits the cell or saves the sheet as CSV would turn it into one.
    return neutralizeFormula(value);
  }
}
