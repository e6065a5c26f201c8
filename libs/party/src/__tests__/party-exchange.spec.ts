import { parse } from 'csv-parse/sync';
import { PassThrough } from 'node:stream';
import { Caller, Role } from '@crm/auth';
import { PartyMemberImportService } from '@crm/party';
import { maskIdNumber } from '@crm/shared';
import { createTestApp, nextIdNumber, signedInUser, TestApp, writeCsvFile } from '@crm/testing';
import { PartyFixtures } from './party-fixtures';

/** Party members in and out by spreadsheet, through the shared engine (@crm/exchange). */
describe('party member import and export', () => {
  let t: TestApp;
  let f: PartyFixtures;
  let imports: PartyMemberImportService;
  let officer: Caller;
  let officerToken: string;
  let branch: { id: string; name: string };
  let otherBranch: { name: string };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    f = new PartyFixtures(t, admin);
    const committee = await f.committee((await f.provincialChamber('45')).id);
    const other = await f.committee((await f.provincialChamber('46')).id);
    branch = await f.unit({ kind: 'BRANCH', committeeId: committee.id, name: '中共南宁市温州商会支部委员会' });
    otherBranch = await f.unit({ kind: 'BRANCH', committeeId: other.id, name: '中共海口市温州商会支部委员会' });
    const signed = await signedInUser(t, { role: Role.PartyOfficer, partyCommitteeId: committee.id });
    officerToken = signed.accessToken;
    const u = signed.user;
    officer = { id: u.id, email: u.email, role: u.role, countyCode: null, chamberId: null, partyCommitteeId: u.partyCommitteeId, officialId: null };
    imports = t.app.get(PartyMemberImportService);
  });
  afterAll(() => t.close());

  const validated = async (path: string) => {
    const created = await imports.create(officer, { path, fileName: path.split('/').pop() as string, size: 100 });
    await imports.runValidation(created.id);
    return imports.get(officer, created.id);
  };
  const report = async (id: string) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await imports.writeReport(id, 'csv', out);
    return parse(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')) as string[][];
  };
  const HEADER = ['姓名*', '身份证号码*', '手机号码', '入党日期', '党员类型', '组织关系所在地', '所在党支部*', '是否流动党员', '流入地', '外出时间'];

  it('reports bad rows in Chinese, row by row, and commits nothing from an invalid file', async () => {
    const good = nextIdNumber();
    const imp = await validated(
      writeCsvFile('party-bad.csv', [
        HEADER,
        ['陈红', good, '13912340001', '2001-07-01', '正式党员', '330302', branch.name, '否', null, null],
        [null, nextIdNumber(), null, null, null, null, branch.name, null, null, null],
        ['林海', '330302199013011234', null, null, null, null, branch.name, null, null, null],
        ['王强', nextIdNumber(), null, null, '积极分子', null, otherBranch.name, '是', null, null],
        ['陈红二', good, null, null, null, null, branch.name, null, null, null],
      ]),
    );
    expect(imp).toMatchObject({ status: 'INVALID', totalRows: 5, errorRows: 4 });
    const rows = await report(imp.id);
    expect(rows[0]).toEqual(['行号', '列', '内容', '错误代码', '说明']);
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['3', 'REQUIRED'],
      ['4', 'INVALID_ID_NUMBER'],
      ['5', 'INVALID_STANDING'],
      ['5', 'UNKNOWN_UNIT'],
      ['5', 'MOBILE_NEEDS_DETAILS'],
      ['6', 'DUPLICATE_IN_FILE'],
    ]);
    expect(rows[2][2]).toBe('330302199013011234'); // a number that failed its own check is shown as typed
    expect(rows[6][2]).toBe(maskIdNumber(good)); // a valid one is masked
    expect(rows.every((r, i) => i === 0 || /\p{Script=Han}/u.test(r[4]))).toBe(true);
    await expect(imports.commit(officer, imp.id, imp.version)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM party_member`);
    expect(n).toBe(0);
  });

  it('commits a good file through the party write path; a re-run of the same file changes nothing', async () => {
    const rows = [
      HEADER,
      ['周建华', nextIdNumber(), '13912340002', '1999-07-01', '正式党员', '330302', branch.name, '是', '广西南宁市', '2015-03-01'],
      ['吴晓燕', nextIdNumber({ gender: 'FEMALE' }), null, '2020-06-30', '预备党员', '330381', branch.name, '否', null, null],
    ];
    const imp = await validated(writeCsvFile('party-good.csv', rows));
    expect(imp).toMatchObject({ status: 'VALIDATED', totalRows: 2, errorRows: 0, matchedRows: 0 });
    await imports.commit(officer, imp.id, imp.version);
    await imports.runCommit(imp.id);
    expect(await imports.get(officer, imp.id)).toMatchObject({ status: 'COMMITTED', createdCount: 2, skippedCount: 0 });
    const written = await t.dataSource.query(`SELECT name, standing, mobile, organization_id FROM party_member ORDER BY name_pinyin`);
    expect(written).toEqual([
      { name: '吴晓燕', standing: 'PROBATIONARY', mobile: false, organization_id: branch.id },
      { name: '周建华', standing: 'FULL', mobile: true, organization_id: branch.id },
    ]);
    const [{ n: audited }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'partyMember.create' AND metadata->>'importId' = $1`, [imp.id]);
    expect(audited).toBe(2);

    const again = await validated(writeCsvFile('party-good-again.csv', rows));
    expect(again).toMatchObject({ status: 'VALIDATED', matchedRows: 2 });
    await imports.commit(officer, again.id, again.version);
    await imports.runCommit(again.id);
    expect(await imports.get(officer, again.id)).toMatchObject({ status: 'COMMITTED', createdCount: 0, skippedCount: 2 });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM party_member`))[0].n).toBe(2);
  });

  it('exports with the same zh-CN headers, in clear for the officer and masked for a viewer, audited', async () => {
    const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    const get = (token: string) => t.http().get('/party-members/export?format=csv').set('authorization', `Bearer ${token}`).buffer(true);
    const clear = await get(officerToken);
    expect(clear.status).toBe(200);
    const [header, ...rows] = parse(String(clear.text).replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(HEADER.map((h) => h.replace('*', '')));
    expect(rows).toHaveLength(2);
    const ids = (await t.dataSource.query(`SELECT id_number FROM party_member ORDER BY id`)) as { id_number: string }[];
    expect(rows.map((r) => r[1]).sort()).toEqual(ids.map((r) => r.id_number).sort());
    const masked = parse(String((await get(viewer)).text).replace(/^\uFEFF/, '')) as string[][];
    expect(masked.slice(1).map((r) => r[1]).sort()).toEqual(ids.map((r) => maskIdNumber(r.id_number)).sort());
    expect(masked.slice(1).every((r) => !r[2] || r[2].includes('****'))).toBe(true);
    const events = (await t.dataSource.query(`SELECT metadata FROM audit_event WHERE operation = 'partyMember.export' ORDER BY id`)) as { metadata: Record<string, unknown> }[];
    expect(events.map((e) => e.metadata.personalData)).toEqual(['CLEAR', 'MASKED']);
    const project = (await signedInUser(t, { role: Role.ProjectOfficial })).accessToken;
    expect((await get(project)).status).toBe(403);
  });
});
