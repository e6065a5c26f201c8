import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { cloneTemplate, nextIdNumber, nextMobile, withServerClient, writeCsvFile } from '@crm/testing';
import { startServer, waitForLine } from './support/server-process';

const ADMIN = { ADMIN_EMAIL: 'root@uploads.crm', ADMIN_PASSWORD: 'Root-password-2026' };

describe('an upload received by one process and worked by another (separate data directories)', () => {
  it('the API process (JOB_WORKERS=false) stores the upload in PostgreSQL; the worker validates and commits it; the file is removed at the end', async () => {
    const databaseName = `t_${randomBytes(8).toString('hex')}`;
    const databaseUrl = await cloneTemplate(databaseName);
    const dirs = [await mkdtemp(join(tmpdir(), 'crm-api-')), await mkdtemp(join(tmpdir(), 'crm-worker-'))];
    for (const d of dirs) await chmod(d, 0o755);
    const common = { DATABASE_URL: databaseUrl, SEED: 'false', ...ADMIN, JWT_SECRET: 'uploads-secret-that-is-long-enough-0123456789', SHUTDOWN_GRACE_MS: '0', LOG_LEVEL: 'warn', JOB_POLL_SECONDS: '1' };
    const api = startServer({ ...common, DATA_DIR: dirs[0], JOB_WORKERS: 'false' });
    const worker = startServer({ ...common, DATA_DIR: dirs[1], JOB_WORKERS: 'true' });
    const db = new Client({ connectionString: databaseUrl });
    try {
      // Generous: two processes compiling and starting at once on a shared 2-core machine.
      const [[, base]] = await Promise.all(
        [api, worker].map(({ child, output }) =>
          waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/, 150_000).catch((e: Error) =>
            Promise.reject(new Error(`${e.message}\n${output.join('').slice(-2000)}`)),
          ),
        ),
      );
      await db.connect();
      const login = await request(base)
        .post('/graphql')
        .send({ query: `mutation { login(email: "${ADMIN.ADMIN_EMAIL}", password: "${ADMIN.ADMIN_PASSWORD}") { accessToken } }` });
      const token = login.body.data.login.accessToken as string;
      const gql = async (query: string, variables: Record<string, unknown> = {}) => {
        const res = await request(base).post('/graphql').set('authorization', `Bearer ${token}`).send({ query, variables });
        expect(res.body.errors).toBeUndefined();
        return res.body.data as Record<string, any>;
      };
      const waitFor = async (id: string, status: string) => {
        for (let i = 0; i < 480; i++) {
          const { memberImport } = await gql('query($id: ID!) { memberImport(id: $id) { status version } }', { id });
          if (memberImport.status === status) return memberImport as { status: string; version: number };
          await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error(`import ${id} never reached ${status}`);
      };

      const file = writeCsvFile('replicas.csv', [
        ['姓名', '身份证号', '手机号码', '籍贯'],
        ['副本甲', nextIdNumber({ regionCode: '330381' }), nextMobile(), ''],
        ['副本乙', '', nextMobile(), '瑞安'],
      ]);
      const upload = await request(base).post('/member-imports').set('authorization', `Bearer ${token}`).attach('file', file);
      expect(upload.status).toBe(201);
      const id = upload.body.data.memberImport.id as string;

      // The file is in PostgreSQL, not on either process's disk.
      const { rows: stored } = await db.query("SELECT f.byte_size::int AS size FROM stored_file f JOIN member_import i ON i.stored_file = f.id::text WHERE i.id = $1 AND f.purpose = 'import-upload'", [id]);
      expect(stored).toHaveLength(1);
      expect(stored[0].size).toBeGreaterThan(50);
      for (const d of dirs) expect(existsSync(join(d, 'imports')) ? readdirSync(join(d, 'imports')) : []).toEqual([]);

      const validated = await waitFor(id, 'VALIDATED');
      await gql('mutation($input: CommitMemberImportInput!) { commitMemberImport(input: $input) { status } }', { input: { id, mode: 'SKIP', version: validated.version } });
      await waitFor(id, 'COMMITTED');

      const { rows: members } = await db.query("SELECT name FROM member WHERE name LIKE '副本%' ORDER BY name");
      expect(members.map((m) => m.name)).toEqual(['副本乙', '副本甲']);
      const { rows: left } = await db.query("SELECT count(*)::int AS n FROM stored_file WHERE purpose = 'import-upload'");
      expect(left[0].n).toBe(0);
      const { rows: job } = await db.query('SELECT stored_file FROM member_import WHERE id = $1', [id]);
      expect(job[0].stored_file).toBeNull();
      // The API process never worked a job: the worker did.
      expect(api.output.join('')).not.toMatch(/Import.*failed/i);
    } finally {
      await db.end().catch(() => undefined);
      for (const p of [api, worker]) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      for (const d of dirs) await rm(d, { recursive: true, force: true });
      await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    }
  }, 240_000);
});
