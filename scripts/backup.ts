/**
 * Backup and restore of the application's data, without pg_dump (the embedded PostgreSQL ships
 * none, and older client tools refuse a newer server):
 *
 *   npm run backup -- FILE [--overwrite]
 *   npm run restore -- FILE [--force]
 *
 * Both work on DATABASE_URL, or with it unset on the embedded database in DATA_DIR (.data/): a
 * backup uses the one a running server holds (the application may keep working: the backup reads
 * one consistent snapshot), else starts it for the time of the backup; a restore refuses while a
 * server runs on DATA_DIR, and starts it itself.
 *
 * A backup is every table of the app's schema, copied out with COPY under one REPEATABLE READ
 * snapshot, into a gzip file with a header (app, schema version, tables, row counts) and a
 * SHA-256 checksum (format: libs/database/src/backup/backup-file.ts). It is written as
 * FILE.partial and renamed once complete, so an interrupted backup leaves no file that looks
 * whole. A restore migrates the target to the backup's schema version (refusing a backup from a
 * newer version of the application), refuses a target that holds data unless --force, and loads
 * everything in one transaction: a corrupt or truncated file, or a signal, leaves the target as
 * it was. Progress goes to stderr; exit codes: 0 done, 1 refused or failed, 2 usage, 130 signal.
 */
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  BackupError,
  buildDataSourceOptions,
  EmbeddedPostgresHandle,
  findRunningEmbeddedPostgres,
  holdsData,
  MIGRATIONS,
  readBackupHeader,
  restoreBackup,
  schemaVersion,
  startEmbeddedPostgres,
  withStartupLock,
  writableProgress,
  writeBackup,
} from '../libs/database/src';
import { loadConfig } from '../libs/shared/src';

const USAGE = 'Usage: npm run backup -- FILE [--overwrite]\n       npm run restore -- FILE [--force]';

class UsageError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function migrationName(m: unknown): string {
  const ctor = m as { name: string; prototype: object };
  const instance = new (ctor as unknown as new () => { name?: string })();
  return instance.name ?? ctor.name;
}

function parseArgs(argv: string[]): { mode: 'backup' | 'restore'; file: string; force: boolean } {
  const [mode, ...rest] = argv;
  if (mode !== 'backup' && mode !== 'restore') throw new UsageError('The first argument must be backup or restore');
  let file: string | undefined;
  let force = false;
  for (const arg of rest) {
    if ((mode === 'restore' && arg === '--force') || (mode === 'backup' && arg === '--overwrite')) force = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
    else if (file) throw new UsageError('Give one FILE');
    else file = arg;
  }
  if (!file) throw new UsageError('FILE is required');
  return { mode, file, force };
}

async function openDatabase(mode: 'backup' | 'restore'): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  const config = loadConfig();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const running = await findRunningEmbeddedPostgres({ dataDir: config.DATA_DIR, database: 'crm' });
  if (running && mode === 'restore') {
    throw new BackupError(
      'TARGET_IN_USE',
      `A server is running on ${config.DATA_DIR} (embedded PostgreSQL, pid ${running.pid}): stop it before restoring`,
      `${config.DATA_DIR} 上的服务正在运行，请先停止服务再恢复`,
    );
  }
  if (running) {
    out(`Using the database of the running server (embedded PostgreSQL, pid ${running.pid}, port ${running.port})`);
    return { url: running.url };
  }
  out(`Starting the embedded database (${config.DATA_DIR}, port ${config.EMBEDDED_PG_PORT})`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'crm' });
  return { url: embedded.url, embedded };
}

/** Applies this application's migrations up to `version` (none past it). */
async function migrateTo(url: string, version: string): Promise<string[]> {
  const names = MIGRATIONS.map(migrationName);
  const upTo = names.indexOf(version);
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 1, applicationName: 'diaspora-crm-restore' }), migrations: MIGRATIONS.slice(0, upTo + 1) });
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

async function refuseForeignOrUsedTarget(client: Client, force: boolean): Promise<void> {
  if (await schemaVersion(client)) {
    if (!force && (await holdsData(client))) {
      throw new BackupError('TARGET_NOT_EMPTY', 'The target database already holds data (accounts or audit events); restore into a new database, or pass --force to replace everything in it', '目标数据库已有数据；请恢复到新数据库，或加 --force 覆盖其全部数据');
    }
    return;
  }
  const { rows } = await client.query<{ name: string }>(
    "SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY relname LIMIT 5",
  );
  if (rows.length) {
    const names = rows.map((r) => r.name).join(', ');
    throw new BackupError(
      'TARGET_NOT_EMPTY',
      `The target database holds tables that are not this application's (${names}): restore into a new, empty database`,
      `目标数据库含有不属于本系统的表（${names}），请恢复到一个新的空数据库`,
    );
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (args.mode === 'backup' && existsSync(args.file) && !args.force) {
    throw new BackupError('FILE_EXISTS', `${args.file} exists; choose another name or pass --overwrite`, `${args.file} 已存在；请换一个文件名，或加 --overwrite 覆盖`);
  }
  let header: Awaited<ReturnType<typeof readBackupHeader>> | undefined;
  if (args.mode === 'restore') {
    // The file is checked before any database is touched.
    header = await readBackupHeader(args.file);
    if (!MIGRATIONS.map(migrationName).includes(header.schemaVersion)) {
      throw new BackupError(
        'BACKUP_NEWER_SCHEMA',
        `The backup is of schema ${header.schemaVersion}, which this version of the application does not know (it is newer): restore it with the version that made it, or upgrade first`,
        '备份来自更新版本的系统，当前版本无法恢复；请先升级系统',
      );
    }
  }

  const { url, embedded } = await openDatabase(args.mode);
  const client = new Client({ connectionString: url, application_name: `diaspora-crm-${args.mode}` });
  client.on('error', () => undefined); // a signal cuts the connection on purpose
  try {
    if (args.mode === 'backup') {
      await client.connect();
      const written = await writeBackup(client, args.file, { progress: writableProgress(process.stderr, 'Backup'), signal: controller.signal });
      const rows = written.tables.reduce((n, t) => n + t.rows, 0);
      out(`Backed up ${fmt(rows)} rows of ${written.tables.length} tables (schema ${written.schemaVersion}) to ${args.file} in ${seconds(Date.now() - started)}`);
      return 0;
    }
    const target = header as NonNullable<typeof header>;
    // Nothing is migrated in a database that is not ours to change: one holding another
    // application's tables, or (without --force) this application's data.
    await client.connect();
    await refuseForeignOrUsedTarget(client, args.force);
    const applied = await withStartupLock(url, () => migrateTo(url, target.schemaVersion));
    if (applied.length) out(`Migrated the target to ${target.schemaVersion} (${applied.length} migrations)`);
    if (controller.signal.aborted) throw new BackupError('INTERRUPTED', 'Interrupted by a signal', '操作被信号中断');
    const restored = await restoreBackup(client, args.file, { force: args.force, progress: writableProgress(process.stderr, 'Restore'), signal: controller.signal });
    const rows = restored.tables.reduce((n, t) => n + t.rows, 0);
    out(`Restored ${fmt(rows)} rows of ${restored.tables.length} tables (schema ${restored.schemaVersion}, backed up ${restored.createdAt}) in ${seconds(Date.now() - started)}`);
    out('Start the server as usual: it applies any newer migrations.');
    return 0;
  } finally {
    await client.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupError) {
      process.stderr.write(`\n${error.code}: ${error.message}\n${error.messageZh}\n`);
      process.exit(error.code === 'INTERRUPTED' ? 130 : 1);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
