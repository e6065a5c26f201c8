import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations, one starter at a time (a session advisory lock), and returns the
 * names applied. Entities are not needed for this, so the data source is built without them.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2, applicationName: 'diaspora-crm-migrate' }) });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
