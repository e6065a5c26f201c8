import { parse } from 'csv-parse/sync';
import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { PartyMemberImportService } from '@crm/party';
import { maskIdNumber } from '@crm/shared';
import { createChamber, createTestApp, expectData, expectError, nextIdNumber, refusalChecker, rowCounts, signedInUser, TestApp, writeCsvFile } from '@crm/testing';
import { PartyFixtures } from '../libs/party/src/__tests__/party-fixtures';

// A hostile pass over issue 12 (party organisations): the party member import and export routes
// by every role of the Scope section, and the party member writes with bad, huge, foreign and
// concurrent input. Each case says what a user sees and that nothing was written.

const TABLES = ['party_member', 'party_member_import', 'party_member_import_row', 'party_relation_transfer', 'party_evaluation'] as const;
const HEADER = ['姓名', '身份证号码', '手机号码', '入党日期', '党员类型', '组织关系所在地', '所在党支部', '是否流动党员', '流入地', '外出时间'];
const CREATE = `mutation($input: CreatePartyMemberInput!) { createPartyMember(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdatePartyMemberInput!) { updatePartyMember(id: $id, input: $input) { id version } }`;
const EVALUATE = `mutation($id: ID!, $input: EvaluatePartyMemberInput!) { evaluatePartyMember(id: $id, input: $input) { year } }`;

