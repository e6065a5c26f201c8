import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { addMembership, createChamber, createMember, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

const LIST = `query($filter: MemberFilter) { members(first: 50, filter: $filter) { edges { node { id } } } }`;
const MOVE = `mutation($id: ID!, $input: UpdateChamberInput!) { updateChamber(id: $id, input: $input) { id version ancestorIds } }`;
const ROLLUP = `query($id: ID!) { chamberRollup(id: $id) { members { total } } }`;

/**
 * member.chamber_ids (current memberships' chambers and their ancestors) is kept by database
 * triggers; the chamberSubtree filter and the member roll-up read it. These tests change
 * memberships and the hierarchy and check what a user would see.
 */
describe('chamber subtree of members follows memberships and chamber moves', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const ids = async (chamberSubtree: string) =>
    expectData(await t.gql<{ members: { edges: { node: { id: string } }[] } }>(LIST, { filter: { chamberSubtree } }, admin)).members.edges.map((e) => e.node.id).sort();
  const total = async (id: string) => expectData(await t.gql<{ chamberRollup: { members: { total: number } } }>(ROLLUP, { id }, admin)).chamberRollup.members.total;

  it('finds members through every ancestor, forgets them when they leave or their chamber moves away', async () => {
    const province = await createChamber(t, { level: ChamberLevel.Provincial });
    // Inside the province (a municipality has counties right below it).
    const [prefectureRegion] = (await t.dataSource.query(`SELECT code FROM region WHERE parent_code = $1 ORDER BY (level = 'PREFECTURE') DESC, code LIMIT 1`, [province.regionCode])) as { code: string }[];
    const city = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: province.id, regionCode: prefectureRegion.code });
    const a = await createMember(t);
    const b = await createMember(t);
    const membershipA = await addMembership(t, a.id, city.id);
    await addMembership(t, b.id, province.id);
    expect(await ids(province.id)).toEqual([a.id, b.id].sort());
    expect(await ids(city.id)).toEqual([a.id]);
    expect(await total(province.id)).toBe(2);

    // The city chamber moves to the top: its members are no longer in the province's subtree.
    const [{ version }] = (await t.dataSource.query('SELECT version FROM chamber WHERE id = $1', [city.id])) as { version: number }[];
    expectData(await t.gql(MOVE, { id: city.id, input: { version, parentId: null } }, admin));
    expect(await ids(province.id)).toEqual([b.id]);
    expect(await ids(city.id)).toEqual([a.id]);
    expect(await total(province.id)).toBe(1);

    // Leaving ends it; a past membership does not count.
    await t.dataSource.query(`UPDATE chamber_membership SET left_on = '2024-01-01' WHERE id = $1`, [membershipA]);
    expect(await ids(city.id)).toEqual([]);
    expect(await total(city.id)).toBe(0);
    const [row] = (await t.dataSource.query('SELECT chamber_ids FROM member WHERE id = $1', [a.id])) as { chamber_ids: string[] }[];
    expect(row.chamber_ids).toEqual([]);
  });

  it('counts the subtree\'s members by the year they joined it: earliest current membership inside, once each, no date last', async () => {
    const province = await createChamber(t, { level: ChamberLevel.Provincial });
    const [region] = (await t.dataSource.query(`SELECT code FROM region WHERE parent_code = $1 ORDER BY (level = 'PREFECTURE') DESC, code LIMIT 1`, [province.regionCode])) as { code: string }[];
    const city = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: province.id, regionCode: region.code });
    const elsewhere = await createChamber(t);
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => createMember(t)));
    await addMembership(t, a.id, province.id, { joinedOn: '2019-03-01' });
    await addMembership(t, a.id, city.id, { joinedOn: '2021-06-01' }); // counted once, in 2019
    await addMembership(t, b.id, city.id, { joinedOn: '2021-01-15' });
    await addMembership(t, b.id, elsewhere.id, { joinedOn: '2010-01-01' }); // outside the subtree: not its year
    await addMembership(t, c.id, city.id, { joinedOn: '2015-01-01', leftOn: '2016-01-01' }); // left: not counted
    await addMembership(t, d.id, province.id); // no date recorded
    await addMembership(t, e.id, city.id, { joinedOn: '2021-12-31' });
    const JOINED = `query($id: ID!) { chamberRollup(id: $id) { members { total joinedByYear { year members } } } }`;
    const rollup = async (id: string) =>
      expectData(await t.gql<{ chamberRollup: { members: { total: number; joinedByYear: { year: number | null; members: number }[] } } }>(JOINED, { id }, admin)).chamberRollup.members;
    const top = await rollup(province.id);
    expect(top.joinedByYear).toEqual([
      { year: 2019, members: 1 },
      { year: 2021, members: 2 },
      { year: null, members: 1 },
    ]);
    expect(top.joinedByYear.reduce((n, r) => n + r.members, 0)).toBe(top.total);
    expect((await rollup(city.id)).joinedByYear).toEqual([{ year: 2021, members: 3 }]);
  });
});
