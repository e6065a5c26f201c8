import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@crm/database';
import { resetHonoursScale, seedHonoursScale, seedScale } from '@crm/demo';
import { cloneTemplate, withServerClient } from '@crm/testing';

/** The honours part of `npm run seed:scale`, small: the same code as 10,000 awards, fewer rows. */
describe('scale seed: honours', () => {
  const name = `t_hscale_${randomBytes(6).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource({ ...buildDataSourceOptions({ url: await cloneTemplate(name), poolSize: 2 }), migrations: [] });
    await ds.initialize();
    await seedScale(ds, { members: 1500, seed: 7, batchSize: 1500 });
  });

  afterAll(async () => {
    await ds.destroy();
    await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it('makes the awards asked for with three benefits each, nominations in every state, designations in step; reset removes it all', async () => {
    const summary = await seedHonoursScale(ds, { awards: 450, seed: 7 });
    expect(summary.awards).toBe(450);
    expect(summary.benefits).toBe(summary.awards * 3);
    const [row] = (await ds.query(
      `SELECT (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_nomination) AS nominations,
              (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_benefit) AS benefits,
              (SELECT count(*)::int FROM honor_award a JOIN honor_type t ON t.id = a.honor_type_id JOIN member m ON m.id = a.member_id
                WHERE t.grants_designation = 'LEAD_GOOSE' AND a.status = 'ACTIVE' AND NOT m.designations @> ARRAY['LEAD_GOOSE']::member_designation[]) AS out_of_step,
              (SELECT count(*)::int FROM audit_event WHERE operation = 'honorAward.confirm') AS audited`,
    )) as Record<string, unknown>[];
    expect(row).toEqual({
      nominations: ['APPROVED', 'AWARDED', 'REJECTED', 'SHORTLISTED', 'SUBMITTED', 'WITHDRAWN'],
      benefits: ['DECLINED', 'DELIVERED', 'DUE', 'LAPSED'],
      out_of_step: 0,
      audited: summary.awards,
    });
    await expect(seedHonoursScale(ds, { awards: 10, seed: 7 })).rejects.toThrow(/already holds scale honours/);
    const removed = await resetHonoursScale(ds);
    expect(removed).toMatchObject({ rounds: 10, types: 4, awards: summary.awards, benefits: summary.benefits });
    const [left] = (await ds.query(`SELECT (SELECT count(*)::int FROM honor_award) + (SELECT count(*)::int FROM honor_nomination) + (SELECT count(*)::int FROM honor_type) AS n`)) as { n: number }[];
    expect(left.n).toBe(0);
  });
});
