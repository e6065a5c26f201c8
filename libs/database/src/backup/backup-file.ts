import { createHash, Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { copyIn, copyOut } from './pg-copy';

/**
 * The backup file: gzip of
 *
 *   DIASPORA-CRM-BACKUP 1\n          magic line and format version
 *   {header JSON}\n                  app, schema version (latest migration), tables, row counts
 *   <COPY text rows of table 1>      one line per row, as `COPY … TO STDOUT` writes them
 *   \.\n                             end of the table (COPY's own end-of-data marker)
 *   … every table in header order …
 *   #sha256 <hex>\n                  SHA-256 of every byte above
 *
 * Text COPY escapes newlines and backslashes inside values, so a row is one line and no row
 * can read `\.`.
 */
export const BACKUP_MAGIC = 'DIASPORA-CRM-BACKUP';
export const BACKUP_FORMAT = 1;
export const BACKUP_APP = 'diaspora-merchant-crm';
/** Tables of the app's schema not carried: the migrations' own bookkeeping (the target is migrated). */
const NOT_CARRIED = new Set(['typeorm_migrations']);

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  app: string;
  format: number;
  schemaVersion: string;
  createdAt: string;
  tables: BackupTable[];
  /** Every sequence of the schema: value and whether it was used (setval's arguments). */
  sequences: { name: string; value: string; called: boolean }[];
}

export type BackupErrorCode =
  | 'BACKUP_NOT_A_BACKUP'
  | 'BACKUP_OTHER_APP'
  | 'BACKUP_NEWER_SCHEMA'
  | 'BACKUP_TRUNCATED'
  | 'BACKUP_CORRUPT'
  | 'TARGET_NOT_EMPTY'
  | 'TARGET_NEWER_SCHEMA'
  | 'TARGET_IN_USE'
  | 'FILE_EXISTS'
  | 'FILE_UNWRITABLE'
  | 'INTERRUPTED';

/** A refusal a person reads: English and zh-CN, and a stable code. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

export interface Progress {
  start(totalRows: number): void;
  advance(rows: number): void;
  stop(): void;
}

const noProgress: Progress = { start: () => undefined, advance: () => undefined, stop: () => undefined };

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const NEWLINE = 0x0a;
const END_OF_TABLE = Buffer.from('\\.\n');

function interrupted(): BackupError {
  return new BackupError('INTERRUPTED', 'Interrupted by a signal', '操作被信号中断');
}

/** The latest migration applied: the schema version a backup is taken at and restored to. */
export async function schemaVersion(client: Client): Promise<string | null> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('typeorm_migrations') IS NOT NULL AS exists");
  if (!rows[0].exists) return null;
  const latest = await client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY "timestamp" DESC, id DESC LIMIT 1');
  return latest.rows[0]?.name ?? null;
}

/** The app schema's tables (not partitions), each with its copyable columns (not generated ones). */
async function appTables(client: Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  return rows.filter((t) => !NOT_CARRIED.has(t.name));
}

export interface BackupOptions {
  progress?: Progress;
  signal?: AbortSignal;
}

/**
 * Writes a backup of every table of the app's schema, read under one REPEATABLE READ snapshot
 * (one transaction: a consistent state even while the application writes). The file appears
 * under its name only when complete: it is written beside it as `<file>.partial` and renamed at
 * the end; a failure or a signal removes the partial file.
 */
