import PgBoss from 'pg-boss';
import { Role } from '@crm/auth';
import { ShutdownState } from '@crm/api';
import { JOB_SCHEMA } from '@crm/jobs';
import { createTestApp, errorCode, signedInUser, TestApp } from '@crm/testing';
import { metricsAccessFrom, presentsToken } from '../apps/api/src/metrics/metrics-access';
import { OperationNames } from '../apps/api/src/metrics/metric-labels';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    // Read at start-up like every setting; this file's process.env is its own (jest sandbox).
    process.env.METRICS_TOKEN = TOKEN;
    try {
      t = await createTestApp();
    } finally {
      delete process.env.METRICS_TOKEN;
    }
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http().get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${TOKEN}`, TOKEN]) {
      const req = t.http().get('/metrics');
      if (authorization) req.set('authorization', authorization);
      const res = await req;
      expect({ authorization, status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ authorization, status: 401, code: 'UNAUTHENTICATED' });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('counts GraphQL requests per operation, errors per code, and HTTP requests per route', async () => {
    for (let i = 0; i < 2; i++) expect(errorCode(await t.gql('query Me { me { id } }', {}, admin))).toBeUndefined();
    expect(errorCode(await t.gql('query BadId { user(id: "42") { id } }', {}, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('query Me { me { id } }'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql('{ me { id', {}, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(`{ me { ${'id '.repeat(20_000)}} }`, {}, admin))).toBe('BAD_USER_INPUT');
    await t.http().get('/health/ready').expect(200);
    await t.http().get('/no/such/path/123');

    const text = await scrape();
    expect(sample(text, 'crm_graphql_requests_total{operation="Me",type="query"}')).toBe(3);
    expect(sample(text, 'crm_graphql_request_duration_seconds_count{operation="Me",type="query"}')).toBe(3);
    expect(sample(text, 'crm_graphql_requests_total{operation="BadId",type="query"}')).toBe(1);
    expect(sample(text, 'crm_graphql_errors_total{operation="BadId",code="BAD_USER_INPUT"}')).toBe(1);
    expect(sample(text, 'crm_graphql_errors_total{operation="Me",code="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'crm_graphql_requests_total{operation="(invalid)",type="unknown"}')).toBe(1);
    expect(sample(text, 'crm_graphql_errors_total{operation="(invalid)",code="BAD_USER_INPUT"}')).toBe(1);
    // The parse error, and the oversized document refused before Apollo (seen by the HTTP metrics only).
    expect(sample(text, 'crm_http_requests_total{method="POST",route="/graphql",status="400"}')).toBe(2);
    expect(sample(text, 'crm_http_requests_total{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'crm_http_requests_total{method="GET",route="/health/ready",status="200"}')).toBe(1);
    expect(sample(text, 'crm_http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBe(1);
    expect(sample(text, 'crm_http_request_duration_seconds_count{method="GET",route="/health/ready"}')).toBe(1);
    expect(text).not.toContain('/no/such/path');
  });

  it('reports the database pool, readiness and the default process metrics', async () => {
    const text = await scrape();
    const total = sample(text, 'crm_db_pool_connections{state="total"}');
    const idle = sample(text, 'crm_db_pool_connections{state="idle"}');
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(total as number);
    expect(sample(text, 'crm_db_pool_connections{state="waiting"}')).toBe(0);
    expect(sample(text, 'crm_db_pool_connections{state="max"}')).toBe(5);
    expect(sample(text, 'crm_ready')).toBe(1);
    expect(sample(text, 'crm_database_up')).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('reports job counts per queue and state, read through pg-boss', async () => {
    // No job was ever queued in this database: pg-boss has no schema yet, and nothing is reported.
    let text = await scrape();
    expect(sample(text, 'crm_job_queue_up')).toBe(1);
    expect(text).not.toMatch(/^crm_job_queue_jobs\{/m);

    const boss = new PgBoss({ connectionString: t.databaseUrl, schema: JOB_SCHEMA, schedule: false, supervise: false, max: 1 });
    await boss.start();
    try {
      await boss.createQueue('metrics-test', { name: 'metrics-test', retryLimit: 0 });
      await boss.createQueue('metrics-idle', { name: 'metrics-idle' });
      await boss.send('metrics-test', { n: 1 });
      await boss.send('metrics-test', { n: 2 });
      await boss.send('metrics-test', { n: 3 });
      const [job] = await boss.fetch('metrics-test');
      await boss.fail('metrics-test', job.id, { reason: 'test' });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    text = await scrape();
    expect(sample(text, 'crm_job_queue_jobs{queue="metrics-test",state="created"}')).toBe(2);
    expect(sample(text, 'crm_job_queue_jobs{queue="metrics-test",state="failed"}')).toBe(1);
    expect(sample(text, 'crm_job_queue_jobs{queue="metrics-test",state="active"}')).toBe(0);
    expect(sample(text, 'crm_job_queue_jobs{queue="metrics-idle",state="created"}')).toBe(0);
  });

  it('uses the same readiness check as /health/ready', async () => {
    const shutdown = t.app.get(ShutdownState);
    shutdown.shuttingDown = true;
    try {
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'shutting-down', database: 'unknown' });
      const text = await scrape();
      expect(sample(text, 'crm_ready')).toBe(0);
    } finally {
      shutdown.shuttingDown = false;
    }
    expect((await t.http().get('/health/ready')).body).toEqual({ status: 'ready', database: 'up' });
    expect(sample(await scrape(), 'crm_ready')).toBe(1);
  });
});

describe('who may read /metrics', () => {
  it('off in production without METRICS_TOKEN; open in development and test; token required wherever it is set', () => {
    expect(metricsAccessFrom({}, true)).toEqual({ enabled: false, tokenDigest: null });
    expect(metricsAccessFrom({}, false)).toEqual({ enabled: true, tokenDigest: null });
    const withToken = metricsAccessFrom({ METRICS_TOKEN: TOKEN }, true);
    expect(withToken.enabled).toBe(true);
    expect(presentsToken(withToken, `Bearer ${TOKEN}`)).toBe(true);
    expect(presentsToken(withToken, `bearer  ${TOKEN} `)).toBe(true);
    expect(presentsToken(withToken, `Bearer ${TOKEN}x`)).toBe(false);
    expect(presentsToken(withToken, undefined)).toBe(false);
    expect(() => metricsAccessFrom({ METRICS_TOKEN: 'short' }, false)).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  it('answers 404 in the JSON error shape when off', async () => {
    const t = await createTestApp({ NODE_ENV: 'production' });
    try {
      const res = await t.http().get('/metrics');
      expect(res.status).toBe(404);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'METRICS_DISABLED' });
    } finally {
      await t.close();
    }
  });
});

describe('operation name labels', () => {
  it('are bounded: names past the cap share one label', () => {
    const names = new OperationNames(3);
    expect(['A', 'B', 'C'].map((n) => names.label(n, true))).toEqual(['A', 'B', 'C']);
    expect(names.label('D', true)).toBe('(other)');
    expect(names.label('A', true)).toBe('A');
    expect(names.label(null, true)).toBe('(anonymous)');
    expect(names.label('Whatever', false)).toBe('(invalid)');
  });

  it('are added by signed-in callers only: anonymous requests cannot use them up', () => {
    const names = new OperationNames(2);
    expect(names.label('Junk1', true, false)).toBe('(signed out)');
    expect(names.label('Junk2', true, false)).toBe('(signed out)');
    expect(names.label('Dashboard', true, true)).toBe('Dashboard');
    // A name a signed-in client uses keeps its label when a signed-out caller sends it too.
    expect(names.label('Dashboard', true, false)).toBe('Dashboard');
  });
});
