import { DemoSeedService } from '@crm/demo';
import { createTestApp, TestApp } from '@crm/testing';

describe('demo honours', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SEED: 'true' });
  });
  afterAll(() => t.close());

  it('seeds a round, nominations in every state, awards, benefits and a LEAD_GOOSE designation, once', async () => {
    const seed = t.app.get(DemoSeedService);
    await seed.bootstrap();
    const counts = async () =>
      (await t.dataSource.query(
        `SELECT (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_nomination) AS nominations,
                (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_award) AS awards,
                (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_benefit) AS benefits,
                (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM honor_round) AS rounds,
                (SELECT count(*)::int FROM honor_type) AS types,
                (SELECT count(*)::int FROM honor_award) AS award_count,
                (SELECT count(*)::int FROM member m JOIN honor_award a ON a.member_id = m.id JOIN honor_type t ON t.id = a.honor_type_id
                  WHERE t.grants_designation = 'LEAD_GOOSE' AND m.designations @> ARRAY['LEAD_GOOSE']::member_designation[]) AS geese`,
      )) as Record<string, unknown>[];
    const [row] = await counts();
    expect(row).toMatchObject({
      nominations: ['APPROVED', 'AWARDED', 'REJECTED', 'SHORTLISTED', 'SUBMITTED', 'WITHDRAWN'],
      awards: ['ACTIVE', 'REVOKED'],
      benefits: ['DECLINED', 'DELIVERED', 'DUE', 'LAPSED'],
      rounds: ['CONFIRMED', 'NOMINATING'],
      types: 5,
      geese: 1,
    });
    await seed.bootstrap();
    expect((await counts())[0]).toEqual(row);
  });
});
