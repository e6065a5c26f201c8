import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@crm/database';
import { cloneTemplate, withServerClient } from '@crm/testing';
import { resetScaleVisits, seedScale, seedScaleVisits } from '../scale';

/** Visits and opinions at scale (npm run seed:scale), on a fresh database with a small member base. */
describe('scale seed: visits and opinions', () => {
  const name = `t_scale_v_${randomBytes(6).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    const url = await cloneTemplate(name);
    ds = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2 }), migrations: [] });
    await ds.initialize();
    await seedScale(ds, { members: 1500, seed: 7 });
  });

  afterAll(async () => {
    await ds.destroy();
    await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  const count = async (sql: string) => ((await ds.query(sql)) as { n: number }[])[0].n;

  it('writes visits with one leader each, opinions in every status with answers and history, and a campaign of 98 groups', async () => {
    const summary = await seedScaleVisits(ds, { visits: 600, opinions: 1200, seed: 7 });
    expect(summary).toMatchObject({ opinions: 1200, groups: 98, assignments: 855 });
    expect(await count(`SELECT count(*)::int AS n FROM visit WHERE assignment_id IS NULL`)).toBe(600);
    expect(await count(`SELECT count(*)::int AS n FROM visit v WHERE (SELECT count(*) FROM visit_official o WHERE o.visit_id = v.id AND o.leads) <> 1`)).toBe(0);
    expect(await count(`SELECT count(DISTINCT status)::int AS n FROM feedback`)).toBe(4);
    expect(await count(`SELECT count(*)::int AS n FROM feedback WHERE status IN ('ANSWERED', 'CLOSED') AND NOT EXISTS (SELECT 1 FROM feedback_answer a WHERE a.feedback_id = feedback.id)`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM campaign_group`)).toBe(98);
    expect(await count(`SELECT count(*)::int AS n FROM campaign_assignment`)).toBe(855);
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE operation IN ('visit.seed', 'feedback.seed', 'official.seed')`)).toBe(
      await count(`SELECT ((SELECT count(*) FROM visit) + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM official))::int AS n`),
    );
    // Once only: a second run leaves the data as it is.
    expect(await seedScaleVisits(ds, { visits: 600, opinions: 1200, seed: 7 })).toBeNull();
  });

  it('--reset removes what it made', async () => {
    await resetScaleVisits(ds);
    expect(await count(`SELECT ((SELECT count(*) FROM visit) + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM campaign) + (SELECT count(*) FROM official))::int AS n`)).toBe(0);
  });
});
