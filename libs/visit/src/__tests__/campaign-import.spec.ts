import { parse } from 'csv-parse/sync';
import { Caller, Role } from '@crm/auth';
import { ChamberEntity } from '@crm/chamber';
import { MemberEntity } from '@crm/member';
import { maskIdNumber } from '@crm/shared';
import {
  createChamber,
  createMember,
  createOfficial,
  createTestApp,
  expectData,
  expectError,
  signedInUser,
  TestApp,
  writeCsvFile,
  writeXlsxFile,
} from '@crm/testing';
import { CampaignImportValidator, CampaignRowValues } from '../services/campaign-import-validator';

// Campaign lists by spreadsheet (docs/visits.md, "Campaign lists by import"): a real .xlsx of
// 98 groups and 855 people through the upload route and the engine's jobs, bad rows reported
// per row in Chinese with nothing written, a re-run that changes nothing, and scope.

const IMPORT = `id status totalRows errorRows matchedRows doneRows createdCount unchangedCount failedCount progress version reportUrl
  failure { reason messageZh } errors(first: 50) { edges { node { rowNumber errors { column value reason messageZh } } } }`;
const GET = `query($id: ID!) { campaignImport(id: $id) { ${IMPORT} } }`;
const COMMIT = `mutation($input: CommitCampaignImportInput!) { commitCampaignImport(input: $input) { ${IMPORT} } }`;
const CREATE_CAMPAIGN = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`;
const ADD_GROUP = `mutation($id: ID!, $input: AddCampaignGroupInput!) { addCampaignGroup(campaignId: $id, input: $input) }`;
const PROGRESS = `query($id: ID!) { campaignProgress(id: $id) { overall { assigned visited } groups { name progress { assigned visited } } } }`;
const HEADER = ['组别', '对象类型', '姓名', '身份证号', '手机', '商会', '备注'];

interface ImportState {
  id: string;
  status: string;
  totalRows: number;
  errorRows: number;
  matchedRows: number;
  doneRows: number;
  createdCount: number;
  unchangedCount: number;
  failedCount: number;
  progress: number | null;
  version: number;
  reportUrl: string;
  failure: { reason: string; messageZh: string } | null;
  errors: { edges: { node: { rowNumber: number; errors: { column: string | null; value: string | null; reason: string; messageZh: string }[] } }[] };
}

describe('campaign list import (活动走访名单导入)', () => {
  let t: TestApp;
  let admin: { accessToken: string; user: { id: string; email: string } };
  let leaderId: string;
  let members: MemberEntity[];
  let chambers: ChamberEntity[];
  let campaignId: string;
  let rows: string[][];

  const group = (i: number) => `第${i + 1}慰问组`;

  async function newCampaign(name: string, groups: number): Promise<string> {
    const id = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name, startsOn: '2014-01-15', endsOn: '2014-02-15' } }, admin.accessToken)).createCampaign.id as string;
    for (let i = 0; i < groups; i++) expectData(await t.gql(ADD_GROUP, { id, input: { name: group(i), leaderIds: [leaderId] } }, admin.accessToken));
    return id;
  }

  const upload = (path: string, campaign: string, token = admin.accessToken) =>
    t.http().post('/campaign-imports').set('authorization', `Bearer ${token}`).field('campaignId', campaign).attach('file', path);

  const state = async (id: string): Promise<ImportState> => expectData(await t.gql<{ campaignImport: ImportState }>(GET, { id }, admin.accessToken)).campaignImport;

  async function settle(id: string): Promise<ImportState> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await state(id);
      if (!['UPLOADED', 'VALIDATING', 'COMMITTING'].includes(s.status)) return s;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${s.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function validated(path: string, campaign: string): Promise<ImportState> {
    const res = await upload(path, campaign);
    expect(res.status).toBe(201);
    return settle(res.body.data.campaignImport.id as string);
  }

  async function committed(s: ImportState): Promise<ImportState> {
    expectData(await t.gql(COMMIT, { input: { id: s.id, version: s.version } }, admin.accessToken));
    return settle(s.id);
  }

  const assignmentCount = async (campaign: string) =>
    Number(((await t.dataSource.query('SELECT count(*) AS n FROM campaign_assignment WHERE campaign_id = $1', [campaign])) as { n: string }[])[0].n);

  beforeAll(async () => {
    t = await createTestApp({ JOB_WORKERS: 'true' });
    admin = await signedInUser(t, { role: Role.Admin });
    leaderId = (await createOfficial(t)).id;
    members = [];
    for (let i = 0; i < 500; i++) members.push(await createMember(t));
    chambers = [];
    for (let i = 0; i < 30; i++) chambers.push(await createChamber(t, { name: `温州测试商会${i + 1}` }));
    campaignId = await newCampaign('温商之春 2014', 98);
    // 855 rows over 98 groups: 400 members by ID number, 100 by name and mobile, 30 chambers, 325 relatives.
    rows = [['温商之春 2014 春节慰问名单', null, null, null, null, null, null] as unknown as string[], HEADER];
    let n = 0;
    const next = () => group(n++ % 98);
    members.forEach((m, i) => rows.push(i < 400 ? [next(), '会员', m.name, m.idNumber as string, '', '', ''] : [next(), '会员', m.name, '', m.phones[0], '', '']));
    chambers.forEach((c) => rows.push([next(), '商会', '', '', '', c.name, '']));
    for (let i = 0; i < 325; i++) rows.push([next(), '亲属', `陈亲属${i + 1}`, '', '', '', '功勋人物家属']);
  }, 180_000);
  afterAll(() => t.close());

  it('offers a template with the Chinese headers (required ones marked)', async () => {
    const res = await t.http().get('/campaign-imports/template.csv').set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('组别*,对象类型*,姓名,身份证号,手机,商会,备注');
    const xlsx = await t.http().get('/campaign-imports/template.xlsx').set('authorization', `Bearer ${admin.accessToken}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('campaign-import-template.xlsx');
  });

  it('imports a real .xlsx of 98 groups and 855 people into the campaign; its progress shows 0 of 855 visited', async () => {
    const imp = await validated(await writeXlsxFile('wenshang-2014.xlsx', rows), campaignId);
    expect(imp).toMatchObject({ status: 'VALIDATED', totalRows: 855, errorRows: 0, matchedRows: 0, progress: null });
    const done = await committed(imp);
    expect(done).toMatchObject({ status: 'COMMITTED', doneRows: 855, createdCount: 855, unchangedCount: 0, failedCount: 0, progress: 1 });

    const progress = expectData(await t.gql(PROGRESS, { id: campaignId }, admin.accessToken)).campaignProgress;
    expect(progress.overall).toEqual({ assigned: 855, visited: 0 });
    expect(progress.groups).toHaveLength(98);
    expect(progress.groups.find((g: { name: string }) => g.name === '第1慰问组').progress).toEqual({ assigned: 9, visited: 0 });
    const kinds = (await t.dataSource.query(
      `SELECT count(member_id)::int AS members, count(chamber_id)::int AS chambers, count(person_name)::int AS people, count(*) FILTER (WHERE note = '功勋人物家属')::int AS noted
         FROM campaign_assignment WHERE campaign_id = $1`,
      [campaignId],
    )) as { members: number; chambers: number; people: number; noted: number }[];
    expect(kinds[0]).toEqual({ members: 500, chambers: 30, people: 325, noted: 325 });
    // Each assignment audited as the uploader, with the import and row; the upload and commit too.
    const audited = (await t.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT actor_id)::int AS actors, min(actor_id::text) AS actor FROM audit_event WHERE operation = 'campaign.assign' AND metadata->>'importId' = $1`,
      [imp.id],
    )) as { n: number; actors: number; actor: string }[];
    expect(audited[0]).toEqual({ n: 855, actors: 1, actor: admin.user.id });
    const ops = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1 ORDER BY id`, [imp.id])) as { operation: string }[];
    expect(ops.map((o) => o.operation)).toEqual(['campaignImport.upload', 'campaignImport.commit']);
    // The staged rows keep no ID numbers or phones once the member is found.
    const kept = (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_import_row WHERE import_id = $1 AND ("values"->>'idNumber' IS NOT NULL OR "values"->>'phone' IS NOT NULL)`, [imp.id])) as { n: number }[];
    expect(kept[0].n).toBe(0);
  }, 120_000);

  it('a re-run of the same file changes nothing: every row matches its assignment and is left as it is', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'campaign.assign'`)) as { n: number }[];
    const imp = await validated(await writeXlsxFile('wenshang-2014-again.xlsx', rows), campaignId);
    expect(imp).toMatchObject({ status: 'VALIDATED', totalRows: 855, errorRows: 0, matchedRows: 855 });
    expect(await committed(imp)).toMatchObject({ status: 'COMMITTED', createdCount: 0, unchangedCount: 855, failedCount: 0 });
    expect(await assignmentCount(campaignId)).toBe(855);
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'campaign.assign'`)) as { n: number }[];
    expect(after[0].n).toBe(before[0].n);
  }, 120_000);

  it('reports every bad row in Chinese (screen and report), commits nothing, and refuses the commit', async () => {
    const other = await newCampaign('温商之春 2015', 2);
    const [m1, m2, m3] = members;
    expectData(
      await t.gql(
        `mutation($id: ID!, $input: AddCampaignAssignmentsInput!) { addCampaignAssignments(campaignId: $id, input: $input) }`,
        { id: other, input: { assignments: [{ groupId: (await t.dataSource.query('SELECT id FROM campaign_group WHERE campaign_id = $1 AND name = $2', [other, '第2慰问组']))[0].id, memberId: m3.id }] } },
        admin.accessToken,
      ),
    );
    const badId = `${(m1.idNumber as string).slice(0, 17)}${(m1.idNumber as string)[17] === '0' ? '1' : '0'}`;
    const file = writeCsvFile('bad-list.csv', [
      HEADER,
      ['第1慰问组', '会员', m1.name, m1.idNumber as string, '', '', ''], // 2: good
      ['第9慰问组', '会员', m2.name, m2.idNumber as string, '', '', ''], // 3: no such group
      ['第1慰问组', '领导', '张三', '', '', '', ''], // 4: unknown kind
      ['第1慰问组', '会员', '李四', badId, '', '', ''], // 5: bad ID number
      ['第1慰问组', '会员', '王五', '', '', '', ''], // 6: no ID number, no phone
      ['第2慰问组', '会员', m1.name, '', m1.phones[0], '', ''], // 7: row 2's member by name and phone
      ['第1慰问组', '会员', m3.name, m3.idNumber as string, '', '', ''], // 8: already in group 2
      ['第1慰问组', '商会', '', '', '', '不存在的商会', ''], // 9: unknown chamber
      ['第2慰问组', '亲属', '', '', '', '', '功勋人物家属'], // 10: a relative without a name
      ['第2慰问组', '亲属', '陈某', '', '', '', ''], // 11: good
      ['第1慰问组', '亲属', '陈某', '', '', '', ''], // 12: listed twice in the file
    ]);
    const imp = await validated(file, other);
    expect(imp).toMatchObject({ status: 'INVALID', totalRows: 11, errorRows: 9 });
    const byRow = Object.fromEntries(imp.errors.edges.map((e) => [e.node.rowNumber, e.node.errors.map((x) => [x.column, x.reason, x.messageZh])]));
    expect(byRow).toEqual({
      3: [['组别', 'GROUP_UNKNOWN', '本活动没有名为“第9慰问组”的小组，请先在系统中建组并指定带队领导']],
      4: [['对象类型', 'UNKNOWN_TARGET_KIND', '对象类型须为“会员”“商会”或“亲属”']],
      5: [['身份证号', 'INVALID_ID_NUMBER', '身份证号格式或校验位不正确']],
      6: [[null, 'MEMBER_KEY_REQUIRED', '会员须填写身份证号，或同时填写姓名和手机号码']],
      7: [['姓名', 'DUPLICATE_IN_FILE', '与第 2 行是同一走访对象（名单中重复列出）']],
      8: [['姓名', 'ALREADY_IN_CAMPAIGN', '已列入本活动“第2慰问组”的走访名单，不能重复分配']],
      9: [['商会', 'CHAMBER_NOT_FOUND', '找不到名为“不存在的商会”的商会（或该商会已撤销）']],
      10: [['姓名', 'REQUIRED', '必填项未填写']],
      12: [['姓名', 'DUPLICATE_IN_FILE', '与第 11 行是同一走访对象（名单中重复列出）']],
    });
    // A malformed ID number is shown as typed (the uploader must find it); a valid one masked.
    expect(imp.errors.edges.find((e) => e.node.rowNumber === 5)?.node.errors[0].value).toBe(badId);

    const report = await t.http().get(imp.reportUrl).set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(report.status).toBe(200);
    const lines = parse(report.text.replace(/^\uFEFF/, '')) as string[][];
    expect(lines[0]).toEqual(['行号', '列', '内容', '错误代码', '说明']);
    expect(lines).toContainEqual(['8', '姓名', m3.name, 'ALREADY_IN_CAMPAIGN', '已列入本活动“第2慰问组”的走访名单，不能重复分配']);
    expect(lines).toHaveLength(10);

    const refused = await t.gql(COMMIT, { input: { id: imp.id, version: imp.version } }, admin.accessToken);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IMPORT_HAS_ERRORS' });
    expect(await assignmentCount(other)).toBe(1);
  }, 60_000);

  it('looks again at commit: a person listed in another group since validation fails alone, the rest are added', async () => {
    const campaign = await newCampaign('温商之春 2016', 2);
    const imp = await validated(
      writeCsvFile('race.csv', [HEADER, ['第1慰问组', '亲属', '周某', '', '', '', ''], ['第1慰问组', '亲属', '吴某', '', '', '', ''], ['第1慰问组', '商会', '', '', '', chambers[0].name, '']]),
      campaign,
    );
    expect(imp).toMatchObject({ status: 'VALIDATED', totalRows: 3, errorRows: 0 });
    const [g2] = (await t.dataSource.query('SELECT id FROM campaign_group WHERE campaign_id = $1 AND name = $2', [campaign, '第2慰问组'])) as { id: string }[];
    expectData(
      await t.gql(
        `mutation($id: ID!, $input: AddCampaignAssignmentsInput!) { addCampaignAssignments(campaignId: $id, input: $input) }`,
        { id: campaign, input: { assignments: [{ groupId: g2.id, personName: '吴某' }] } },
        admin.accessToken,
      ),
    );
    const done = await committed(imp);
    expect(done).toMatchObject({ status: 'COMMITTED', doneRows: 3, createdCount: 2, failedCount: 1 });
    expect(done.errors.edges.map((e) => [e.node.rowNumber, e.node.errors.map((x) => [x.column, x.reason, x.messageZh])])).toEqual([
      [3, [['姓名', 'ALREADY_IN_CAMPAIGN', '已列入本活动“第2慰问组”的走访名单，不能重复分配']]],
    ]);
    expect(await assignmentCount(campaign)).toBe(3);
  }, 60_000);

  it('is for administrators only, names the campaign, and matches members only within the importer’s scope', async () => {
    const officer = await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' });
    const file = writeCsvFile('officer.csv', [HEADER, ['第1慰问组', '亲属', '林某', '', '', '', '']]);
    const forbidden = await upload(file, campaignId, officer.accessToken);
    expect(forbidden.status).toBe(403);
    const noCampaign = await t.http().post('/campaign-imports').set('authorization', `Bearer ${admin.accessToken}`).attach('file', file);
    expect(noCampaign.status).toBe(400);
    expect(noCampaign.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'VISIT_IMPORT_CAMPAIGN_REQUIRED', field: 'campaignId' } }] });
    expectError(await t.gql(GET, { id: '00000000-0000-4000-8000-000000000000' }, officer.accessToken), 'FORBIDDEN');

    // The kind's matching runs with the uploader's member scope: a county office's caller reaches
    // its county's members only (an admin reaches all, so this is judged on the validation itself).
    const inCounty = await createMember(t, { hometownCode: '330302' });
    const elsewhere = await createMember(t, { hometownCode: '330381' });
    const [job] = (await t.dataSource.query(`SELECT id FROM campaign_import WHERE campaign_id = $1 LIMIT 1`, [campaignId])) as { id: string }[];
    const caller: Caller = { id: officer.user.id, email: officer.user.email, role: Role.CountyOfficer, countyCode: '330302', chamberId: null, partyCommitteeId: null, officialId: null };
    const validation = await t.app.get(CampaignImportValidator).start(t.dataSource.manager, job.id, caller);
    const headers = Object.fromEntries(['group', 'kind', 'name', 'idNumber', 'phone', 'chamber', 'note'].map((k, i) => [k, HEADER[i]]));
    const staged = [inCounty, elsewhere].map((m, i) => {
      const parsed = validation.parse({ group: '第1慰问组', kind: '会员', name: m.name, idNumber: m.idNumber as string }, new Set(), headers);
      return { rowNumber: i + 2, values: parsed.values as CampaignRowValues, errors: parsed.errors, matchedId: null };
    });
    await validation.stage?.(t.dataSource.manager, staged);
    expect(staged[0]).toMatchObject({ errors: [], values: { memberId: inCounty.id } });
    expect(staged[1].errors).toEqual([
      { column: '身份证号', value: maskIdNumber(elsewhere.idNumber), reason: 'MEMBER_OUTSIDE_SCOPE', message: 'the member is outside your scope', messageZh: '该会员不在您的管辖范围内' },
    ]);
  });
});
