export { SpreadsheetError } from './spreadsheet-error';
export type { SpreadsheetErrorReason } from './spreadsheet-error';
export { detectFile } from './detect';
export type { DetectedFile, SpreadsheetFormat, TextEncoding } from './detect';
export { readRows } from './read-rows';
export type { ReadOptions, SheetRow } from './read-options';
export { createTableWriter } from './table-writer';
export type { CellInput, ExtraSheet, TableWriter, TableWriterOptions } from './table-writer';
export { neutralizeFormula } from './cell-text';
