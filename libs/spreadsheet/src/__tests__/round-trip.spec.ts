import { createWriteStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { CellInput, createTableWriter, detectFile, readRows, SpreadsheetFormat } from '@crm/spreadsheet';
import { readAll, tempDir } from './helpers';

const dir = tempDir();
afterAll(() => dir.cleanup());

const HEADERS = ['姓名*', '身份证号', '出生日期', '手机号码', '备注', '完整度'];
const ROWS: CellInput[][] = [
  ['张三', '330302199001011234', '1990-01-01', '13812345678', '=HYPERLINK("http://evil")', 85],
  ['李四', '33030219900101123X', '', null, '+86 577 8812 3456', 0],
  [null, undefined, '', null, null, null], // a blank row keeps its number
  ['王五', '012345678901234567', '2024-02-29', '13912345678', "'=already quoted", -5],
  ['欧阳 娜娜', '', undefined, '', "-\t减号", 1.25],
];
const EXPECTED = [
  { rowNumber: 1, cells: HEADERS, formulaColumns: [] },
  { rowNumber: 2, cells: ['张三', '330302199001011234', '1990-01-01', '13812345678', '=HYPERLINK("http://evil")', '85'], formulaColumns: [] },
  { rowNumber: 3, cells: ['李四', '33030219900101123X', '', '', '+86 577 8812 3456', '0'], formulaColumns: [] },
  { rowNumber: 5, cells: ['王五', '012345678901234567', '2024-02-29', '13912345678', "'=already quoted", '-5'], formulaColumns: [] },
  { rowNumber: 6, cells: ['欧阳 娜娜', '', '', '', '-\t减号', '1.25'], formulaColumns: [] },
];

async function writeTable(format: SpreadsheetFormat, path: string, rows: CellInput[][], extra = false): Promise<void> {
  const writer = createTableWriter(format, createWriteStream(path), {
    sheetName: '会员',
    headers: HEADERS,
    textColumns: [1, 3],
    columnWidths: [12, 22, 12, 16, 30, 8],
    extraSheets: extra ? [{ name: '填写说明', rows: [['说明'], ['- 姓名必填'], ['=不是公式']], columnWidths: [60] }] : undefined,
  });
  for (const row of rows) await writer.writeRow(row);
  await writer.finish();
}

describe.each(['csv', 'xlsx'] as const)('%s round trip', (format) => {
  it('gives back exactly what was written', async () => {
    const path = dir.path(`round-trip.${format}`);
    await writeTable(format, path, ROWS, true);
    expect(await readAll(path)).toEqual(EXPECTED);
  });

  it('writes and reads back 50,000 rows', async () => {
    const path = dir.path(`large.${format}`);
    const count = 50_000;
    const writer = createTableWriter(format, createWriteStream(path), { headers: HEADERS, textColumns: [1] });
    for (let i = 0; i < count; i++) {
      await writer.writeRow([`成员${i}`, `3303021990${String(i).padStart(8, '0')}`, '1990-01-01', `138${String(i).padStart(8, '0')}`, i % 7 === 0 ? '' : '备注', i % 100]);
    }
    await writer.finish();

    let rows = 0;
    let last = 0;
    for await (const row of readRows(path, await detectFile(path))) {
      rows++;
      last = row.rowNumber;
      if (row.rowNumber === 12_346) expect(row.cells.slice(0, 2)).toEqual(['成员12344', '330302199000012344']);
    }
    expect(rows).toBe(count + 1);
    expect(last).toBe(count + 1);
  }, 60_000);

  it('waits while the output does not keep up, and goes on when it drains', async () => {
    let release: (() => void) | undefined;
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        // Hold the first chunk until the test lets go.
        if (!release && chunks.length === 1) release = () => callback();
        else callback();
      },
    });
    const writer = createTableWriter(format, slow, { headers: HEADERS });
    let written = 0;
    let blocked: Promise<void> | undefined;
    for (; written < 100_000; written++) {
      const pending = writer.writeRow(['张三', '330302199001011234', '1990-01-01', '13812345678', 'x'.repeat(50), written]);
      const settled = await Promise.race([pending.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20))]);
      if (!settled) {
        blocked = pending;
        break;
      }
    }
    expect(blocked).toBeDefined();
    expect(written).toBeLessThan(100_000);
    release?.();
    await blocked;
    await writer.finish();
    expect(Buffer.concat(chunks).length).toBeGreaterThan(0);
  }, 30_000);

  it('fails writeRow and finish when the output fails, without hanging', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const writer = createTableWriter(format, broken, { headers: HEADERS });
    const attempt = async (): Promise<void> => {
      for (let i = 0; i < 100_000; i++) await writer.writeRow(['张三', String(i)]);
      await writer.finish();
    };
    await expect(attempt()).rejects.toThrow('disk full');
  });

  it('finishes once, however often finish is called, and refuses rows after it', async () => {
    const path = dir.path(`twice.${format}`);
    const writer = createTableWriter(format, createWriteStream(path), { headers: HEADERS });
    await writer.writeRow(['张三']);
    await Promise.all([writer.finish(), writer.finish()]);
    await expect(writer.writeRow(['李四'])).rejects.toThrow('after finish');
    expect((await readAll(path)).map((row) => row.cells[0])).toEqual(['姓名*', '张三']);
  });

  it('destroys the output on abort, so a truncated export does not look complete', async () => {
    const path = dir.path(`aborted.${format}`);
    const out = createWriteStream(path);
    const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
    out.on('error', () => undefined);
    const writer = createTableWriter(format, out, { headers: HEADERS });
    await writer.writeRow(['张三']);
    writer.abort(new Error('database went away'));
    await closed;
    expect(out.destroyed).toBe(true);
    await expect(writer.writeRow(['李四'])).rejects.toThrow('database went away');
  });
});

describe('csv writer', () => {
  it('writes a UTF-8 BOM and CRLF line ends, and neutralises formulas', async () => {
    const path = dir.path('format.csv');
    await writeTable('csv', path, [['=1+2', '@x', -5, null, '"quoted", with comma']]);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')).toEqual(['姓名*,身份证号,出生日期,手机号码,备注,完整度', `'=1+2,'@x,-5,,"""quoted"", with comma"`, '']);
  });
});

describe('xlsx writer', () => {
  it('writes a bold, frozen header, text columns, values never as formulas, and the extra sheets', async () => {
    const path = dir.path('format.xlsx');
    await writeTable('xlsx', path, ROWS, true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['会员', '填写说明']);

    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getCell('B2').numFmt).toBe('@');
    expect(sheet.getColumn(2).width).toBe(22);
    expect(sheet.getCell('B2').value).toBe('330302199001011234');
    expect(sheet.getCell('E2').value).toBe(`'=HYPERLINK("http://evil")`);
    expect(sheet.getCell('E2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('F2').value).toBe(85);

    const instructions = workbook.worksheets[1];
    expect(instructions.getCell('A2').value).toBe('- 姓名必填');
    expect(instructions.getCell('A3').value).toBe('=不是公式');
    expect(instructions.getCell('A3').type).toBe(ExcelJS.ValueType.String);
  });
});
