/**
 * What the benchmarks share: a database (embedded in a temporary directory, or DATABASE_URL),
 * the application started as in production on 127.0.0.1, a signed-in administrator, the load
 * generator in a worker thread, and the statistics.
 */
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { createApp, prepareDatabase } from '@crm/api';
import { EmbeddedPostgresHandle, freePort, startEmbeddedPostgres } from '@crm/database';

export { freePort };
import { loadConfig } from '@crm/shared';
import { PasswordService } from '@crm/user';

export const log = (message: string) => process.stdout.write(`${message}\n`);


export interface BenchEnvironment {
  url: string;
  app: INestApplication;
  dataSource: DataSource;
  endpoint: string;
  /** An administrator's access token (valid one hour). */
  token: string;
  /** POSTs a GraphQL operation; throws on any error in the answer. */
  post(query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>>;
  close(): Promise<void>;
}

export interface BenchDatabase {
  /** DATABASE_URL, or the embedded server's. */
  url: string;
  /** Stops the embedded server and removes its directory (nothing for DATABASE_URL). */
  close(): Promise<void>;
}

/**
 * DATABASE_URL, or an embedded PostgreSQL in a temporary directory (removed by close), with
 * migrations and regions applied as the server applies them at start-up.
 */
export async function startBenchDatabase(name: string): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let dataDir: string | undefined;
  const close = async () => {
    await embedded?.stop().catch(() => undefined);
    embedded = undefined;
    if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    dataDir = undefined;
  };
  try {
    let url = process.env.DATABASE_URL;
    if (!url) {
      dataDir = await mkdtemp(join(tmpdir(), `crm-bench-${name}-`));
      // As root, embedded PostgreSQL runs as the `postgres` user, which must reach the directory.
      await chmod(dataDir, 0o755);
      const port = await freePort();
      embedded = await startEmbeddedPostgres({ dataDir, port, database: `crm_bench_${name}`, log });
      url = embedded.url;
      log(`Embedded PostgreSQL on 127.0.0.1:${port} (${dataDir})`);
    }
    const prepared = await prepareDatabase(url);
    log(`Database ready: ${prepared.migrations.length} migrations applied, ${prepared.regionCount} regions`);
    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export const BENCH_ADMIN_EMAIL = 'bench-admin@bench.crm';

/**
 * The benchmark's own administrator, made or reset with a fresh password (a reused database may
 * already have administrators: the benchmark keeps its own account). Its earlier tokens stop
 * working (token_version is raised).
 */
export async function ensureBenchAdmin(dataSource: DataSource): Promise<{ email: string; password: string }> {
  const email = BENCH_ADMIN_EMAIL;
  const password = `Bench-${randomBytes(9).toString('base64url')}-1`;
  const passwordHash = await new PasswordService().hash(password);
  await dataSource.query(
    `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, 'benchmark', 'ADMIN', $2)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'ADMIN', active = true, token_version = app_user.token_version + 1`,
    [email, passwordHash],
  );
  return { email, password };
}

/**
 * Starts the database (startBenchDatabase), runs `fill` on it, then starts the app in this
 * process and signs in an administrator. SIGINT/SIGTERM clean up too.
 */
export async function startBench(name: string, fill: (dataSource: DataSource) => Promise<void>): Promise<BenchEnvironment> {
  let database: BenchDatabase | undefined;
  let app: INestApplication | undefined;
  const cleanup = async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
    await database?.close();
    database = undefined;
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const close = async () => {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  try {
    database = await startBenchDatabase(name);
    const { url } = database;

    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      LOG_LEVEL: 'warn',
      SEED: 'false',
      SHUTDOWN_GRACE_MS: '0',
      // Settings a run may vary (e.g. IMPORT_COMMIT_CONNECTIONS=1 npm run bench:import).
      ...(process.env.IMPORT_COMMIT_CONNECTIONS ? { IMPORT_COMMIT_CONNECTIONS: process.env.IMPORT_COMMIT_CONNECTIONS } : {}),
    });
    app = await createApp(config, url);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await fill(dataSource);

    await app.listen(port, '127.0.0.1');
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    const { email, password } = await ensureBenchAdmin(dataSource);
    const post = (query: string, variables: Record<string, unknown>, token?: string) => postGraphQL(endpoint, query, variables, token);
    const login = await post(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`, { email, password });
    return { url, app, dataSource, endpoint, token: login.login.accessToken as string, post, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** POSTs a GraphQL operation; throws on any error in the answer. */
export async function postGraphQL(endpoint: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (!res.ok || body.errors?.length || !body.data) throw new Error(`GraphQL call failed (${res.status}): ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

export interface WorkerJob {
  endpoint: string;
  token: string;
  query: string;
  /** Each request takes the next variable set, round robin (one set: the same request each time). */
  variables: Record<string, unknown>[];
  warmup: number;
  n: number;
  clients: number;
  perClient: number;
}

export interface WorkerResult {
  sequential: number[];
  sequentialElapsed: number;
  concurrent: number[];
  concurrentElapsed: number;
}

/**
 * The load generator runs in a worker thread: its own event loop and heap, as a real client
 * would have, so parsing big answers does not stall the server's loop. Each request is timed
 * from sending it to its parsed answer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
let next = 0;
async function once() {
  const variables = job.variables[next++ % job.variables.length];
  const res = await fetch(job.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + job.token },
    body: JSON.stringify({ query: job.query, variables }),
  });
  const body = await res.json();
  if (!res.ok || (body.errors && body.errors.length) || !body.data) throw new Error('GraphQL call failed (' + res.status + '): ' + JSON.stringify(body.errors || body));
}
(async () => {
  for (let i = 0; i < job.warmup; i += 1) await once();
  const sequential = [];
  let t = performance.now();
  for (let i = 0; i < job.n; i += 1) {
    const s = performance.now();
    await once();
    sequential.push(performance.now() - s);
  }
  const sequentialElapsed = performance.now() - t;
  const concurrent = [];
  t = performance.now();
  await Promise.all(Array.from({ length: job.clients }, async () => {
    for (let i = 0; i < job.perClient; i += 1) {
      const s = performance.now();
      await once();
      concurrent.push(performance.now() - s);
    }
  }));
  parentPort.postMessage({ sequential, sequentialElapsed, concurrent, concurrentElapsed: performance.now() - t });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

export function measureInWorker(job: WorkerJob): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job });
    worker.once('message', (m: WorkerResult & { error?: string }) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}

export interface Stats {
  n: number;
  median: number;
  p95: number;
  p99: number;
  rps: number;
}

export function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function stats(durations: number[], elapsed: number): Stats {
  const sorted = [...durations].sort((a, b) => a - b);
  return { n: durations.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), rps: durations.length / (elapsed / 1000) };
}

export async function machineLine(dataSource: DataSource): Promise<string> {
  const [{ server_version: pgVersion }] = (await dataSource.query('SHOW server_version')) as { server_version: string }[];
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}; PostgreSQL ${pgVersion}`;
}
