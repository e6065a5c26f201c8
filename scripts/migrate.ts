/** Applies pending migrations to DATABASE_URL (used by the test harness for its template database). */
import { runMigrations } from '../libs/database/src';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}
runMigrations(url).then(
  (applied) => {
    process.stdout.write(`Applied ${applied.length} migrations\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