export async function writeBackup(client: Client, file: string, options: BackupOptions = {}): Promise<BackupHeader> {
  const progress = options.progress ?? noProgress;
  const partial = `${file}.partial`;
  const hash = createHash('sha256');
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(partial, { mode: 0o600 });
  // An unwritable place (no such directory, a directory of that name, a full disk) fails the
  // pipeline, and with it the write under way: a clear refusal, never an unhandled stream error.
  let fileError: BackupError | null = null;
  const written = pipeline(gzip, out).catch((error: NodeJS.ErrnoException) => {
    fileError ??= unwritable(file, error);
    throw fileError;
  });
  written.catch(() => undefined);
  const write = async (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    if (fileError) throw fileError;
    if (gzip.destroyed) throw new Error('The backup stream was closed');
    if (!gzip.write(bytes)) await once(gzip, 'drain');
  };
  // A signal cuts the database connection: the copy under way fails at once, the read-only
  // transaction ends with the session, and the partial file is removed below.
  const abort = () => dropConnection(client);
  options.signal?.addEventListener('abort', abort);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = await schemaVersion(client);
    if (!version) throw new BackupError('BACKUP_NOT_A_BACKUP', 'The database has no schema of this application (no migrations applied)', '该数据库没有本系统的数据结构（未执行迁移）');
    const tables: BackupTable[] = [];
    for (const t of await appTables(client)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`);
      tables.push({ ...t, rows: Number(rows[0].n) });
    }
    const { rows: sequences } = await client.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'S' ORDER BY relname",
    );
    const sequenceValues: BackupHeader['sequences'] = [];
    for (const s of sequences) {
      const { rows } = await client.query<{ value: string; called: boolean }>(`SELECT last_value::text AS value, is_called AS called FROM ${quoteIdent(s.name)}`);
      sequenceValues.push({ name: s.name, ...rows[0] });
    }
    const header: BackupHeader = { app: BACKUP_APP, format: BACKUP_FORMAT, schemaVersion: version, createdAt: new Date().toISOString(), tables, sequences: sequenceValues };
    await write(`${BACKUP_MAGIC} ${BACKUP_FORMAT}\n${JSON.stringify(header)}\n`);
    progress.start(tables.reduce((n, t) => n + t.rows, 0));
    for (const t of tables) {
      if (options.signal?.aborted) throw interrupted();
      const source = copyOut(client, `COPY ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) TO STDOUT`);
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) {
          source.destroy();
          throw interrupted();
        }
        await write(chunk);
        progress.advance(countLines(chunk));
      }
      await write(END_OF_TABLE);
    }
    await client.query('COMMIT');
    gzip.end(Buffer.from(`#sha256 ${hash.digest('hex')}\n`));
    await written;
    await rename(partial, file).catch((error: NodeJS.ErrnoException) => {
      throw unwritable(file, error);
    });
    return header;
  } catch (error) {
    // Read before the streams are destroyed (which fails the pipeline as well): a write that
    // failed because the file did is reported as the file's refusal.
    const cause: unknown = fileError ?? error;
    gzip.destroy();
    out.destroy();
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { force: true });
    throw options.signal?.aborted ? interrupted() : cause;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    progress.stop();
  }
}

function unwritable(file: string, error: NodeJS.ErrnoException): BackupError {
  const why = error.code ?? error.message;
  return new BackupError('FILE_UNWRITABLE', `Cannot write the backup file ${file} (${why})`, `无法写入备份文件 ${file}（${why}）`);
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/**
 * Reads a backup file front to back: the header, each table's rows, the checksum. Every byte
 * read goes into the running SHA-256 the trailer is checked against.
 */
export class BackupReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly hash: Hash = createHash('sha256');
  private readonly input: NodeJS.ReadableStream;

  constructor(file: string) {
    const gunzip = createGunzip();
    const raw = createReadStream(file);
    raw.on('error', (e) => gunzip.destroy(e));
    this.input = raw.pipe(gunzip);
    this.chunks = (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  close(): void {
    (this.input as unknown as { destroy(): void }).destroy();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      throw readFailure(error);
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
    return true;
  }

  /** One line (without its newline), hashed unless it is the trailer; null at the end of the file. */
  private async line(maxBytes: number, hashed = true): Promise<string | null> {
    for (;;) {
      const at = this.buffer.indexOf(NEWLINE);
      if (at !== -1) {
        const line = this.buffer.subarray(0, at + 1);
        this.buffer = this.buffer.subarray(at + 1);
        if (hashed) this.hash.update(line);
        return line.subarray(0, at).toString('utf8');
      }
      if (this.buffer.length > maxBytes) return null;
      if (!(await this.fill())) return null;
    }
  }

  async header(): Promise<BackupHeader> {
    const magic = await this.line(64);
    if (magic === null || !magic.startsWith(`${BACKUP_MAGIC} `)) throw otherApp();
    if (magic !== `${BACKUP_MAGIC} ${BACKUP_FORMAT}`) {
      throw new BackupError('BACKUP_NEWER_SCHEMA', `The backup file has format ${magic.slice(BACKUP_MAGIC.length + 1)}; this version reads format ${BACKUP_FORMAT}`, '备份文件的格式较新，本版本无法读取，请先升级系统');
    }
    const text = await this.line(16 << 20);
    if (text === null) throw truncated();
    let header: BackupHeader;
    try {
      header = JSON.parse(text) as BackupHeader;
    } catch {
      throw corrupt('its header does not parse');
    }
    if (header.app !== BACKUP_APP) throw otherApp(header.app);
    if (!Array.isArray(header.tables) || typeof header.schemaVersion !== 'string') throw corrupt('its header is incomplete');
    return header;
  }

  /**
   * The COPY rows of the next table as chunks of whole lines, up to (not including) its `\.`.
   * Counts the rows into `counted` as they pass.
   */
  async *tableRows(counted: { rows: number }): AsyncGenerator<Buffer> {
    let scanned = 0; // bytes of this.buffer already known to hold whole rows
    for (;;) {
      let lineStart = scanned;
      for (;;) {
        const at = this.buffer.indexOf(NEWLINE, lineStart);
        if (at === -1) break;
        if (at - lineStart === 2 && this.buffer[lineStart] === 0x5c && this.buffer[lineStart + 1] === 0x2e) {
          const rows = this.buffer.subarray(0, lineStart);
          this.hash.update(this.buffer.subarray(0, at + 1));
          this.buffer = this.buffer.subarray(at + 1);
          if (rows.length) yield rows;
          return;
        }
        counted.rows++;
        lineStart = at + 1;
      }
      scanned = lineStart;
      if (scanned > 0) {
        const rows = this.buffer.subarray(0, scanned);
        this.hash.update(rows);
        this.buffer = this.buffer.subarray(scanned);
        scanned = 0;
        yield rows;
      }
      if (!(await this.fill())) throw truncated();
    }
  }

  /** Checks the trailer against everything read, and that nothing follows it. */
  async verifyChecksum(): Promise<void> {
    const digest = this.hash.digest('hex');
    const trailer = await this.line(128, false);
    if (trailer === null) throw truncated();
    if (!trailer.startsWith('#sha256 ')) throw corrupt('a table holds more rows than its header says, or the checksum line is missing');
    if (trailer.slice(8) !== digest) throw corrupt('its checksum does not match its content');
    if (this.buffer.length || (await this.fill())) throw corrupt('data follows its checksum');
  }
}

function readFailure(error: unknown): BackupError {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'Z_DATA_ERROR' && /header/i.test(e.message)) return otherApp();
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') {
    if (/unexpected end/i.test(e.message)) return truncated();
    return corrupt(`gzip reports: ${e.message}`);
  }
  if (e.code === 'ENOENT') return new BackupError('BACKUP_NOT_A_BACKUP', `No such file: ${e.path ?? ''}`, `文件不存在：${e.path ?? ''}`);
  if (error instanceof BackupError) return error;
  return corrupt(e.message);
}

