import { randomBytes } from 'node:crypto';
import * as iconv from 'iconv-lite';
import { detectFile, SpreadsheetError } from '@crm/spreadsheet';
import { tempDir, writeFile, zip } from './helpers';

const dir = tempDir();
afterAll(() => dir.cleanup());

async function detectError(data: string | Buffer, name = 'upload.csv'): Promise<SpreadsheetError> {
  const path = writeFile(dir.path(name), data);
  const error: unknown = await detectFile(path, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SpreadsheetError)) throw new Error(`expected a SpreadsheetError, got ${String(error)}`);
  return error;
}

describe('detectFile', () => {
  it('takes a zip for an xlsx, whatever its name', async () => {
    const path = writeFile(dir.path('renamed.csv'), zip([{ name: 'a.txt', data: 'x' }]));
    await expect(detectFile(path, 'renamed.csv')).resolves.toEqual({ format: 'xlsx' });
  });

  it('refuses an old .xls with advice to save as .xlsx', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const error = await detectError(ole, 'members.xls');
    expect(error.reason).toBe('UNSUPPORTED_FILE_TYPE');
    expect(error.message).toMatch(/save it as \.xlsx/);
  });

  it('tells a password-protected .xlsx (an OLE2 container) apart', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const error = await detectError(ole, 'members.xlsx');
    expect(error.reason).toBe('UNSUPPORTED_FILE_TYPE');
    expect(error.message).toMatch(/password/);
  });

  it('refuses an OpenDocument spreadsheet', async () => {
    const ods = zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }]);
    expect((await detectError(ods, 'members.ods')).reason).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it.each([
    ['a 0-byte file', Buffer.alloc(0)],
    ['a UTF-8 BOM alone', Buffer.from([0xef, 0xbb, 0xbf])],
    ['a UTF-16LE BOM alone', Buffer.from([0xff, 0xfe])],
    ['whitespace and blank lines', Buffer.from('\uFEFF  \r\n\r\n\t \n')],
  ])('finds %s empty', async (_, data) => {
    expect((await detectError(data)).reason).toBe('EMPTY_FILE');
  });

  it('refuses 10 MB of random bytes, quickly', async () => {
    const started = Date.now();
    const error = await detectError(randomBytes(10 * 1024 * 1024), 'random.csv');
    expect(error.reason).toBe('UNSUPPORTED_FILE_TYPE');
    expect(error.message).toMatch(/not a \.xlsx or \.csv file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), Buffer.alloc(100, 0x20)])],
    ['a PNG', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)])],
    ['text full of control characters', Buffer.from('a\x01b\x02c\x03d\x04e\x05f\x06'.repeat(100), 'latin1')],
    ['an HTML table saved as .xls', Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>')],
  ])('refuses %s', async (_, data) => {
    expect((await detectError(data, 'file.xls')).reason).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it.each([
    ['UTF-8 without BOM', Buffer.from('姓名,手机号码\n张三,13812345678\n'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.from('\uFEFF姓名,手机号码\n张三,13812345678\n'), 'utf-8'],
    ['GBK', iconv.encode('姓名,手机号码\n张三,13812345678\n', 'gbk'), 'gb18030'],
    ['UTF-16LE with BOM', iconv.encode('姓名\t手机号码\n张三\t13812345678\n', 'utf16le', { addBOM: true }), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('姓名,手机号码\n', 'utf16be')]), 'utf-16be'],
  ])('recognises %s', async (_, data, encoding) => {
    const path = writeFile(dir.path('encoding.csv'), data);
    await expect(detectFile(path)).resolves.toMatchObject({ format: 'csv', encoding });
  });

  it('does not take UTF-8 for GBK when a character is cut at the end of the 1 MB sample', async () => {
    // 1 MB of ASCII then one 3-byte character straddling the sample's end: still valid UTF-8.
    const head = Buffer.alloc(1024 * 1024 - 1, 0x61);
    const path = writeFile(dir.path('cut.csv'), Buffer.concat([Buffer.from('a,b\n'), head.subarray(4), Buffer.from('张三\n')]));
    await expect(detectFile(path)).resolves.toMatchObject({ encoding: 'utf-8' });
  });

  it('finds a multi-byte character cut at the very end of a small file invalid', async () => {
    const path = writeFile(dir.path('dangling.csv'), Buffer.concat([Buffer.from('姓名\n'), Buffer.from('张').subarray(0, 2)]));
    await expect(detectFile(path)).resolves.toMatchObject({ encoding: 'gb18030' });
  });

  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a;b;c\n1;2;3\n', ';'],
    ['"x,y"\tb\tc\n', '\t'],
    ['a\tb,c,d\n', ','],
    ['\n\na\tb\n', '\t'],
  ])('picks the delimiter of %j', async (text, delimiter) => {
    const path = writeFile(dir.path('delimiter.csv'), text);
    await expect(detectFile(path)).resolves.toMatchObject({ delimiter });
  });

  it('uses the name only to break a tie', async () => {
    const path = writeFile(dir.path('one-column'), '姓名\n张三\n');
    await expect(detectFile(path, 'members.txt')).resolves.toMatchObject({ delimiter: '\t' });
    await expect(detectFile(path, 'members.csv')).resolves.toMatchObject({ delimiter: ',' });
  });

  it('passes I/O errors on', async () => {
    await expect(detectFile(dir.path('missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
