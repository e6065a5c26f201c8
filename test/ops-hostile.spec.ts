import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Role } from '@crm/auth';
import { MemberImportService } from '@crm/member-exchange';
import { BackupError, buildDataSourceOptions, MIGRATIONS, restoreBackup, runMigrations, schemaVersion, writeBackup } from '@crm/database';
import { cloneTemplate, createTestApp, nextMobile, signedInUser, TestApp, withServerClient, writeBytesFile, writeCsvFile } from '@crm/testing';
import { ImportFiles } from '../libs/exchange/src/import/import-files';
import { ROOT } from './support/server-process';

/**
 * Hostile inputs for the operations scripts and processes (issue 19): backup files that pass
 * their checksum but lie in their header, a backup from an older schema, targets that are not
 * ours, unwritable backup paths, a signal mid-restore, uploads refused mid-stream.
 */

const created: string[] = [];
let dir: string;

async function newDatabase(migrated: boolean): Promise<string> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  created.push(name);
  if (migrated) return cloneTemplate(name);
  await withServerClient((c) => c.query(`CREATE DATABASE ${name}`));
  return `${process.env.CRM_TEST_PG_BASE_URL}/${name}`;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Row count and md5 of every table of the schema: "untouched" means this is the same after. */
async function digest(url: string): Promise<string> {
  return withClient(url, async (c) => {
    const { rows: tables } = await c.query<{ name: string }>("SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname");
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await c.query<{ n: number; md5: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS md5 FROM "${name}" t`);
      parts.push(`${name}:${rows[0].n}:${rows[0].md5}`);
    }
    return parts.join('\n');
  });
}

function runScript(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/backup.ts', ...args], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, TS_NODE_TRANSPILE_ONLY: 'true', JWT_SECRET: 'ops-hostile-secret-long-enough-0123456789' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Rewrites a backup's content and signs it again: the checksum holds, only the header lies. */
function forge(file: string, edit: (header: Record<string, any>, body: string) => { header: Record<string, any>; body?: string }): string {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const [magic, headerLine] = text.split('\n', 2);
  const rest = text.slice(magic.length + 1 + headerLine.length + 1);
  const body = rest.slice(0, rest.lastIndexOf('#sha256 '));
  const edited = edit(JSON.parse(headerLine) as Record<string, any>, body);
  const content = `${magic}\n${JSON.stringify(edited.header)}\n${edited.body ?? body}`;
  const signed = `${content}#sha256 ${createHash('sha256').update(content).digest('hex')}\n`;
  const out = join(dir, `forged-${randomBytes(4).toString('hex')}.gz`);
  writeFileSync(out, gzipSync(Buffer.from(signed)));
  return out;
}

async function backupOf(url: string, file: string): Promise<void> {
  await withClient(url, (c) => writeBackup(c, file));
}

async function restoreInto(url: string, file: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<BackupError> {
  return withClient(url, async (c) => {
    const error = await restoreBackup(c, file, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupError);
    return error as BackupError;
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-ops-hostile-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const n of created) await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
});

describe('restore of a file whose checksum is valid but whose header lies', () => {
  let source: string;
  let file: string;
  let target: string;
  let before: string;

  beforeAll(async () => {
    source = await newDatabase(true);
    file = join(dir, 'source.backup.gz');
    await backupOf(source, file);
    target = await newDatabase(true);
    before = await digest(target);
  }, 60_000);

  afterEach(async () => {
    expect(await digest(target)).toBe(before);
  });

  it('a table whose columns differ from the schema is refused, the target untouched', async () => {
    const forged = forge(file, (h) => {
      const region = h.tables.find((t: { name: string }) => t.name === 'region');
      region.columns = [...region.columns].reverse();
      return { header: h };
    });
    const error = await restoreInto(target, forged);
    expect(error.code).toBe('BACKUP_CORRUPT');
    expect(error.message).toContain('region');
  });

  it('a table the schema does not have, or a table listed twice, is refused', async () => {
    const unknown = forge(file, (h) => ({ header: { ...h, tables: [...h.tables, { name: 'payroll', columns: ['id'], rows: 0 }] } }));
    expect((await restoreInto(target, unknown)).code).toBe('BACKUP_CORRUPT');
    const twice = forge(file, (h) => ({ header: { ...h, tables: [...h.tables, h.tables[0]] } }));
    expect((await restoreInto(target, twice)).message).toContain('twice');
  });

  it('a header that leaves a table out (which would keep what the target holds) is refused', async () => {
    // The body keeps every table's rows; the header drops app_user: the rows no longer line up.
    const forged = forge(file, (h, body) => {
      const at = h.tables.findIndex((t: { name: string }) => t.name === 'app_user');
      const sections = body.split('\\.\n');
      sections.splice(at, 1);
      return { header: { ...h, tables: h.tables.filter((_: unknown, i: number) => i !== at) }, body: sections.join('\\.\n') };
    });
    const error = await restoreInto(target, forged, { force: true });
    expect(error.code).toBe('BACKUP_CORRUPT');
    expect(error.message).toContain('app_user');
  });

  it('row counts that lie, low or high or not a number, are refused', async () => {
    for (const lie of [(n: number) => n - 1, (n: number) => n + 1, () => -1, () => 'many']) {
      const forged = forge(file, (h) => ({
        header: { ...h, tables: h.tables.map((t: { name: string; rows: number }) => (t.name === 'region' ? { ...t, rows: lie(t.rows) } : t)) },
      }));
      const error = await restoreInto(target, forged);
      expect(error.code).toBe('BACKUP_CORRUPT');
      expect(error.message).toContain('region');
    }
  });

  it('a schema version other than the target\'s is refused before anything is loaded', async () => {
    const older = forge(file, (h) => ({ header: { ...h, schemaVersion: 'HonourRevocationDate1795380000001' } }));
    expect((await restoreInto(target, older)).code).toBe('TARGET_NEWER_SCHEMA');
  });
});

describe('npm run restore against targets that are not ours, and a backup from an older schema', () => {
  it('refuses a database holding another application\'s tables, without migrating it', async () => {
    const source = await newDatabase(true);
    const file = join(dir, 'for-foreign.backup.gz');
    await backupOf(source, file);
    const foreign = await newDatabase(false);
    await withClient(foreign, (c) => c.query("CREATE TABLE invoice (id serial PRIMARY KEY, total numeric); INSERT INTO invoice (total) VALUES (12.50)"));
    const before = await digest(foreign);
    const result = await runScript(['restore', file], foreign);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TARGET_NOT_EMPTY');
    expect(result.stderr).toContain('invoice');
    expect(result.stderr).toContain('不属于本系统');
    expect(await digest(foreign)).toBe(before);
    expect(await withClient(foreign, (c) => schemaVersion(c))).toBeNull();
  }, 90_000);

  it('restores a backup taken at an older schema into an empty database at that schema; the server\'s migrations bring it up to date', async () => {
    const older = await newDatabase(false);
    const previous = MIGRATIONS.slice(0, -1);
    const latest = (MIGRATIONS[MIGRATIONS.length - 1] as unknown as { name: string }).name;
    const ds = new DataSource({ ...buildDataSourceOptions({ url: older, poolSize: 1, applicationName: 'ops-hostile' }), migrations: previous });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    const olderVersion = await withClient(older, (c) => schemaVersion(c));
    expect(olderVersion).not.toBe(latest);
    const file = join(dir, 'older.backup.gz');
    await backupOf(older, file);

    const target = await newDatabase(false);
    const result = await runScript(['restore', file], target);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    expect(await withClient(target, (c) => schemaVersion(c))).toBe(olderVersion);
    expect(await digest(target)).toBe(await digest(older));
    await runMigrations(target);
    expect(await withClient(target, (c) => schemaVersion(c))).toBe(latest);
  }, 120_000);
});

describe('backup paths that cannot be written', () => {
  let source: string;
  beforeAll(async () => {
    source = await newDatabase(true);
  });

  it('a directory, or a file in a directory that does not exist: FILE_UNWRITABLE, nothing left behind', async () => {
    const asDir = join(dir, 'is-a-directory');
    mkdirSync(asDir);
    for (const file of [asDir, join(dir, 'no', 'such', 'dir', 'crm.backup.gz')]) {
      const error = await withClient(source, (c) => writeBackup(c, file).then(() => null, (e: unknown) => e));
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).code).toBe('FILE_UNWRITABLE');
      expect((error as BackupError).messageZh).toContain('无法写入备份文件');
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(readdirSync(asDir)).toEqual([]);
    // The session is not left inside the backup's transaction.
    expect(await withClient(source, async (c) => (await c.query('SELECT 1 AS ok')).rows[0].ok)).toBe(1);
  });
});

describe('a signal during a restore (SIGTERM from a supervisor)', () => {
  it('rolls everything back: the target is as it was, its audit triggers and keys still on', async () => {
    const source = await newDatabase(true);
    const file = join(dir, 'for-signal.backup.gz');
    await backupOf(source, file);
    const target = await newDatabase(true);
    const before = await digest(target);
    const controller = new AbortController();
    // Another session holds a table, so the restore is caught inside its transaction.
    await withClient(target, async (blocker) => {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE region IN ACCESS SHARE MODE');
      const pending = restoreInto(target, file, { signal: controller.signal });
      for (let i = 0; i < 200; i++) {
        const { rows } = await blocker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'region'::regclass");
        if (rows[0].n) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      controller.abort();
      const error = await pending;
      await blocker.query('ROLLBACK');
      expect(error.code).toBe('INTERRUPTED');
    });
    expect(await digest(target)).toBe(before);
    await withClient(target, async (c) => {
      await expect(c.query('TRUNCATE audit_event')).rejects.toThrow();
      const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal AND tgenabled = 'D'");
      expect(rows[0].n).toBe(0);
    });
  }, 60_000);
});

describe('uploads refused mid-stream leave nothing stored', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_MB: '1' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () => (await t.dataSource.query("SELECT (SELECT count(*) FROM stored_file)::int AS files, (SELECT count(*) FROM stored_file_chunk)::int AS chunks, (SELECT count(*) FROM member_import)::int AS imports")) as unknown[];

  it('an HTTP upload over IMPORT_MAX_MB: 413 BAD_USER_INPUT on field file, no stored_file, chunk or import row', async () => {
    const session = await signedInUser(t, { role: Role.Admin });
    const before = await counts();
    const res = await t
      .http()
      .post('/member-imports')
      .set('authorization', `Bearer ${session.accessToken}`)
      .attach('file', writeBytesFile('too-big.csv', Buffer.alloc(3 * 1024 * 1024, 0x41)));
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await counts()).toEqual(before);
  });

  it('a CLI import file over IMPORT_MAX_MB is refused by the store with FILE_TOO_LARGE while streaming: no rows left', async () => {
    const before = await counts();
    const path = writeBytesFile('too-big-cli.csv', Buffer.alloc(1024 * 1024 + 300 * 1024, 0x42));
    const error = await t.app.get(ImportFiles).adopt(path, { fileName: 'too-big-cli.csv' }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'STORAGE_FILE_TOO_LARGE', field: 'file' } });
    expect(await counts()).toEqual(before);
  });

  it('two workers given the same import validate it once: one set of staged rows, the file still stored for the commit', async () => {
    const session = await signedInUser(t, { role: Role.Admin });
    const file = writeCsvFile('twice.csv', [
      ['姓名', '手机号码'],
      ['双工甲', nextMobile()],
      ['双工乙', nextMobile()],
    ]);
    const upload = await t.http().post('/member-imports').set('authorization', `Bearer ${session.accessToken}`).attach('file', file);
    expect(upload.status).toBe(201);
    const id = upload.body.data.memberImport.id as string;
    const imports = t.app.get(MemberImportService);
    await Promise.all([imports.runValidation(id), imports.runValidation(id)]);
    const [job] = (await t.dataSource.query('SELECT status, total_rows AS "totalRows", stored_file AS "storedFile" FROM member_import WHERE id = $1', [id])) as {
      status: string;
      totalRows: number;
      storedFile: string;
    }[];
    expect(job).toMatchObject({ status: 'VALIDATED', totalRows: 2 });
    const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM member_import_row WHERE import_id = $1', [id])) as { n: number }[];
    expect(n).toBe(2);
    const [{ files }] = (await t.dataSource.query('SELECT count(*)::int AS files FROM stored_file WHERE id::text = $1', [job.storedFile])) as { files: number }[];
    expect(files).toBe(1);
  }, 60_000);
});
