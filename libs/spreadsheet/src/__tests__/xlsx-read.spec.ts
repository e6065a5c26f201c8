import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import * as ExcelJS from 'exceljs';
import { detectFile, readRows, SpreadsheetError } from '@crm/spreadsheet';
import { handMadeXlsx, readAll, readCells, tempDir, writeFile, zip } from './helpers';

const dir = tempDir();
afterAll(() => dir.cleanup());

// numFmtId 14 is the built-in short date; 31 (2024年1月31日) and 58 (1月31日) are the ones
// Chinese Excel and WPS use, which ExcelJS does not know.
const DATE_STYLES =
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="58" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>';

async function readError(path: string, options?: { maxColumns?: number; maxCellLength?: number }): Promise<SpreadsheetError> {
  const error: unknown = await readAll(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

function openDescriptors(): number {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0;
}

describe('readRows (xlsx)', () => {
  it('turns every kind of cell into text, the way Excel writes them', async () => {
    const path = writeFile(
      dir.path('kinds.xlsx'),
      handMadeXlsx({
        sharedStrings: ['<si><t>姓名</t></si>', '<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r></si>', '<si><t xml:space="preserve">  甲_x000D_乙  </t></si>'],
        cellXfs: DATE_STYLES,
        sheets: [
          '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' +
            '<row r="2">' +
            '<c r="A2" t="s"><v>1</v></c>' + // rich text
            '<c r="B2"><v>3.30302199001011E+17</v></c>' + // an ID number typed as a number
            '<c r="C2" s="1"><v>32874</v></c>' + // 1990-01-01, built-in date format
            '<c r="D2" s="2"><v>45322</v></c>' + // 2024-01-31, 2024年1月31日
            '<c r="E2" s="3"><v>45322</v></c>' + // 1月31日
            '<c r="F2" t="b"><v>1</v></c>' +
            '<c r="G2" t="e"><v>#N/A</v></c>' +
            '<c r="H2"><v>0.30000000000000004</v></c>' +
            '<c r="I2" t="s"><v>2</v></c>' + // escaped CR, padded
            '<c r="J2" t="inlineStr"><is><t>行内</t></is></c>' +
            '</row>',
        ],
      }),
    );
    expect(await readAll(path)).toEqual([
      { rowNumber: 1, cells: ['姓名'], formulaColumns: [] },
      {
        rowNumber: 2,
        cells: ['张三', '330302199001011000', '1990-01-01', '2024-01-31', '2024-01-31', 'TRUE', '#N/A', '0.3', '甲\r乙', '行内'],
        formulaColumns: [],
      },
    ]);
  });

  it('gives the cached result of a formula and names its column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('成员');
    sheet.addRow(['a', 'b', '合并']);
    sheet.addRow(['x', 'y']);
    sheet.getCell('C2').value = { formula: 'A2&B2', result: 'xy' };
    sheet.getCell('D2').value = { formula: 'DATE(1990,1,1)', result: 32874 };
    sheet.getCell('D2').numFmt = 'yyyy-mm-dd';
    const path = dir.path('formula.xlsx');
    await workbook.xlsx.writeFile(path);
    expect(await readAll(path)).toEqual([
      { rowNumber: 1, cells: ['a', 'b', '合并'], formulaColumns: [] },
      { rowNumber: 2, cells: ['x', 'y', 'xy', '1990-01-01'], formulaColumns: [2, 3] },
    ]);
  });

  it('flags shared formulas too', async () => {
    const path = writeFile(
      dir.path('shared-formula.xlsx'),
      handMadeXlsx({
        sheets: [
          '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>2</v></c></row>' +
            '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>',
        ],
      }),
    );
    expect(await readAll(path)).toEqual([
      { rowNumber: 1, cells: ['1', '2'], formulaColumns: [1] },
      { rowNumber: 2, cells: ['2', '4'], formulaColumns: [1] },
    ]);
  });

  it('keeps a formula result of 0 and marks a cached error (whose kind ExcelJS loses)', async () => {
    const path = writeFile(
      dir.path('formula-results.xlsx'),
      handMadeXlsx({
        sheets: ['<row r="1"><c r="A1"><f>0*1</f><v>0</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C1" t="str"><f>""</f><v></v></c><c r="D1"><v>1</v></c></row>'],
      }),
    );
    expect(await readAll(path)).toEqual([{ rowNumber: 1, cells: ['0', '#ERROR', '', '1'], formulaColumns: [0, 1, 2] }]);
  });

  it('gives the text of hyperlinks and rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['网站', '名称']);
    sheet.addRow([{ text: '商会官网', hyperlink: 'https://example.org' }, { richText: [{ text: '温州' }, { text: '商会', font: { bold: true } }] }]);
    const path = dir.path('links.xlsx');
    await workbook.xlsx.writeFile(path);
    expect(await readCells(path)).toEqual([
      [1, ['网站', '名称']],
      [2, ['商会官网', '温州商会']],
    ]);
  });

  // unzipper announces its end once it has parsed the last byte, even while entries wait in its
  // buffer; ExcelJS, busy with the worksheet, then never sees the shared strings and styles that
  // follow it. Small files with stored (uncompressed) parts lose them every time.
  it('does not lose the shared strings and styles that follow the worksheet', async () => {
    const path = writeFile(
      dir.path('stored.xlsx'),
      handMadeXlsx({
        sharedStrings: ['<si><t>姓名</t></si>', '<si><t>张三</t></si>'],
        cellXfs: DATE_STYLES,
        sheets: ['<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>32874</v></c></row>'],
      }),
    );
    expect(await readCells(path)).toEqual([
      [1, ['姓名']],
      [2, ['张三', '1990-01-01']],
    ]);
  });

  it('reads dates typed in Excel', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['出生日期']);
    sheet.addRow([new Date(Date.UTC(1990, 0, 1))]);
    sheet.getCell('A2').numFmt = 'yyyy"年"m"月"d"日"';
    const path = dir.path('dates.xlsx');
    await workbook.xlsx.writeFile(path);
    expect(await readCells(path)).toEqual([
      [1, ['出生日期']],
      [2, ['1990-01-01']],
    ]);
  });

  it('skips blank rows but keeps the numbering and fills gaps with empty cells', async () => {
    const path = writeFile(
      dir.path('gaps.xlsx'),
      handMadeXlsx({
        sharedStrings: ['<si><t>姓名</t></si>', '<si><t>张三</t></si>', '<si><t>   </t></si>'],
        sheets: [
          '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' +
            '<row r="2"><c r="A2" s="0"/><c r="B2" t="s"><v>2</v></c></row>' + // styled but empty, blank text
            '<row r="4"><c r="A4" t="s"><v>1</v></c><c r="D4"><v>7</v></c><c r="F4" s="0"/></row>',
        ],
      }),
    );
    expect(await readCells(path)).toEqual([
      [1, ['姓名']],
      [4, ['张三', '', '', '7']],
    ]);
  });

  it('reads the first tab, not the first part of the zip', async () => {
    const path = writeFile(
      dir.path('tabs.xlsx'),
      handMadeXlsx({
        sharedStrings: ['<si><t>sheet1.xml</t></si>', '<si><t>sheet2.xml</t></si>'],
        sheets: ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>', '<row r="1"><c r="A1" t="s"><v>1</v></c></row>'],
        tabOrder: [1, 0],
      }),
    );
    expect(await readCells(path)).toEqual([[1, ['sheet2.xml']]]);
  });

  it('reads workbooks whose shared strings come before the worksheets, and compressed ones', async () => {
    const book = {
      sharedStrings: ['<si><t>姓名</t></si>'],
      sheets: ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'],
      sharedStringsFirst: true,
    };
    expect(await readCells(writeFile(dir.path('strings-first.xlsx'), handMadeXlsx(book)))).toEqual([[1, ['姓名']]]);
    expect(await readCells(writeFile(dir.path('deflated.xlsx'), handMadeXlsx(book, { deflate: true })))).toEqual([[1, ['姓名']]]);
  });

  it('fails a row with too many columns and a cell that is too long, with the row number', async () => {
    const path = writeFile(
      dir.path('limits.xlsx'),
      handMadeXlsx({
        sharedStrings: ['<si><t>ok</t></si>', `<si><t>${'长'.repeat(20)}</t></si>`],
        sheets: ['<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3"><c r="A3" t="s"><v>0</v></c><c r="E3" t="s"><v>1</v></c></row>'],
      }),
    );
    const wide = await readError(path, { maxColumns: 4 });
    expect(wide).toMatchObject({ reason: 'TOO_MANY_COLUMNS', rowNumber: 3 });
    const long = await readError(path, { maxCellLength: 10 });
    expect(long).toMatchObject({ reason: 'CELL_TOO_LONG', rowNumber: 3 });
    expect(long.message).toMatch(/column E/);
  });

  it('fails a zip that is not a workbook with CORRUPT_FILE', async () => {
    const path = writeFile(dir.path('not-a-workbook.xlsx'), zip([{ name: 'word/document.xml', data: '<w:document/>' }]));
    expect(await detectFile(path)).toEqual({ format: 'xlsx' });
    expect((await readError(path)).reason).toBe('CORRUPT_FILE');
  });

  it('fails a truncated .xlsx with CORRUPT_FILE', async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: dir.path('whole.xlsx'), useStyles: true, useSharedStrings: true });
    const sheet = workbook.addWorksheet('S');
    for (let i = 0; i < 2000; i++) sheet.addRow([`name${i}`, i, `33030219900101${String(i).padStart(4, '0')}`]).commit();
    sheet.commit();
    await workbook.commit();
    const whole = readFileSync(dir.path('whole.xlsx'));
    for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
      const path = writeFile(dir.path('truncated.xlsx'), whole.subarray(0, Math.floor(whole.length * fraction)));
      expect(await detectFile(path)).toEqual({ format: 'xlsx' });
      expect((await readError(path)).reason).toBe('CORRUPT_FILE');
    }
  });

  it('fails damaged compressed data and broken XML with CORRUPT_FILE instead of hanging', async () => {
    const book = { sheets: [`<row r="1"><c r="A1"><v>1</v></c></row>`.repeat(1)] };
    const sound = handMadeXlsx(book, { deflate: true });
    // Damage the worksheet's compressed bytes but leave the zip's directory intact.
    const sheetData = deflateRawSync(Buffer.from('<worksheet'));
    const at = sound.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
    const damaged = Buffer.from(sound);
    for (let i = at; i < at + sheetData.length; i++) damaged[i] ^= 0x5a;
    expect((await readError(writeFile(dir.path('damaged.xlsx'), damaged))).reason).toBe('CORRUPT_FILE');

    const brokenXml = handMadeXlsx({ sheets: ['<row r="1"><c r="A1"><v>1</v></c></row><row'] });
    expect((await readError(writeFile(dir.path('broken-xml.xlsx'), brokenXml))).reason).toBe('CORRUPT_FILE');
  });

  it('refuses a binary workbook (.xlsb)', async () => {
    const path = writeFile(dir.path('binary.xlsb'), zip([{ name: 'xl/workbook.bin', data: Buffer.alloc(10) }]));
    expect((await readError(path)).reason).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('releases the file and its temporary files when the caller stops early', async () => {
    const path = dir.path('early.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
    for (const name of ['a', 'b']) {
      const sheet = workbook.addWorksheet(name);
      for (let i = 0; i < 5000; i++) sheet.addRow([`${name}${i}`, i]).commit();
      sheet.commit();
    }
    await workbook.commit();

    const before = openDescriptors();
    const file = await detectFile(path);
    let seen = 0;
    for await (const row of readRows(path, file)) {
      seen = row.rowNumber;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openDescriptors()).toBeLessThanOrEqual(before);
  });
});
