import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@crm/database';
import { cloneTemplate, withServerClient } from '@crm/testing';
import { resetPartyScale, resetScaleData, seedPartyScale, seedScale, SCALE_PARTY_MEMBER_OPERATION } from '../libs/demo/src/scale';

/** The party part of the scale seed (npm run seed:scale -- --party-members N) over a fresh database. */
describe('party scale seed', () => {
  const name = `t_party_scale_${randomBytes(6).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    const url = await cloneTemplate(name);
    ds = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2 }), migrations: [] });
    await ds.initialize();
    await seedScale(ds, { members: 600, seed: 42 });
  }, 120_000);

  afterAll(async () => {
    await ds.destroy();
    await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  const one = async (sql: string) => ((await ds.query(sql)) as Record<string, number>[])[0];

  it('writes committees, units and party members through the party services, audited, and resets them', async () => {
    const summary = await seedPartyScale(ds, { partyMembers: 2500, seed: 42, unitsWithMeetings: 5 });
    expect(summary.partyMembers).toBe(2500);
    expect(summary.committees).toBeGreaterThan(5);
    expect(await one(`SELECT count(*)::int AS n FROM party_member`)).toEqual({ n: 2500 });
    // A third linked to members of the base (as many as have an ID number), the rest standalone; all in branches.
    const counts = await one(
      `SELECT count(*) FILTER (WHERE member_id IS NOT NULL)::int AS linked, count(*) FILTER (WHERE mobile)::int AS mobile,
              count(*) FILTER (WHERE o.kind NOT IN ('BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH'))::int AS outside_branches
       FROM party_member pm JOIN party_organization o ON o.id = pm.organization_id`,
    );
    expect(counts.linked).toBe(summary.linked);
    expect(counts.linked).toBeGreaterThan(100);
    expect(counts.mobile).toBeGreaterThan(1200);
    expect(counts.outside_branches).toBe(0);
    expect(await one(`SELECT count(*)::int AS n FROM audit_event WHERE operation = '${SCALE_PARTY_MEMBER_OPERATION}'`)).toEqual({ n: 2500 });
    expect((await one(`SELECT count(DISTINCT kind)::int AS n FROM party_organization`)).n).toBeGreaterThanOrEqual(4);
    expect((await one(`SELECT count(*)::int AS n FROM party_meeting`)).n).toBeGreaterThanOrEqual(5 * 5);

    await resetPartyScale(ds);
    expect(await one(`SELECT (SELECT count(*)::int FROM party_member) AS pm, (SELECT count(*)::int FROM party_organization) AS o, (SELECT count(*)::int FROM party_working_committee) AS w`)).toEqual({ pm: 0, o: 0, w: 0 });
    // The member scale data resets after it (no party row holds a scale chamber any more).
    expect((await resetScaleData(ds)).members).toBe(600);
  }, 180_000);
});