const otherApp = (app?: string) =>
  new BackupError(
    'BACKUP_OTHER_APP',
    app ? `The file is a backup of another application (${app}), not of ${BACKUP_APP}` : `The file is not a backup of ${BACKUP_APP}`,
    '该文件不是本系统的备份文件',
  );
const truncated = () => new BackupError('BACKUP_TRUNCATED', 'The backup file is truncated (it ends before its checksum): it is incomplete', '备份文件不完整（被截断），无法恢复');
const corrupt = (why: string) => new BackupError('BACKUP_CORRUPT', `The backup file is corrupt: ${why}`, '备份文件已损坏，无法恢复');

/** Reads and checks just the header (the restore's first look, before touching any database). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = new BackupReader(file);
  try {
    return await reader.header();
  } finally {
    reader.close();
  }
}

export interface RestoreOptions {
  progress?: Progress;
  signal?: AbortSignal;
  /** Replace what the target holds (else a target with data is refused). */
  force?: boolean;
}

/** Whether the database holds data: any account or any audit event (every change is audited). */
export async function holdsData(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ used: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM audit_event) AS used',
  );
  return rows[0].used;
}

/**
 * Loads a backup into a database migrated to the backup's schema version, in one transaction:
 * the tables emptied, foreign keys, secondary indexes and user triggers set aside, every table
 * COPY'd in, row counts and the checksum checked, then the indexes built, the keys re-added
 * (checking every row), the triggers
 * (the audit table's append-only ones among them) switched back on and the sequences set. Any
 * failure, a signal included, rolls all of it back: the target is left as it was.
 */
