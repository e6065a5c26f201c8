import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { DemoSeedService } from '@crm/demo';
import { BackupError, restoreBackup } from '@crm/database';
import { cloneTemplate, createTestApp, expectData, TestApp, withServerClient } from '@crm/testing';
import { seedScale } from '../libs/demo/src/scale';
import { ROOT } from './support/server-process';

const ADMIN = { email: 'root@backup.crm', password: 'Root-password-2026' };

function runScript(args: string[], databaseUrl: string): { child: ChildProcessWithoutNullStreams; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/backup.ts', ...args], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, TS_NODE_TRANSPILE_ONLY: 'true', JWT_SECRET: 'backup-test-secret-long-enough-0123456789' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const run = (args: string[], url: string) => runScript(args, url).done;

async function withDatabase<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Row count and an md5 of every row (as text, in text order) of each table of the app's schema. */
async function tableDigests(url: string): Promise<Record<string, string>> {
  return withDatabase(url, async (c) => {
    const { rows: tables } = await c.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'typeorm_migrations' ORDER BY relname",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await c.query<{ n: number; md5: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${name}" t`);
      out[name] = `${rows[0].n} ${rows[0].md5}`;
    }
    return out;
  });
}

async function emptyDatabase(): Promise<{ name: string; url: string }> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  await withServerClient((c) => c.query(`CREATE DATABASE ${name}`));
  return { name, url: `${process.env.CRM_TEST_PG_BASE_URL}/${name}` };
}

async function holdsData(url: string): Promise<boolean> {
  return withDatabase(url, async (c) => {
    const { rows } = await c.query<{ exists: boolean }>("SELECT to_regclass('app_user') IS NOT NULL AS exists");
    if (!rows[0].exists) return false;
    const used = await c.query<{ used: boolean }>('SELECT EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM audit_event) OR EXISTS (SELECT 1 FROM member) AS used');
    return used.rows[0].used;
  });
}

async function login(t: TestApp): Promise<string> {
  const res = expectData(await t.gql<{ login: { accessToken: string } }>(`mutation { login(email: "${ADMIN.email}", password: "${ADMIN.password}") { accessToken } }`));
  return res.login.accessToken;
}

describe('npm run backup / npm run restore', () => {
  const created: string[] = [];
  let dir: string;
  let source: TestApp;
  let sourceUrl: string;
  let file: string;
  let target: { name: string; url: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crm-backup-'));
    const name = `t_${randomBytes(8).toString('hex')}`;
    created.push(name);
    sourceUrl = await cloneTemplate(name);
    source = await createTestApp({ SEED: 'true', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, { databaseUrl: sourceUrl });
    await source.app.get(DemoSeedService).bootstrap();
    await seedScale(source.dataSource, { members: 5000, seed: 7 });
    file = join(dir, 'crm.backup.gz');
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    await rm(dir, { recursive: true, force: true });
    for (const n of created) await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
  });

  it('backs up the demo data and 5,000 members and restores them into a new database: same rows in every table, search and login work, the audit stays append-only', async () => {
    // (Independent runs go side by side: each spawn mostly waits on a loaded machine.)
    const [usage, made] = await Promise.all([run([file], sourceUrl), run(['backup', file], sourceUrl)]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run backup -- FILE');
    expect(made.stderr).toMatch(/Backup \[#+\] 100%/);
    expect(made.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);

    target = await emptyDatabase();
    created.push(target.name);
    const restored = await run(['restore', file], target.url);
    expect(restored.stderr).toMatch(/Restore \[#+\] 100%/);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Restored [\d,]+ rows of \d+ tables/);

    const [before, after] = await Promise.all([tableDigests(sourceUrl), tableDigests(target.url)]);
    expect(Object.keys(after).length).toBeGreaterThan(30);
    expect(after).toEqual(before);
    expect(Number(after.member.split(' ')[0])).toBeGreaterThanOrEqual(5000);

    // The restored database serves: a login and a 2-character search answer as the source does.
    const copy = await createTestApp({}, { databaseUrl: target.url });
    try {
      const term = await withDatabase(sourceUrl, async (c) => (await c.query<{ t: string }>("SELECT left(name, 2) AS t FROM member WHERE source_note IS DISTINCT FROM 'seed:scale' ORDER BY name LIMIT 1")).rows[0].t);
      const search = `{ members(first: 50, filter: { search: "${term}" }) { totalCount edges { node { id name } } } }`;
      const fromSource = expectData(await source.gql<{ members: { totalCount: number } }>(search, {}, await login(source)));
      const fromCopy = expectData(await copy.gql<{ members: { totalCount: number } }>(search, {}, await login(copy)));
      expect(fromSource.members.totalCount).toBeGreaterThan(0);
      expect(fromCopy).toEqual(fromSource);

      // The audit table's triggers are back on: no update, delete or truncate.
      await withDatabase(target.url, async (c) => {
        await expect(c.query('UPDATE audit_event SET operation = operation')).rejects.toThrow();
        await expect(c.query('DELETE FROM audit_event')).rejects.toThrow();
        await expect(c.query('TRUNCATE audit_event')).rejects.toThrow();
        // Foreign keys are back as well.
        await expect(c.query("INSERT INTO chamber_membership (member_id, chamber_id) VALUES (gen_random_uuid(), gen_random_uuid())")).rejects.toThrow();
      });
    } finally {
      await copy.close();
    }

    // A target that holds data is refused, unless --force (which replaces it); an existing backup
    // file is not overwritten unless asked.
    const [again, exists] = await Promise.all([run(['restore', file], target.url), run(['backup', file], sourceUrl)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('TARGET_NOT_EMPTY');
    expect(again.stderr).toContain('目标数据库已有数据');
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('FILE_EXISTS');
    const forced = await run(['restore', file, '--force'], target.url);
    expect(forced.code).toBe(0);
    expect(await tableDigests(target.url)).toEqual(before);
    await withDatabase(target.url, async (c) => {
      await expect(c.query('TRUNCATE audit_event')).rejects.toThrow();
    });
  }, 360_000);

  describe('refuses bad files, leaving the target untouched', () => {
    // The refusals are the restore's own (libs/database backup-file), run here in-process against
    // one migrated, empty target whose every table is compared after each attempt; the command's
    // exit code and message are checked on the cases the script itself refuses.
    let bad: { url: string; before: Record<string, string> };
    const attempt = async (bytes: Buffer): Promise<string> => {
      if (!bad) {
        const name = `t_${randomBytes(8).toString('hex')}`;
        created.push(name);
        const url = await cloneTemplate(name);
        bad = { url, before: await tableDigests(url) };
      }
      const path = join(dir, `bad-${randomBytes(4).toString('hex')}.gz`);
      writeFileSync(path, bytes);
      const error = await withDatabase(bad.url, (c) => restoreBackup(c, path).then(() => null, (e: unknown) => e));
      expect(error).toBeInstanceOf(BackupError);
      expect(await tableDigests(bad.url)).toEqual(bad.before);
      const { code, message, messageZh } = error as BackupError;
      expect(messageZh).toMatch(/[\u4e00-\u9fff]/);
      return `${code}: ${message}`;
    };
    const rewrite = (edit: (text: string) => string) => gzipSync(Buffer.from(edit(gunzipSync(readFileSync(file)).toString('utf8'))));

    it('a truncated file', async () => {
      const whole = readFileSync(file);
      expect(await attempt(whole.subarray(0, Math.floor(whole.length * 0.6)))).toContain('BACKUP_TRUNCATED');
      expect(await attempt(whole.subarray(0, 5))).toMatch(/BACKUP_(TRUNCATED|OTHER_APP)/);
    }, 60_000);

    it('a corrupted file: bytes changed in the compressed data, or a row changed under a valid gzip', async () => {
      const whole = Buffer.from(readFileSync(file));
      for (let i = Math.floor(whole.length / 2); i < Math.floor(whole.length / 2) + 64; i++) whole[i] ^= 0x5a;
      expect(await attempt(whole)).toContain('BACKUP_CORRUPT');
      expect(await attempt(rewrite((text) => text.replace('温州', '湖州')))).toMatch(/BACKUP_CORRUPT: .*checksum/);
    }, 60_000);

    it('a file of another application, or not a backup at all', async () => {
      expect(await attempt(Buffer.from('name,phone\n张三,13800000000\n'))).toContain('BACKUP_OTHER_APP');
      expect(await attempt(gzipSync(Buffer.from('OTHER-APP-BACKUP 1\n{}\n')))).toContain('BACKUP_OTHER_APP');
      expect(await attempt(rewrite((text) => text.replace('"app":"diaspora-merchant-crm"', '"app":"another-crm"')))).toContain('BACKUP_OTHER_APP');
    }, 60_000);

    it('npm run restore: a file from a newer schema, or not a backup, exits 1 with the reason in English and Chinese before touching any database', async () => {
      const newer = join(dir, 'newer.backup.gz');
      writeFileSync(newer, rewrite((text) => text.replace(/"schemaVersion":"[^"]+"/, '"schemaVersion":"Future1899999999999"')));
      const notBackup = join(dir, 'members.csv');
      writeFileSync(notBackup, '姓名,手机号码\n张三,13800000000\n');
      // A database that does not exist: the file is refused before any connection.
      const nowhere = `${process.env.CRM_TEST_PG_BASE_URL}/t_does_not_exist_${randomBytes(4).toString('hex')}`;
      const [fromNewer, fromCsv] = await Promise.all([run(['restore', newer], nowhere), run(['restore', notBackup], nowhere)]);
      expect(fromNewer.code).toBe(1);
      expect(fromNewer.stderr).toContain('BACKUP_NEWER_SCHEMA');
      expect(fromNewer.stderr).toContain('请先升级系统');
      expect(fromCsv.code).toBe(1);
      expect(fromCsv.stderr).toContain('BACKUP_OTHER_APP');
      expect(fromCsv.stderr).toContain('不是本系统的备份文件');
    }, 90_000);
  });

  describe('a signal', () => {
    it('during a backup leaves no file, complete or partial, and exits non-zero', async () => {
      const out = join(dir, 'interrupted.backup.gz');
      // Another session holds a table, so the backup is caught mid-way.
      await withDatabase(sourceUrl, async (blocker) => {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE visit IN ACCESS EXCLUSIVE MODE');
        const { child, done } = runScript(['backup', out], sourceUrl);
        for (let i = 0; i < 300 && !existsSync(`${out}.partial`); i++) await new Promise((r) => setTimeout(r, 50));
        expect(existsSync(`${out}.partial`)).toBe(true);
        await new Promise((r) => setTimeout(r, 300));
        child.kill('SIGINT');
        const result = await done;
        await blocker.query('ROLLBACK');
        expect(result.code).toBe(130);
        expect(result.stderr).toContain('INTERRUPTED');
      });
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.partial`)).toBe(false);
    }, 60_000);

    it('(SIGTERM) during a restore leaves the target as it was', async () => {
      // A migrated, empty target (from the template), which another session holds a table of,
      // so the restore is caught inside its transaction.
      const name = `t_${randomBytes(8).toString('hex')}`;
      created.push(name);
      const url = await cloneTemplate(name);
      const before = await tableDigests(url);
      await withDatabase(url, async (blocker) => {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE visit IN ACCESS SHARE MODE');
        const { child, done } = runScript(['restore', file], url);
        let waiting = 0;
        for (let i = 0; i < 600 && !waiting; i++) {
          await new Promise((r) => setTimeout(r, 50));
          // (From another session: a transaction sees pg_stat_activity as at its first read.)
          const { rows } = await withServerClient((c) =>
            c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'diaspora-crm-restore' AND wait_event_type = 'Lock'"),
          );
          waiting = rows[0].n;
        }
        child.kill('SIGTERM');
        const result = await done;
        expect(waiting).toBe(1);
        await blocker.query('ROLLBACK');
        expect(result.code).toBe(130);
        expect(result.stderr).toContain('INTERRUPTED');
      });
      expect(await holdsData(url)).toBe(false);
      expect(await tableDigests(url)).toEqual(before);
      // Its keys and triggers are all still there.
      await withDatabase(url, async (c) => {
        await expect(c.query('TRUNCATE audit_event')).rejects.toThrow();
      });
    }, 60_000);
  });
});
