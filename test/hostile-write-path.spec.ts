import { Role } from '@crm/auth';
import { MemberImportService } from '@crm/member-exchange';
import { createChamber, createMember, createTestApp, expectData, nextCreditCode, nextMobile, rowCounts, signedInUser, TestApp, writeCsvFile } from '@crm/testing';

// Found by a hostile pass over issue 10's surfaces; each test states what a user should get.

const TABLES = ['member', 'chamber_membership', 'chamber_position', 'enterprise', 'member_enterprise', 'audit_event'] as const;
const HEADER = ['姓名', '手机号码', '籍贯', '所属商会', '企业名称', '统一社会信用代码', '企业职务'];
const IMPORT = `id status version matchedRows createdCount updatedCount failedCount errors(first: 10) { edges { node { rowNumber errors { reason } } } }`;
const GET = `query($id: ID!) { memberImport(id: $id) { ${IMPORT} } }`;
const COMMIT = `mutation($input: CommitMemberImportInput!) { commitMemberImport(input: $input) { id version } }`;
const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { id name } }`;
const ADD_POS = `mutation($termId: ID!, $input: ChamberPositionInput!) { addChamberPosition(termId: $termId, input: $input) { id } }`;
const REELECT = `mutation($id: ID!, $input: ReElectChamberInput!) { reElectChamber(id: $id, input: $input) { id } }`;

describe('hostile pass over the write path, positions and operations', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const row = (o: Record<string, string>) => HEADER.map((h) => o[h] ?? '');
  const state = async (id: string) => expectData(await t.gql<{ memberImport: any }>(GET, { id }, admin)).memberImport;
  async function validated(path: string) {
    const res = await t.http().post('/member-imports').set('authorization', `Bearer ${admin}`).attach('file', path);
    expect(res.status).toBe(201);
    await t.app.get(MemberImportService).runValidation(res.body.data.memberImport.id);
    return state(res.body.data.memberImport.id);
  }
  async function committed(s: { id: string; version: number }, mode: string) {
    expectData(await t.gql(COMMIT, { input: { id: s.id, mode, version: s.version } }, admin));
    await t.app.get(MemberImportService).runCommit(s.id);
    return state(s.id);
  }
  async function runningTerm(chamberId: string) {
    const [term] = await t.dataSource.query(`INSERT INTO chamber_term (chamber_id, number, starts_on) VALUES ($1, 1, '2020-01-01') RETURNING id`, [chamberId]);
    return term.id as string;
  }

  it('import: a row that fails at commit (its chamber dissolved since validation) leaves no enterprise behind', async () => {
    const chamber = await createChamber(t);
    const code = nextCreditCode();
    const s = await validated(writeCsvFile('gone.csv', [HEADER, row({ 姓名: '尹孤儿', 手机号码: nextMobile(), 所属商会: chamber.name, 企业名称: '孤儿测试有限公司', 统一社会信用代码: code, 企业职务: '董事长' })]));
    expect(s).toMatchObject({ status: 'VALIDATED' });
    await t.dataSource.query(`UPDATE chamber SET status = 'DISSOLVED', dissolved_on = '2024-01-01' WHERE id = $1`, [chamber.id]);
    const before = await rowCounts(t, TABLES);
    const done = await committed(s, 'SKIP');
    expect(done).toMatchObject({ status: 'COMMITTED', createdCount: 0, failedCount: 1 });
    const after = await rowCounts(t, TABLES);
    expect({ enterprise: after.enterprise, member_enterprise: after.member_enterprise }).toEqual({ enterprise: before.enterprise, member_enterprise: before.member_enterprise });
    expect(await t.dataSource.query(`SELECT id FROM enterprise WHERE credit_code = $1`, [code])).toEqual([]);
  });

  it('import UPDATE matches a member createMember registered as "车 子丑" (same name as typed, same phone) instead of creating a second one', async () => {
    const phone = nextMobile();
    expectData(await t.gql(CREATE, { input: { name: '车 子丑', phones: [phone], hometownCode: '330302' } }, admin));
    const before = await rowCounts(t, TABLES);
    const s = await validated(writeCsvFile('spaced.csv', [HEADER, row({ 姓名: '车 子丑', 手机号码: phone, 籍贯: '鹿城' })]));
    expect(s.matchedRows).toBe(1);
    const done = await committed(s, 'UPDATE');
    expect({ created: done.createdCount, members: (await rowCounts(t, TABLES)).member - before.member }).toEqual({ created: 0, members: 0 });
  });

  it('addChamberPosition refuses to give one member the same post twice in one term', async () => {
    const chamber = await createChamber(t);
    const termId = await runningTerm(chamber.id);
    const m = await createMember(t, { name: '理事甲' });
    expectData(await t.gql(ADD_POS, { termId, input: { position: 'DIRECTOR', holderName: m.name, memberId: m.id } }, admin));
    const before = await rowCounts(t, TABLES);
    const again = await t.gql(ADD_POS, { termId, input: { position: 'DIRECTOR', holderName: m.name, memberId: m.id } }, admin);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('reElectChamber refuses a holderName that differs from the linked member, as addChamberPosition does', async () => {
    const chamber = await createChamber(t);
    await runningTerm(chamber.id);
    const m = await createMember(t, { name: '换届丙' });
    const [{ version }] = await t.dataSource.query(`SELECT version FROM chamber WHERE id = $1`, [chamber.id]);
    const before = await rowCounts(t, TABLES);
    const res = await t.gql(REELECT, { id: chamber.id, input: { version, on: '2025-01-01', positions: [{ position: 'PRESIDENT', holderName: '完全不同的人', memberId: m.id }] } }, admin);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ reason: 'CHAMBER_HOLDER_NAME_IS_MEMBERS', field: 'input.positions.0.holderName' });
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('an operationName the anonymous document does not have → OPERATION_RESOLUTION_FAILURE, not an internal TypeError text', async () => {
    const res = await t.http().post('/graphql').send({ query: '{ __typename }', operationName: 'Nope' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).not.toMatch(/Cannot read properties/);
    expect(res.body.errors[0].extensions.reason).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('a variable of the wrong type names the field at fault', async () => {
    const res = await t.gql(CREATE, { input: { name: '类型错', confirmDuplicate: 'true' } }, admin);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.confirmDuplicate' });
  });

  it('memberDuplicateCandidates refuses a hometown outside the home city, as createMember does', async () => {
    const res = await t.gql(`query($input: MemberDuplicateCandidatesInput!) { memberDuplicateCandidates(input: $input) { rule } }`, { input: { name: '王建国', hometownCode: '110101' } }, admin);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.hometownCode', reason: 'MEMBER_NOT_HOME_COUNTY' });
  });
});
