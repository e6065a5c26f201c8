import { Readable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { dateToText, numberToText } from './cell-text';
import { checkCellLength, cleanCell, ReadLimits, SheetRow, tooManyColumns } from './read-options';
import { SharedStringStore } from './shared-string-store';
import { SpreadsheetError } from './spreadsheet-error';
import { readZipDirectory, ZipDirectory } from './zip-directory';
import { ZipSource } from './zip-source';

const CORRUPT = 'The .xlsx file is damaged or is not an Excel workbook: open it in Excel or WPS and save it again as .xlsx.';
const NO_WORKSHEET = 'The file is a zip archive but not an Excel workbook: it holds no worksheet.';
const BINARY_WORKBOOK =
  'The file is an Excel binary workbook (.xlsb), which cannot be read: open it in Excel and save it as .xlsx (Excel workbook).';
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

// ExcelJS knows the built-in number formats 27–36 and 50–58 only per locale and then ignores
// them, so a date typed in Chinese Excel or WPS (format 31, 2024年1月31日; 57/58 …) would come
// out as its serial number. These are the zh-CN codes; any date code would do, since all that
// matters is that the cell is recognised as a date.
const CJK_BUILT_IN_FORMATS: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午 h"时"mm"分"',
  35: '上午/下午 h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午 h"时"mm"分"',
  56: '上午/下午 h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

// What ExcelJS sets on a WorksheetReader without declaring it.
interface WorksheetReaderState {
  /** The sheetId from xl/workbook.xml once ExcelJS tied the part to it, else the part's number as a string. */
  id?: unknown;
  name?: unknown;
  /** The stream of the worksheet's XML (a temporary file). */
  iterator?: unknown;
}

interface CellContext {
  strings: SharedStringStore;
  date1904: boolean;
  limits: ReadLimits;
}

/**
 * The rows of the first worksheet. ExcelJS's streaming reader does the XML; around it this
 * function keeps the shared strings compact, turns values into text, and makes sure that a broken
 * file ends in CORRUPT_FILE and an early exit releases the file and ExcelJS's temporary files.
 */
export async function* readXlsxRows(path: string, limits: ReadLimits): AsyncGenerator<SheetRow> {
  const directory = await checkZipDirectory(path);
  const watch = new FailureWatch();
  const source = new ZipSource(path, {
    holdFrom: directory.readable ? directory.directoryOffset : undefined,
    entryCount: directory.readable ? directory.names.length : 0,
    onError: (error) => watch.fail(error),
  });

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.stream, {
    // 'emit' instead of 'cache': the strings go to a compact store (see SharedStringStore).
    // It also makes ExcelJS always park worksheets in temporary files until the whole zip is
    // read, so every shared string and style is known before the first row.
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    // Needed to tell dates from numbers: a date is a number with a date format.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const events = reader.parse();
  const strings = new SharedStringStore();
  let rows: AsyncIterator<ExcelJS.Row> | undefined;
  let found = false;
  // Once ExcelJS's own iterator has thrown, or an error came from a stream it does not watch,
  // it is finished or stuck: nothing more can be asked of it.
  let excelJsBroken = false;

  try {
    for (let first = true; ; first = false) {
      const next = events.next();
      // By now ExcelJS has started consuming the zip parser.
      if (first) source.countDeliveries();
      const step = await watch.guard(next).catch((error: unknown) => {
        excelJsBroken = true;
        throw error;
      });
      if (step.done) break;
      const event: unknown = step.value;
      if (isSharedString(event)) {
        strings.add(event.index, sharedStringText(event.text));
        continue;
      }
      if (!isWorksheet(event)) continue;
      // Later worksheets still come through here: reading the events to their end is what
      // makes ExcelJS delete its temporary files.
      if (found || !isFirstSheet(reader, event.value)) {
        discard(event.value);
        continue;
      }
      found = true;
      addBuiltInDateFormats(reader);
      const context: CellContext = { strings, date1904: isDate1904(reader), limits };
      rows = event.value[Symbol.asyncIterator]();
      for (;;) {
        const read = await watch.guard(rows.next());
        if (read.done) break;
        const row = toSheetRow(read.value, context);
        if (row) yield row;
      }
      rows = undefined;
    }
    if (!found) throw new SpreadsheetError('CORRUPT_FILE', NO_WORKSHEET);
  } catch (error) {
    throw translate(error);
  } finally {
    if (excelJsBroken || watch.failed) {
      // ExcelJS may be stuck on a stream that will never end: do not wait for it. Its temporary
      // files stay until the process exits (ExcelJS does not clean up after an error); the zip
      // directory check keeps this to files damaged inside.
      rows?.return?.().catch(() => undefined);
    } else {
      // The caller stopped early, a row was refused, or we are done: close the worksheet's
      // temporary file and let ExcelJS delete the others. The zip has been read by then (see
      // 'emit' above), so this is quick.
      await rows?.return?.().catch(() => undefined);
      await drain(events, watch);
    }
    source.destroy();
  }
}

async function checkZipDirectory(path: string): Promise<Exclude<ZipDirectory, { broken: string }>> {
  const directory = await readZipDirectory(path);
  if ('broken' in directory) throw new SpreadsheetError('CORRUPT_FILE', `${CORRUPT} (${directory.broken})`);
  if (!directory.readable) return directory;
  if (directory.names.includes('xl/workbook.bin')) throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', BINARY_WORKBOOK);
  if (!directory.names.some((name) => WORKSHEET_PART.test(name))) throw new SpreadsheetError('CORRUPT_FILE', NO_WORKSHEET);
  return directory;
}

/**
 * Rejects whatever is awaited through `guard` as soon as an error is reported on a stream
 * nobody else listens to. (A long-lived promise raced against every step would keep one
 * reaction per row alive; a single pending rejector does not.)
 */
class FailureWatch {
  private error: unknown;
  private hasFailed = false;
  private rejectPending: ((error: unknown) => void) | undefined;

  get failed(): boolean {
    return this.hasFailed;
  }

  fail(error: unknown): void {
    if (this.hasFailed) return;
    this.hasFailed = true;
    this.error = error;
    this.rejectPending?.(error);
  }

  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.hasFailed) {
      promise.catch(() => undefined);
      return Promise.reject(this.error);
    }
    return new Promise<T>((resolve, reject) => {
      this.rejectPending = reject;
      promise.then(
        (value) => {
          this.rejectPending = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.rejectPending = undefined;
          reject(error);
        },
      );
    });
  }
}

