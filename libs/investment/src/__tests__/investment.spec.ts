import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { OfficialEntity } from '@crm/official';
import { captureSql, createChamber, createMember, createOfficial, createTestApp, expectData, refusalChecker, rowCounts, signedInUser, TestApp, expectError } from '@crm/testing';

// Returning-investment projects (docs/investment.md), driven over HTTP against the real database.

const CREATE = `mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) { id name stage version totalInvestment totalInvestmentWan } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInvestmentProjectInput!) { updateInvestmentProject(id: $id, input: $input) { id name version } }`;
const MOVE = `mutation($id: ID!, $input: MoveProjectStageInput!) { moveInvestmentProjectStage(id: $id, input: $input) { id stage version signedOn startedOn productionOn stageReason } }`;
const FUND = `mutation($input: RecordFundingInput!) { recordFunding(input: $input) { id amount receivedOn source correctsId } }`;
const CORRECT = `mutation($input: CorrectFundingInput!) { correctFunding(input: $input) { id amount correctsId } }`;
const ASSIGN = `mutation($input: AssignProjectOfficialInput!) { assignProjectOfficial(input: $input) { id role validFrom validTo } }`;
const END = `mutation($id: ID!, $input: EndProjectOfficialInput!) { endProjectOfficial(id: $id, input: $input) { id validTo } }`;
const NOTE = `mutation($input: AddProjectNoteInput!) { addProjectNote(input: $input) { id text officialId } }`;
const ISSUE = `mutation($input: RaiseProjectIssueInput!) { raiseProjectIssue(input: $input) { id status version } }`;
const RESOLVE = `mutation($id: ID!, $input: ResolveProjectIssueInput!) { resolveProjectIssue(id: $id, input: $input) { id status resolvedOn version } }`;
const COMPLAINT = `mutation($input: RecordComplaintInput!) { recordServiceComplaint(input: $input) { id status version } }`;
const STEP = (name: string) => `mutation($id: ID!, $input: ComplaintStepInput!) { ${name}(id: $id, input: $input) { id status version assignedUnit handledOn result closedOn } }`;
const TARGET = `mutation($input: SetInvestmentTargetInput!) { setInvestmentTarget(input: $input) { id year unitKind fundsTarget } }`;
const PROJECT = `query($id: ID!) { investmentProject(id: $id) {
  id name stage version chamber { id } investors { name } officials { role validFrom official { name } }
  stageHistory { fromStage toStage onDate reason } fundingRecords { amount correctsId } fundsInPlace
  notes { text } issues { status unit } complaints { status result } } }`;
const LIST = `query($first: Int, $filter: InvestmentProjectFilter) { investmentProjects(first: $first, filter: $filter) { totalCount edges { node { id name stage stallRisk
  fundsInPlace(from: "2014-01-01", to: "2014-12-31") investors { name } officials { role official { name } } } } } }`;

