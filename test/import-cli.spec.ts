import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '@crm/auth';
import { createTestApp, createUser, nextIdNumber, nextMobile, TestApp, writeCsvFile } from '@crm/testing';
import { freePort, ROOT, startServer, waitForLine } from './support/server-process';

/** Runs `npm run import -- …` as a user would (the script itself, with the same loader flags). */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import -- FILE', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let email: string;

  beforeAll(async () => {
    t = await createTestApp();
    email = (await createUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).user.email;
    env = { DATABASE_URL: t.databaseUrl, JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123', LOG_LEVEL: 'silent', IMPORT_DIR: t.config.IMPORT_DIR as string };
  });
  afterAll(() => t.close());

  it('validates and commits a file with a progress bar, as the account given, and reports bad files', async () => {
    const file = writeCsvFile('cli.csv', [
      ['姓名', '身份证号', '手机号码', '籍贯'],
      ['命令甲', nextIdNumber({ regionCode: '330381' }), nextMobile(), ''],
      ['命令乙', '', nextMobile(), '瑞安'],
    ]);
    const ok = await runCli([file, '--mode', 'update', '--as', email], env);
    expect(ok.stderr).not.toMatch(/Error/);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/committing .*2\/2 rows/); // cli-progress draws on stderr
    expect(ok.stdout).toMatch(/Done in .* 2 created/);
    const rows = (await t.dataSource.query(`SELECT m.hometown_code, u.email FROM member m JOIN app_user u ON u.id = m.registered_by WHERE m.name LIKE '命令%'`)) as { hometown_code: string; email: string }[];
    expect(rows).toEqual([
      { hometown_code: '330381', email },
      { hometown_code: '330381', email },
    ]);

    const bad = writeCsvFile('cli-bad.csv', [['姓名', '手机号码'], ['命令丙', '12345']]);
    const refused = await runCli([bad, '--as', email], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Nothing imported: 1 rows have errors\. Report: .*cli-bad\.csv\.errors\.csv/);

    const usage = await runCli(['--mode', 'sometimes', file], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--mode must be skip, update or fill-empty/);
  }, 120_000);
});

describe('npm run import -- FILE beside a running `npm start` (no DATABASE_URL)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crm-import-beside-'));
    // As root, the embedded server runs as the `postgres` user, which must reach the directory.
    await chmod(dataDir, 0o755);
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("imports into the running server's embedded PostgreSQL instead of starting a second one", async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', JWT_SECRET: '', SHUTDOWN_GRACE_MS: '0' };
    const { child, output } = startServer({ ...env, LOG_LEVEL: 'warn' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const [, base] = await waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/, 90_000);
      // A demo chamber without listed leadership: the position needs the running term the demo gives it.
      const file = writeCsvFile('cli-beside.csv', [
        ['姓名', '手机号码', '籍贯', '所属商会', '商会职务'],
        ['并行甲', nextMobile(), '瑞安', '北京温州企业商会', '理事'],
      ]);
      const run = await runCli([file, '--as', 'admin@demo.crm'], { ...env, LOG_LEVEL: 'silent' });
      expect(run.stderr).not.toMatch(/Error|无法/);
      expect(run.stdout).toMatch(/Using the database of the running server \(embedded PostgreSQL, pid \d+, port \d+\)/);
      expect(run.stdout).toMatch(/Done in .* 1 created/);
      expect(run.code).toBe(0);

      // The running server sees the member at once.
      const login = await request(base).post('/graphql').send({ query: 'mutation { login(email: "admin@demo.crm", password: "Wenzhou-admin-2026") { accessToken } }' });
      const found = await request(base)
        .post('/graphql')
        .set('authorization', `Bearer ${login.body.data.login.accessToken as string}`)
        .send({ query: '{ members(first: 5, filter: { search: "并行甲" }) { edges { node { name positions { position chamber { name } term { number } } } } } }' });
      expect(found.body.data.members.edges).toEqual([{ node: { name: '并行甲', positions: [{ position: 'DIRECTOR', chamber: { name: '北京温州企业商会' }, term: { number: 6 } }] } }]);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(output.join('')).not.toMatch(/"level":50/); // no error logged by the server
  }, 180_000);

  it('with no server running and the port taken by something else, says so in one line (Chinese and English) and exits 2', async () => {
    const squatter: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const file = writeCsvFile('cli-no-db.csv', [['姓名', '手机号码'], ['无库甲', nextMobile()]]);
      const run = await runCli([file], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'silent' });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^无法连接数据库，未导入 \/ Cannot reach the database, nothing imported \(.*port/)]);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 120_000);
});
