/**
 * Imports a spreadsheet of members from the command line, through the same jobs the API runs,
 * with a progress bar.
 *
 *   npm run import -- FILE [--mode skip|update|fill-empty] [--as EMAIL] [--validate-only]
 *
 * With DATABASE_URL unset it uses the embedded development database in DATA_DIR (.data/): the one
 * a running `npm start` serves (found through its postmaster.pid), or, with no server running,
 * its own for the duration of the import. The import runs as --as (default: the
 * first active administrator), with that account's scope, and is audited under its name. Bad
 * rows: nothing is imported and the report is written next to FILE (FILE.errors.csv).
 * Exit status: 0 imported (or valid with --validate-only), 1 bad rows, 2 the file could not be
 * read, the arguments are wrong or the database cannot be reached (one line, no stack trace).
 */
import { SingleBar } from 'cli-progress';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApp, prepareDatabase } from '../apps/api/src/app.factory';
import { Caller } from '../libs/auth/src';
import { EmbeddedPostgresHandle, findRunningEmbeddedPostgres, startEmbeddedPostgres } from '../libs/database/src';
import { MemberImportMode, MemberImportService, MemberImportStatus } from '../libs/member-exchange/src';
import { AppConfig, ConfigError, loadConfig } from '../libs/shared/src';

const USAGE = 'Usage: npm run import -- FILE [--mode skip|update|fill-empty] [--as EMAIL] [--validate-only]';
const MODES: Record<string, MemberImportMode> = { skip: MemberImportMode.Skip, update: MemberImportMode.Update, 'fill-empty': MemberImportMode.FillEmpty };

class UsageError extends Error {}

/** The database cannot be reached or prepared: reported in one line, without a stack trace. */
class DatabaseUnavailableError extends Error {}

interface Args {
  file: string;
  mode: MemberImportMode;
  as?: string;
  validateOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let mode = MemberImportMode.Skip;
  let as: string | undefined;
  let validateOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--mode') {
      const m = MODES[value().toLowerCase()];
      if (!m) throw new UsageError('--mode must be skip, update or fill-empty');
      mode = m;
    } else if (flag === '--as') as = value();
    else if (flag === '--validate-only') validateOnly = true;
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else if (flag.startsWith('--')) throw new UsageError(`Unknown option ${flag}`);
    else if (file) throw new UsageError('Give one file');
    else file = argv[i];
  }
  if (!file) throw new UsageError('Give the file to import');
  // npm runs scripts from the package root; a relative FILE means the caller's directory.
  return { file: resolve(process.env.INIT_CWD ?? process.cwd(), file), mode, as, validateOnly };
}

async function callerFor(dataSource: DataSource, email: string | undefined): Promise<Caller> {
  const rows = (await dataSource.query(
    `SELECT id, email, role, county_code AS "countyCode", chamber_id AS "chamberId", party_committee_id AS "partyCommitteeId", official_id AS "officialId"
       FROM app_user WHERE active AND ${email ? 'lower(email) = lower($1)' : `role = 'ADMIN'`} ORDER BY created_at LIMIT 1`,
    email ? [email] : [],
  )) as Caller[];
  if (!rows[0]) throw new UsageError(email ? `No active account ${email}` : 'No active administrator; start the server once (npm start) or pass --as');
  return rows[0];
}

/**
 * The database to import into, migrated: DATABASE_URL; else the embedded one a running server
 * holds on DATA_DIR; else an embedded one of our own (returned, to be stopped at the end).
 */
async function openDatabase(config: AppConfig): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  let where = config.DATABASE_URL ? 'DATABASE_URL' : config.DATA_DIR;
  let embedded: EmbeddedPostgresHandle | undefined;
  try {
    let url = config.DATABASE_URL;
    if (!url) {
      const running = await findRunningEmbeddedPostgres({ dataDir: config.DATA_DIR, database: 'crm' });
      if (running) {
        process.stdout.write(`Using the database of the running server (embedded PostgreSQL, pid ${running.pid}, port ${running.port})\n`);
        where = `${config.DATA_DIR}, port ${running.port}`;
        url = running.url;
      } else {
        embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'crm' });
        url = embedded.url;
      }
    }
    await prepareDatabase(url);
    return { url, embedded };
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new DatabaseUnavailableError(`${where}: ${reason}`);
  }
}

