import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { OfficialEntity } from '@crm/official';
import { createChamber, createMember, createOfficial, createTestApp, errorCode, expectData, expectError, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// A hostile pass over issue 15's API (returning-investment projects): wrong types, empty, huge and
// control-character text, dates out of range or in the future, negative and huge amounts, unknown
// and foreign ids, stale versions, duplicates, the same change twice at once, and every role of the
// issue's Scope section against the queries, the nested fields, the roll-ups, the report and the
// .xlsx export. Each case states what a user sees (a stable code and the field) and that nothing
// was written.

const TABLES = [
  'investment_project',
  'project_investor',
  'project_enterprise',
  'project_stage_event',
  'funding_record',
  'project_official',
  'project_note',
  'project_issue',
  'service_complaint',
  'investment_target',
  'audit_event',
] as const;

const CREATE = `mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) { id version } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInvestmentProjectInput!) { updateInvestmentProject(id: $id, input: $input) { id version name } }`;
const MOVE = `mutation($id: ID!, $input: MoveProjectStageInput!) { moveInvestmentProjectStage(id: $id, input: $input) { id stage version } }`;
const FUND = `mutation($input: RecordFundingInput!) { recordFunding(input: $input) { id amount } }`;
const CORRECT = `mutation($input: CorrectFundingInput!) { correctFunding(input: $input) { id amount } }`;
const ASSIGN = `mutation($input: AssignProjectOfficialInput!) { assignProjectOfficial(input: $input) { id } }`;
const END = `mutation($id: ID!, $input: EndProjectOfficialInput!) { endProjectOfficial(id: $id, input: $input) { id validTo } }`;
const NOTE = `mutation($input: AddProjectNoteInput!) { addProjectNote(input: $input) { id } }`;
const ISSUE = `mutation($input: RaiseProjectIssueInput!) { raiseProjectIssue(input: $input) { id version } }`;
const RESOLVE = `mutation($id: ID!, $input: ResolveProjectIssueInput!) { resolveProjectIssue(id: $id, input: $input) { id status } }`;
const COMPLAINT = `mutation($input: RecordComplaintInput!) { recordServiceComplaint(input: $input) { id version } }`;
const STEP = (name: string) => `mutation($id: ID!, $input: ComplaintStepInput!) { ${name}(id: $id, input: $input) { id status version } }`;
const TARGET = `mutation($input: SetInvestmentTargetInput!) { setInvestmentTarget(input: $input) { id } }`;
const THRESHOLD = `mutation($input: SetStallThresholdInput!) { setInvestmentStallThreshold(input: $input) { stage days } }`;
const PROJECT = `query($id: ID!) { investmentProject(id: $id) { id name fundsInPlace } }`;
const LIST = `query($first: Int, $filter: InvestmentProjectFilter) { investmentProjects(first: $first, filter: $filter) { totalCount edges { node { id } } } }`;
const REPORT = `query($from: String!, $to: String!, $source: FundingSource) { investmentReport(from: $from, to: $to, source: $source) {
  total { fundsInPlace newProjects } byCounty { key label fundsInPlace } byChamber { key label fundsInPlace } byIndustry { key label } } }`;
const ROLLUP = `query($id: ID!) { chamberRollup(id: $id) { projects { projects fundsInPlace } } }`;
const MEMBER_PROJECTS = `query($id: ID!) { member(id: $id) { projects { id } } }`;

const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const codes = (answers: GqlResponse[]) => answers.map((a) => errorCode(a) ?? 'OK').sort();
const ids = (res: GqlResponse, field: string) => (expectData(res)[field].edges as { node: { id: string } }[]).map((e) => e.node.id).sort();

describe('returning-investment projects, attacked', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string; // county officer of 330381
  let lucheng: string; // county officer of 330302
  let secretary: string; // secretariat of `top` (and `child` below it)
  let viewer: string;
  let party: string;
  let po: string; // project official currently assigned to `a`
  let poEnded: string; // assigned to `a` until yesterday
  let poFuture: string; // assigned to `a` from tomorrow
  let officer: OfficialEntity;
  let spare: OfficialEntity;
  let top: string;
  let child: string;
  let outside: string;
  let investor: string; // a Rui'an member investing in a and b
  let luchengMember: string;
  let a: { id: string; version: number }; // Rui'an, chamber child, signed 2013-05-01
  let b: { id: string; version: number }; // Lucheng, chamber child
  let c: { id: string; version: number }; // Lucheng, chamber outside
  const refused = refusalChecker(() => rowCounts(t, TABLES));

  const projectInput = (over: Record<string, unknown> = {}) => ({
    name: '瑞安智能装备产业园',
    destinationCountyCode: '330381',
    chamberId: child,
    memberIds: [investor],
    industryCode: 'C',
    totalInvestment: '1500000000.00',
    leadOn: '2013-03-01',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}, token = admin) => expectData(await t.gql(CREATE, { input: projectInput(over) }, token)).createInvestmentProject as { id: string; version: number };
  const signed = async (over: Record<string, unknown> = {}) => {
    const p = await create(over);
    return expectData(await t.gql(MOVE, { id: p.id, input: { version: p.version, stage: 'SIGNED', on: '2013-05-01' } }, admin)).moveInvestmentProjectStage as { id: string; version: number };
  };
  const fund = async (projectId: string, amount: string, receivedOn = '2014-02-01') =>
    expectData(await t.gql(FUND, { input: { projectId, receivedOn, amount, source: "OUT_OF_PROVINCE" } }, admin)).recordFunding as { id: string; amount: string };
  const xlsx = (token: string, query: string) =>
    t
      .http()
      .get(`/investment/reports/monthly?${query}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (chunk: Buffer) => chunks.push(chunk));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const sheetRows = async (body: Buffer): Promise<string[][]> => {
    const ExcelJS = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    lucheng = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    party = (await signedInUser(t, { role: Role.PartyOfficer })).accessToken;
    officer = await createOfficial(t, { name: '攻击服务员', countyCode: '330381' });
    spare = await createOfficial(t, { name: '备用联系人', countyCode: '330381' });
    const ended = await createOfficial(t, { name: '已卸任联系人' });
    const future = await createOfficial(t, { name: '待上任联系人' });
    po = (await signedInUser(t, { role: Role.ProjectOfficial, officialId: officer.id })).accessToken;
    poEnded = (await signedInUser(t, { role: Role.ProjectOfficial, officialId: ended.id })).accessToken;
    poFuture = (await signedInUser(t, { role: Role.ProjectOfficial, officialId: future.id })).accessToken;
    top = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    child = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top })).id;
    outside = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top })).accessToken;
    investor = (await createMember(t, { name: '两地投资人', hometownCode: '330381' })).id;
    luchengMember = (await createMember(t, { name: '鹿城投资人', hometownCode: '330302' })).id;
    a = await signed();
    b = await signed({ name: '鹿城项目乙', destinationCountyCode: '330302' });
    c = await signed({ name: '鹿城项目丙', destinationCountyCode: '330302', chamberId: outside, memberIds: [luchengMember] });
    await fund(a.id, '100.00');
    await fund(b.id, '20.00');
    await fund(c.id, '3.00');
    const assign = (officialId: string, validFrom: string) => t.gql(ASSIGN, { input: { projectId: a.id, officialId, role: 'LIAISON_LEADER', validFrom } }, admin);
    expectData(await assign(officer.id, '2013-03-01'));
    const old = expectData(await assign(ended.id, '2013-03-01')).assignProjectOfficial as { id: string };
    expectData(await t.gql(END, { id: old.id, input: { validTo: YESTERDAY } }, admin));
    expectData(await assign(future.id, TOMORROW));
    // Nine accounts signed in and three projects funded and staffed over HTTP: slow on a busy machine.
  }, 120_000);
  afterAll(() => t.close());

  describe('each role of the Scope section against every read path', () => {
    it('a project official: exactly the currently assigned projects, in lists, by id, in roll-ups; nothing once ended or before it starts', async () => {
      expect(ids(await t.gql(LIST, { first: 100 }, po), 'investmentProjects')).toEqual([a.id]);
      expect(expectData(await t.gql(PROJECT, { id: a.id }, po)).investmentProject.fundsInPlace).toBe('100.00');
      expect(errorCode(await t.gql(PROJECT, { id: b.id }, po))).toBe('NOT_FOUND');
      for (const token of [poEnded, poFuture]) {
        expect(ids(await t.gql(LIST, { first: 100 }, token), 'investmentProjects')).toEqual([]);
        expect(errorCode(await t.gql(PROJECT, { id: a.id }, token))).toBe('NOT_FOUND');
        await refused(() => t.gql(NOTE, { input: { projectId: a.id, text: '离任后发帖' } }, token), 'NOT_FOUND');
      }
      // The chamber roll-up counts only the assigned project (a and b were both introduced by child).
      expect(expectData(await t.gql(ROLLUP, { id: top }, po)).chamberRollup.projects).toEqual({ projects: 1, fundsInPlace: '100.00' });
      expect(expectData(await t.gql(ROLLUP, { id: top }, poEnded)).chamberRollup.projects).toEqual({ projects: 0, fundsInPlace: '0.00' });
      // Reports, the export, member records and targets are not theirs.
      expect(errorCode(await t.gql(REPORT, { from: '2014-01-01', to: '2014-12-31' }, po))).toBe('FORBIDDEN');
      expect((await xlsx(po, 'month=2014-02')).status).toBe(403);
      expect(errorCode(await t.gql(MEMBER_PROJECTS, { id: investor }, po))).toBe('FORBIDDEN');
      // Progress on their own project; no money, no officials, no stage moves.
      expectData(await t.gql(NOTE, { input: { projectId: a.id, text: '现场推进会召开' } }, po));
      await refused(() => t.gql(FUND, { input: { projectId: a.id, receivedOn: '2014-01-01', amount: '1.00', source: 'FOREIGN' } }, po), 'FORBIDDEN');
      await refused(() => t.gql(MOVE, { id: a.id, input: { version: a.version, stage: 'STARTED', on: '2014-01-01' } }, po), 'FORBIDDEN');
      await refused(() => t.gql(ASSIGN, { input: { projectId: a.id, officialId: spare.id, role: 'LIAISON_LEADER', validFrom: '2014-01-01' } }, po), 'FORBIDDEN');
    });

    it('a county office: its county in lists, by id, the member record, the roll-up, the report and the .xlsx', async () => {
      expect(ids(await t.gql(LIST, { first: 100, filter: { countyCode: '330302' } }, ruian), 'investmentProjects')).toEqual([]);
      expect(errorCode(await t.gql(PROJECT, { id: b.id }, ruian))).toBe('NOT_FOUND');
      const member = expectData(await t.gql(MEMBER_PROJECTS, { id: investor }, ruian)).member.projects.map((p: { id: string }) => p.id);
      expect(member).toContain(a.id);
      expect(member).not.toContain(b.id);
      expect(expectData(await t.gql(ROLLUP, { id: top }, lucheng)).chamberRollup.projects).toEqual({ projects: 1, fundsInPlace: '20.00' });
      const report = expectData(await t.gql(REPORT, { from: '2014-01-01', to: '2014-12-31' }, lucheng)).investmentReport;
      expect(report.byCounty.map((r: { key: string }) => r.key)).toEqual(['330302']);
      // Groups are labelled as people read them: the county's and the chamber's names, not codes or ids.
      expect(report.byCounty[0].label).toBe('鹿城区');
      const [{ name: childName }] = (await t.dataSource.query('SELECT name FROM chamber WHERE id = $1', [child])) as { name: string }[];
      expect(report.byChamber.find((r: { key: string }) => r.key === child).label).toBe(childName);
      expect(report.total.fundsInPlace).toBe('23.00');
      const sheet = await xlsx(lucheng, 'month=2014-02');
      expect(sheet.status).toBe(200);
      const rows = await sheetRows(sheet.body as Buffer);
      expect(rows[1][3]).toBe('0.00'); // 23 yuan in 万元, rounded half up: 0.0023 → 0.00
      expect(rows.flat().join('|')).not.toContain('330381');
      expect(rows.flat()).toEqual(expect.arrayContaining(['鹿城区', 'C 制造业']));
      expect(rows.flat().join('|')).not.toContain(child);
    });

    it('a chamber secretariat: reads its subtree only, in lists, by id, the report; changes nothing', async () => {
      expect(ids(await t.gql(LIST, { first: 100 }, secretary), 'investmentProjects')).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids(await t.gql(LIST, { first: 100 }, secretary), 'investmentProjects')).not.toContain(c.id);
      expect(errorCode(await t.gql(PROJECT, { id: c.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(ROLLUP, { id: outside }, secretary))).toBe('NOT_FOUND');
      const report = expectData(await t.gql(REPORT, { from: '2014-01-01', to: '2014-12-31' }, secretary)).investmentReport;
      expect(report.byChamber.map((r: { key: string }) => r.key)).toEqual([child]);
      expect(report.total.fundsInPlace).toBe('120.00');
      await refused(() => t.gql(CREATE, { input: projectInput() }, secretary), 'FORBIDDEN');
      await refused(() => t.gql(FUND, { input: { projectId: a.id, receivedOn: '2014-01-01', amount: '1.00', source: 'FOREIGN' } }, secretary), 'FORBIDDEN');
      await refused(() => t.gql(NOTE, { input: { projectId: a.id, text: '商会发帖' } }, secretary), 'FORBIDDEN');
      await refused(() => t.gql(TARGET, { input: { year: 2018, unitKind: 'CHAMBER', chamberId: top, fundsTarget: '1.00' } }, secretary), 'FORBIDDEN');
    });

    it('a viewer reads everything and changes nothing; a party officer reads nothing', async () => {
      expect(ids(await t.gql(LIST, { first: 100 }, viewer), 'investmentProjects')).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      expect((await xlsx(viewer, 'month=2014-02')).status).toBe(200);
      await refused(() => t.gql(UPDATE, { id: a.id, input: { version: a.version, name: '只读' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(NOTE, { input: { projectId: a.id, text: '只读' } }, viewer), 'FORBIDDEN');
      for (const query of [LIST, REPORT]) expect(errorCode(await t.gql(query, { first: 10, from: '2014-01-01', to: '2014-12-31' }, party))).toBe('FORBIDDEN');
      expect((await xlsx(party, 'month=2014-02')).status).toBe(403);
      expect((await t.http().get('/investment/reports/monthly?month=2014-02')).status).toBe(401);
    });

    it('the export refuses a bad month or source with the field', async () => {
      for (const query of ['month=2014-2', 'month=2014-00', 'month=', 'source=FOREIGN', 'month=2014-02&source=MARS', 'month[]=2014-02']) {
        const res = await xlsx(admin, query);
        expect(res.status).toBe(400);
      }
    });
  });

  describe('wrong types, empty, huge and control-character input: BAD_USER_INPUT on the field, nothing written', () => {
    it('names', async () => {
      for (const name of ['', '   ', 'x'.repeat(201), '项目\u0000名', '项目\u0007名']) {
        await refused(() => t.gql(CREATE, { input: projectInput({ name }) }, admin), 'BAD_USER_INPUT', 'input.name');
      }
      await refused(() => t.gql(CREATE, { input: projectInput({ name: 42 }) }, admin), 'BAD_USER_INPUT', 'input.name');
    });

    it('amounts: huge, exponent, blank, padded, full-width, a JSON number, negative', async () => {
      for (const totalInvestment of ['123456789012345.00', '1e10', '', ' 100.00', '100.', '１００.00', '0x10', 'NaN', '-0.01']) {
        await refused(() => t.gql(CREATE, { input: projectInput({ totalInvestment }) }, admin), 'BAD_USER_INPUT', 'input.totalInvestment');
      }
      for (const amount of [123.45, 1e20, '99999999999999.999', '-5.00', '0', true]) {
        await refused(() => t.gql(FUND, { input: { projectId: a.id, receivedOn: '2014-02-01', amount, source: 'OUT_OF_PROVINCE' } }, admin), 'BAD_USER_INPUT', 'input.amount');
      }
      // The largest amount numeric(16,2) holds goes in and comes out to the cent.
      const big = await signed({ name: '大额项目' });
      expect((await fund(big.id, '99999999999999.99')).amount).toBe('99999999999999.99');
      expect(expectData(await t.gql(PROJECT, { id: big.id }, admin)).investmentProject.fundsInPlace).toBe('99999999999999.99');
      // A second one would overflow the project's sum type? No: sums are numeric; the report prints it exactly.
      await fund(big.id, '99999999999999.99');
      expect(expectData(await t.gql(PROJECT, { id: big.id }, admin)).investmentProject.fundsInPlace).toBe('199999999999999.98');
    });

    it('dates: impossible, out of range, in the future', async () => {
      for (const leadOn of ['2013-02-30', '1899-12-31', TOMORROW, '2013/03/01', '']) {
        await refused(() => t.gql(CREATE, { input: projectInput({ leadOn }) }, admin), 'BAD_USER_INPUT', 'input.leadOn');
      }
      await refused(() => t.gql(FUND, { input: { projectId: a.id, receivedOn: TOMORROW, amount: '1.00', source: 'OUT_OF_PROVINCE' } }, admin), 'BAD_USER_INPUT', 'input.receivedOn');
      await refused(() => t.gql(MOVE, { id: a.id, input: { version: a.version, stage: 'STARTED', on: TOMORROW } }, admin), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(NOTE, { input: { projectId: a.id, text: '进展', writtenOn: TOMORROW } }, admin), 'BAD_USER_INPUT', 'input.writtenOn');
      await refused(() => t.gql(REPORT, { from: '2014-13-01', to: '2014-12-31' }, admin), 'BAD_USER_INPUT', 'from');
      const funds = await t.gql(`query($id: ID!) { investmentProject(id: $id) { fundsInPlace(from: "yesterday") } }`, { id: a.id }, admin);
      expect(errorCode(funds)).toBe('BAD_USER_INPUT');
    });

    it('numbers: negative and huge jobs, page sizes, years, thresholds', async () => {
      for (const expectedJobs of [-1, 2_000_000]) await refused(() => t.gql(CREATE, { input: projectInput({ expectedJobs }) }, admin), 'BAD_USER_INPUT', 'input.expectedJobs');
      await refused(() => t.gql(CREATE, { input: projectInput({ expectedJobs: 2 ** 31 }) }, admin), 'BAD_USER_INPUT', 'input.expectedJobs');
      for (const first of [0, -1, 101]) expect(errorCode(await t.gql(LIST, { first }, admin))).toBe('BAD_USER_INPUT');
      for (const year of [1999, 2101]) {
        await refused(() => t.gql(TARGET, { input: { year, unitKind: 'CITY', fundsTarget: '1.00' } }, admin), 'BAD_USER_INPUT', 'input.year');
      }
      await refused(() => t.gql(TARGET, { input: { year: 2016, unitKind: 'CITY', fundsTarget: '-1.00' } }, admin), 'BAD_USER_INPUT', 'input.fundsTarget');
      await refused(() => t.gql(TARGET, { input: { year: 2016, unitKind: 'CHAMBER', fundsTarget: '1.00' } }, admin), 'BAD_USER_INPUT', 'input.chamberId');
      for (const days of [0, 3651]) expect(errorCode(await t.gql(THRESHOLD, { input: { stage: 'LEAD', days } }, admin))).toBe('BAD_USER_INPUT');
      const stalled = await t.gql(THRESHOLD, { input: { stage: 'STALLED', days: 10 } }, admin);
      expect({ code: errorCode(stalled), field: stalled.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'input.stage' });
    });

    it('text of notes, problems and complaints', async () => {
      for (const text of ['', '  ', 'x'.repeat(5001), '进展\u0000']) {
        await refused(() => t.gql(NOTE, { input: { projectId: a.id, text } }, admin), 'BAD_USER_INPUT', 'input.text');
      }
      await refused(() => t.gql(ISSUE, { input: { projectId: a.id, category: 'LAND', description: '', unit: '国土局', raisedOn: '2014-01-01' } }, admin), 'BAD_USER_INPUT', 'input.description');
      await refused(() => t.gql(ISSUE, { input: { projectId: a.id, category: 'WEATHER', description: '用地', unit: '国土局', raisedOn: '2014-01-01' } }, admin), 'BAD_USER_INPUT', 'input.category');
      await refused(() => t.gql(COMPLAINT, { input: { projectId: a.id, complainant: 'x'.repeat(201), content: '投诉', receivedOn: '2014-01-01' } }, admin), 'BAD_USER_INPUT', 'input.complainant');
    });
  });

  describe('unknown and foreign ids', () => {
    it('unknown project, funding record, assignment, problem, complaint: NOT_FOUND or the field', async () => {
      await refused(() => t.gql(UPDATE, { id: UNKNOWN, input: { version: 1, name: '无' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(FUND, { input: { projectId: UNKNOWN, receivedOn: '2014-01-01', amount: '1.00', source: 'FOREIGN' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(CORRECT, { input: { fundingId: UNKNOWN, amount: '-1.00', note: '更正' } }, admin), 'BAD_USER_INPUT', 'input.fundingId');
      await refused(() => t.gql(END, { id: UNKNOWN, input: { validTo: '2014-01-01' } }, admin), 'NOT_FOUND', 'id');
      await refused(() => t.gql(RESOLVE, { id: UNKNOWN, input: { version: 1, resolvedOn: '2014-01-01', resolution: '已解决' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(STEP('closeServiceComplaint'), { id: UNKNOWN, input: { version: 1, text: '结果' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE, { id: 'not-a-uuid', input: { version: 1, name: '无' } }, admin), 'BAD_USER_INPUT', 'id');
      expect(errorCode(await t.gql(PROJECT, { id: UNKNOWN }, admin))).toBe('NOT_FOUND');
    });

    it('unknown chamber, member, enterprise, official: the field at fault', async () => {
      await refused(() => t.gql(CREATE, { input: projectInput({ chamberId: UNKNOWN }) }, admin), 'BAD_USER_INPUT', 'input.chamberId');
      await refused(() => t.gql(CREATE, { input: projectInput({ memberIds: [investor, UNKNOWN] }) }, admin), 'BAD_USER_INPUT', 'input.memberIds.1');
      await refused(() => t.gql(CREATE, { input: projectInput({ enterpriseIds: [UNKNOWN] }) }, admin), 'BAD_USER_INPUT', 'input.enterpriseIds');
      await refused(() => t.gql(ASSIGN, { input: { projectId: a.id, officialId: UNKNOWN, role: 'LIAISON_LEADER', validFrom: '2014-01-01' } }, admin), 'BAD_USER_INPUT', 'input.officialId');
      await refused(() => t.gql(CREATE, { input: projectInput({ memberIds: Array.from({ length: 21 }, () => investor) }) }, admin), 'BAD_USER_INPUT', 'input.memberIds');
    });

    it("another county's member or project, for a county office", async () => {
      await refused(() => t.gql(CREATE, { input: projectInput({ memberIds: [luchengMember] }) }, ruian), 'BAD_USER_INPUT', 'input.memberIds.0');
      await refused(() => t.gql(UPDATE, { id: b.id, input: { version: b.version, name: '越权' } }, ruian), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE, { id: a.id, input: { version: a.version, destinationCountyCode: '330302' } }, ruian), 'FORBIDDEN', 'input.destinationCountyCode');
      await refused(() => t.gql(FUND, { input: { projectId: b.id, receivedOn: '2014-01-01', amount: '1.00', source: 'FOREIGN' } }, ruian), 'NOT_FOUND');
      const [{ id: fundingB }] = (await t.dataSource.query('SELECT id FROM funding_record WHERE project_id = $1', [b.id])) as { id: string }[];
      await refused(() => t.gql(CORRECT, { input: { fundingId: fundingB, amount: '-1.00', note: '越权更正' } }, ruian), 'BAD_USER_INPUT', 'input.fundingId');
      await refused(() => t.gql(NOTE, { input: { projectId: b.id, text: '越权' } }, ruian), 'NOT_FOUND');
    });
  });

  describe('duplicates and the same change twice at once', () => {
    it('duplicate investors in a list are one link', async () => {
      const p = await create({ name: '重复投资人', memberIds: [investor, investor, investor] });
      expect(await t.dataSource.query('SELECT member_id FROM project_investor WHERE project_id = $1', [p.id])).toHaveLength(1);
    });

    it('the same official twice in the same role over overlapping periods is refused', async () => {
      const p = await signed({ name: '重复联系领导' });
      expectData(await t.gql(ASSIGN, { input: { projectId: p.id, officialId: spare.id, role: 'LIAISON_LEADER', validFrom: '2013-06-01' } }, admin));
      await refused(() => t.gql(ASSIGN, { input: { projectId: p.id, officialId: spare.id, role: 'LIAISON_LEADER', validFrom: '2014-01-01' } }, admin), 'CONFLICT', 'input.officialId');
    });

    it('two service officers at once: one wins, the other is CONFLICT', async () => {
      const p = await signed({ name: '并发服务员' });
      const before = (await rowCounts(t, ['project_official'])).project_official;
      const answers = await Promise.all(
        [officer, spare].map((o) => t.gql(ASSIGN, { input: { projectId: p.id, officialId: o.id, role: 'SERVICE_OFFICER', validFrom: '2013-06-01' } }, admin)),
      );
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      expect((await rowCounts(t, ['project_official'])).project_official).toBe(before + 1);
    });

    it('the same target twice at once: one wins, the other is CONFLICT', async () => {
      const before = (await rowCounts(t, ['investment_target'])).investment_target;
      const answers = await Promise.all([1, 2].map((n) => t.gql(TARGET, { input: { year: 2017, unitKind: 'CHAMBER', chamberId: top, fundsTarget: `${n}000.00` } }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      expect((await rowCounts(t, ['investment_target'])).investment_target).toBe(before + 1);
    });

    it('two edits or stage moves carrying the same version: one wins, the other is CONFLICT on input.version', async () => {
      const p = await create({ name: '并发编辑' });
      const edits = await Promise.all(['甲', '乙'].map((n) => t.gql(UPDATE, { id: p.id, input: { version: p.version, name: `并发编辑${n}` } }, admin)));
      expect(codes(edits)).toEqual(['CONFLICT', 'OK']);
      expect(edits.find((e) => errorCode(e))?.body.errors?.[0].extensions?.field).toBe('input.version');
      const events = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM project_stage_event WHERE project_id = $1', [p.id]))[0].n as number;
      const before = await events();
      const moves = await Promise.all(['SIGNED', 'STALLED'].map((stage) => t.gql(MOVE, { id: p.id, input: { version: p.version + 1, stage, on: '2013-05-01', reason: '并发' } }, admin)));
      expect(codes(moves)).toEqual(['CONFLICT', 'OK']);
      expect(await events()).toBe(before + 1);
    });

    it('two corrections at once cannot take a record below zero', async () => {
      const p = await signed({ name: '并发更正' });
      const original = await fund(p.id, '100.00');
      const answers = await Promise.all([1, 2].map(() => t.gql(CORRECT, { input: { fundingId: original.id, amount: '-60.00', note: '更正' } }, admin)));
      expect(codes(answers)).toEqual(['BAD_USER_INPUT', 'OK']);
      expect(expectData(await t.gql(PROJECT, { id: p.id }, admin)).investmentProject.fundsInPlace).toBe('40.00');
    });

    it('a complaint closed before it is handled, or stepped twice with one version', async () => {
      const complaint = expectData(await t.gql(COMPLAINT, { input: { projectId: a.id, complainant: '投资方', content: '审批拖延', receivedOn: '2014-01-02' } }, admin)).recordServiceComplaint;
      await refused(() => t.gql(STEP('closeServiceComplaint'), { id: complaint.id, input: { version: complaint.version, text: '结果', on: '2014-01-03' } }, admin), 'BAD_USER_INPUT', 'id');
      const twice = await Promise.all([1, 2].map(() => t.gql(STEP('assignServiceComplaint'), { id: complaint.id, input: { version: complaint.version, unit: '效能办' } }, admin)));
      expect(codes(twice)).toEqual(['CONFLICT', 'OK']);
      await refused(() => t.gql(STEP('assignServiceComplaint'), { id: complaint.id, input: { version: complaint.version, unit: '效能办' } }, admin), 'CONFLICT', 'input.version');
      const issue = expectData(await t.gql(ISSUE, { input: { projectId: a.id, category: 'LAND', description: '用地', unit: '国土局', raisedOn: '2014-01-05' } }, admin)).raiseProjectIssue;
      await refused(() => t.gql(RESOLVE, { id: issue.id, input: { version: issue.version, resolvedOn: '2014-01-04', resolution: '已解决' } }, admin), 'BAD_USER_INPUT', 'input.resolvedOn');
    });

    it('the database refuses an edit or a deletion of a funding record', async () => {
      await expect(t.dataSource.query(`UPDATE funding_record SET amount = 1 WHERE project_id = $1`, [a.id])).rejects.toThrow();
      await expect(t.dataSource.query(`DELETE FROM funding_record WHERE project_id = $1`, [a.id])).rejects.toThrow();
    });
  });

});
