import { DemoSeedService } from '@crm/demo';
import { createTestApp, login, TestApp } from '@crm/testing';

describe('start-up data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SEED: 'true', ADMIN_EMAIL: 'boss@test.crm', ADMIN_PASSWORD: 'Boss-password-2026' });
  });
  afterAll(() => t.close());

  const count = async (sql: string) => ((await t.dataSource.query(sql)) as { n: number }[])[0].n;
  const liveWithoutTerm = async () =>
    ((await t.dataSource.query(
      `SELECT c.name FROM chamber c WHERE c.status IN ('PREPARING', 'ACTIVE')
          AND NOT EXISTS (SELECT 1 FROM chamber_term t WHERE t.chamber_id = c.id AND t.ends_on IS NULL) ORDER BY c.name`,
    )) as { name: string }[]).map((r) => r.name);

  it('creates the first admin and the demo network once, and changes nothing when run again', async () => {
    const seed = t.app.get(DemoSeedService);
    const banner = await seed.bootstrap();
    expect(banner.join('\n')).toContain('boss@test.crm');
    expect(banner.join('\n')).not.toContain('Boss-password-2026');

    const snapshot = async () => ({
      users: await count('SELECT count(*)::int AS n FROM app_user'),
      chambers: await count('SELECT count(*)::int AS n FROM chamber'),
      events: await count('SELECT count(*)::int AS n FROM audit_event'),
      members: await count('SELECT count(*)::int AS n FROM member'),
      partyMembers: await count('SELECT count(*)::int AS n FROM party_member'),
      meetings: await count('SELECT count(*)::int AS n FROM party_meeting'),
    });
    const first = await snapshot();
    expect(first.chambers).toBe(29);
    // Admin, five demo accounts, two secretariats, the Shanghai party-work officer, the investment service officer.
    expect(first.users).toBe(1 + 5 + 2 + 1 + 1);
    expect(first.members).toBe(60);
    expect(first.partyMembers).toBe(8 + 16);
    expect(first.meetings).toBeGreaterThan(100);
    // Every kind of unit; committees of four provinces; some members linked to merchants of the base.
    expect(await count(`SELECT count(DISTINCT kind)::int AS n FROM party_organization`)).toBe(5);
    expect(await count(`SELECT count(*)::int AS n FROM party_working_committee WHERE status = 'ACTIVE'`)).toBe(4);
    expect(await count(`SELECT count(*)::int AS n FROM party_member WHERE member_id IS NOT NULL`)).toBe(8);

    // Visits (issue 13): one of each kind (and the campaign's), opinions in every status, a campaign.
    expect(await count(`SELECT count(DISTINCT kind)::int AS n FROM visit`)).toBe(6);
    expect(await count(`SELECT count(DISTINCT status)::int AS n FROM feedback`)).toBe(4);
    expect(await count(`SELECT count(*)::int AS n FROM feedback_event WHERE action = 'REOPENED'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM campaign_assignment a JOIN visit v ON v.assignment_id = a.id`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM official`)).toBe(6);

    // Information flow (issue 16): receipts in every state, a return half collected, requests in
    // every status, the annual meeting full with a waiting list.
    const receipts = (await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged, count(*) FILTER (WHERE read_at IS NOT NULL AND acknowledged_at IS NULL)::int AS read,
              count(*) FILTER (WHERE read_at IS NULL)::int AS unread, count(*) FILTER (WHERE acknowledged_at IS NULL AND n.deadline < now())::int AS overdue
         FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE n.return_form IS NULL`,
    )) as { acknowledged: number; read: number; unread: number; overdue: number }[];
    // 28 live chambers (one is still being prepared).
    expect(receipts[0]).toMatchObject({ acknowledged: 1, read: 1, unread: 26, overdue: 27 });
    expect(await count(`SELECT count(*)::int AS n FROM notice_return`)).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE n.return_form IS NOT NULL`)).toBe(4);
    expect(await count(`SELECT count(DISTINCT status)::int AS n FROM request`)).toBe(4);
    expect(await count(`SELECT count(*)::int AS n FROM meeting_registration WHERE status = 'REGISTERED'`)).toBe(6);
    expect(await count(`SELECT count(*)::int AS n FROM meeting_registration WHERE status = 'WAITLISTED'`)).toBeGreaterThan(0);

    await seed.bootstrap();
    expect(await snapshot()).toEqual(first);
    expect(await count(`SELECT count(*)::int AS n FROM visit`)).toBe(7);

    // The network is a real tree: every provincial chamber under the national one, 一地一会 holds.
    expect(await count(`SELECT count(*)::int AS n FROM chamber WHERE level = 'PROVINCIAL' AND kind = 'REGIONAL' AND depth = 1`)).toBe(10);
    expect(await count(`SELECT count(*)::int AS n FROM chamber WHERE name = '昆山市温州商会' AND depth = 3`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM chamber_event WHERE type = 'FOUNDED'`)).toBe(28);
    // Every live chamber has a running term (届), so positions (商会职务) can go anywhere.
    expect(await count(`SELECT count(*)::int AS n FROM chamber_term WHERE ends_on IS NULL`)).toBe(29);
    expect(await liveWithoutTerm()).toEqual([]);
    expect(await count(`SELECT count(*)::int AS n FROM chamber_position WHERE position = 'PRESIDENT'`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM guild_hall`)).toBe(3);

    // The demo accounts sign in; a secretary is scoped to its chamber.
    await login(t, 'boss@test.crm', 'Boss-password-2026');
    const secretary = await login(t, 'shanghai@demo.crm', 'Wenzhou-demo-2026');
    const me = await t.gql<{ me: { scope: { chamberId: string } } }>('{ me { scope { chamberId } } }', {}, secretary.accessToken);
    const [shanghai] = (await t.dataSource.query(`SELECT id FROM chamber WHERE name = '上海市温州商会'`)) as { id: string }[];
    expect(me.body.data?.me.scope.chamberId).toBe(shanghai.id);

    // The information base: members with valid data, the leadership linked to its holders, and the
    // Shanghai secretariat sees (in clear) the members of its chambers only.
    expect(await count(`SELECT count(*)::int AS n FROM chamber_position WHERE member_id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM member WHERE completeness = 0`)).toBe(0);
    const seen = await t.gql<{ members: { totalCount: number; edges: { node: { name: string; phones: string[]; memberships: { chamber: { name: string } | null }[] } }[] } }>(
      '{ members(first: 100) { totalCount edges { node { name phones memberships { chamber { name } } } } } }',
      {},
      secretary.accessToken,
    );
    const members = seen.body.data?.members;
    const inScope = await count(
      `SELECT count(DISTINCT cm.member_id)::int AS n FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id
       WHERE c.id = '${shanghai.id}' OR c.ancestor_ids @> ARRAY['${shanghai.id}']::uuid[]`,
    );
    expect(inScope).toBeGreaterThan(5);
    expect(members?.totalCount).toBe(inScope);
    expect(members?.edges.every((e) => e.node.memberships.every((m) => m.chamber?.name.startsWith('上海市')))).toBe(true);
    expect(members?.edges[0]?.node.phones[0]).toMatch(/^1\d{10}$/);
  });

  it('gives the running terms to a database seeded before they were part of the demo', async () => {
    const seed = t.app.get(DemoSeedService);
    await seed.bootstrap();
    // A demo database from before: only the chambers with listed leadership had a term.
    await t.dataSource.query(`DELETE FROM chamber_term t WHERE NOT EXISTS (SELECT 1 FROM chamber_position p WHERE p.term_id = t.id)`);
    await t.dataSource.query(`DELETE FROM seed_run WHERE name = 'demo-terms-v1'`);
    expect((await liveWithoutTerm()).length).toBe(26);

    await seed.bootstrap();
    expect(await liveWithoutTerm()).toEqual([]);
    const [beijing] = (await t.dataSource.query(
      `SELECT t.number, t.starts_on::text AS "startsOn" FROM chamber_term t JOIN chamber c ON c.id = t.chamber_id WHERE c.name = '北京温州企业商会'`,
    )) as { number: number; startsOn: string }[];
    expect(beijing).toEqual({ number: 6, startsOn: '2021-09-20' });
    const terms = await count(`SELECT count(*)::int AS n FROM chamber_term`);
    await seed.bootstrap();
    expect(await count(`SELECT count(*)::int AS n FROM chamber_term`)).toBe(terms);
  });
});
