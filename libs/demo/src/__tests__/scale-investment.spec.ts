import { seedScaleInvestment } from '@crm/demo';
import { createMember, createOfficial, createTestApp, TestApp } from '@crm/testing';

// The scale seed's projects (npm run seed:scale -- --projects) on a small database. The liaison
// leader drawn for a project can be the one drawn as its service officer too; an official holds
// one assignment on a project at a time (ex_project_official_once), so the seed keeps the leader.
describe('scale seed: investment projects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createOfficial(t, { name: '唯一领导' });
    await createMember(t, { name: '规模投资人', hometownCode: '330381' });
  });
  afterAll(() => t.close());

  it('seeds projects, funds in place after signing and one assignment per official and project, once', async () => {
    const summary = await seedScaleInvestment(t.dataSource, { projects: 40, funding: 200, seed: 7 });
    expect(summary?.projects).toBe(40);
    const [check] = (await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM funding_record f JOIN investment_project p ON p.id = f.project_id WHERE f.received_on < p.signed_on OR p.signed_on IS NULL) AS early,
              (SELECT count(*)::int FROM (SELECT 1 FROM project_official GROUP BY project_id, official_id HAVING count(*) > 1) d) AS twice,
              (SELECT count(*)::int FROM investment_project p WHERE (SELECT count(*) FROM project_official o WHERE o.project_id = p.id AND o.role = 'LIAISON_LEADER') <> 1) AS "leaderless",
              (SELECT count(*)::int FROM project_official) AS assignments`,
    )) as { early: number; twice: number; leaderless: number; assignments: number }[];
    // A leader each, and a service officer unless the officer drawn was the leader again.
    expect(check).toMatchObject({ early: 0, twice: 0, leaderless: 0 });
    expect(check.assignments).toBe(summary?.officials);
    expect(check.assignments).toBeGreaterThan(40);
    expect(await seedScaleInvestment(t.dataSource, { projects: 40, funding: 200, seed: 7 })).toBeNull();
  });
});