async function drain(events: AsyncIterator<unknown>, watch: FailureWatch): Promise<void> {
  try {
    for (;;) {
      const step = await watch.guard(events.next());
      if (step.done) return;
      const event: unknown = step.value;
      if (isWorksheet(event)) discard(event.value);
    }
  } catch {
    // Only cleaning up: the rows were delivered, and a problem with the rest is no longer ours.
  }
}

function translate(error: unknown): unknown {
  if (error instanceof SpreadsheetError) return error;
  // A system error (the file vanished, the disk is full) is not a property of the file.
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') return error;
  return new SpreadsheetError('CORRUPT_FILE', CORRUPT, undefined, { cause: error });
}

function isSharedString(event: unknown): event is { index: number; text: unknown } {
  return typeof event === 'object' && event !== null && 'index' in event && typeof event.index === 'number' && 'text' in event;
}

function isWorksheet(event: unknown): event is { eventType: 'worksheet'; value: WorksheetReader } {
  return typeof event === 'object' && event !== null && 'eventType' in event && event.eventType === 'worksheet' && 'value' in event;
}

/**
 * The first sheet is the first tab, i.e. the first in xl/workbook.xml, which need not be the
 * first part in the zip. When ExcelJS could not tie a part to the workbook's list, the first part
 * is taken rather than none.
 */
function isFirstSheet(reader: ExcelJS.stream.xlsx.WorkbookReader, sheet: WorksheetReader): boolean {
  const model: Partial<ExcelJS.WorkbookModel> | undefined = reader.model;
  const firstName = model?.sheets?.[0]?.name;
  const state = sheet as unknown as WorksheetReaderState;
  if (typeof firstName !== 'string' || typeof state.id !== 'number') return true;
  return state.name === firstName;
}