describe('returning-investment projects', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string;
  let lucheng: string;
  let secretary: string;
  let viewer: string;
  let po: string;
  let mayor: OfficialEntity;
  let officer: OfficialEntity;
  let other: OfficialEntity;
  let top: string;
  let child: string;
  let outside: string;
  let investor: string;
  const refused = refusalChecker(() =>
    rowCounts(t, ['investment_project', 'project_investor', 'project_stage_event', 'funding_record', 'project_official', 'project_note', 'project_issue', 'service_complaint', 'investment_target', 'audit_event']),
  );

  const projectInput = (over: Record<string, unknown> = {}) => ({
    name: '瑞安智能装备产业园',
    destinationCountyCode: '330381',
    chamberId: child,
    memberIds: [investor],
    industryCode: 'C',
    keyLevel: 'CITY',
    totalInvestment: '1500000000.00',
    contractedInvestment: '1200000000.00',
    expectedJobs: 800,
    leadOn: '2013-03-01',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}, token = admin) => expectData(await t.gql(CREATE, { input: projectInput(over) }, token)).createInvestmentProject;
  const signed = async (over: Record<string, unknown> = {}) => {
    const p = await create(over);
    return expectData(await t.gql(MOVE, { id: p.id, input: { version: 1, stage: 'SIGNED', on: '2013-05-01' } }, admin)).moveInvestmentProjectStage;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    lucheng = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    mayor = await createOfficial(t, { name: '厉市长', title: '副市长' });
    officer = await createOfficial(t, { name: '瑞安服务员', countyCode: '330381' });
    other = await createOfficial(t, { name: '鹿城服务员', countyCode: '330302' });
    po = (await signedInUser(t, { role: Role.ProjectOfficial, officialId: officer.id })).accessToken;
    top = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    child = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top })).id;
    outside = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top })).accessToken;
    investor = (await createMember(t, { name: '瑞安投资人', hometownCode: '330381' })).id;
  });
  afterAll(() => t.close());

  it('registers a project with its investors, chamber and exact money, audited', async () => {
    const p = await create();
    expect(p).toMatchObject({ stage: 'LEAD', version: 1, totalInvestment: '1500000000.00', totalInvestmentWan: '150000.00' });
    const read = expectData(await t.gql(PROJECT, { id: p.id }, admin)).investmentProject;
    expect(read).toMatchObject({ chamber: { id: child }, investors: [{ name: '瑞安投资人' }], stageHistory: [{ fromStage: null, toStage: 'LEAD', onDate: '2013-03-01' }], fundsInPlace: '0.00' });
    const [audit] = await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1`, [p.id]);
    expect(audit.operation).toBe('investmentProject.create');
  });

  describe('bad input: a clear error with its code and field, nothing written', () => {
    it('a destination outside the home city', async () => {
      const res = await refused(() => t.gql(CREATE, { input: projectInput({ destinationCountyCode: '330102' }) }, admin), 'BAD_USER_INPUT', 'input.destinationCountyCode');
      expect(res.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_NOT_HOME_COUNTY');
    });

    it('a negative amount, a 3-decimal amount, a float where a decimal string belongs', async () => {
      await refused(() => t.gql(CREATE, { input: projectInput({ totalInvestment: '-1.00' }) }, admin), 'BAD_USER_INPUT', 'input.totalInvestment');
      const third = await refused(() => t.gql(CREATE, { input: projectInput({ totalInvestment: '1.234' }) }, admin), 'BAD_USER_INPUT', 'input.totalInvestment');
      // The scalar's own Chinese, which the admin UI shows beside the field.
      expect(third.body.errors?.[0].extensions?.messageZh).toContain('最多 14 位整数、2 位小数');
      await refused(() => t.gql(CREATE, { input: projectInput({ totalInvestment: 1500000000.5 }) }, admin), 'BAD_USER_INPUT', 'input.totalInvestment');
      await refused(() => t.gql(`mutation { createInvestmentProject(input: { name: "x", destinationCountyCode: "330381", totalInvestment: 12.5, leadOn: "2013-01-01" }) { id } }`, {}, admin), 'BAD_USER_INPUT');
      const p = await signed();
      const fund = (amount: unknown) => () => t.gql(FUND, { input: { projectId: p.id, receivedOn: '2013-06-01', amount, source: 'OUT_OF_PROVINCE' } }, admin);
      const negative = await refused(fund('-100.00'), 'BAD_USER_INPUT', 'input.amount');
      expect(negative.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_NEGATIVE_AMOUNT');
      await refused(fund('100.001'), 'BAD_USER_INPUT', 'input.amount');
      await refused(fund(100.5), 'BAD_USER_INPUT', 'input.amount');
      await refused(fund('0.00'), 'BAD_USER_INPUT', 'input.amount');
    });

    it('a stage jump that is not allowed', async () => {
      const p = await create();
      const move = (input: Record<string, unknown>) => () => t.gql(MOVE, { id: p.id, input: { version: 1, ...input } }, admin);
      const skip = await refused(move({ stage: 'STARTED', on: '2013-06-01' }), 'BAD_USER_INPUT', 'input.signedOn');
      expect(skip.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_SKIPPED_DATE_MISSING');
      await refused(move({ stage: 'STARTED', on: '2013-06-01', signedOn: '2013-07-01' }), 'BAD_USER_INPUT', 'input.on');
      await refused(move({ stage: 'STALLED', on: '2013-06-01' }), 'BAD_USER_INPUT', 'input.reason');
      await refused(move({ stage: 'LEAD', on: '2013-06-01' }), 'BAD_USER_INPUT', 'input.stage');
      await refused(move({ stage: 'SIGNED', on: '2013-01-01' }), 'BAD_USER_INPUT', 'input.on');
    });

    it('funds recorded before the project was signed', async () => {
      const lead = await create();
      const notYet = await refused(() => t.gql(FUND, { input: { projectId: lead.id, receivedOn: '2013-06-01', amount: '100.00', source: 'OUT_OF_PROVINCE' } }, admin), 'BAD_USER_INPUT', 'input.receivedOn');
      expect(notYet.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_NOT_SIGNED');
      const p = await signed();
      const early = await refused(() => t.gql(FUND, { input: { projectId: p.id, receivedOn: '2013-04-30', amount: '100.00', source: 'OUT_OF_PROVINCE' } }, admin), 'BAD_USER_INPUT', 'input.receivedOn');
      expect(early.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_FUNDS_BEFORE_SIGNING');
      // The database holds the same rule for any other writer.
      await expect(t.dataSource.query(`INSERT INTO funding_record (project_id, received_on, amount, source) VALUES ($1, '2013-04-01', 1, 'OUT_OF_PROVINCE')`, [p.id])).rejects.toThrow(/signing date/);
    });

    it('a target set twice for the same unit and year', async () => {
      expectData(await t.gql(TARGET, { input: { year: 2015, unitKind: 'COUNTY', countyCode: '330381', fundsTarget: '8000000000.00', newProjectsTarget: 40 } }, admin));
      const twice = await refused(() => t.gql(TARGET, { input: { year: 2015, unitKind: 'COUNTY', countyCode: '330381', fundsTarget: '9000000000.00' } }, admin), 'CONFLICT', 'input.year');
      expect(twice.body.errors?.[0].extensions?.reason).toBe('INVESTMENT_TARGET_EXISTS');
      await refused(() => t.gql(TARGET, { input: { year: 2015, unitKind: 'COUNTY', countyCode: '330102', fundsTarget: '1.00' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
      await refused(() => t.gql(TARGET, { input: { year: 2015, unitKind: 'CITY', fundsTarget: '1.00' } }, ruian), 'FORBIDDEN');
      await expect(t.dataSource.query(`INSERT INTO investment_target (year, unit_kind, county_code, funds_target) VALUES (2015, 'COUNTY', '330381', 1)`)).rejects.toThrow(/uq_investment_target/);
    });

    it('an official who does not exist', async () => {
      const p = await create();
      const res = await refused(
        () => t.gql(ASSIGN, { input: { projectId: p.id, officialId: '00000000-0000-4000-8000-000000000001', role: 'SERVICE_OFFICER', validFrom: '2013-03-01' } }, admin),
        'BAD_USER_INPUT',
        'input.officialId',
      );
      expect(res.body.errors?.[0].extensions?.reason).toBe('OFFICIAL_UNKNOWN');
    });

    it('an edit of a project not assigned to the caller', async () => {
      const p = await create();
      // A project official sees only their projects: another one is not found, to read or to post on.
      await refused(() => t.gql(NOTE, { input: { projectId: p.id, text: '推进顺利' } }, po), 'NOT_FOUND', undefined);
      await refused(() => t.gql(ISSUE, { input: { projectId: p.id, category: 'LAND', description: '用地', unit: '国土局', raisedOn: '2013-04-01' } }, po), 'NOT_FOUND', undefined);
      // Nor may they edit project fields, even of their own projects (project:manage is not theirs).
      await refused(() => t.gql(UPDATE, { id: p.id, input: { version: 1, name: '改名' } }, po), 'FORBIDDEN', undefined);
      // A county office: another county's project is not found; a secretariat reads but does not edit.
      await refused(() => t.gql(UPDATE, { id: p.id, input: { version: 1, name: '改名' } }, lucheng), 'NOT_FOUND', undefined);
      await refused(() => t.gql(UPDATE, { id: p.id, input: { version: 1, name: '改名' } }, secretary), 'FORBIDDEN', undefined);
      await refused(() => t.gql(CREATE, { input: projectInput() }, lucheng), 'FORBIDDEN', 'input.destinationCountyCode');
    });

    it('a stale version', async () => {
      const p = await create();
      expect(expectData(await t.gql(UPDATE, { id: p.id, input: { version: 1, name: '新名称' } }, ruian)).updateInvestmentProject.version).toBe(2);
      const res = await refused(() => t.gql(UPDATE, { id: p.id, input: { version: 1, name: '旧名称' } }, ruian), 'CONFLICT', 'input.version');
      expect(res.body.errors?.[0].extensions).toMatchObject({ reason: 'INVESTMENT_STALE_VERSION', currentVersion: 2 });
      await refused(() => t.gql(MOVE, { id: p.id, input: { version: 1, stage: 'SIGNED', on: '2013-05-01' } }, ruian), 'CONFLICT', 'input.version');
    });
  });

  it('stages: forward with skipped dates, back with a reason, stalled and resumed, cancelled for good; history kept', async () => {
    const p = await create();
    const move = async (version: number, input: Record<string, unknown>) => expectData(await t.gql(MOVE, { id: p.id, input: { version, ...input } }, ruian)).moveInvestmentProjectStage;
    expect(await move(1, { stage: 'STARTED', on: '2013-08-01', signedOn: '2013-06-01' })).toMatchObject({ stage: 'STARTED', signedOn: '2013-06-01', startedOn: '2013-08-01' });
    expect(await move(2, { stage: 'SIGNED', on: '2013-09-01', reason: '施工许可被撤回' })).toMatchObject({ stage: 'SIGNED', startedOn: null });
    expect(await move(3, { stage: 'STALLED', on: '2013-10-01', reason: '资金链紧张' })).toMatchObject({ stage: 'STALLED', stageReason: '资金链紧张' });
    expect(await move(4, { stage: 'STARTED', on: '2013-11-01' })).toMatchObject({ stage: 'STARTED', stageReason: null, startedOn: '2013-11-01' });
    expect(await move(5, { stage: 'CANCELLED', on: '2013-12-01', reason: '投资方撤资' })).toMatchObject({ stage: 'CANCELLED' });
    await refused(() => t.gql(MOVE, { id: p.id, input: { version: 6, stage: 'STARTED', on: '2013-12-02' } }, ruian), 'BAD_USER_INPUT', 'input.stage');
    const history = expectData(await t.gql(PROJECT, { id: p.id }, ruian)).investmentProject.stageHistory;
    expect(history.map((h: { toStage: string; onDate: string }) => `${h.toStage}@${h.onDate}`)).toEqual([
      'LEAD@2013-03-01', 'SIGNED@2013-06-01', 'STARTED@2013-08-01', 'SIGNED@2013-09-01', 'STALLED@2013-10-01', 'STARTED@2013-11-01', 'CANCELLED@2013-12-01',
    ]);
    expect(history[3].reason).toBe('施工许可被撤回');
    // The database keeps stage and dates together whatever writes.
    await expect(t.dataSource.query(`UPDATE investment_project SET line_stage = 'LEAD' WHERE id = $1`, [p.id])).rejects.toThrow(/ck_project/);
  });

  it('funds in place are append-only: a correction is a new record; both audited; the database refuses edits', async () => {
    const p = await signed();
    const f = expectData(await t.gql(FUND, { input: { projectId: p.id, receivedOn: '2014-02-01', amount: '30000000.00', source: 'OUT_OF_PROVINCE', note: '银行进账单' } }, admin)).recordFunding;
    const c = expectData(await t.gql(CORRECT, { input: { fundingId: f.id, amount: '-5000000.50', note: '重复入账更正' } }, admin)).correctFunding;
    expect(c).toMatchObject({ amount: '-5000000.50', correctsId: f.id });
    await refused(() => t.gql(CORRECT, { input: { fundingId: f.id, amount: '-25000000.00', note: '超额' } }, admin), 'BAD_USER_INPUT', 'input.amount');
    const read = expectData(await t.gql(PROJECT, { id: p.id }, admin)).investmentProject;
    expect(read.fundsInPlace).toBe('24999999.50');
    expect(read.fundingRecords).toHaveLength(2);
    await expect(t.dataSource.query(`UPDATE funding_record SET amount = 1 WHERE id = $1`, [f.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM funding_record WHERE id = $1`, [f.id])).rejects.toThrow(/append-only/);
    const audits = await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = ANY($1::text[]) ORDER BY id`, [[f.id, c.id]]);
    expect(audits.map((a: { operation: string }) => a.operation)).toEqual(['funding.record', 'funding.correct']);
    // Moving back before signing would orphan the funds: refused.
    await refused(() => t.gql(MOVE, { id: p.id, input: { version: 2, stage: 'LEAD', on: '2014-03-01', reason: '重新洽谈' } }, admin), 'BAD_USER_INPUT', 'input.stage');
  });

  it('officials: one current service officer (the database holds it); a project official sees exactly the assigned projects and posts notes and problems', async () => {
    const mine = await create({ name: '服务员的项目' });
    await create({ name: '别人的项目' });
    const a = expectData(await t.gql(ASSIGN, { input: { projectId: mine.id, officialId: officer.id, role: 'SERVICE_OFFICER', validFrom: '2013-03-01' } }, admin)).assignProjectOfficial;
    expectData(await t.gql(ASSIGN, { input: { projectId: mine.id, officialId: mayor.id, role: 'LIAISON_LEADER', validFrom: '2013-03-01' } }, admin));
    await refused(() => t.gql(ASSIGN, { input: { projectId: mine.id, officialId: other.id, role: 'SERVICE_OFFICER', validFrom: '2013-06-01' } }, admin), 'CONFLICT', 'input.role');
    await expect(t.dataSource.query(`INSERT INTO project_official (project_id, official_id, role, valid_from) VALUES ($1, $2, 'SERVICE_OFFICER', '2014-01-01')`, [mine.id, other.id])).rejects.toThrow(
      /ex_project_service_officer|uq_project_current_service_officer/,
    );

    const ids = async (token: string) => expectData(await t.gql(`{ investmentProjects(first: 100) { edges { node { id } } } }`, {}, token)).investmentProjects.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(po)).toEqual([mine.id]);
    const note = expectData(await t.gql(NOTE, { input: { projectId: mine.id, text: '已完成土地摘牌' } }, po)).addProjectNote;
    expect(note.officialId).toBe(officer.id);
    const issue = expectData(await t.gql(ISSUE, { input: { projectId: mine.id, category: 'APPROVAL', description: '环评审批进度慢', unit: '市环保局', raisedOn: '2013-04-01' } }, po)).raiseProjectIssue;
    expect(issue.status).toBe('OPEN');
    await refused(() => t.gql(RESOLVE, { id: issue.id, input: { version: 1, resolvedOn: '2013-05-01', resolution: '已协调' } }, po), 'FORBIDDEN');
    expect(expectData(await t.gql(RESOLVE, { id: issue.id, input: { version: 1, resolvedOn: '2013-05-01', resolution: '已协调' } }, ruian)).resolveProjectIssue).toMatchObject({ status: 'RESOLVED', version: 2 });
    await refused(() => t.gql(RESOLVE, { id: issue.id, input: { version: 1, resolvedOn: '2013-05-01', resolution: '再次' } }, ruian), 'CONFLICT', 'input.version');

    // Ending the assignment takes the project out of the official's reach.
    expectData(await t.gql(END, { id: a.id, input: { validTo: '2013-12-31' } }, admin));
    expect(await ids(po)).toEqual([]);
    const read = expectData(await t.gql(PROJECT, { id: mine.id }, admin)).investmentProject;
    expect(read.officials.map((o: { role: string; official: { name: string } }) => `${o.role}:${o.official.name}`)).toEqual(['LIAISON_LEADER:厉市长']);
    expect(read.notes).toEqual([{ text: '已完成土地摘牌' }]);
  });

  it('service complaints: recorded, assigned, handled, closed with a result', async () => {
    const p = await create();
    let c = expectData(await t.gql(COMPLAINT, { input: { projectId: p.id, complainant: '王某（投资方）', content: '审批窗口推诿', receivedOn: '2013-04-02' } }, admin)).recordServiceComplaint;
    await refused(() => t.gql(STEP('closeServiceComplaint'), { id: c.id, input: { version: 1, text: '办结' } }, admin), 'BAD_USER_INPUT', 'id');
    c = expectData(await t.gql(STEP('assignServiceComplaint'), { id: c.id, input: { version: 1, unit: '市效能办' } }, admin)).assignServiceComplaint;
    c = expectData(await t.gql(STEP('handleServiceComplaint'), { id: c.id, input: { version: 2, text: '约谈窗口负责人', on: '2013-04-10' } }, admin)).handleServiceComplaint;
    c = expectData(await t.gql(STEP('closeServiceComplaint'), { id: c.id, input: { version: 3, text: '投资方满意', on: '2013-04-15' } }, admin)).closeServiceComplaint;
    expect(c).toMatchObject({ status: 'CLOSED', assignedUnit: '市效能办', handledOn: '2013-04-10', result: '投资方满意', closedOn: '2013-04-15' });
  });

  it('scope: county offices their county, secretaries their subtree (read only), viewers all', async () => {
    const inSubtree = await create({ name: '子商会引进', chamberId: child });
    const notInSubtree = await create({ name: '外商会引进', chamberId: outside, destinationCountyCode: '330302' });
    const ids = async (token: string) => expectData(await t.gql(`{ investmentProjects(first: 100) { edges { node { id destinationCountyCode chamberId } } } }`, {}, token)).investmentProjects.edges.map((e: { node: { id: string; destinationCountyCode: string; chamberId: string } }) => e.node);
    const all = await ids(admin);
    expect((await ids(viewer)).length).toBe(all.length);
    expect((await ids(ruian)).every((p: { destinationCountyCode: string }) => p.destinationCountyCode === '330381')).toBe(true);
    expect((await ids(lucheng)).map((p: { id: string }) => p.id)).toEqual([notInSubtree.id]);
    const subtree = (await ids(secretary)).map((p: { id: string }) => p.id);
    expect(subtree).toContain(inSubtree.id);
    expect(subtree).not.toContain(notInSubtree.id);
    await refused(() => t.gql(PROJECT, { id: notInSubtree.id }, secretary), 'NOT_FOUND');
  });

  it('searches by two characters of the project name or of an investor\'s name, within scope; wildcards are literal', async () => {
    const other = (await createMember(t, { name: '欧阳百分', hometownCode: '330381' })).id;
    const solar = await create({ name: '光伏_储能100%示范项目', memberIds: [other] });
    const names = async (search: string, token = admin) =>
      expectData(await t.gql(LIST, { first: 100, filter: { search } }, token)).investmentProjects.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await names('储能')).toEqual([solar.id]);
    expect(await names('欧阳')).toEqual([solar.id]);
    expect(await names('100%')).toEqual([solar.id]);
    expect(await names('_储')).toEqual([solar.id]);
    // % and _ match themselves: not "anything".
    expect(await names('%%')).toEqual([]);
    expect(await names('储能', lucheng)).toEqual([]); // Ruian's project, outside Lucheng's scope
    expect(await names('储能', ruian)).toEqual([solar.id]);
    expectError(await t.gql(LIST, { first: 10, filter: { search: '储' } }, admin), 'BAD_USER_INPUT', 'filter.search');
    expectError(await t.gql(LIST, { first: 10, filter: { search: '储\u202E能' } }, admin), 'BAD_USER_INPUT', 'filter.search');
  });

  it('a page of projects with investors, officials and period funds takes the same statements for 2 and for 20', async () => {
    for (let i = 0; i < 20; i++) await create({ name: `批量项目${i}` });
    const count = async (first: number) => (await captureSql(t.dataSource, async () => expectData(await t.gql(LIST, { first }, admin)))).statements.filter((s) => !/^(START|COMMIT|ROLLBACK|SET|SAVEPOINT|RELEASE)/i.test(s)).length;
    const small = await count(2);
    expect(await count(20)).toBe(small);
    // The page, its count, investors with their members, current officials with the official, period funds.
    expect(small).toBe(5);
  });

  it('roll-ups: the chamber roll-up and the member record show projects; merges move the links', async () => {
    const p = await signed({ name: '合并测试项目', chamberId: child });
    expectData(await t.gql(FUND, { input: { projectId: p.id, receivedOn: '2013-06-01', amount: '1000.00', source: 'IN_PROVINCE' } }, admin));
    const rollup = expectData(await t.gql(`query($id: ID!) { chamberRollup(id: $id) { projects { projects fundsInPlace } } }`, { id: top }, admin)).chamberRollup;
    expect(rollup.projects.projects).toBeGreaterThan(0);
    expect(rollup.projects.fundsInPlace).toMatch(/^\d+\.\d{2}$/);
    const member = expectData(await t.gql(`query($id: ID!) { member(id: $id) { projects { name } } }`, { id: investor }, admin)).member;
    expect(member.projects.map((x: { name: string }) => x.name)).toContain('合并测试项目');

    // Chamber merge: the child's projects move to the survivor.
    const survivor = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    const [{ version }] = await t.dataSource.query(`SELECT version FROM chamber WHERE id = $1`, [child]);
    expectData(await t.gql(`mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { id } }`, { id: child, input: { version, intoId: survivor, on: '2014-01-01' } }, admin));
    const [{ chamber_id }] = await t.dataSource.query(`SELECT chamber_id FROM investment_project WHERE id = $1`, [p.id]);
    expect(chamber_id).toBe(survivor);

    // Member merge: the investor link moves to the survivor.
    const twin = await createMember(t, { name: '瑞安投资人', hometownCode: '330381' });
    const [{ version: v1 }] = await t.dataSource.query(`SELECT version FROM member WHERE id = $1`, [twin.id]);
    const [{ version: v2 }] = await t.dataSource.query(`SELECT version FROM member WHERE id = $1`, [investor]);
    expectData(await t.gql(`mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { id } }`, { input: { survivor: { id: twin.id, version: v1 }, merged: [{ id: investor, version: v2 }] } }, admin));
    const links = await t.dataSource.query(`SELECT member_id FROM project_investor WHERE project_id = $1`, [p.id]);
    expect(links).toEqual([{ member_id: twin.id }]);
  });

  it('the stall check flags projects without progress past their stage\'s days, and clears them on progress', async () => {
    const p = await create({ name: '久无进展', leadOn: '2013-01-01' });
    const flagged = expectData(await t.gql(`mutation { runInvestmentStallCheck }`, {}, admin)).runInvestmentStallCheck;
    expect(flagged).toBeGreaterThan(0);
    const risky = expectData(await t.gql(LIST, { first: 100, filter: { stallRisk: true } }, admin)).investmentProjects.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(risky).toContain(p.id);
    const [row] = await t.dataSource.query(`SELECT to_char(stall_risk_since, 'YYYY-MM-DD') AS since FROM investment_project WHERE id = $1`, [p.id]);
    expect(row.since).toBe('2013-04-01'); // lead on 2013-01-01 + 90 days (LEAD)
    expectData(await t.gql(NOTE, { input: { projectId: p.id, text: '重新对接' } }, admin));
    const after = expectData(await t.gql(PROJECT, { id: p.id }, admin)).investmentProject;
    expect(after).toBeTruthy();
    const [cleared] = await t.dataSource.query(`SELECT stall_risk FROM investment_project WHERE id = $1`, [p.id]);
    expect(cleared.stall_risk).toBe(false);
    expect(expectData(await t.gql(`mutation { setInvestmentStallThreshold(input: { stage: LEAD, days: 30 }) { stage days } }`, {}, admin)).setInvestmentStallThreshold).toContainEqual({ stage: 'LEAD', days: 30 });
  });
});
