import { Injectable } from '@nestjs/common';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@crm/shared';
import { FileStore } from '@crm/storage';

/** The FileStore purpose of an import's uploaded file. */
export const IMPORT_FILE_PURPOSE = 'import-upload';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What `stored_file` holds for an empty upload: the store keeps no empty files, and the import
 * fails its validation with EMPTY_FILE as any other unreadable file does.
 */
const EMPTY_UPLOAD = 'empty';

/** Import statuses after which the uploaded file is no longer needed. */
const FINISHED = ['COMMITTED', 'CANCELLED', 'FAILED'];

/**
 * Where uploaded files wait for their import: in PostgreSQL (FileStore), streamed in by the
 * process that received the upload and read back by whichever process works the import's jobs,
 * so API processes and workers need no shared disk. An import's `stored_file` holds the stored
 * file's id. A file is removed when its import has been validated into rows that failed,
 * committed, or cancelled; the sweep removes any left behind.
 *
 * Files that an earlier version kept on disk under IMPORT_DIR (default DATA_DIR/imports) are still
 * read and removed there, for imports under way across the upgrade.
 */
@Injectable()
export class ImportFiles {
  private readonly legacyDir: string;
  private readonly maxBytes: number;

  constructor(
    config: AppConfig,
    private readonly store: FileStore,
  ) {
    this.legacyDir = resolve(config.IMPORT_DIR ?? join(config.DATA_DIR, 'imports'));
    this.maxBytes = config.IMPORT_MAX_MB * 1024 * 1024;
  }

  /**
   * Streams a local file (multer's temporary upload, or the CLI's file) into the store, in the
   * caller's transaction when given (so the file and the import that refers to it commit
   * together). Returns the stored file's id. Over IMPORT_MAX_MB: BAD_USER_INPUT FILE_TOO_LARGE.
   */
  async adopt(source: string, meta: { fileName: string; mediaType?: string; createdBy?: string | null }, manager?: EntityManager): Promise<string> {
    if ((await stat(source)).size === 0) return EMPTY_UPLOAD;
    const info = await this.store.put(
      createReadStream(source),
      { purpose: IMPORT_FILE_PURPOSE, fileName: meta.fileName, mediaType: meta.mediaType ?? 'application/octet-stream', maxBytes: this.maxBytes, createdBy: meta.createdBy ?? null },
      manager,
    );
    return info.id;
  }

  /**
   * A local copy of a stored file for the spreadsheet readers (which need a path); `cleanup()`
   * removes it. Null when the file is gone.
   */
  async toLocalFile(stored: string): Promise<{ path: string; cleanup(): Promise<void> } | null> {
    if (stored === EMPTY_UPLOAD) {
      const dir = await mkdtemp(join(tmpdir(), 'crm-file-'));
      await writeFile(join(dir, 'file'), '');
      return { path: join(dir, 'file'), cleanup: () => rm(dir, { recursive: true, force: true }) };
    }
    if (UUID.test(stored) && (await this.store.info(stored))) return this.store.toTempFile(stored);
    const legacy = this.legacyPath(stored);
    if (legacy && existsSync(legacy)) return { path: legacy, cleanup: async () => undefined };
    return null;
  }

  async remove(stored: string | null): Promise<void> {
    if (!stored) return;
    if (UUID.test(stored)) await this.store.remove(stored);
    const legacy = this.legacyPath(stored);
    if (legacy) await rm(legacy, { force: true });
  }

  /**
   * Removes import files older than `olderThan` that no import still needs: none of `jobTables`
   * refers to them, or only an import that has finished. Returns how many went.
   */
  sweepOrphans(jobTables: readonly string[], olderThan: Date): Promise<number> {
    for (const t of jobTables) if (!/^[a-z_]+$/.test(t)) throw new Error(`Bad import table name ${t}`);
    const needed = jobTables.length
      ? jobTables.map((t) => `EXISTS (SELECT 1 FROM ${t} j WHERE j.stored_file = f.id::text AND j.status NOT IN (${FINISHED.map((s) => `'${s}'`).join(', ')}))`).join(' OR ')
      : 'false';
    return this.store.sweep(IMPORT_FILE_PURPOSE, olderThan, needed);
  }

  private legacyPath(stored: string): string | null {
    return /^[0-9a-f-]{36}$/.test(stored) ? join(this.legacyDir, stored) : null;
  }
}
