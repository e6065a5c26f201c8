import { Role } from '@crm/auth';
import { captureSql, createTestApp, errorCode, expectData, signedInUser, TestApp, withServerClient } from '@crm/testing';

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers while the process lives', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 when the database is reachable', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: 'up' });
  });

  it('tells a browser opening /graphql how to use the API (no GraphiQL: it loads from a CDN)', async () => {
    const res = await t.http().get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('schema.graphql');
    expect(res.text).not.toMatch(/<script/i);
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const mine = await t.http().get('/health').set('x-request-id', 'req-0123456789');
    expect(mine.headers['x-request-id']).toBe('req-0123456789');
    const made = await t.http().get('/health').set('x-request-id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('authenticates once per request, however many root fields it has', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    const query = `{ a: me { id } b: me { id } c: me { id } d: me { id } e: me { id } }`;
    const { statements } = await captureSql(t.dataSource, () => t.gql(query, {}, admin.accessToken));
    expect(statements.filter((s) => /FROM app_user WHERE id = \$1/.test(s))).toHaveLength(1); // the JWT strategy's lookup
    expect(statements).toHaveLength(1 + 5); // and one read per alias
  });

  it('survives losing the database: requests fail cleanly while it is gone and work again after', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    const me = '{ me { email } }';
    expectData(await t.gql(me, {}, admin.accessToken));

    // Take the database away from the app: refuse new connections and kill the pooled ones,
    // as a server restart would.
    await withServerClient(async (c) => {
      await c.query(`ALTER DATABASE ${t.databaseName} WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.databaseName]);
    });
    try {
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not-ready', database: 'down' });

      const down = await t.gql(me, {}, admin.accessToken);
      expect(errorCode(down)).toBe('SERVICE_UNAVAILABLE');
      expect(down.body.errors?.[0].message).toMatch(/temporarily unavailable/);
      expect(JSON.stringify(down.body)).not.toMatch(/\s+at |ECONN|pg_|FATAL/);
    } finally {
      await withServerClient((c) => c.query(`ALTER DATABASE ${t.databaseName} WITH ALLOW_CONNECTIONS true`));
    }

    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    const back = expectData(await t.gql<{ me: { email: string } }>(me, {}, admin.accessToken));
    expect(back.me.email).toBe(admin.user.email);
  });
});