function discard(sheet: WorksheetReader): void {
  const { iterator } = sheet as unknown as WorksheetReaderState;
  if (iterator instanceof Readable) iterator.destroy();
}

function addBuiltInDateFormats(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const styles = (reader as unknown as { styles?: { index?: { numFmt?: unknown } } }).styles;
  const table = styles?.index?.numFmt;
  if (typeof table !== 'object' || table === null) return;
  const formats = table as Record<number, unknown>;
  for (const [id, format] of Object.entries(CJK_BUILT_IN_FORMATS)) {
    const key = Number(id);
    if (formats[key] === undefined) formats[key] = format;
  }
}

function isDate1904(reader: ExcelJS.stream.xlsx.WorkbookReader): boolean {
  const properties = (reader as unknown as { properties?: { model?: { date1904?: unknown } } }).properties;
  return properties?.model?.date1904 === true;
}

function toSheetRow(row: ExcelJS.Row, context: CellContext): SheetRow | undefined {
  const rowNumber = row.number;
  const cells: string[] = [];
  const formulas: number[] = [];
  row.eachCell((cell, columnNumber) => {
    const index = columnNumber - 1;
    const { text: raw, formula } = cellText(cell, context);
    const text = cleanCell(raw);
    if (formula) formulas.push(index);
    if (text === '') return;
    if (index >= context.limits.maxColumns) throw tooManyColumns(columnNumber, rowNumber, context.limits);
    checkCellLength(text, index, rowNumber, context.limits);
    while (cells.length < index) cells.push('');
    cells[index] = text;
  });
  if (cells.length === 0) return undefined;
  // A formula whose result is empty, after the last value, is not part of the row.
  return { rowNumber, cells, formulaColumns: formulas.filter((index) => index < cells.length) };
}

function cellText(cell: ExcelJS.Cell, context: CellContext): { text: string; formula: boolean } {
  const value: unknown = cell.value;
  if (typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value)) {
    // `cell.value` drops a falsy result (0, '', and NaN, see below); `cell.result` does not. A
    // shared formula's other cells (an empty <f>) are not typed as formulas by ExcelJS and only
    // have the value's result.
    const result: unknown = cell.result ?? ('result' in value ? value.result : undefined);
    // ExcelJS turns a number with a date format into a Date, but not the result of a formula.
    if (typeof result === 'number' && isDateFormat(cell.numFmt)) return { text: dateToText(serialToDate(result, context.date1904)), formula: true };
    return { text: valueText(result, context), formula: true };
  }
  return { text: valueText(value, context), formula: false };
}

function valueText(value: unknown, context: CellContext): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // NaN is what ExcelJS makes of a formula's cached error (#N/A, #DIV/0!…): it parses the text
  // as a number, so which error it was is lost.
  if (typeof value === 'number') return Number.isNaN(value) ? '#ERROR' : numberToText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateToText(value);
  if (typeof value !== 'object') return '';
  if ('sharedString' in value) return typeof value.sharedString === 'number' ? context.strings.get(value.sharedString) : '';
  if ('richText' in value) return richTextText(value.richText);
  if ('error' in value) return typeof value.error === 'string' ? value.error : '';
  // A hyperlink: its text (itself possibly rich text).
  if ('text' in value) return valueText(value.text, context);
  return '';
}

function sharedStringText(text: unknown): string {
  const plain = typeof text === 'string' ? text : typeof text === 'object' && text !== null && 'richText' in text ? richTextText(text.richText) : '';
  return decodeOoxmlEscapes(plain);
}

function richTextText(runs: unknown): string {
  if (!Array.isArray(runs)) return '';
  let text = '';
  for (const run of runs) {
    if (typeof run === 'object' && run !== null && 'text' in run && typeof run.text === 'string') text += run.text;
  }
  return text;
}

// OOXML writes characters XML cannot carry (a CR, other control characters) as _xHHHH_, and a
// literal "_x" that would look like one as _x005F_x. ExcelJS leaves them encoded.
function decodeOoxmlEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

// The same test ExcelJS applies to plain numbers: a date or time code outside quotes and brackets.
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}
