import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations, one starter at a time (a session advisory lock), and returns the
 * names applied. Entities are not needed for this, so the data source is built without them.
 *
 * The lock is taken and released on one connection held for the whole run (a query runner of
 * its own): a session lock taken through the pool could be "released" on another of its
 * connections, which PostgreSQL refuses with a warning while the lock stays held.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2, applicationName: 'diaspora-crm-migrate' }) });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
