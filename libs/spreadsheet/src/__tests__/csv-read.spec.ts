import * as iconv from 'iconv-lite';
import { detectFile, readRows, SpreadsheetError } from '@crm/spreadsheet';
import { readAll, readCells, tempDir, writeFile } from './helpers';

const dir = tempDir();
afterAll(() => dir.cleanup());

const MEMBERS = '姓名,身份证号,手机号码\r\n张三,330302199001011234,13812345678\r\n李四,,13912345678\r\n';

async function readError(path: string, options?: { maxColumns?: number; maxCellLength?: number }): Promise<SpreadsheetError> {
  const error: unknown = await readAll(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

describe('readRows (csv)', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(MEMBERS)],
    ['UTF-8 with BOM', Buffer.from(`\uFEFF${MEMBERS}`)],
    ['GBK', iconv.encode(MEMBERS, 'gbk')],
    ['UTF-16LE with BOM', iconv.encode(MEMBERS, 'utf16le', { addBOM: true })],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(MEMBERS, 'utf16be')])],
  ])('reads %s', async (_, data) => {
    const path = writeFile(dir.path('members.csv'), data);
    expect(await readCells(path)).toEqual([
      [1, ['姓名', '身份证号', '手机号码']],
      [2, ['张三', '330302199001011234', '13812345678']],
      [3, ['李四', '', '13912345678']],
    ]);
  });

  it('reads GB18030 characters beyond GBK', async () => {
    const path = writeFile(dir.path('gb18030.csv'), iconv.encode('姓名\n𠀀小明,€\n', 'gb18030'));
    expect(await detectFile(path)).toMatchObject({ encoding: 'gb18030' });
    expect(await readCells(path)).toEqual([
      [1, ['姓名']],
      [2, ['𠀀小明', '€']],
    ]);
  });

  it('reads a tab-delimited file (Excel\'s "Unicode Text")', async () => {
    const path = writeFile(dir.path('members.txt'), iconv.encode('姓名\t备注\n张三\t有,逗号\n', 'utf16le', { addBOM: true }));
    expect(await readCells(path)).toEqual([
      [1, ['姓名', '备注']],
      [2, ['张三', '有,逗号']],
    ]);
  });

  it('counts a quoted multi-line cell as one row', async () => {
    const path = writeFile(dir.path('multiline.csv'), '姓名,地址\n张三,"浙江省\n温州市"\n李四,上海\n');
    expect(await readCells(path)).toEqual([
      [1, ['姓名', '地址']],
      [2, ['张三', '浙江省\n温州市']],
      [3, ['李四', '上海']],
    ]);
  });

  it('skips blank rows but keeps the numbering, trims cells and drops trailing empty cells', async () => {
    const path = writeFile(dir.path('blank.csv'), '姓名,备注,,\n\n  张三 , \t\n,,,\n李四,"  x  ",,\n');
    expect(await readAll(path)).toEqual([
      { rowNumber: 1, cells: ['姓名', '备注'], formulaColumns: [] },
      { rowNumber: 3, cells: ['张三'], formulaColumns: [] },
      { rowNumber: 5, cells: ['李四', 'x'], formulaColumns: [] },
    ]);
  });

  it('takes a quote inside an unquoted cell literally, as Excel does', async () => {
    const path = writeFile(dir.path('quote.csv'), '姓名\n王"小二"\n');
    expect(await readCells(path)).toEqual([
      [1, ['姓名']],
      [2, ['王"小二"']],
    ]);
  });

  it("strips the ' an export put before a formula-like text, and only that", async () => {
    const path = writeFile(dir.path('neutralized.csv'), "a,b,c,d,e\n'=1+2,'+86 138,'-,'abc,''=x\n");
    expect((await readCells(path))[1]).toEqual([2, ['=1+2', '+86 138', '-', "'abc", "'=x"]]);
  });

  it('fails an unclosed quote with CORRUPT_FILE and its row number', async () => {
    const path = writeFile(dir.path('unclosed.csv'), '姓名,备注\n张三,ok\n李四,"never closed\n王五,x\n');
    const error = await readError(path);
    expect(error.reason).toBe('CORRUPT_FILE');
    expect(error.rowNumber).toBe(3);
  });

  it('does not swallow a large file into one cell behind an unclosed quote', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `name${i},${'x'.repeat(100)}`).join('\n');
    const path = writeFile(dir.path('unclosed-big.csv'), `姓名,备注\n张三,"oops\n${rows}\n`);
    const error = await readError(path, { maxColumns: 10, maxCellLength: 1000 });
    expect(error.reason).toBe('CORRUPT_FILE');
    expect(error.rowNumber).toBe(2);
  });

  it('fails a row with too many columns (TOO_MANY_COLUMNS, row number)', async () => {
    const path = writeFile(dir.path('wide.csv'), `a,b\n${Array.from({ length: 101 }, (_, i) => `v${i}`).join(',')}\n`);
    const error = await readError(path);
    expect(error.reason).toBe('TOO_MANY_COLUMNS');
    expect(error.rowNumber).toBe(2);
  });

  it('counts only up to the last non-empty cell against maxColumns', async () => {
    const path = writeFile(dir.path('trailing.csv'), `a,b${','.repeat(300)}\n`);
    expect(await readCells(path, { maxColumns: 2 })).toEqual([[1, ['a', 'b']]]);
  });

  it('fails a cell that is too long (CELL_TOO_LONG, row number)', async () => {
    const path = writeFile(dir.path('long.csv'), `a,b\nx,${'长'.repeat(11)}\n`);
    const error = await readError(path, { maxCellLength: 10 });
    expect(error.reason).toBe('CELL_TOO_LONG');
    expect(error.rowNumber).toBe(2);
    expect(error.message).toMatch(/column B/);
  });

  it('closes the file when the caller stops early', async () => {
    const path = writeFile(dir.path('early.csv'), Array.from({ length: 50000 }, (_, i) => `row${i},x`).join('\n'));
    const file = await detectFile(path);
    let seen = 0;
    for await (const row of readRows(path, file)) {
      seen = row.rowNumber;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
  });

  it('passes I/O errors on', async () => {
    const rows = readRows(dir.path('missing.csv'), { format: 'csv', encoding: 'utf-8', delimiter: ',' });
    await expect(rows[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
