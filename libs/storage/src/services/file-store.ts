import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '@crm/shared';
import { StorageErrors } from '../exceptions/storage.errors';

/** Bytes per stored chunk: small enough to stream, large enough that a 100 MB file is 400 rows. */
export const STORAGE_CHUNK_BYTES = 256 * 1024;

/** Chunks fetched per statement when a file is read back. */
const READ_AHEAD_CHUNKS = 8;

export interface StoredFileMeta {
  /** What the file is for (`member-import`, `notice-attachment`, …), at most 40 characters. */
  purpose: string;
  fileName: string;
  mediaType: string;
  /** Refused beyond this many bytes (nothing is stored). */
  maxBytes: number;
  /** The user who uploaded it, when there is one. */
  createdBy?: string | null;
}

export interface StoredFileInfo {
  id: string;
  purpose: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  createdAt: Date;
}

interface StoredFileRow {
  id: string;
  purpose: string;
  file_name: string;
  media_type: string;
  byte_size: string;
  sha256: string;
  chunk_count: number;
  created_at: Date;
}

const INFO_COLUMNS = `id, purpose, file_name, media_type, byte_size, sha256, chunk_count, created_at`;

function infoOf(row: StoredFileRow): StoredFileInfo {
  return {
    id: row.id,
    purpose: row.purpose,
    fileName: row.file_name,
    mediaType: row.media_type,
    byteSize: Number(row.byte_size),
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

/**
 * Files kept in PostgreSQL, streamed in and out in chunks of STORAGE_CHUNK_BYTES, so that any
 * replica can read what another one received and no file is ever held whole in memory (except
 * by `readAll`, for small files). A file is written in one transaction with its chunks: it is
 * there complete or not at all. Each library keeps the ids of its files and removes them when
 * they are no longer needed (or by `sweep`).
 */
@Injectable()
export class FileStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Streams `source` into a new stored file, in the caller's transaction when `manager` is
   * given (so the file and what refers to it commit together), else in one of its own.
   */
  async put(source: NodeJS.ReadableStream | Buffer, meta: StoredFileMeta, manager?: EntityManager): Promise<StoredFileInfo> {
    if (manager) return this.write(manager, source, meta);
    try {
      return await this.dataSource.transaction((m) => this.write(m, source, meta));
    } finally {
      if (!Buffer.isBuffer(source)) (source as Readable).destroy?.();
    }
  }

  private async write(manager: EntityManager, source: NodeJS.ReadableStream | Buffer, meta: StoredFileMeta): Promise<StoredFileInfo> {
    const [{ id }] = (await manager.query(
      `INSERT INTO stored_file (purpose, file_name, media_type, byte_size, sha256, chunk_count, created_by)
       VALUES ($1, $2, $3, 0, repeat('0', 64), 0, $4) RETURNING id`,
      [meta.purpose, meta.fileName.slice(0, 255), meta.mediaType.slice(0, 127), meta.createdBy ?? null],
    )) as { id: string }[];
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean): Promise<void> => {
      while (pendingBytes >= STORAGE_CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending, pendingBytes);
        const chunk = joined.subarray(0, Math.min(STORAGE_CHUNK_BYTES, joined.length));
        const rest = joined.subarray(chunk.length);
        await manager.query(`INSERT INTO stored_file_chunk (file_id, seq, data) VALUES ($1, $2, $3)`, [id, seq++, chunk]);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    const pieces: AsyncIterable<Buffer | string> = Buffer.isBuffer(source) ? [source] as unknown as AsyncIterable<Buffer> : (source as AsyncIterable<Buffer | string>);
    for await (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      size += bytes.length;
      if (size > meta.maxBytes) throw StorageErrors.FILE_TOO_LARGE({ limitMb: megabytes(meta.maxBytes) }, { field: 'file' });
      hash.update(bytes);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= STORAGE_CHUNK_BYTES) await flush(false);
    }
    await flush(true);
    if (size === 0) throw StorageErrors.FILE_EMPTY({}, { field: 'file' });
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = (await manager.query(
      `UPDATE stored_file SET byte_size = $2, sha256 = $3, chunk_count = $4 WHERE id = $1 RETURNING ${INFO_COLUMNS}`,
      [id, size, hash.digest('hex'), seq],
    )) as [StoredFileRow[], number];
    return infoOf(rows[0]);
  }

  async info(id: string, manager?: EntityManager): Promise<StoredFileInfo | null> {
    const rows = (await (manager ?? this.dataSource).query(`SELECT ${INFO_COLUMNS} FROM stored_file WHERE id = $1`, [id])) as StoredFileRow[];
    return rows[0] ? infoOf(rows[0]) : null;
  }

  /**
   * The file's bytes as a stream, fetched a few chunks at a time. Fails (NOT_FOUND) before
   * the stream is returned when there is no such file; a file removed while it is being read
   * ends the stream with an error rather than a short file.
   */
  async open(id: string): Promise<Readable> {
    const rows = (await this.dataSource.query(`SELECT chunk_count FROM stored_file WHERE id = $1`, [id])) as { chunk_count: number }[];
    if (!rows[0]) throw new NotFoundError('StoredFile', id);
    const total = rows[0].chunk_count;
    const dataSource = this.dataSource;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let next = 0; next < total; next += READ_AHEAD_CHUNKS) {
        const batch = (await dataSource.query(
          `SELECT seq, data FROM stored_file_chunk WHERE file_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
          [id, next, next + READ_AHEAD_CHUNKS],
        )) as { seq: number; data: Buffer }[];
        const expected = Math.min(READ_AHEAD_CHUNKS, total - next);
        if (batch.length !== expected) throw new Error(`Stored file ${id} lost chunks while it was read`);
        for (const chunk of batch) yield chunk.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** The whole file in memory: only for files known to be small (an attachment to mail). */
  async readAll(id: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await this.open(id)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  /** Copies the file to a private temporary file, for readers that need a path (a spreadsheet parser). */
  async toTempFile(id: string): Promise<{ path: string; cleanup(): Promise<void> }> {
    const info = await this.info(id);
    if (!info) throw new NotFoundError('StoredFile', id);
    const dir = await mkdtemp(join(tmpdir(), 'crm-file-'));
    const path = join(dir, 'file');
    const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
    try {
      await pipeline(await this.open(id), createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      await cleanup();
      throw error;
    }
    return { path, cleanup };
  }

  /** Removes a file and its chunks; removing a file that is gone already is not an error. */
  async remove(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(`DELETE FROM stored_file WHERE id = $1`, [id]);
  }

  /**
   * Removes files of `purpose` created before `before` that no row refers to any more, as
   * `referenced` (an SQL condition on `f`, e.g. `EXISTS (SELECT 1 FROM notice_attachment a
   * WHERE a.file_id = f.id)`) tells. Returns how many went.
   */
  async sweep(purpose: string, before: Date, referenced: string): Promise<number> {
    // TypeORM answers a DELETE with [rows, count].
    const [, count] = (await this.dataSource.query(
      `DELETE FROM stored_file f WHERE f.purpose = $1 AND f.created_at < $2 AND NOT (${referenced})`,
      [purpose, before],
    )) as [unknown[], number];
    return count;
  }
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}
