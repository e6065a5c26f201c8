import { Role } from '@crm/auth';
import { addMembership, createChamber, createMember, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

const MEMBER = `id name version completeness missingFields hometownCode memberships { id chamberId current } positions { id position holderName memberId termId }
  enterprises { enterpriseId roles }`;
const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { ${MEMBER} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { ${MEMBER} } }`;
const JOIN = `mutation($memberId: ID!, $input: JoinChamberInput!) { joinChamber(memberId: $memberId, input: $input) { ${MEMBER} } }`;
const UPDATE_MEMBERSHIP = `mutation($id: ID!, $input: UpdateChamberMembershipInput!) { updateChamberMembership(id: $id, input: $input) { ${MEMBER} } }`;
const LINK = `mutation($memberId: ID!, $input: LinkEnterpriseInput!) { linkEnterprise(memberId: $memberId, input: $input) { ${MEMBER} } }`;
const MERGE = `mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { ${MEMBER} } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const ADD_POSITION = `mutation($termId: ID!, $input: ChamberPositionInput!) { addChamberPosition(termId: $termId, input: $input) { id holderName } }`;
const CREATE_ENTERPRISE = `mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { id } }`;

/** A linked position's holder name is its member's name, through every member write; a post is recorded once. */
describe('position holders through the member write path', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());
  const code = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code ?? null;

  it('renaming a member keeps its positions\' holder name in step (the migration says they never disagree)', async () => {
    const c = await createChamber(t);
    expectData(await t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2020-01-01' } }, admin));
    const m = await createMember(t, { name: '旧名字' });
    expectData(await t.gql(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: c.id, position: 'VICE_PRESIDENT' } } }, admin));
    const renamed = expectData(await t.gql<{ updateMember: any }>(UPDATE, { id: m.id, input: { version: 2, name: '新名字' } }, admin)).updateMember;
    expect(renamed.positions.map((p: { holderName: string }) => p.holderName)).toEqual(['新名字']);
  });

  it('merge: positions moved to the survivor carry the survivor\'s final name', async () => {
    const c = await createChamber(t);
    expectData(await t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2020-01-01' } }, admin));
    const a = await createMember(t, { name: '甲某人' });
    const b = await createMember(t, { name: '甲某某' });
    expectData(await t.gql(JOIN, { memberId: b.id, input: { version: 1, membership: { chamberId: c.id, position: 'DIRECTOR' } } }, admin));
    const merged = expectData(
      await t.gql<{ mergeMembers: any }>(MERGE, { input: { survivor: { id: a.id, version: 1 }, merged: [{ id: b.id, version: 2 }], values: [{ field: 'NAME', memberId: b.id }] } }, admin),
    ).mergeMembers;
    expect({ name: merged.name, holders: merged.positions.map((p: { holderName: string }) => p.holderName) }).toEqual({ name: '甲某某', holders: ['甲某某'] });
  });

  it('rejoining a chamber with the same position does not record the post twice', async () => {
    const c = await createChamber(t);
    expectData(await t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2020-01-01' } }, admin));
    const m = await createMember(t);
    const j = expectData(await t.gql<{ joinChamber: any }>(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: c.id, position: 'VICE_PRESIDENT' } } }, admin)).joinChamber;
    expectData(await t.gql(UPDATE_MEMBERSHIP, { id: j.memberships[0].id, input: { version: 2, leftOn: '2021-01-01' } }, admin));
    const res = await t.gql<{ joinChamber: any }>(JOIN, { memberId: m.id, input: { version: 3, membership: { chamberId: c.id, position: 'VICE_PRESIDENT' } } }, admin);
    const positions = res.body.data?.joinChamber?.positions ?? [];
    expect({ code: code(res), n: positions.length }).toEqual({ code: null, n: 1 });
  });

  it('a holder name that differs from the linked member\'s is refused, not silently replaced', async () => {
    const c = await createChamber(t);
    const term = expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2020-01-01' } }, admin)).startChamberTerm;
    const m = await createMember(t, { name: '赵一鸣' });
    const res = await t.gql(ADD_POSITION, { termId: term.id, input: { position: 'VICE_PRESIDENT', holderName: '张三', memberId: m.id } }, admin);
    expect({ code: code(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'input.holderName' });
    const ok = await t.gql<{ addChamberPosition: { holderName: string } }>(ADD_POSITION, { termId: term.id, input: { position: 'VICE_PRESIDENT', holderName: '赵一鸣', memberId: m.id } }, admin);
    expect(expectData(ok).addChamberPosition.holderName).toBe('赵一鸣');
  });

});
