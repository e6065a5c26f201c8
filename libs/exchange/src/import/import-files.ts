import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '@crm/shared';

/**
 * Where uploaded files wait for their import: one file per import under IMPORT_DIR (default
 * DATA_DIR/imports), named by a random id, never by the user's file name. A file is removed when
 * its import has been validated into rows that failed, committed, or cancelled.
 */
@Injectable()
export class ImportFiles {
  private readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = resolve(config.IMPORT_DIR ?? join(config.DATA_DIR, 'imports'));
  }

  pathOf(stored: string): string {
    if (!/^[0-9a-f-]{36}$/.test(stored)) throw new Error(`Not a stored import file name: ${stored}`);
    return join(this.dir, stored);
  }

  /** Moves a temporary upload (multer's) or copies a local file (the CLI) into the store. */
  async adopt(source: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const stored = randomUUID();
    await copyFile(source, this.pathOf(stored));
    return stored;
  }

  async fromStream(stream: NodeJS.ReadableStream): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const stored = randomUUID();
    await pipeline(stream, createWriteStream(this.pathOf(stored)));
    return stored;
  }

  uploadDir(): string {
    return join(this.dir, 'incoming');
  }

  async remove(stored: string | null): Promise<void> {
    if (stored) await rm(this.pathOf(stored), { force: true });
  }
}
