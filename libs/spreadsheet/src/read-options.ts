import { columnLetter, restoreNeutralized } from './cell-text';
import { SpreadsheetError } from './spreadsheet-error';

export interface SheetRow {
  /** 1-based, as Excel numbers rows; the header is usually row 1. */
  rowNumber: number;
  /** Trimmed text, '' for empty, one per column up to the last non-empty cell. */
  cells: string[];
  /** 0-based indexes of the cells that held a formula (xlsx; always empty for csv). */
  formulaColumns: number[];
}

export interface ReadOptions {
  /** A row with a non-empty cell beyond this many columns fails with TOO_MANY_COLUMNS. Default 100. */
  maxColumns?: number;
  /** A cell longer than this (after trimming) fails with CELL_TOO_LONG. Default 5000. */
  maxCellLength?: number;
}

export interface ReadLimits {
  maxColumns: number;
  maxCellLength: number;
}

export function readLimits(options: ReadOptions = {}): ReadLimits {
  return { maxColumns: options.maxColumns ?? 100, maxCellLength: options.maxCellLength ?? 5000 };
}

/**
 * The text of a cell as callers get it: trimmed, without the `'` an export put in front of a
 * formula-like text (trimmed again, since that `'` may have protected a leading tab).
 */
export function cleanCell(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith("'") ? restoreNeutralized(trimmed).trim() : trimmed;
}

export function checkCellLength(text: string, column: number, rowNumber: number, limits: ReadLimits): void {
  if (text.length > limits.maxCellLength) {
    throw new SpreadsheetError(
      'CELL_TOO_LONG',
      `Row ${rowNumber}, column ${columnLetter(column)}: the cell has ${text.length} characters, more than the ${limits.maxCellLength} allowed.`,
      rowNumber,
    );
  }
}

export function tooManyColumns(columns: number, rowNumber: number, limits: ReadLimits): SpreadsheetError {
  return new SpreadsheetError(
    'TOO_MANY_COLUMNS',
    `Row ${rowNumber} has ${columns} columns, more than the ${limits.maxColumns} allowed.`,
    rowNumber,
  );
}
