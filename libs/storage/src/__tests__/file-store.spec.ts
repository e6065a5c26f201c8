import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createTestApp, TestApp } from '@crm/testing';
import { FileStore, STORAGE_CHUNK_BYTES } from '@crm/storage';

// The file store keeps uploads and attachments in PostgreSQL so that any replica can read them:
// what goes in comes back byte for byte, in chunks; a refused file leaves nothing behind.

describe('FileStore', () => {
  let t: TestApp;
  let files: FileStore;
  const counts = async () =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM stored_file) AS files, (SELECT count(*)::int FROM stored_file_chunk) AS chunks`))[0] as { files: number; chunks: number };

  beforeAll(async () => {
    t = await createTestApp();
    files = t.app.get(FileStore);
  });
  afterAll(() => t.close());

  it('streams a multi-chunk file in and reads back the same bytes, size and SHA-256', async () => {
    const bytes = randomBytes(STORAGE_CHUNK_BYTES * 2 + 12345);
    // Arrives in uneven pieces, as an HTTP upload does.
    const pieces = [bytes.subarray(0, 1000), bytes.subarray(1000, 300000), bytes.subarray(300000)];
    const info = await files.put(Readable.from(pieces), { purpose: 'test-upload', fileName: '会员名单.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', maxBytes: 10 * 1024 * 1024 });
    expect(info).toMatchObject({ purpose: 'test-upload', fileName: '会员名单.xlsx', byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await counts()).toEqual({ files: 1, chunks: 3 });
    expect((await files.readAll(info.id)).equals(bytes)).toBe(true);
    const temp = await files.toTempFile(info.id);
    expect((await readFile(temp.path)).equals(bytes)).toBe(true);
    await temp.cleanup();
    await expect(stat(temp.path)).rejects.toThrow();
    await files.remove(info.id);
    expect(await counts()).toEqual({ files: 0, chunks: 0 });
    expect(await files.info(info.id)).toBeNull();
  });

  it('refuses a file over the limit, and an empty one, with a coded error on `file` and nothing stored', async () => {
    const over = files.put(Readable.from([randomBytes(STORAGE_CHUNK_BYTES), randomBytes(STORAGE_CHUNK_BYTES)]), { purpose: 'test-upload', fileName: 'big.bin', mediaType: 'application/octet-stream', maxBytes: STORAGE_CHUNK_BYTES + 10 });
    await expect(over).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'STORAGE_FILE_TOO_LARGE', field: 'file' } });
    await expect(files.put(Buffer.alloc(0), { purpose: 'test-upload', fileName: 'empty.txt', mediaType: 'text/plain', maxBytes: 100 })).rejects.toMatchObject({ extensions: { reason: 'STORAGE_FILE_EMPTY', field: 'file' } });
    expect(await counts()).toEqual({ files: 0, chunks: 0 });
  });

  it("writes inside the caller's transaction: rolled back with it", async () => {
    await expect(
      t.dataSource.transaction(async (m) => {
        await files.put(Buffer.from('第一段\n第二段'), { purpose: 'test-upload', fileName: 'a.txt', mediaType: 'text/plain', maxBytes: 100 }, m);
        throw new Error('the owning write failed');
      }),
    ).rejects.toThrow('the owning write failed');
    expect(await counts()).toEqual({ files: 0, chunks: 0 });
  });

  it('answers NOT_FOUND for a file that is not there, and sweeps unreferenced old files of one purpose', async () => {
    await expect(files.open('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const kept = await files.put(Buffer.from('kept'), { purpose: 'test-upload', fileName: 'k.txt', mediaType: 'text/plain', maxBytes: 100 });
    const orphan = await files.put(Buffer.from('orphan'), { purpose: 'test-upload', fileName: 'o.txt', mediaType: 'text/plain', maxBytes: 100 });
    const other = await files.put(Buffer.from('other purpose'), { purpose: 'test-other', fileName: 'x.txt', mediaType: 'text/plain', maxBytes: 100 });
    const swept = await files.sweep('test-upload', new Date(Date.now() + 60_000), `f.id = '${kept.id}'`);
    expect(swept).toBe(1);
    expect(await files.info(orphan.id)).toBeNull();
    expect((await files.readAll(kept.id)).toString()).toBe('kept');
    expect(await files.info(other.id)).not.toBeNull();
  });
});
