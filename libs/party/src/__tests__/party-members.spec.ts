import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { addMembership, captureSql, createChamber, createMember, createTestApp, expectData, expectError, nextIdNumber, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';
import { PartyFixtures } from './party-fixtures';

const TABLES = ['party_member', 'party_relation_transfer', 'party_evaluation', 'audit_event'] as const;
const CREATE = `mutation($input: CreatePartyMemberInput!) { createPartyMember(input: $input) { id } }`;
const READ = `query($id: ID!) { partyMember(id: $id) { id name idNumber phones personalDataMasked memberId member { id name } organization { id name } } }`;
const PAGE = `query($first: Int!, $filter: PartyMemberFilter) { partyMembers(first: $first, filter: $filter) {
  totalCount edges { node { id name standing mobile mobileDestination memberId idNumber phones
    organization { id name kind chamberIds } member { id name } } } pageInfo { hasNextPage endCursor } } }`;

interface ReadPM {
  id: string;
  name: string;
  idNumber: string;
  phones: string[];
  personalDataMasked: boolean;
  memberId: string | null;
  member: { id: string; name: string } | null;
  organization: { id: string; name: string } | null;
}

describe('party members: one record per person, masking, scope, transfers, evaluations', () => {
  let t: TestApp;
  let admin: string;
  let f: PartyFixtures;
  let refused: ReturnType<typeof refusalChecker>;
  let committee: { id: string };
  let otherCommittee: { id: string };
  let home: { id: string };
  let branch: { id: string; name: string };
  let otherBranch: { id: string };
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    f = new PartyFixtures(t, admin);
    refused = refusalChecker(() => rowCounts(t, TABLES));
    committee = await f.committee((await f.provincialChamber('31')).id);
    otherCommittee = await f.committee((await f.provincialChamber('44')).id);
    home = await createChamber(t, { level: ChamberLevel.Prefecture });
    branch = await f.unit({ kind: 'BRANCH', committeeId: committee.id, chamberIds: [home.id] });
    otherBranch = await f.unit({ kind: 'BRANCH', committeeId: otherCommittee.id });
    officer = (await signedInUser(t, { role: Role.PartyOfficer, partyCommitteeId: committee.id })).accessToken;
  });
  afterAll(() => t.close());

  const read = async (id: string, token: string) => expectData(await t.gql<{ partyMember: ReadPM }>(READ, { id }, token)).partyMember;

  it('a standalone person: ID number checked, gender from it, phones normalised; the same number twice is refused', async () => {
    const idNumber = nextIdNumber({ gender: 'FEMALE' });
    const pm = await f.partyMember({ name: '陈红梅', idNumber, phones: ['139 1234 5678'], organizationId: branch.id });
    const got = await read(pm.id, admin);
    expect(got).toMatchObject({ name: '陈红梅', idNumber, phones: ['13912345678'], personalDataMasked: false, memberId: null, organization: { id: branch.id } });
    const dup = await refused(() => t.gql(CREATE, { input: { name: '陈红梅二', idNumber, organizationId: branch.id } }, admin), 'CONFLICT', 'input.idNumber');
    expect(dup.body.errors?.[0]?.extensions?.reason).toBe('PARTY_DUPLICATE_ID_NUMBER');
    await refused(() => t.gql(CREATE, { input: { name: '号码错误', idNumber: '330302199013011234' } }, admin), 'BAD_USER_INPUT', 'input.idNumber');
    await refused(() => t.gql(CREATE, { input: { name: '电话错误', idNumber: nextIdNumber(), phones: ['12'] } }, admin), 'BAD_USER_INPUT', 'input.phones.0');
    await refused(() => t.gql(CREATE, { input: { name: '流动党员', idNumber: nextIdNumber(), mobile: true } }, admin), 'BAD_USER_INPUT', 'input.mobileDestination');
  });

  it('linked to a member: defaults from the member for those who may read it; one party record per member', async () => {
    const m = await createMember(t, { name: '厉育平', hometownCode: '330302' });
    const created = expectData(await t.gql<{ createPartyMember: { id: string; name: string } }>(`mutation($input: CreatePartyMemberInput!) { createPartyMember(input: $input) { id name } }`, { input: { memberId: m.id, organizationId: branch.id } }, admin));
    const got = await read(created.createPartyMember.id, admin);
    expect(got).toMatchObject({ name: '厉育平', idNumber: m.idNumber, memberId: m.id, member: { id: m.id, name: '厉育平' } });
    await refused(() => t.gql(CREATE, { input: { memberId: m.id, name: '厉育平', idNumber: m.idNumber } }, admin), 'CONFLICT', 'input.idNumber');

    // A party-work officer cannot read members: it must name the person and give the member's own number.
    const other = await createMember(t, { name: '林志强' });
    await refused(() => t.gql(CREATE, { input: { memberId: other.id, organizationId: branch.id } }, officer), 'BAD_USER_INPUT', 'input.name');
    await refused(() => t.gql(CREATE, { input: { memberId: other.id, name: '林志强', idNumber: nextIdNumber(), organizationId: branch.id } }, officer), 'BAD_USER_INPUT', 'input.idNumber');
    const linked = expectData(await t.gql<{ createPartyMember: { id: string } }>(CREATE, { input: { memberId: other.id, name: '林志强', idNumber: other.idNumber, organizationId: branch.id } }, officer));
    // The member link is there, the member itself stays out of the officer's reach.
    expect(await read(linked.createPartyMember.id, officer)).toMatchObject({ memberId: other.id, member: null });
  });

  it('masks ID numbers and phones for viewers and secretariats; clear reads are audited', async () => {
    const pm = await f.partyMember({ organizationId: branch.id });
    const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: home.id })).accessToken;
    for (const token of [viewer, secretary]) {
      const got = await read(pm.id, token);
      expect(got).toMatchObject({ personalDataMasked: true, idNumber: `${pm.idNumber.slice(0, 3)}***********${pm.idNumber.slice(-4)}`, phones: ['139****5678'] });
    }
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'partyMember.personalDataRead' AND entity_id = $1`, [pm.id]);
    expect((await read(pm.id, officer)).idNumber).toBe(pm.idNumber);
    const [event] = await t.dataSource.query(
      `SELECT entity_type, metadata FROM audit_event WHERE operation = 'partyMember.personalDataRead' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [pm.id],
    );
    expect(event).toEqual({ entity_type: 'PartyMember', metadata: { fields: ['idNumber', 'phones'] } });
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'partyMember.personalDataRead' AND entity_id = $1`, [pm.id]);
    expect(after[0].n).toBe(before[0].n + 1);
    // The creation's own audit row keeps the number masked.
    const [created] = await t.dataSource.query(`SELECT changes FROM audit_event WHERE operation = 'partyMember.create' AND entity_id = $1`, [pm.id]);
    expect(JSON.stringify(created.changes)).not.toContain(pm.idNumber);
  });

  it('scope: an officer keeps its committee\'s members, a county office reads its county, others see nothing of theirs', async () => {
    const mine = await f.partyMember({ organizationId: branch.id, relationCountyCode: '330381' });
    const theirs = await f.partyMember({ organizationId: otherBranch.id, relationCountyCode: '330302' });
    const county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    const ids = async (token: string) =>
      expectData(await t.gql<{ partyMembers: { edges: { node: { id: string } }[] } }>(PAGE, { first: 100 }, token)).partyMembers.edges.map((e) => e.node.id);
    expect(await ids(officer)).toContain(mine.id);
    expect(await ids(officer)).not.toContain(theirs.id);
    expect(await ids(county)).toContain(theirs.id);
    expect(await ids(county)).not.toContain(mine.id);
    const project = (await signedInUser(t, { role: Role.ProjectOfficial })).accessToken;
    expectError(await t.gql(PAGE, { first: 5 }, project), 'FORBIDDEN');

    // Edits outside the officer's scope: refused, nothing written.
    const update = `mutation($id: ID!, $input: UpdatePartyMemberInput!) { updatePartyMember(id: $id, input: $input) { id version } }`;
    await refused(() => t.gql(update, { id: theirs.id, input: { version: 1, standing: 'PROBATIONARY' } }, officer), 'NOT_FOUND');
    await refused(() => t.gql(update, { id: mine.id, input: { version: 1, organizationId: otherBranch.id } }, officer), 'BAD_USER_INPUT', 'input.organizationId');
    await refused(() => t.gql(CREATE, { input: { name: '越权党员', idNumber: nextIdNumber(), organizationId: otherBranch.id } }, officer), 'BAD_USER_INPUT', 'input.organizationId');
    // County offices read only.
    await refused(() => t.gql(update, { id: theirs.id, input: { version: 1, standing: 'PROBATIONARY' } }, county), 'FORBIDDEN');
    // A stale version.
    expectData(await t.gql(update, { id: mine.id, input: { version: 1, mobile: true, mobileDestination: '广东省深圳市', mobileSince: '2019-03-01' } }, officer));
    await refused(() => t.gql(update, { id: mine.id, input: { version: 1, standing: 'PROBATIONARY' } }, officer), 'CONFLICT', 'input.version');
  });

  it('transfers: out leaves the network, in joins one of our branches; history kept', async () => {
    const pm = await f.partyMember({ organizationId: branch.id });
    const transfer = `mutation($id: ID!, $input: TransferPartyMemberInput!) { transferPartyMember(id: $id, input: $input) { status organizationId relationOrganizationId version transfers { direction occurredOn toPlace } } }`;
    const out = expectData(await t.gql<{ transferPartyMember: { status: string; version: number } }>(transfer, { id: pm.id, input: { version: 1, direction: 'OUT', occurredOn: '2023-02-01', toPlace: '杭州市西湖区' } }, admin));
    expect(out.transferPartyMember).toMatchObject({ status: 'TRANSFERRED_OUT', version: 2 });
    const back = expectData(await t.gql<{ transferPartyMember: { status: string; relationOrganizationId: string; transfers: { direction: string }[] } }>(transfer, { id: pm.id, input: { version: 2, direction: 'IN', occurredOn: '2024-02-01', fromPlace: '杭州市西湖区', organizationId: branch.id } }, admin));
    expect(back.transferPartyMember).toMatchObject({ status: 'ACTIVE', relationOrganizationId: branch.id });
    expect(back.transferPartyMember.transfers.map((x) => x.direction)).toEqual(['IN', 'OUT']);
  });

  it('evaluations: once a year, from joining to the current year', async () => {
    const pm = await f.partyMember({ organizationId: branch.id, joinedOn: '2015-07-01' });
    const evaluate = `mutation($id: ID!, $input: EvaluatePartyMemberInput!) { evaluatePartyMember(id: $id, input: $input) { year grade } }`;
    expect(expectData(await t.gql(evaluate, { id: pm.id, input: { year: 2023, grade: 'EXCELLENT' } }, officer))).toEqual({ evaluatePartyMember: { year: 2023, grade: 'EXCELLENT' } });
    await refused(() => t.gql(evaluate, { id: pm.id, input: { year: 2023, grade: 'QUALIFIED' } }, officer), 'CONFLICT', 'input.year');
    await refused(() => t.gql(evaluate, { id: pm.id, input: { year: 2014, grade: 'QUALIFIED' } }, officer), 'BAD_USER_INPUT', 'input.year');
    await refused(() => t.gql(evaluate, { id: pm.id, input: { year: new Date().getUTCFullYear() + 1, grade: 'QUALIFIED' } }, officer), 'BAD_USER_INPUT', 'input.year');
  });

  it('a member merge moves the link to the survivor; two party records for one person are refused', async () => {
    const survivor = await createMember(t, { name: '王建国' });
    const merged = await createMember(t, { name: '王建国', idNumber: null });
    const pm = expectData(await t.gql<{ createPartyMember: { id: string } }>(CREATE, { input: { memberId: merged.id, name: '王建国', idNumber: nextIdNumber(), organizationId: branch.id } }, admin));
    const merge = `mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { id } }`;
    expectData(await t.gql(merge, { input: { survivor: { id: survivor.id, version: 1 }, merged: [{ id: merged.id, version: 1 }] } }, admin));
    expect((await read(pm.createPartyMember.id, admin)).memberId).toBe(survivor.id);

    const a = await createMember(t, { name: '李丽华' });
    const b = await createMember(t, { name: '李丽华' });
    await f.partyMember({ memberId: a.id, name: '李丽华', idNumber: a.idNumber, organizationId: branch.id });
    await f.partyMember({ memberId: b.id, name: '李丽华', idNumber: b.idNumber, organizationId: branch.id });
    const res = await t.gql(merge, { input: { survivor: { id: a.id, version: 1 }, merged: [{ id: b.id, version: 1 }] } }, admin);
    expect(res.body.errors?.[0]?.extensions?.reason).toBe('PARTY_MERGE_BOTH_PARTY_MEMBERS');
  });

  it('a page of party members with units and member links costs the same statements for 5 or 50', async () => {
    for (let i = 0; i < 12; i += 1) {
      const m = await createMember(t);
      await addMembership(t, m.id, home.id);
      await f.partyMember({ memberId: m.id, name: m.name, idNumber: m.idNumber, organizationId: branch.id, mobile: i % 3 === 0, mobileDestination: i % 3 === 0 ? '上海市' : undefined, mobileSince: i % 3 === 0 ? '2020-01-01' : undefined });
    }
    const count = async (first: number) => {
      await t.gql(PAGE, { first }, admin);
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<{ partyMembers: { edges: { node: ReadPM }[] } }>(PAGE, { first }, admin));
      const nodes = expectData(result).partyMembers.edges.map((e) => e.node);
      return { nodes, statements };
    };
    const small = await count(5);
    const large = await count(50);
    expect(large.nodes.length).toBeGreaterThan(small.nodes.length);
    expect(large.statements.length).toBe(small.statements.length);
    // The page with its units is one statement; member links one more; the clear reads' audit one.
    expect(large.statements.filter((s) => /FROM "party_member" "pm"/.test(s))).toHaveLength(2); // the page and its count
    expect(large.statements.length).toBeLessThanOrEqual(5);
    const linked = large.nodes.find((n) => n.memberId);
    expect(linked?.member?.id).toBe(linked?.memberId);
    expect(large.nodes.some((n) => n.organization?.id === branch.id && n.organization.name === branch.name)).toBe(true);
  });
});
