import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cell of a generated .xlsx: a value, or a formula with its cached result. */
export type XlsxCell = string | number | Date | null | { formula: string; result?: string | number };

const dir = mkdtempSync(join(tmpdir(), 'crm-test-files-'));
let fileSeq = 0;

/** A path in this test file's temporary directory. */
export function testFilePath(name: string): string {
  fileSeq += 1;
  return join(dir, `${fileSeq}-${name}`);
}

function csvText(rows: (string | null)[][]): string {
  const quote = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Writes a real CSV file: UTF-8 (with a BOM unless `bom: false`) or GBK as older systems do. */
export function writeCsvFile(name: string, rows: (string | null)[][], options: { encoding?: 'utf-8' | 'gbk'; bom?: boolean } = {}): string {
  const path = testFilePath(name);
  const text = csvText(rows);
  const bytes = options.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from(options.bom === false ? '' : '\uFEFF'), Buffer.from(text, 'utf8')]);
  writeFileSync(path, bytes);
  return path;
}

/** Writes a real .xlsx with ExcelJS (one sheet), text cells as text, formulas as formulas. */
export async function writeXlsxFile(name: string, rows: XlsxCell[][]): Promise<string> {
  const path = testFilePath(name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('会员');
  for (const row of rows) sheet.addRow(row.map((c) => (c === null ? undefined : c)));
  await workbook.xlsx.writeFile(path);
  return path;
}

export function writeBytesFile(name: string, bytes: Buffer): string {
  const path = testFilePath(name);
  writeFileSync(path, bytes);
  return path;
}
