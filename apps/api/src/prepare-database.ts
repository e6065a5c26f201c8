import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from '@crm/database';
import { syncRegions } from '@crm/region';

export interface PreparedDatabase {
  migrations: string[];
  /** Regions written by this run's sync (0 when already current; a migration may have loaded them). */
  regions: number;
  /** Regions in the table afterwards. */
  regionCount: number;
}

/**
 * Brings a database to what the application needs: pending migrations, then reference data
 * that comes from packages (GB/T 2260 regions). Both steps are repeatable and do nothing when
 * already current. Used by the server at start-up and by the test harness for its template.
 */
export async function prepareDatabase(url: string): Promise<PreparedDatabase> {
  const migrations = await runMigrations(url);
  const dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 1, applicationName: 'diaspora-crm-prepare' }), migrations: [] });
  await dataSource.initialize();
  try {
    const regions = await syncRegions(dataSource);
    const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM region')) as { n: number }[];
    return { migrations, regions, regionCount: n };
  } finally {
    await dataSource.destroy();
  }
}
