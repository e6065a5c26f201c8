/**
 * Runs the TypeORM CLI against ormconfig.ts. With DATABASE_URL unset it starts the embedded
 * development database (.data/) first, applies pending migrations, and stops it afterwards,
 * so `npm run migration:generate -- Name` works on a fresh clone.
 *
 *   npm run typeorm -- migration:show
 *   npm run migration:generate -- AddChambers
 */
import { spawnSync } from 'node:child_process';
import { runMigrations, startEmbeddedPostgres } from '../libs/database/src';
import { loadConfig } from '../libs/shared/src';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === 'migration:generate') {
    const name = args[1];
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
      process.stderr.write('Usage: npm run migration:generate -- PascalCaseName\n');
      return 2;
    }
    args.splice(1, 1, `libs/database/src/migrations/${name}`, '--pretty');
  }
  const config = loadConfig();
  let url = config.DATABASE_URL;
  const embedded = url
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'crm' });
  url ??= embedded?.url as string;
  try {
    if (args[0] !== 'migration:run' && args[0] !== 'migration:revert') await runMigrations(url);
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', require.resolve('typeorm/cli.js'), '-d', 'ormconfig.ts', ...args],
      { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } },
    );
    return result.status ?? 1;
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