export async function restoreBackup(client: Client, file: string, options: RestoreOptions = {}): Promise<BackupHeader> {
  const progress = options.progress ?? noProgress;
  const reader = new BackupReader(file);
  // A signal cuts the connection: PostgreSQL rolls the transaction back as the session ends.
  const abort = () => dropConnection(client);
  options.signal?.addEventListener('abort', abort);
  let began = false;
  try {
    const header = await reader.header();
    const version = await schemaVersion(client);
    if (version !== header.schemaVersion) {
      throw new BackupError(
        'TARGET_NEWER_SCHEMA',
        `The target database is at schema ${version ?? '(none)'}, the backup at ${header.schemaVersion}: restore into a new, empty database`,
        '目标数据库的数据结构版本与备份不同，请恢复到一个新的空数据库',
      );
    }
    // The header must name exactly the target's tables, each with its columns: a table left out
    // would keep whatever the target holds, a table or column added would not load.
    const present = new Map((await appTables(client)).map((t) => [t.name, t.columns.join(',')]));
    const listed = new Set<string>();
    for (const t of header.tables) {
      if (listed.has(t.name)) throw corrupt(`it lists table ${t.name} twice`);
      listed.add(t.name);
      if (!Array.isArray(t.columns) || present.get(t.name) !== t.columns.join(',')) throw corrupt(`table ${t.name} does not match schema ${header.schemaVersion}`);
      if (!Number.isSafeInteger(t.rows) || t.rows < 0) throw corrupt(`table ${t.name} has no valid row count`);
    }
    const missing = [...present.keys()].filter((name) => !listed.has(name));
    if (missing.length) throw corrupt(`it does not carry table(s) ${missing.join(', ')} of schema ${header.schemaVersion}`);
    await client.query('BEGIN');
    began = true;
    if (!options.force && (await holdsData(client))) {
      throw new BackupError('TARGET_NOT_EMPTY', 'The target database already holds data (accounts or audit events); restore into a new database, or pass --force to replace everything in it', '目标数据库已有数据；请恢复到新数据库，或加 --force 覆盖其全部数据');
    }
    const names = header.tables.map((t) => t.name);
    const { rows: keys } = await client.query<{ table: string; name: string; definition: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
        WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace AND r.relname = ANY($1)`,
      [names],
    );
    const { rows: triggers } = await client.query<{ table: string; name: string }>(
      `SELECT t.tgrelid::regclass::text AS table, t.tgname AS name
         FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND r.relnamespace = current_schema()::regnamespace AND r.relname = ANY($1)`,
      [names],
    );
    // Secondary indexes (not those behind a key or constraint) are built again after the load:
    // one build is far cheaper than row-by-row upkeep, above all for the trigram (GIN) ones.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid
        WHERE r.relnamespace = current_schema()::regnamespace AND r.relname = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [names],
    );
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    for (const k of keys) await client.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${quoteIdent(k.name)}`);
    for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
    for (const t of triggers) await client.query(`ALTER TABLE ${t.table} DISABLE TRIGGER ${quoteIdent(t.name)}`);
    if (names.length) await client.query(`TRUNCATE ${names.map(quoteIdent).join(', ')}`);

    progress.start(header.tables.reduce((n, t) => n + t.rows, 0));
    for (const t of header.tables) {
      const counted = { rows: 0 };
      let reported = 0;
      const rows = reader.tableRows(counted);
      const tracked = (async function* () {
        for await (const chunk of rows) {
          if (options.signal?.aborted) throw interrupted();
          yield chunk;
          progress.advance(counted.rows - reported);
          reported = counted.rows;
        }
      })();
      await copyIn(client, `COPY ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) FROM STDIN`, tracked);
      if (counted.rows !== t.rows) throw corrupt(`table ${t.name} holds ${counted.rows} rows, its header says ${t.rows}`);
    }
    await reader.verifyChecksum();

    for (const i of indexes) await client.query(i.definition);
    for (const k of keys) await client.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition}`);
    for (const t of triggers) await client.query(`ALTER TABLE ${t.table} ENABLE TRIGGER ${quoteIdent(t.name)}`);
    for (const s of header.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoteIdent(s.name), s.value, s.called]);
    }
    if (options.signal?.aborted) throw interrupted();
    await client.query('COMMIT');
    began = false;
    await client.query(`ANALYZE ${names.map(quoteIdent).join(', ')}`).catch(() => undefined);
    return header;
  } catch (error) {
    if (began) await client.query('ROLLBACK').catch(() => undefined);
    if (options.signal?.aborted) throw interrupted();
    throw error instanceof BackupError ? error : readFailure(error);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    reader.close();
    progress.stop();
  }
}

function dropConnection(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** A stderr progress line, sized for a terminal, quiet when stderr is not one. */
export function writableProgress(stream: Writable & { isTTY?: boolean }, label: string): Progress {
  let total = 0;
  let done = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const share = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
  };
  return {
    start(n) {
      total = n;
      done = 0;
      draw(true);
    },
    advance(n) {
      done += n;
      draw();
    },
    stop() {
      if (total) {
        draw(true);
        if (stream.isTTY) stream.write('\n');
        total = 0;
      }
    },
  };
}