/** Polls the import until it leaves the given statuses, drawing the bar. */
async function follow(imports: MemberImportService, caller: Caller, id: string, phase: 'validate' | 'commit', size: number): Promise<MemberImportStatus> {
  const bar = new SingleBar({
    format: phase === 'validate' ? '  校验 validating |{bar}| {value} rows read, {errors} bad' : '  导入 committing |{bar}| {value}/{total} rows ({percentage}%), {errors} failed',
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(phase === 'validate' ? Math.max(1, size) : size, 0, { errors: 0 });
  const waiting = phase === 'validate' ? [MemberImportStatus.Uploaded, MemberImportStatus.Validating] : [MemberImportStatus.Committing];
  for (;;) {
    const imp = await imports.get(caller, id);
    if (phase === 'validate') {
      if (imp.totalRows > bar.getTotal()) bar.setTotal(imp.totalRows * 2);
      bar.update(imp.totalRows, { errors: imp.errorRows });
    } else {
      bar.update(imp.doneRows, { errors: imp.failedCount });
    }
    if (!waiting.includes(imp.status)) {
      if (phase === 'validate') bar.setTotal(Math.max(1, imp.totalRows));
      bar.stop();
      return imp.status;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const size = await stat(args.file).then((s) => s.size).catch(() => -1);
  if (size < 0) {
    process.stderr.write(`Cannot read ${args.file}\n`);
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', SEED: 'false', ...process.env });
  const { url, embedded } = await openDatabase(config);
  let app: INestApplication | undefined;
  try {
    app = await createApp(config, url);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const imports = app.get(MemberImportService);
    const caller = await callerFor(dataSource, args.as);
    const started = Date.now();
    const created = await imports.create(caller, { path: args.file, fileName: basename(args.file), size });
    process.stdout.write(`Import ${created.id} of ${basename(args.file)} as ${caller.email}\n`);
    const validated = await follow(imports, caller, created.id, 'validate', 0);
    let imp = await imports.get(caller, created.id);
    if (validated === MemberImportStatus.Failed) {
      process.stderr.write(`The file cannot be imported: ${imp.failure?.message} (${imp.failure?.reason})\n`);
      return 2;
    }
    process.stdout.write(`  ${imp.totalRows} rows (${imp.format}${imp.encoding ? `, ${imp.encoding}` : ''}), ${imp.matchedRows} already in the base, ${imp.errorRows} bad\n`);
    if (imp.ignoredColumns.length) process.stdout.write(`  Ignored columns: ${imp.ignoredColumns.join(', ')}\n`);
    if (validated === MemberImportStatus.Invalid) {
      const reportPath = `${args.file}.errors.csv`;
      const out = createWriteStream(reportPath);
      await imports.writeReport(created.id, 'csv', out);
      out.end();
      await finished(out);
      process.stderr.write(`Nothing imported: ${imp.errorRows} rows have errors. Report: ${reportPath}\n`);
      return 1;
    }
    if (args.validateOnly) {
      process.stdout.write('Valid. Nothing imported (--validate-only).\n');
      return 0;
    }
    await imports.commit(caller, created.id, args.mode, imp.version);
    await follow(imports, caller, created.id, 'commit', imp.totalRows);
    imp = await imports.get(caller, created.id);
    process.stdout.write(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${imp.createdCount} created, ${imp.updatedCount} updated, ${imp.unchangedCount} unchanged, ` +
        `${imp.skippedCount} skipped, ${imp.failedCount} failed (mode ${args.mode}).\n`,
    );
    return imp.status === MemberImportStatus.Committed && !imp.failedCount ? 0 : 1;
  } finally {
    await app?.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DatabaseUnavailableError) {
      process.stderr.write(`无法连接数据库，未导入 / Cannot reach the database, nothing imported (${error.message}); set DATABASE_URL, or stop the process holding EMBEDDED_PG_PORT\n`);
      process.exit(2);
    }
    // Bad settings or an unknown --as account: the message says it all.
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
