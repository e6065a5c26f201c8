import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import * as iconv from 'iconv-lite';
import { SpreadsheetError } from './spreadsheet-error';

export type SpreadsheetFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DetectedFile {
  format: SpreadsheetFormat;
  /** csv only. */
  encoding?: TextEncoding;
  /** csv only: `,`, `\t` or `;`. */
  delimiter?: string;
}

// Enough to see the header and many rows, so that a GBK file is not taken for UTF-8 because its
// first lines happen to be ASCII; small enough to read on every upload.
const SAMPLE_BYTES = 1024 * 1024;
// Binary content shows itself early; scanning the whole sample would only cost time.
const BINARY_SCAN_BYTES = 64 * 1024;
// A text file may hold a stray control character (an old system's 0x1A, a pasted 0x0B), a binary
// file holds them by the thousand.
const MAX_CONTROL_RATIO = 0.01;

const UNSUPPORTED = 'The file is not a .xlsx or .csv file.';
const OLD_XLS =
  'The file is an old .xls workbook (Excel 97–2003), which cannot be read: open it in Excel or WPS and save it as .xlsx (Excel workbook).';
const ENCRYPTED =
  'The workbook is protected by a password, which cannot be read: remove the password in Excel or WPS and save it again.';
const OPEN_DOCUMENT = 'The file is an OpenDocument spreadsheet (.ods), which cannot be read: save it as .xlsx (Excel workbook).';
const MARKUP =
  'The file is a web page or XML document saved with a spreadsheet extension, which cannot be read: open it in Excel or WPS and save it as .xlsx (Excel workbook).';
const EMPTY = 'The file is empty.';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// Common uploads by mistake; the binary scan would reject them too, but not always in the first
// 64 KB (a PDF starts with text) and a precise test is cheaper.
const OTHER_BINARIES: number[][] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];

/**
 * Tells what a file is from its first bytes. The file name only breaks ties (it is what the user
 * typed, the content is what we will read): it picks the delimiter of a one-column text file and
 * words the message for an encrypted .xlsx. Throws SpreadsheetError (UNSUPPORTED_FILE_TYPE,
 * EMPTY_FILE); I/O errors are passed on as they are.
 */
export async function detectFile(path: string, fileName?: string): Promise<DetectedFile> {
  const { sample, whole } = await readSample(path);
  const extension = extname(fileName ?? path).toLowerCase();

  if (sample.length === 0) throw new SpreadsheetError('EMPTY_FILE', EMPTY);
  if (startsWith(sample, ZIP) || startsWith(sample, EMPTY_ZIP)) {
    // An .ods stores its mimetype uncompressed as the very first entry, so it is in the sample.
    if (sample.subarray(0, 200).includes('application/vnd.oasis.opendocument')) {
      throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', OPEN_DOCUMENT);
    }
    // Whether it really is a workbook shows when it is read (CORRUPT_FILE otherwise).
    return { format: 'xlsx' };
  }
  if (startsWith(sample, OLE2)) {
    // An encrypted .xlsx is an OLE2 container too; it names its stream in UTF-16.
    const encrypted = extension === '.xlsx' || sample.includes(Buffer.from('EncryptedPackage', 'utf16le'));
    throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', encrypted ? ENCRYPTED : OLD_XLS);
  }
  if (OTHER_BINARIES.some((magic) => startsWith(sample, magic))) {
    throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', UNSUPPORTED);
  }

  const encoding = detectEncoding(sample, whole);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && looksBinary(sample)) {
    throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', UNSUPPORTED);
  }

  const text = decodeSample(sample, encoding);
  if (whole && text.trim() === '') throw new SpreadsheetError('EMPTY_FILE', EMPTY);
  // UTF-16 was recognised by its BOM alone; garbage behind a lucky BOM shows once decoded.
  if (looksBinaryText(text)) throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', UNSUPPORTED);
  // Old systems export "xls" files that are HTML tables; Excel 2003 had an XML format too.
  if (/^\s*<(?:!doctype\s+html|html|table|\?xml)/i.test(text)) throw new SpreadsheetError('UNSUPPORTED_FILE_TYPE', MARKUP);

  return { format: 'csv', encoding, delimiter: detectDelimiter(text, extension) };
}

async function readSample(path: string): Promise<{ sample: Buffer; whole: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    let length = 0;
    // `read` may return fewer bytes than asked for before the end of the file.
    while (length < SAMPLE_BYTES) {
      const { bytesRead } = await handle.read(buffer, length, SAMPLE_BYTES - length, length);
      if (bytesRead === 0) return { sample: buffer.subarray(0, length), whole: true };
      length += bytesRead;
    }
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, length);
    return { sample: buffer, whole: bytesRead === 0 };
  } finally {
    await handle.close();
  }
}

function startsWith(buffer: Buffer, magic: number[]): boolean {
  return buffer.length >= magic.length && magic.every((byte, i) => buffer[i] === byte);
}

function detectEncoding(sample: Buffer, whole: boolean): TextEncoding {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(sample, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(sample, [0xfe, 0xff])) return 'utf-16be';
  // In streaming mode the decoder keeps an incomplete sequence at the end for the next call
  // instead of failing on it: the sample may have cut a character in two. Only when the sample
  // is the whole file is a dangling sequence an error.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(sample, { stream: !whole });
    return 'utf-8';
  } catch {
    // GB18030 is a superset of GBK and GB2312, which is what Chinese Windows calls "ANSI".
    return 'gb18030';
  }
}

function looksBinary(sample: Buffer): boolean {
  const end = Math.min(sample.length, BINARY_SCAN_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = sample[i];
    if (byte === 0) return true;
    if (isControl(byte)) control++;
  }
  return control > end * MAX_CONTROL_RATIO;
}

function looksBinaryText(text: string): boolean {
  const end = Math.min(text.length, BINARY_SCAN_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    if (isControl(code)) control++;
  }
  return control > end * MAX_CONTROL_RATIO;
}

// Tab, LF, VT, FF and CR are text; so is SUB (0x1A), the end-of-file mark of DOS-era exports.
function isControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d && code !== 0x1a;
}

type IconvEncoding = Parameters<typeof iconv.decode>[1];

const ICONV_NAMES: Record<TextEncoding, IconvEncoding> = {
  'utf-8': 'utf8',
  gb18030: 'gb18030',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
};

/** The name iconv-lite knows the encoding by. */
export function iconvEncoding(encoding: TextEncoding): IconvEncoding {
  return ICONV_NAMES[encoding];
}

function decodeSample(sample: Buffer, encoding: TextEncoding): string {
  // iconv-lite strips the BOM of every encoding; a replacement character for a character cut at
  // the end of the sample does no harm to what the text is used for here.
  return iconv.decode(sample, iconvEncoding(encoding));
}

/**
 * Comma, unless the header line has more tabs or semicolons than commas (Excel's "Text (Tab
 * delimited)" and "Unicode Text" exports, European-locale CSV). Delimiters inside quotes do not count.
 */
function detectDelimiter(text: string, extension: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  let content = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      // Leading blank lines are not the header.
      if (content) break;
    } else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    if (char.trim() !== '') content = true;
  }
  const commas = counts.get(',') ?? 0;
  const tabs = counts.get('\t') ?? 0;
  const semicolons = counts.get(';') ?? 0;
  if (tabs > commas && tabs >= semicolons) return '\t';
  if (semicolons > commas) return ';';
  // A one-column file has no delimiter on its header line; the name is all there is to go by.
  if (commas === 0 && tabs === 0 && semicolons === 0 && (extension === '.tsv' || extension === '.txt' || extension === '.tab')) return '\t';
  return ',';
}
