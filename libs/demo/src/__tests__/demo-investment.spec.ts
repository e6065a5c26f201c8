import { DemoSeedService } from '@crm/demo';
import { createTestApp, expectData, login, TestApp } from '@crm/testing';

describe('demo investment projects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SEED: 'true' });
  });
  afterAll(() => t.close());

  it('seeds a year of projects in every stage with funds, targets, officials, problems and a complaint, once; the service officer sees hers', async () => {
    const seed = t.app.get(DemoSeedService);
    await seed.bootstrap();
    const counts = async () =>
      (await t.dataSource.query(
        `SELECT (SELECT array_agg(DISTINCT stage::text ORDER BY stage::text) FROM investment_project) AS stages,
                (SELECT count(DISTINCT destination_county_code)::int FROM investment_project) AS counties,
                (SELECT count(*)::int FROM funding_record) AS funding,
                (SELECT count(*)::int FROM funding_record WHERE corrects_id IS NOT NULL) AS corrections,
                (SELECT count(*)::int FROM investment_target) AS targets,
                (SELECT count(*)::int FROM project_official) AS officials,
                (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM project_issue) AS issues,
                (SELECT array_agg(status::text) FROM service_complaint) AS complaints`,
      )) as Record<string, unknown>[];
    const [row] = await counts();
    expect(row).toMatchObject({
      stages: ['CANCELLED', 'IN_PRODUCTION', 'LEAD', 'SIGNED', 'STALLED', 'STARTED'],
      counties: 4,
      corrections: 1,
      targets: 6,
      officials: 24,
      issues: ['OPEN', 'RESOLVED'],
      complaints: ['CLOSED'],
    });
    await seed.bootstrap();
    expect((await counts())[0]).toEqual(row);
    const session = await login(t, 'fuwuyuan@demo.crm', 'Wenzhou-demo-2026');
    const mine = expectData(await t.gql(`{ investmentProjects(first: 50) { totalCount } }`, {}, session.accessToken)).investmentProjects;
    expect(mine.totalCount).toBe(12);
    // The whole demo is seeded twice through the services: slow on a busy machine.
  }, 120_000);
});
