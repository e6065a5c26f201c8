/** Prepares DATABASE_URL: pending migrations and region data (used by the test harness for its template). */
import { prepareDatabase } from '../apps/api/src/prepare-database';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}
prepareDatabase(url).then(
  (prepared) => {
    process.stdout.write(`Applied ${prepared.migrations.length} migrations, ${prepared.regionCount} regions in place\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
