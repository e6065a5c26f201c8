import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { withServerClient } from '@crm/testing';
import { startServer, waitForLine } from './support/server-process';

describe('replicas started together on an empty database', () => {
  it('all three come up: one prepares (migrations, regions, administrator, demo data, queues), the others wait and go on', async () => {
    const databaseName = `t_${randomBytes(8).toString('hex')}`;
    await withServerClient((c) => c.query(`CREATE DATABASE ${databaseName}`));
    const databaseUrl = `${process.env.CRM_TEST_PG_BASE_URL}/${databaseName}`;
    // The README's defaults: demo data on (development), the development administrator, workers on.
    const servers = [1, 2, 3].map(() => startServer({ DATABASE_URL: databaseUrl, SHUTDOWN_GRACE_MS: '0', JWT_SECRET: 'replica-secret-that-is-long-enough-0123456789' }));
    try {
      // Generous: three processes compiling and starting at once on a shared 2-core machine.
      const bases = await Promise.all(
        servers.map(({ child, output }) =>
          waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/, 170_000).then(
            (m) => m[1],
            (e: Error) => Promise.reject(new Error(`${e.message}\n${output.join('').slice(-2000)}`)),
          ),
        ),
      );

      const logs = servers.map(({ output }) => output.join(''));
      expect(logs.filter((l) => l.includes('Seeded 5 demo accounts'))).toHaveLength(1);
      expect(logs.filter((l) => l.includes('Applied migrations:'))).toHaveLength(1);
      expect(logs.filter((l) => l.includes('Another process is preparing the database; waiting for it')).length).toBeGreaterThanOrEqual(1);

      // Every replica serves, with one set of demo data.
      for (const base of bases) {
        const login = await request(base).post('/graphql').send({ query: 'mutation { login(email: "viewer@demo.crm", password: "Wenzhou-demo-2026") { accessToken } }' });
        expect(login.body.data.login.accessToken).toEqual(expect.any(String));
        expect((await request(base).get('/health/ready')).status).toBe(200);
      }
      const counts = await withServerClient(async () => {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          const { rows } = await client.query<{ name: string; n: number }>(
            "SELECT name, count(*)::int AS n FROM chamber GROUP BY name HAVING count(*) > 1 UNION ALL SELECT 'admins', count(*)::int FROM app_user WHERE role = 'ADMIN'",
          );
          return rows;
        } finally {
          await client.end();
        }
      });
      expect(counts).toEqual([{ name: 'admins', n: 1 }]);

      const exits = servers.map(({ child }) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))));
      for (const { child } of servers) child.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    } finally {
      for (const { child } of servers) if (child.exitCode === null) child.kill('SIGKILL');
      await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    }
  }, 240_000);
});
