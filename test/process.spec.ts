import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '@crm/auth';
import { prepareDatabase } from '@crm/api';
import { cloneTemplate, createTestApp, errorCode, expectData, signedInUser, TestApp, withServerClient } from '@crm/testing';
import { startServer, waitForLine } from './support/server-process';

describe('a real PostgreSQL restart under the running app', () => {
  let pg: ChildProcessWithoutNullStreams;
  let t: TestApp;

  beforeAll(async () => {
    pg = spawn(process.execPath, [join(__dirname, 'support', 'pg-server.mjs')], { stdio: 'pipe' });
    const [, url] = await waitForLine(pg, /^ready (\S+)$/);
    await prepareDatabase(url);
    t = await createTestApp({}, { databaseUrl: url });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    pg.stdin.write('exit\n');
    await new Promise((r) => pg.once('exit', r));
  });

  it('fails requests cleanly while the server is down and serves again after it restarts', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    const me = '{ me { email } }';
    expectData(await t.gql(me, {}, admin.accessToken));

    pg.stdin.write('stop\n');
    await waitForLine(pg, /^stopped$/);
    const down = await t.gql(me, {}, admin.accessToken);
    expect(errorCode(down)).toBe('SERVICE_UNAVAILABLE');
    expect((await t.http().get('/health/ready')).status).toBe(503);
    expect((await t.http().get('/health')).status).toBe(200);

    pg.stdin.write('start\n');
    await waitForLine(pg, /^started$/);
    const back = expectData(await t.gql<{ me: { email: string } }>(me, {}, admin.accessToken));
    expect(back.me.email).toBe(admin.user.email);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  }, 60_000);
});

describe('the server process', () => {
  it('shuts down gracefully on SIGTERM: readiness fails first, in-flight requests finish, the pool closes', async () => {
    const databaseName = `t_${randomBytes(8).toString('hex')}`;
    const databaseUrl = await cloneTemplate(databaseName);
    const { child, output } = startServer({
      DATABASE_URL: databaseUrl,
      SEED: 'false',
      ADMIN_EMAIL: 'root@test.crm',
      ADMIN_PASSWORD: 'Root-password-2026',
      SHUTDOWN_GRACE_MS: '1500',
    });
    try {
      const [, base] = await waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/);
      const login = await request(base)
        .post('/graphql')
        .set('x-request-id', 'login-request-0001')
        .send({ query: 'mutation { login(email: "root@test.crm", password: "Root-password-2026") { accessToken } }' });
      expect(login.body.data.login.accessToken).toEqual(expect.any(String));

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      // Within the grace period: still serving, but no longer ready for new traffic.
      const ready = await request(base).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('shutting-down');
      const inFlight = await request(base).get('/health');
      expect(inFlight.status).toBe(200);

      expect(await exited).toBe(0);
      const { rows } = await withServerClient((c) =>
        c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'diaspora-crm%'", [databaseName]),
      );
      expect(rows[0].n).toBe(0);

      // Logs are JSON lines, and request logs carry the request id.
      const logLines = output.join('').split('\n').filter((l) => l.startsWith('{'));
      expect(logLines.length).toBeGreaterThan(3);
      const parsed = logLines.map((l) => JSON.parse(l) as Record<string, any>);
      // The GraphQL lane's request line (docs/operations.md, "The request log").
      expect(parsed.some((l) => l.reqId === 'login-request-0001' && l.msg === 'request completed' && l.statusCode === 200)).toBe(true);
      expect(parsed.some((l) => l.msg === 'Stopped')).toBe(true);
      expect(output.join('')).not.toContain('Root-password-2026');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    }
  }, 90_000);

  it('with no DATABASE_URL, runs its own embedded PostgreSQL, seeds it once, keeps sessions over a restart, and stops it on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crm-embedded-'));
    await chmod(dataDir, 0o755);
    const port = String(20000 + (process.pid % 20000));
    // No JWT_SECRET: development keeps its own under DATA_DIR.
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: port, SHUTDOWN_GRACE_MS: '200', DATABASE_URL: '', JWT_SECRET: '' };
    let firstToken = '';
    try {
      for (const run of [1, 2]) {
        const { child, output } = startServer(env);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const [, base] = await waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/, 90_000);
        if (run === 2) {
          // A token from before the restart still works: the development secret was kept.
          const me = await request(base).post('/graphql').set('authorization', `Bearer ${firstToken}`).send({ query: '{ me { email } }' });
          expect(me.body).toEqual({ data: { me: { email: 'viewer@demo.crm' } } });
        }
        const login = await request(base)
          .post('/graphql')
          .send({ query: 'mutation { login(email: "viewer@demo.crm", password: "Wenzhou-demo-2026") { expiresIn accessToken } }' });
        expect(login.body.data.login.expiresIn).toBe(900);
        firstToken ||= login.body.data.login.accessToken as string;
        if (process.platform !== 'win32') expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        const logs = output.join('');
        expect(logs).toContain('"msg":"Stopped"');
        // The first start seeds; the second finds the data and changes nothing.
        expect(logs.includes('Seeded 5 demo accounts')).toBe(run === 1);
        expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
