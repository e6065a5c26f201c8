import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import { DetectedFile, iconvEncoding } from './detect';
import { checkCellLength, cleanCell, ReadLimits, SheetRow, tooManyColumns } from './read-options';
import { SpreadsheetError } from './spreadsheet-error';

/**
 * The CSV's records in order. Row numbers are record numbers (a quoted cell spanning lines is one
 * row, as in Excel), counting blank lines, so that they match what the user sees when opening
 * the file in a spreadsheet.
 */
export async function* readCsvRows(path: string, file: DetectedFile, limits: ReadLimits): AsyncGenerator<SheetRow> {
  const encoding = file.encoding ?? 'utf-8';
  const parser = parse({
    delimiter: file.delimiter ?? ',',
    // Only a UTF-8 BOM reaches the parser: iconv-lite strips the others.
    bom: true,
    relax_column_count: true,
    // A quote inside an unquoted cell (王"小二") is text, as for Excel; a quoted cell that is
    // never closed is still an error.
    relax_quotes: true,
    // Blank lines must come out as (empty) records or the row numbers after them would shift.
    skip_empty_lines: false,
    // An unclosed quote makes the rest of the file one cell; this stops it long before the
    // whole file sits in memory. The limit is in bytes and a Chinese character is 3 in UTF-8.
    max_record_size: (limits.maxColumns + 1) * (limits.maxCellLength * 3 + 16),
  });
  const source = createReadStream(path);
  // pipeline destroys every stream when one fails, and the parser then throws from the loop.
  const outcome: { error?: Error } = {};
  const done = (error: NodeJS.ErrnoException | null): void => {
    if (error) outcome.error = error;
  };
  if (encoding === 'utf-8') pipeline(source, parser, done);
  else pipeline(source, iconv.decodeStream(iconvEncoding(encoding)), parser, done);

  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      const row = toRow(record, rowNumber, limits);
      if (row) yield row;
    }
  } catch (error) {
    throw translate(error, rowNumber);
  } finally {
    // Reached early when the caller stops reading: close the file now rather than at GC.
    source.destroy();
  }
  if (outcome.error) throw translate(outcome.error, rowNumber);
}

function toRow(record: string[], rowNumber: number, limits: ReadLimits): SheetRow | undefined {
  const cells: string[] = new Array<string>(record.length);
  let last = -1;
  for (let i = 0; i < record.length; i++) {
    const text = cleanCell(record[i]);
    cells[i] = text;
    if (text !== '') last = i;
  }
  if (last < 0) return undefined;
  if (last + 1 > limits.maxColumns) throw tooManyColumns(last + 1, rowNumber, limits);
  cells.length = last + 1;
  for (let i = 0; i <= last; i++) checkCellLength(cells[i], i, rowNumber, limits);
  return { rowNumber, cells, formulaColumns: [] };
}

function translate(error: unknown, rowsRead: number): unknown {
  if (!(error instanceof CsvError)) return error;
  // The parser counts the records it finished; the broken one is the next.
  const rowNumber = (typeof error.records === 'number' ? error.records : rowsRead) + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new SpreadsheetError('CORRUPT_FILE', `Row ${rowNumber}: a quoted cell is never closed (a " is missing).`, rowNumber, { cause: error });
    case 'CSV_MAX_RECORD_SIZE':
      return new SpreadsheetError(
        'CORRUPT_FILE',
        `Row ${rowNumber} is far too long to be a row of the table; most likely a quoted cell is never closed (a " is missing).`,
        rowNumber,
        { cause: error },
      );
    default:
      return new SpreadsheetError('CORRUPT_FILE', `Row ${rowNumber} cannot be read as CSV: ${error.message}`, rowNumber, { cause: error });
  }
}
