import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '@crm/api';
import { AppConfig, loadConfig } from '@crm/shared';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  };
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** The URL of this test file's own database. */
  databaseUrl: string;
  databaseName: string;
  /** POSTs a GraphQL operation to /graphql over HTTP, with a bearer token when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

function serverBaseUrl(): string {
  const base = process.env.CRM_TEST_PG_BASE_URL;
  if (!base) throw new Error('CRM_TEST_PG_BASE_URL is not set: run the tests through jest (test/global-setup.mjs)');
  return base;
}

/** Runs SQL as the server's superuser on the maintenance database (create/drop databases). */
export async function withServerClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverBaseUrl()}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a database from the migrated template on the shared test server; returns its URL. */
export async function cloneTemplate(databaseName: string): Promise<string> {
  const template = process.env.CRM_TEST_TEMPLATE_DB ?? 'crm_template';
  await withServerClient((c) => c.query(`CREATE DATABASE ${databaseName} TEMPLATE ${template}`));
  return `${serverBaseUrl()}/${databaseName}`;
}

/**
 * Starts the real application on a fresh database cloned from the migrated template, the way
 * `npm start` wires it, minus the demo seed. One per test file (beforeAll/afterAll). With
 * `databaseUrl`, uses that (already migrated) database instead and leaves it in place.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  const own = !options.databaseUrl;
  const databaseName = own ? `t_${randomBytes(8).toString('hex')}` : new URL(options.databaseUrl as string).pathname.slice(1);
  if (own) await cloneTemplate(databaseName);
  const databaseUrl = options.databaseUrl ?? `${serverBaseUrl()}/${databaseName}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    SEED: 'false',
    SHUTDOWN_GRACE_MS: '0',
    DB_POOL_SIZE: '5',
    // Test files that queue jobs turn workers on; the others never start the queue.
    JOB_WORKERS: 'false',
    JOB_POLL_SECONDS: '1',
    // Tests call the sweep themselves; a timer firing mid-test would race them.
    IMPORT_SWEEP_SECONDS: '0',
    IMPORT_DIR: join(tmpdir(), `crm-test-imports-${databaseName}`),
    ...env,
  });
  const app = await createApp(config, databaseUrl);
  const server = app.getHttpServer();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  let closed = false;
  return {
    app,
    config,
    dataSource,
    databaseUrl,
    databaseName,
    async gql(query, variables, token) {
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return { status: res.status, body: res.body as GqlResponse['body'] } as GqlResponse<any>;
    },
    http: () => request(server),
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (own) await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    },
  };
}
