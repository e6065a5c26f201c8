import { open } from 'node:fs/promises';

// A zip ends with a directory of its entries. Reading it first costs two small reads and tells
// at once whether the file was cut short (the usual damage: an interrupted upload or copy) and
// whether it is a workbook at all — before ExcelJS inflates every worksheet into temporary files,
// which it does not delete when it fails.

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_RECORD_BYTES = 22;
// The end record may be followed by a comment of up to 65535 bytes.
const MAX_TAIL_BYTES = END_RECORD_BYTES + 0xffff;
// A workbook's directory has a few dozen entries; a huge one is not a workbook.
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

export type ZipDirectory =
  | {
      readable: true;
      names: string[];
      /** Where the directory starts, i.e. where the last entry's data ends. */
      directoryOffset: number;
    }
  /** Zip64 or otherwise beyond this reader: nothing is known, the caller goes ahead. */
  | { readable: false }
  | { broken: string };

export async function readZipDirectory(path: string): Promise<ZipDirectory> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size < END_RECORD_BYTES) return { broken: 'too short to be a zip archive' };
    const tailLength = Math.min(size, MAX_TAIL_BYTES);
    const tail = Buffer.alloc(tailLength);
    await readFully(handle, tail, size - tailLength);

    let end = -1;
    for (let i = tailLength - END_RECORD_BYTES; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) return { broken: 'the end of the zip archive is missing (the file was cut short)' };

    const entryCount = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return { readable: false };
    const endOffset = size - tailLength + end;
    if (directoryOffset + directorySize > endOffset) return { broken: 'the zip directory points beyond the file (the file was cut short)' };
    if (directorySize > MAX_DIRECTORY_BYTES) return { broken: 'the zip directory is implausibly large' };

    const directory = Buffer.alloc(directorySize);
    await readFully(handle, directory, directoryOffset);
    const names: string[] = [];
    let at = 0;
    for (let n = 0; n < entryCount; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return { broken: 'the zip directory is damaged' };
      const compressedSize = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localOffset = directory.readUInt32LE(at + 42);
      if (compressedSize === 0xffffffff || localOffset === 0xffffffff) return { readable: false };
      if (localOffset + compressedSize > directoryOffset) return { broken: 'a zip entry points beyond the file' };
      if (at + 46 + nameLength > directory.length) return { broken: 'the zip directory is damaged' };
      names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { readable: true, names, directoryOffset };
  } finally {
    await handle.close();
  }
}

async function readFully(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Error('Unexpected end of file');
    done += bytesRead;
  }
}
