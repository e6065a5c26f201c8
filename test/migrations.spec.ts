import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '@crm/api';
import { buildDataSourceOptions, MIGRATIONS } from '@crm/database';
import { withServerClient } from '@crm/testing';

/** Upgrading a database that already holds data, one migration at a time, as production would. */
describe('migrations on an existing database', () => {
  const name = `t_upgrade_${randomBytes(6).toString('hex')}`;
  const url = `${process.env.CRM_TEST_PG_BASE_URL}/${name}`;

  beforeAll(() => withServerClient((c) => c.query(`CREATE DATABASE ${name}`)));
  afterAll(() => withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

  it('upgrades a foundation-era database with users: regions arrive, dangling scopes are disabled and audited', async () => {
    const foundationOnly = new DataSource({ ...buildDataSourceOptions({ url }), migrations: MIGRATIONS.slice(0, 1) });
    await foundationOnly.initialize();
    await foundationOnly.runMigrations();
    // Accounts as the foundation allowed them: a county officer, and a secretary of a chamber
    // that could not exist yet.
    await foundationOnly.query(`INSERT INTO app_user (email, display_name, password_hash, role, county_code) VALUES ('ruian@old.crm', '林海燕', 'x', 'COUNTY_OFFICER', '330381')`);
    await foundationOnly.query(
      `INSERT INTO app_user (email, display_name, password_hash, role, chamber_id) VALUES ('sec@old.crm', '王秘书长', 'x', 'CHAMBER_SECRETARY', '00000000-0000-4000-8000-000000000001')`,
    );
    await foundationOnly.destroy();

    const prepared = await prepareDatabase(url);
    expect(prepared.migrations.length).toBe(MIGRATIONS.length - 1);

    const check = new DataSource({ ...buildDataSourceOptions({ url }), migrations: [] });
    await check.initialize();
    try {
      const users = (await check.query(`SELECT email, role, county_code, chamber_id, active FROM app_user ORDER BY email`)) as Record<string, unknown>[];
      expect(users).toEqual([
        { email: 'ruian@old.crm', role: 'COUNTY_OFFICER', county_code: '330381', chamber_id: null, active: true },
        { email: 'sec@old.crm', role: 'VIEWER', county_code: null, chamber_id: null, active: false },
      ]);
      const events = (await check.query(`SELECT operation, entity_type FROM audit_event`)) as Record<string, unknown>[];
      expect(events).toEqual([{ operation: 'user.disable', entity_type: 'User' }]);
      const [{ n }] = (await check.query(`SELECT count(*)::int AS n FROM region`)) as { n: number }[];
      expect(n).toBeGreaterThan(3000);
    } finally {
      await check.destroy();
    }
  });
});
