import { readCsvRows } from './csv-reader';
import { DetectedFile } from './detect';
import { readLimits, ReadOptions, SheetRow } from './read-options';
import { readXlsxRows } from './xlsx-reader';

/**
 * Every non-blank row of the first worksheet / the CSV, in order, header row included. Blank rows
 * are skipped but keep their numbers. Rows are read as they are consumed: memory does not grow
 * with the file. Stopping early (`break`) closes the file.
 *
 * Throws SpreadsheetError: CORRUPT_FILE (a damaged workbook, a CSV quote never closed — with the
 * row number when known), TOO_MANY_COLUMNS and CELL_TOO_LONG (with the row number). Rows before
 * the problem have been delivered by then. I/O errors are passed on as they are.
 */
export function readRows(path: string, file: DetectedFile, options?: ReadOptions): AsyncIterable<SheetRow> {
  const limits = readLimits(options);
  return file.format === 'xlsx' ? readXlsxRows(path, limits) : readCsvRows(path, file, limits);
}