describe('party: hostile input over the import/export routes and the party member writes', () => {
  let t: TestApp;
  let admin: string;
  let f: PartyFixtures;
  let refused: ReturnType<typeof refusalChecker>;
  let branch: { id: string; name: string };
  let otherBranch: { id: string; name: string };
  let officer: string;
  let otherOfficer: string;
  let secretary: string;
  let otherSecretary: string;
  let county: string;
  let viewer: string;
  let project: string;
  let mine: { id: string; idNumber: string; version: number };
  let foreign: { id: string; idNumber: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    f = new PartyFixtures(t, admin);
    refused = refusalChecker(() => rowCounts(t, TABLES));
    const committee = await f.committee((await f.provincialChamber('45')).id);
    const other = await f.committee((await f.provincialChamber('46')).id);
    const home = await createChamber(t, { level: ChamberLevel.Prefecture });
    const away = await createChamber(t, { level: ChamberLevel.Prefecture });
    branch = await f.unit({ kind: 'BRANCH', committeeId: committee.id, chamberIds: [home.id], name: '中共甲地温州商会支部委员会' });
    otherBranch = await f.unit({ kind: 'BRANCH', committeeId: other.id, chamberIds: [away.id], name: '中共乙地温州商会支部委员会' });
    officer = (await signedInUser(t, { role: Role.PartyOfficer, partyCommitteeId: committee.id })).accessToken;
    otherOfficer = (await signedInUser(t, { role: Role.PartyOfficer, partyCommitteeId: other.id })).accessToken;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: home.id })).accessToken;
    otherSecretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: away.id })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    project = (await signedInUser(t, { role: Role.ProjectOfficial })).accessToken;
    mine = await f.partyMember({ organizationId: branch.id, relationCountyCode: '330302', phones: ['13912340011'] });
    foreign = await f.partyMember({ organizationId: otherBranch.id, relationCountyCode: '330381', phones: ['13912340012'] });
  });
  afterAll(() => t.close());

  const bearer = (token: string) => `Bearer ${token}`;
  const upload = (token: string, path: string) => t.http().post('/party-member-imports').set('authorization', bearer(token)).attach('file', path);
  const exported = async (token: string) => {
    const res = await t.http().get('/party-members/export?format=csv').set('authorization', bearer(token)).buffer(true);
    expect(res.status).toBe(200);
    return (parse(String(res.text).replace(/^\uFEFF/, '')) as string[][]).slice(1);
  };
  const validated = async (token: string, rows: (string | null)[][], name = 'hostile.csv') => {
    const res = await upload(token, writeCsvFile(name, [HEADER, ...rows]));
    expect(res.status).toBe(201);
    const id = res.body.data.partyMemberImport.id as string;
    await t.app.get(PartyMemberImportService).runValidation(id);
    const got = await t.http().get(`/party-member-imports/${id}`).set('authorization', bearer(token));
    return got.body.data.partyMemberImport as { id: string; status: string; version: number; matchedRows: number; errorRows: number; failure: unknown };
  };
  const restError = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, field: res.body.errors?.[0]?.extensions?.field });

  describe('import routes by role', () => {
    it.each([
      ['a chamber secretary', () => secretary],
      ['a county officer', () => county],
      ['a viewer', () => viewer],
      ['a project official', () => project],
    ])('%s may neither upload nor fetch the template: FORBIDDEN, nothing stored', async (_who, token) => {
      const before = await rowCounts(t, TABLES);
      const res = await upload(token(), writeCsvFile('forbidden.csv', [HEADER, ['陈某', nextIdNumber(), null, null, null, null, branch.name, null, null, null]]));
      expect(restError(res)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const template = await t.http().get('/party-member-imports/template.csv').set('authorization', bearer(token()));
      expect(restError(template)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('without a token the routes answer 401, not a file', async () => {
      expect((await t.http().get('/party-members/export?format=csv')).status).toBe(401);
      expect((await t.http().get('/party-member-imports/template.xlsx')).status).toBe(401);
    });

    it("another committee's officer can neither read, commit, cancel nor download the report of an officer's import", async () => {
      const imp = await validated(officer, [['赵一', nextIdNumber(), null, null, null, null, branch.name, null, null, null]]);
      expect(imp.status).toBe('VALIDATED');
      const before = await rowCounts(t, TABLES);
      const as = (path: string) => t.http().get(path).set('authorization', bearer(otherOfficer));
      for (const res of [
        await as(`/party-member-imports/${imp.id}`),
        await as(`/party-member-imports/${imp.id}/report.csv`),
        await t.http().post(`/party-member-imports/${imp.id}/commit`).set('authorization', bearer(otherOfficer)).send({ version: imp.version }),
        await t.http().post(`/party-member-imports/${imp.id}/cancel`).set('authorization', bearer(otherOfficer)).send({ version: imp.version }),
      ]) {
        expect(res.status).not.toBe(200);
        expect(['NOT_FOUND', 'FORBIDDEN']).toContain(res.body.errors?.[0]?.extensions?.code);
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('unknown and malformed import ids: NOT_FOUND / BAD_USER_INPUT on id, never a 500', async () => {
      const unknown = await t.http().get('/party-member-imports/00000000-0000-4000-8000-000000000000').set('authorization', bearer(officer));
      expect(restError(unknown)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const bad = await t.http().get("/party-member-imports/1'; DROP TABLE party_member;--").set('authorization', bearer(officer));
      expect(restError(bad)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'id' });
    });

    it('commit with a missing, wrong-typed or stale version: BAD_USER_INPUT / CONFLICT on version, nothing written', async () => {
      const imp = await validated(officer, [['钱二', nextIdNumber(), null, null, null, null, branch.name, null, null, null]]);
      const before = await rowCounts(t, TABLES);
      const commit = (body: unknown) => t.http().post(`/party-member-imports/${imp.id}/commit`).set('authorization', bearer(officer)).send(body as object);
      expect(restError(await commit({}))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'version' });
      expect(restError(await commit({ version: '1' }))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'version' });
      expect(restError(await commit({ version: -1 }))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'version' });
      expect(restError(await commit({ version: imp.version + 5 }))).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('the same commit twice at once: one starts it, the other is refused as stale; the person is written once', async () => {
      const idNumber = nextIdNumber();
      const imp = await validated(officer, [['孙三', idNumber, null, null, null, null, branch.name, null, null, null]]);
      const commit = () => t.http().post(`/party-member-imports/${imp.id}/commit`).set('authorization', bearer(officer)).send({ version: imp.version });
      const results = await Promise.all([commit(), commit()]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      await t.app.get(PartyMemberImportService).runCommit(imp.id);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM party_member WHERE id_number = $1`, [idNumber]))[0].n).toBe(1);
    });

    it("an officer's file naming a person registered under another committee does not silently skip them: the row is refused, the other record untouched", async () => {
      const imp = await validated(officer, [['外委党员', foreign.idNumber, null, null, null, null, branch.name, null, null, null]]);
      expect(imp).toMatchObject({ status: 'INVALID', errorRows: 1, matchedRows: 0 });
      const report = await t.http().get(`/party-member-imports/${imp.id}/report.csv`).set('authorization', bearer(officer)).buffer(true);
      const rows = parse(String(report.text).replace(/^\uFEFF/, '')) as string[][];
      expect(rows[1]).toEqual(['2', '身份证号码', maskIdNumber(foreign.idNumber), 'OUTSIDE_SCOPE', expect.stringMatching(/\p{Script=Han}/u)]);
      const [row] = await t.dataSource.query(`SELECT name, organization_id FROM party_member WHERE id = $1`, [foreign.id]);
      expect(row.organization_id).toBe(otherBranch.id);
    });

    it('control characters, a huge name and a unit of another committee are row errors in the report, not a 500', async () => {
      const imp = await validated(officer, [
        ['x'.repeat(5000), nextIdNumber(), null, null, null, null, branch.name, null, null, null],
        ['=HYPERLINK("http://x")', nextIdNumber(), null, null, null, null, branch.name, null, null, null],
        ['周五', nextIdNumber(), null, null, null, null, branch.name, '是', '远'.repeat(101), '2019-03-01'],
        ['控\u0007制', nextIdNumber(), null, '2999-01-01', null, null, branch.name, null, null, null],
        ['李四', nextIdNumber(), null, null, null, null, otherBranch.name, null, null, null],
        ['郑六', nextIdNumber(), null, null, null, '999999', branch.name, null, null, null],
      ]);
      expect({ ...imp, failure: imp.failure }).toMatchObject({ status: 'INVALID', errorRows: 6, failure: null });
      const report = await t.http().get(`/party-member-imports/${imp.id}/report.csv`).set('authorization', bearer(officer)).buffer(true);
      const rows = (parse(String(report.text).replace(/^\uFEFF/, '')) as string[][]).slice(1);
      expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
        ['2', '姓名', 'TOO_LONG'],
        ['3', '姓名', 'FORMULA_TEXT'],
        ['4', '流入地', 'TOO_LONG'],
        ['5', '姓名', 'CONTROL_CHARACTERS'],
        ['5', '入党日期', 'INVALID_DATE'],
        ['6', '所在党支部', 'UNKNOWN_UNIT'],
        ['7', '组织关系所在地', 'UNKNOWN_COUNTY'],
      ]);
      expect(rows.every((r) => /\p{Script=Han}/u.test(r[4]))).toBe(true);
      const commit = await t.http().post(`/party-member-imports/${imp.id}/commit`).set('authorization', bearer(officer)).send({ version: imp.version });
      expect(restError(commit)).toMatchObject({ status: 409, code: 'CONFLICT' });
    });
  });

  describe('import jobs over GraphQL', () => {
    const JOB = `query($id: ID!) { partyMemberImport(id: $id) { id status version errorRows matchedRows createdCount skippedCount reportUrl errors(first: 10) { edges { node { rowNumber errors { column reason messageZh } } } } } }`;
    const JOBS = `query { partyMemberImports(first: 50) { edges { node { id } } } }`;
    const COMMIT_JOB = `mutation($input: PartyMemberImportVersionInput!) { commitPartyMemberImport(input: $input) { id status version } }`;
    const CANCEL_JOB = `mutation($input: PartyMemberImportVersionInput!) { cancelPartyMemberImport(input: $input) { id status } }`;

    it('the uploader follows, commits and lists its import; errors are listed in Chinese; a re-commit with the old version is a CONFLICT', async () => {
      const idNumber = nextIdNumber();
      const bad = await validated(officer, [['吴七', nextIdNumber(), null, null, '积极分子', null, branch.name, null, null, null]], 'gql-bad.csv');
      const badJob = expectData(await t.gql<{ partyMemberImport: any }>(JOB, { id: bad.id }, officer)).partyMemberImport;
      expect(badJob).toMatchObject({ status: 'INVALID', errorRows: 1, reportUrl: `/party-member-imports/${bad.id}/report.csv` });
      expect(badJob.errors.edges[0].node).toMatchObject({ rowNumber: 2, errors: [{ column: '党员类型', reason: 'INVALID_STANDING', messageZh: expect.stringMatching(/\p{Script=Han}/u) }] });

      const imp = await validated(officer, [['冯八', idNumber, null, null, null, null, branch.name, null, null, null]], 'gql-good.csv');
      const started = expectData(await t.gql<{ commitPartyMemberImport: any }>(COMMIT_JOB, { input: { id: imp.id, version: imp.version } }, officer)).commitPartyMemberImport;
      expect(started.status).toBe('COMMITTING');
      await refused(() => t.gql(COMMIT_JOB, { input: { id: imp.id, version: imp.version } }, officer), 'CONFLICT', 'input.version');
      await t.app.get(PartyMemberImportService).runCommit(imp.id);
      expect(expectData(await t.gql<{ partyMemberImport: any }>(JOB, { id: imp.id }, officer)).partyMemberImport).toMatchObject({ status: 'COMMITTED', createdCount: 1 });
      const mine = expectData(await t.gql<{ partyMemberImports: { edges: { node: { id: string } }[] } }>(JOBS, {}, officer)).partyMemberImports.edges.map((e) => e.node.id);
      expect(mine).toEqual(expect.arrayContaining([imp.id, bad.id]));
      const theirs = expectData(await t.gql<{ partyMemberImports: { edges: { node: { id: string } }[] } }>(JOBS, {}, otherOfficer)).partyMemberImports.edges.map((e) => e.node.id);
      expect(theirs).not.toContain(imp.id);
    });

    it("another officer's job, a bad id or version, and roles without party:manage are refused, nothing written", async () => {
      const imp = await validated(officer, [['褚九', nextIdNumber(), null, null, null, null, branch.name, null, null, null]], 'gql-foreign.csv');
      const read = await t.gql(JOB, { id: imp.id }, otherOfficer);
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(read.body.errors?.[0]?.extensions?.code);
      const commit = await refused(() => t.gql(COMMIT_JOB, { input: { id: imp.id, version: imp.version } }, otherOfficer), read.body.errors?.[0]?.extensions?.code);
      expect(commit.body.data?.commitPartyMemberImport ?? null).toBeNull();
      await refused(() => t.gql(CANCEL_JOB, { input: { id: imp.id, version: imp.version } }, otherOfficer), read.body.errors?.[0]?.extensions?.code);
      await refused(() => t.gql(COMMIT_JOB, { input: { id: 'x', version: 1 } }, officer), 'BAD_USER_INPUT', 'input.id');
      await refused(() => t.gql(COMMIT_JOB, { input: { id: imp.id, version: 0 } }, officer), 'BAD_USER_INPUT', 'input.version');
      await refused(() => t.gql(COMMIT_JOB, { input: { id: '00000000-0000-4000-8000-000000000000', version: 1 } }, officer), 'NOT_FOUND');
      for (const token of [secretary, county, viewer, project]) {
        expectError(await t.gql(JOB, { id: imp.id }, token), 'FORBIDDEN');
        await refused(() => t.gql(COMMIT_JOB, { input: { id: imp.id, version: imp.version } }, token), 'FORBIDDEN');
      }
      expect(expectData(await t.gql<{ partyMemberImport: any }>(JOB, { id: imp.id }, admin)).partyMemberImport.status).toBe('VALIDATED');
    });
  });

  describe('export by role', () => {
    it('a chamber secretary exports only the party members of the units attached to its chambers, masked', async () => {
      const inUnit = async (unitId: string) =>
        ((await t.dataSource.query(`SELECT id_number FROM party_member WHERE organization_id = $1`, [unitId])) as { id_number: string }[]).map((r) => maskIdNumber(r.id_number)).sort();
      const rows = await exported(secretary);
      expect(rows.map((r) => r[1]).sort()).toEqual(await inUnit(branch.id));
      expect(rows.map((r) => r[1])).toContain(maskIdNumber(mine.idNumber));
      expect(rows.find((r) => r[1] === maskIdNumber(mine.idNumber))?.[2]).toContain('****');
      expect((await exported(otherSecretary)).map((r) => r[1]).sort()).toEqual(await inUnit(otherBranch.id));
    });

    it('a county officer exports only those whose relation sits in its county', async () => {
      const rows = await exported(county);
      expect(rows.map((r) => r[5])).toEqual(rows.map(() => '330302'));
      expect(rows.map((r) => r[1])).not.toContain(foreign.idNumber);
      expect(rows.map((r) => r[1])).toContain(mine.idNumber);
    });

    it('a viewer gets every party member with no clear ID number or phone', async () => {
      const rows = await exported(viewer);
      const all = (await t.dataSource.query(`SELECT id_number, phones FROM party_member`)) as { id_number: string; phones: string[] }[];
      expect(rows).toHaveLength(all.length);
      for (const r of rows) {
        expect(all.map((a) => a.id_number)).not.toContain(r[1]);
        expect(r[1]).toContain('*');
        if (r[2]) expect(r[2]).toContain('****');
      }
    });

    it("an officer does not export another committee's party members", async () => {
      expect((await exported(officer)).map((r) => r[1])).not.toContain(foreign.idNumber);
      expect((await exported(otherOfficer)).map((r) => r[1])).not.toContain(mine.idNumber);
    });

    it('a project official is refused; a bad format is BAD_USER_INPUT on format', async () => {
      expect(restError(await t.http().get('/party-members/export?format=csv').set('authorization', bearer(project)))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      for (const q of ['', '?format=pdf', '?format=csv%00', '?format[]=csv']) {
        expect(restError(await t.http().get(`/party-members/export${q}`).set('authorization', bearer(officer)))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'format' });
      }
    });
  });

  describe('party member writes over GraphQL', () => {
    it.each([
      ['an empty name', { name: '' }, 'input.name'],
      ['a huge name', { name: '党'.repeat(10_000) }, 'input.name'],
      ['control characters in the name', { name: '陈\u0007红' }, 'input.name'],
      ['a future join date', { joinedOn: '2999-07-01' }, 'input.joinedOn'],
      ['a join date that is no date', { joinedOn: '2001-02-30' }, 'input.joinedOn'],
      ['a county code of letters', { relationCountyCode: 'abcdef' }, 'input.relationCountyCode'],
    ])('%s: BAD_USER_INPUT on its field, nothing written', async (_what, override, field) => {
      await refused(() => t.gql(CREATE, { input: { name: '周某', idNumber: nextIdNumber(), organizationId: branch.id, ...override } }, officer), 'BAD_USER_INPUT', field);
    });

      it('a wrong-typed argument is BAD_USER_INPUT on that field, nothing written', async () => {
      await refused(() => t.gql(CREATE, { input: { name: 123, idNumber: nextIdNumber() } }, officer), 'BAD_USER_INPUT', 'input.name');
    });

    it("an officer cannot place a person in another committee's branch, nor edit or evaluate that committee's members", async () => {
      // A unit the officer cannot read is unknown to it (its existence is not confirmed).
      const outside = await refused(() => t.gql(CREATE, { input: { name: '越界', idNumber: nextIdNumber(), organizationId: otherBranch.id } }, officer), 'BAD_USER_INPUT', 'input.organizationId');
      expect(outside.body.errors?.[0]?.extensions?.messageZh).toMatch(/\p{Script=Han}/u);
      const res = await t.gql(UPDATE, { id: foreign.id, input: { version: 1, mobile: false } }, officer);
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(res.body.errors?.[0]?.extensions?.code);
      const ev = await t.gql(EVALUATE, { id: foreign.id, input: { year: 2023, grade: 'EXCELLENT' } }, officer);
      expect(['NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT']).toContain(ev.body.errors?.[0]?.extensions?.code);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM party_evaluation WHERE party_member_id = $1`, [foreign.id]))[0].n).toBe(0);
    });

    it.each([
      ['a chamber secretary', () => secretary],
      ['a county officer', () => county],
      ['a viewer', () => viewer],
    ])('%s cannot create a party member even in its own scope: FORBIDDEN', async (_who, token) => {
      await refused(() => t.gql(CREATE, { input: { name: '无权', idNumber: nextIdNumber(), organizationId: branch.id } }, token()), 'FORBIDDEN');
    });

    it('the same person registered twice at once: one record, the other a CONFLICT on input.idNumber', async () => {
      const idNumber = nextIdNumber();
      const before = await rowCounts(t, ['party_member'] as const);
      const results = await Promise.all([0, 1].map(() => t.gql(CREATE, { input: { name: '并发', idNumber, organizationId: branch.id } }, officer)));
      const failed = results.filter((r) => r.body.errors);
      expect(failed).toHaveLength(1);
      expectError(failed[0], 'CONFLICT', 'input.idNumber');
      expect((await rowCounts(t, ['party_member'] as const)).party_member).toBe(before.party_member + 1);
    });

    it('a stale version is a CONFLICT on version, nothing changed', async () => {
      const fresh = await f.partyMember({ organizationId: branch.id });
      expectData(await t.gql(UPDATE, { id: fresh.id, input: { version: fresh.version, mobile: false } }, officer));
      await refused(() => t.gql(UPDATE, { id: fresh.id, input: { version: fresh.version, mobile: false } }, officer), 'CONFLICT', 'input.version');
    });

    it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT on id', async () => {
      await refused(() => t.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { version: 1 } }, officer), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE, { id: 'not-a-uuid', input: { version: 1 } }, officer), 'BAD_USER_INPUT', 'id');
    });

    it('an evaluation outside the year range or twice at once: BAD_USER_INPUT / one row and a CONFLICT', async () => {
      await refused(() => t.gql(EVALUATE, { id: mine.id, input: { year: 1800, grade: 'EXCELLENT' } }, officer), 'BAD_USER_INPUT', 'input.year');
      await refused(() => t.gql(EVALUATE, { id: mine.id, input: { year: 2999, grade: 'EXCELLENT' } }, officer), 'BAD_USER_INPUT', 'input.year');
      const results = await Promise.all([0, 1].map(() => t.gql(EVALUATE, { id: mine.id, input: { year: 2022, grade: 'QUALIFIED' } }, officer)));
      const failed = results.filter((r) => r.body.errors);
      expect(failed).toHaveLength(1);
      expectError(failed[0], 'CONFLICT', 'input.year');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM party_evaluation WHERE party_member_id = $1 AND year = 2022`, [mine.id]))[0].n).toBe(1);
    });
  });
});
