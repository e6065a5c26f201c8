import { SheetRow } from '@crm/spreadsheet';
import { ImportFileFailures } from '../exceptions/import.errors';
import { ImportFileError } from '../import/import-failures';

/** One column of a kind's spreadsheet: the same catalogue names the template, the import and the export. */
export interface ImportColumn<K extends string = string> {
  key: K;
  /** The header the template and the export write (zh-CN, as offices name the column). */
  header: string;
  /** Other headers meaning the same column, as found in offices' own spreadsheets. */
  synonyms: readonly string[];
  required?: boolean;
  /** Written as text in .xlsx, so Excel keeps leading zeros and all 18 digits. */
  text?: boolean;
  /** What goes in the column (the template's instructions sheet). */
  help: string;
}

/** Headers are compared without spaces, brackets' contents kept, a trailing * (required mark) dropped, case-insensitively. */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()（）【】[\]]/g, '')
    .replace(/\*+$/, '')
    .toLowerCase();
}

/** Where a header row put the columns the import reads. */
export interface ImportColumnMapping {
  /** 0-based column index in the file. */
  index: number;
  header: string;
  key: string;
}

/** A mapped header row: what the import reads from which cell, what it lists as ignored. */
export interface HeaderMap<K extends string = string> {
  /** Every known column found (export-only ones included), as the job records it. */
  columns: ImportColumnMapping[];
  /** Headers the kind does not know. */
  ignored: string[];
  /** The columns read, by cell index. */
  byIndex: Map<number, K>;
  /** The header each read column was found under (the report names the column as the file does). */
  headers: Partial<Record<K, string>>;
}

/**
 * A kind's columns: those the import reads, and those only its export writes (an import of an
 * edited export recognises and ignores them).
 */
export class ColumnCatalogue<K extends string = string> {
  private readonly byHeader: ReadonlyMap<string, string>;
  private readonly exportOnly: ReadonlySet<string>;

  constructor(
    readonly columns: readonly ImportColumn<K>[],
    exportOnly: readonly ImportColumn[] = [],
  ) {
    this.byHeader = new Map([...columns, ...exportOnly].flatMap((c) => [c.header, ...c.synonyms].map((h) => [normalizeHeader(h), c.key] as const)));
    this.exportOnly = new Set(exportOnly.map((c) => c.key));
  }

  get required(): readonly ImportColumn<K>[] {
    return this.columns.filter((c) => c.required);
  }

  /** The column a header names, or undefined for a header the kind does not know. */
  keyOf(header: string): string | undefined {
    return this.byHeader.get(normalizeHeader(header));
  }

  headerOf(key: K): string | undefined {
    return this.columns.find((c) => c.key === key)?.header;
  }

  /**
   * Maps a header row; null when the row is not the header (it names none of the required
   * columns, or no known column when none is required). A header naming a column twice, or
   * lacking one of several required columns, fails the file.
   */
  mapHeader(row: SheetRow): HeaderMap<K> | null {
    const byIndex = new Map<number, K>();
    const columns: ImportColumnMapping[] = [];
    const ignored: string[] = [];
    const headers: Partial<Record<K, string>> = {};
    const seen = new Map<string, string>();
    row.cells.forEach((raw, index) => {
      const header = raw.trim();
      if (!header) return;
      const key = this.keyOf(header);
      if (!key) {
        ignored.push(header);
        return;
      }
      if (seen.has(key)) throw new ImportFileError('DUPLICATE_COLUMN', ImportFileFailures.DUPLICATE_COLUMN({ first: seen.get(key) ?? '', second: header }), row.rowNumber);
      seen.set(key, header);
      columns.push({ index, header, key });
      if (this.exportOnly.has(key)) return;
      byIndex.set(index, key as K);
      headers[key as K] = header;
    });
    const required = this.required;
    if (!required.length) return byIndex.size ? { columns, ignored, byIndex, headers } : null;
    const found = required.filter((c) => headers[c.key]);
    if (!found.length) return null;
    if (found.length < required.length) throw this.missingColumns(row.rowNumber, required.filter((c) => !headers[c.key]));
    return { columns, ignored, byIndex, headers };
  }

  /** The file failure for a header row not found in the first `rows` rows (or lacking `missing`). */
  missingColumns(rows: number, missing: readonly ImportColumn[] = this.required): ImportFileError {
    const names = missing.map((c) => c.header).join(', ');
    return new ImportFileError('MISSING_COLUMN', ImportFileFailures.MISSING_COLUMN({ columns: names, rows }));
  }
}
