import { randomBytes } from 'node:crypto';
import { Role } from '@crm/auth';
import { PositionType } from '@crm/chamber';
import { IMPORT_COMMIT_CONNECTIONS, MemberImportCommitter, MemberImportService } from '@crm/member-exchange';
import {
  addMembership,
  createChamber,
  createMember,
  createTestApp,
  expectData,
  expectError,
  nextCreditCode,
  nextIdNumber,
  nextMobile,
  signedInUser,
  TestApp,
  writeBytesFile,
  writeCsvFile,
  writeXlsxFile,
} from '@crm/testing';

const HEADER = ['姓名', '性别', '身份证号', '手机号码', '籍贯', '现居地', '所属商会', '商会职务', '企业名称', '统一社会信用代码', '企业职务', '所属行业', '通讯地址', '微信号', '标签'];
const IMPORT = `id status mode totalRows errorRows matchedRows doneRows createdCount updatedCount skippedCount unchangedCount failedCount progress version format encoding
  ignoredColumns failure { reason message messageZh rowNumber } errors(first: 50) { edges { node { rowNumber errors { column value reason message messageZh } } } }`;
const GET = `query($id: ID!) { memberImport(id: $id) { ${IMPORT} } }`;
const COMMIT = `mutation($input: CommitMemberImportInput!) { commitMemberImport(input: $input) { ${IMPORT} } }`;
const CANCEL = `mutation($input: CancelMemberImportInput!) { cancelMemberImport(input: $input) { id status } }`;
const MEMBERS = `query($filter: MemberFilter) { members(filter: $filter, first: 50) { edges { node {
  id name version idNumber phones hometownCode address wechat tags completeness source
  memberships { chamberId current } positions { position } enterprises { roles enterprise { name creditCode industryCode } } } } } }`;

interface ImportState {
  id: string;
  status: string;
  mode: string | null;
  totalRows: number;
  errorRows: number;
  matchedRows: number;
  doneRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  unchangedCount: number;
  failedCount: number;
  progress: number | null;
  version: number;
  format: string | null;
  encoding: string | null;
  ignoredColumns: string[];
  failure: { reason: string; message: string; messageZh: string; rowNumber: number | null } | null;
  errors: { edges: { node: { rowNumber: number; errors: { column: string | null; value: string | null; reason: string; message: string; messageZh: string }[] } }[] };
}

describe('member import', () => {
  let t: TestApp;
  let admin: { accessToken: string; user: { id: string; email: string } };
  let chamberName: string;
  let chamberId: string;

  beforeAll(async () => {
    t = await createTestApp({ JOB_WORKERS: 'true' });
    admin = await signedInUser(t, { role: Role.Admin });
    const chamber = await createChamber(t);
    chamberName = chamber.name;
    chamberId = chamber.id;
    await t.dataSource.query(`INSERT INTO chamber_term (chamber_id, number, starts_on) VALUES ($1, 1, '2024-01-01')`, [chamberId]);
  });
  afterAll(() => t.close());

  async function upload(path: string, token = admin.accessToken, fileName?: string) {
    return t.http().post('/member-imports').set('authorization', `Bearer ${token}`).attach('file', path, fileName ? { filename: fileName } : undefined);
  }

  async function state(id: string, token = admin.accessToken): Promise<ImportState> {
    return expectData(await t.gql<{ memberImport: ImportState }>(GET, { id }, token)).memberImport;
  }

  async function settle(id: string, token = admin.accessToken, waiting = ['UPLOADED', 'VALIDATING', 'COMMITTING']): Promise<ImportState> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const s = await state(id, token);
      if (!waiting.includes(s.status)) return s;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${s.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function validated(path: string, token = admin.accessToken): Promise<ImportState> {
    const res = await upload(path, token);
    expect(res.status).toBe(201);
    return settle(res.body.data.memberImport.id as string, token);
  }

  async function committed(s: ImportState, mode = 'SKIP', token = admin.accessToken): Promise<ImportState> {
    expectData(await t.gql(COMMIT, { input: { id: s.id, mode, version: s.version } }, token));
    return settle(s.id, token);
  }

  const memberCount = async () => Number(((await t.dataSource.query(`SELECT count(*) AS n FROM member`)) as { n: string }[])[0].n);

  function person(overrides: Partial<Record<string, string>> = {}) {
    const id = nextIdNumber();
    const row: Record<string, string> = {
      姓名: `王${['建国', '丽华', '志强', '晓东'][Math.floor(Math.random() * 4)]}${randomBytes(1).toString('hex').replace(/\d/g, '')}`.slice(0, 4),
      性别: '男',
      身份证号: id,
      手机号码: nextMobile(),
      籍贯: '瑞安',
      现居地: '上海市浦东新区',
      所属商会: '',
      商会职务: '',
      企业名称: '',
      统一社会信用代码: '',
      企业职务: '',
      所属行业: '',
      通讯地址: '上海市浦东新区世纪大道 1 号',
      微信号: '',
      标签: '',
      ...overrides,
    };
    return HEADER.map((h) => row[h] ?? '');
  }

  it('offers a template with the Chinese headers', async () => {
    const res = await t.http().get('/member-imports/template.csv').set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(res.status).toBe(200);
    const text = res.text.replace(/^\uFEFF/, '');
    expect(text.split(/\r?\n/)[0]).toContain('姓名*');
    expect(text).toContain('身份证号');
    const xlsx = await t.http().get('/member-imports/template.xlsx').set('authorization', `Bearer ${admin.accessToken}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('validates, commits, and a second run of the same file changes nothing', async () => {
    const code = nextCreditCode();
    const rows = [
      HEADER,
      person({ 姓名: '厉育平', 所属商会: chamberName, 商会职务: '副会长', 企业名称: '温州育平鞋业有限公司', 统一社会信用代码: code, 企业职务: '董事长、法定代表人', 所属行业: '制造业' }),
      person({ 姓名: '单晓东', 所属商会: chamberName, 标签: '鞋革，侨领' }),
      person({ 姓名: '曾丽华', 身份证号: '', 籍贯: '330381' }),
    ];
    const path = writeCsvFile('members.csv', rows);
    const before = await memberCount();
    const v = await validated(path);
    expect(v).toMatchObject({ status: 'VALIDATED', totalRows: 3, errorRows: 0, matchedRows: 0, format: 'csv', encoding: 'utf-8' });
    expect(await memberCount()).toBe(before); // validation writes nothing to the base
    const c = await committed(v);
    expect(c).toMatchObject({ status: 'COMMITTED', doneRows: 3, createdCount: 3, progress: 1 });
    const members = expectData(await t.gql(MEMBERS, { filter: { search: '厉育平' } }, admin.accessToken)).members.edges.map((e: { node: any }) => e.node);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ name: '厉育平', hometownCode: '330381', source: 'IMPORT', memberships: [{ chamberId, current: true }], positions: [{ position: PositionType.VicePresident }] });
    expect(members[0].enterprises[0]).toMatchObject({ roles: expect.arrayContaining(['CHAIRMAN', 'LEGAL_REPRESENTATIVE']), enterprise: { name: '温州育平鞋业有限公司', creditCode: code, industryCode: 'C' } });
    expect(members[0].completeness).toBeGreaterThan(50);
    // Completeness and chamber_ids are written with the new rows; the database's own functions agree.
    const derived = `SELECT id, completeness, missing_fields, chamber_ids FROM member ORDER BY id`;
    const written = await t.dataSource.query(derived);
    await t.dataSource.query(`SELECT refresh_member_quality(array_agg(id)), refresh_member_chambers(array_agg(id)) FROM member`);
    expect(await t.dataSource.query(derived)).toEqual(written);
    const audits = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'member.import.create' AND metadata->>'importId' = $1`, [v.id])) as { n: number }[];
    expect(audits[0].n).toBe(3);

    const versions = await t.dataSource.query(`SELECT id, version, updated_at FROM member ORDER BY id`);
    const again = await validated(path);
    expect(again).toMatchObject({ status: 'VALIDATED', totalRows: 3, matchedRows: 3 });
    // What waits to be committed (首页's to-do): the validated import, not the committed one.
    const LIST = `query($status: [MemberImportStatus!]) { memberImports(first: 100, status: $status) { edges { node { id status } } } }`;
    const waiting = expectData(await t.gql(LIST, { status: ['VALIDATED'] }, admin.accessToken)).memberImports.edges.map((e: { node: { id: string; status: string } }) => e.node);
    expect(waiting.map((n: { id: string }) => n.id)).toContain(again.id);
    expect(waiting.map((n: { id: string }) => n.id)).not.toContain(v.id);
    expect(new Set(waiting.map((n: { status: string }) => n.status))).toEqual(new Set(['VALIDATED']));
    expect((await t.gql(LIST, { status: ['NOT_A_STATE'] }, admin.accessToken)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const done = await committed(again, 'UPDATE');
    expect(done).toMatchObject({ status: 'COMMITTED', createdCount: 0, updatedCount: 0, unchangedCount: 3 });
    expect(await t.dataSource.query(`SELECT id, version, updated_at FROM member ORDER BY id`)).toEqual(versions);
    const updates = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE metadata->>'importId' = $1`, [again.id])) as { n: number }[];
    expect(updates[0].n).toBe(0);
  });

  it('applies the modes to matched members: SKIP, UPDATE, FILL_EMPTY', async () => {
    const idNumber = nextIdNumber();
    const phone = nextMobile();
    const existing = await createMember(t, { name: '林海燕', idNumber, phones: [phone], address: '旧地址', wechat: null, hometownCode: '330302' });
    const file = (address: string, wechat: string) => writeCsvFile('modes.csv', [HEADER, person({ 姓名: '林海燕', 身份证号: idNumber, 手机号码: phone, 籍贯: '鹿城区', 通讯地址: address, 微信号: wechat, 现居地: '' })]);

    const skipped = await committed(await validated(file('新地址', 'lhy-1')), 'SKIP');
    expect(skipped).toMatchObject({ matchedRows: 1, skippedCount: 1, createdCount: 0 });
    const afterSkip = (await t.dataSource.query(`SELECT address, wechat, version FROM member WHERE id = $1`, [existing.id]))[0];
    expect(afterSkip).toMatchObject({ address: '旧地址', wechat: null, version: existing.version });

    const filled = await committed(await validated(file('新地址', 'lhy-1')), 'FILL_EMPTY');
    expect(filled.updatedCount).toBe(1);
    const afterFill = (await t.dataSource.query(`SELECT address, wechat, version FROM member WHERE id = $1`, [existing.id]))[0];
    expect(afterFill).toMatchObject({ address: '旧地址', wechat: 'lhy-1', version: existing.version + 1 });

    const updated = await committed(await validated(file('新地址', 'lhy-2')), 'UPDATE');
    expect(updated.updatedCount).toBe(1);
    const afterUpdate = (await t.dataSource.query(`SELECT address, wechat, version FROM member WHERE id = $1`, [existing.id]))[0];
    expect(afterUpdate).toMatchObject({ address: '新地址', wechat: 'lhy-2', version: existing.version + 2 });
    const audit = (await t.dataSource.query(`SELECT actor_id, changes FROM audit_event WHERE operation = 'member.import.update' AND entity_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [existing.id]))[0];
    expect(audit.actor_id).toBe(admin.user.id);
  });

  it('reads GBK-encoded CSV from older systems and .xlsx with text, numbers and dates', async () => {
    const gbk = writeCsvFile('gbk.csv', [HEADER, person({ 姓名: '郑秀英', 性别: '女', 身份证号: '' })], { encoding: 'gbk' });
    const s = await validated(gbk);
    expect(s).toMatchObject({ status: 'VALIDATED', encoding: 'gb18030', totalRows: 1 });
    await committed(s);
    expect(((await t.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE name = '郑秀英'`)) as { n: number }[])[0].n).toBe(1);

    const id = nextIdNumber({ birthDate: '1975-03-08' });
    const xlsx = await writeXlsxFile('members.xlsx', [
      ['会员名单（2026 年）'],
      ['姓名*', '身份证号码', '出生日期', '手机', '籍贯', '备注说明'],
      ['周国平', id, new Date(Date.UTC(1975, 2, 8)), nextMobile(), '瑞安市', '标题行和未知列都不影响'],
    ]);
    const x = await validated(xlsx);
    expect(x).toMatchObject({ status: 'VALIDATED', format: 'xlsx', totalRows: 1, ignoredColumns: ['备注说明'] });
  });

  it('reports every bad row with row, column and reason, and refuses to commit any of the file', async () => {
    const before = await memberCount();
    const good = person({ 姓名: '吴志强' });
    const valid = nextIdNumber();
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const badId = person({ 姓名: '吴建国', 身份证号: wrongCheck });
    const badMany = person({ 姓名: '吴', 手机号码: '12345', 籍贯: '杭州', 所属商会: '不存在的商会' });
    const formula = person({ 姓名: '吴晓东', 通讯地址: '=HYPERLINK("http://x","y")' });
    const s = await validated(writeCsvFile('bad.csv', [HEADER, good, badId, badMany, formula]));
    expect(s).toMatchObject({ status: 'INVALID', totalRows: 4, errorRows: 3 });
    const byRow = new Map(s.errors.edges.map((e) => [e.node.rowNumber, e.node.errors]));
    expect([...byRow.keys()]).toEqual([3, 4, 5]);
    // A value that failed its own check is shown as typed: the uploader has to find it in the file.
    expect(byRow.get(3)).toEqual([
      expect.objectContaining({ column: '身份证号', reason: 'INVALID_ID_NUMBER', value: wrongCheck, messageZh: '身份证号的校验码不对，请检查是否输错' }),
    ]);
    expect(byRow.get(4)?.map((e) => e.reason).sort()).toEqual(['INVALID_PHONE', 'NOT_HOME_COUNTY', 'TOO_SHORT', 'UNKNOWN_CHAMBER']);
    expect(byRow.get(4)?.find((e) => e.reason === 'INVALID_PHONE')).toMatchObject({ column: '手机号码', value: '12345', message: expect.stringMatching(/^12345 is not a mainland mobile/) });
    expect(byRow.get(5)).toEqual([expect.objectContaining({ column: '通讯地址', reason: 'FORMULA_NOT_ALLOWED' })]);
    expectError(await t.gql(COMMIT, { input: { id: s.id, mode: 'SKIP', version: s.version } }, admin.accessToken), 'CONFLICT', 'id');
    expect(await memberCount()).toBe(before);

    const report = await t.http().get(`/member-imports/${s.id}/report.csv`).set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(report.status).toBe(200);
    const lines = report.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('行号,列,内容,错误代码,说明');
    expect(lines.filter((l) => l.startsWith('4,'))).toHaveLength(4);
    // 说明 is Chinese, for the person who uploaded; the bad phone is shown as they typed it, not as *****.
    expect(lines).toEqual(
      expect.arrayContaining([
        `3,身份证号,${wrongCheck},INVALID_ID_NUMBER,身份证号的校验码不对，请检查是否输错`,
        '4,手机号码,12345,INVALID_PHONE,号码 12345 不是有效的号码：应为 11 位手机号（以 1 开头）、带区号的固定电话，或以 + 开头的国际号码',
        '4,姓名,吴,TOO_SHORT,至少 2 个字符',
        '4,籍贯,杭州,NOT_HOME_COUNTY,籍贯须为家乡城市下辖的县（市、区），可填名称或代码',
        '4,所属商会,不存在的商会,UNKNOWN_CHAMBER,不存在的商会：没有名称与此完全相同的筹备中或已成立的商会',
        // (the writer neutralises the formula with a leading ')
        `5,通讯地址,"'=HYPERLINK(""http://x"",""y"")",FORMULA_NOT_ALLOWED,内容不能以 = 开头（再次打开文件时会被当作公式执行）`,
      ]),
    );
    expect(report.text).not.toContain('*****');
  });

  it('shows a bad value as typed but keeps valid personal data masked, and states file failures in Chinese', async () => {
    const goodPhone = nextMobile();
    const holderId = nextIdNumber();
    await createMember(t, { name: '钱海燕', idNumber: holderId, hometownCode: '330302' });
    const s = await validated(
      writeCsvFile('mixed.csv', [
        HEADER,
        // One good and one bad number in a cell: the bad one as typed, the good one never in clear.
        person({ 姓名: '钱建国', 手机号码: `${goodPhone}；0577-123` }),
        // A valid ID number registered to someone else: reported, and not shown in clear.
        person({ 姓名: '钱丽华', 身份证号: holderId }),
      ]),
    );
    expect(s.status).toBe('INVALID');
    const byRow = new Map(s.errors.edges.map((e) => [e.node.rowNumber, e.node.errors]));
    expect(byRow.get(2)).toEqual([expect.objectContaining({ reason: 'INVALID_PHONE', value: '0577-123', messageZh: expect.stringContaining('0577-123') })]);
    expect(byRow.get(3)).toEqual([
      expect.objectContaining({ reason: 'ID_NUMBER_NAME_MISMATCH', value: null, messageZh: '这个身份证号登记在另一个姓名的会员名下；请核对姓名或号码' }),
    ]);
    const report = await t.http().get(`/member-imports/${s.id}/report.csv`).set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(report.text).toContain('0577-123');
    expect(report.text).not.toContain(goodPhone);
    expect(report.text).not.toContain(holderId);

    const failed = await validated(writeCsvFile('no-header.csv', [['名称', '身份证号'], ['王建国', nextIdNumber()]]));
    expect(failed.failure).toMatchObject({ reason: 'MISSING_COLUMN', messageZh: expect.stringContaining('必填列') });
    const failedReport = await t.http().get(`/member-imports/${failed.id}/report.csv`).set('authorization', `Bearer ${admin.accessToken}`).buffer(true);
    expect(failedReport.text).toContain('MISSING_COLUMN,前 5 行中没有包含必填列');
  });

  it('refuses a formula cell in .xlsx and the same person twice in one file', async () => {
    const dupId = nextIdNumber();
    const xlsx = await writeXlsxFile('formula.xlsx', [
      ['姓名', '身份证号', '通讯地址'],
      ['陈海燕', dupId, { formula: 'CONCAT("温州","鹿城")', result: '温州鹿城' }],
      ['陈丽华', null, '温州'],
      ['陈海燕', dupId, '温州'],
    ]);
    const s = await validated(xlsx);
    expect(s.status).toBe('INVALID');
    const byRow = new Map(s.errors.edges.map((e) => [e.node.rowNumber, e.node.errors]));
    expect(byRow.get(2)).toEqual([expect.objectContaining({ column: '通讯地址', reason: 'FORMULA_NOT_ALLOWED' })]);
    expect(byRow.get(3)).toBeUndefined();
    expect(byRow.get(4)).toEqual([expect.objectContaining({ reason: 'DUPLICATE_IN_FILE', message: expect.stringContaining('row 2'), messageZh: '与第 2 行是同一个人；每人只保留一行' })]);
  });

  it.each([
    ['an empty file', () => writeBytesFile('empty.csv', Buffer.alloc(0)), 'EMPTY_FILE'],
    ['10 MB of random bytes', () => writeBytesFile('random.xlsx', randomBytes(10 * 1024 * 1024)), 'UNSUPPORTED_FILE_TYPE'],
    ['a PDF', () => writeBytesFile('list.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n'), randomBytes(2000)])), 'UNSUPPORTED_FILE_TYPE'],
    ['an old .xls', () => writeBytesFile('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(4000)])), 'UNSUPPORTED_FILE_TYPE'],
    ['a renamed required column', () => writeCsvFile('renamed.csv', [['名称', '身份证号'], ['王建国', nextIdNumber()]]), 'MISSING_COLUMN'],
    ['a header without rows', () => writeCsvFile('header.csv', [HEADER]), 'NO_ROWS'],
    ['the same column twice', () => writeCsvFile('twice.csv', [['姓名', '手机', '手机号码'], ['王建国', nextMobile(), nextMobile()]]), 'DUPLICATE_COLUMN'],
  ])('fails %s with a clear reason and writes nothing', async (_what, make, reason) => {
    const before = await memberCount();
    const s = await validated(make());
    expect(s.status).toBe('FAILED');
    expect(s.failure).toMatchObject({ reason });
    expect(s.failure?.message.length).toBeGreaterThan(10);
    expect(s.totalRows).toBe(0);
    expect(await memberCount()).toBe(before);
    expectError(await t.gql(COMMIT, { input: { id: s.id, mode: 'SKIP', version: s.version } }, admin.accessToken), 'CONFLICT', 'id');
  });

  it('keeps secretaries and county officers inside their scope', async () => {
    const other = await createChamber(t);
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId });
    const outsider = await createMember(t, { name: '黄国平', idNumber: nextIdNumber(), hometownCode: '330302' });
    await addMembership(t, outsider.id, other.id);
    const s = await validated(
      writeCsvFile('scope.csv', [HEADER, person({ 姓名: '黄志强' }), person({ 姓名: '黄晓东', 所属商会: other.name }), person({ 姓名: '黄国平', 身份证号: outsider.idNumber as string })]),
      secretary.accessToken,
    );
    expect(s.status).toBe('INVALID');
    const reasons = s.errors.edges.map((e) => [e.node.rowNumber, e.node.errors.map((x) => x.reason)]);
    expect(reasons).toEqual([
      [3, ['CHAMBER_OUTSIDE_SCOPE']],
      [4, ['MEMBER_OUTSIDE_SCOPE']],
    ]);

    const county = await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' });
    const c = await validated(writeCsvFile('county.csv', [HEADER, person({ 姓名: '徐建国', 籍贯: '' }), person({ 姓名: '徐丽华', 籍贯: '鹿城' })]), county.accessToken);
    expect(c.errors.edges.map((e) => [e.node.rowNumber, e.node.errors.map((x) => x.reason)])).toEqual([[3, ['HOMETOWN_OUTSIDE_SCOPE']]]);
    // Someone else's import is not there for them; a viewer may not import at all.
    expectError(await t.gql(GET, { id: s.id }, county.accessToken), 'NOT_FOUND');
    const viewer = await signedInUser(t, { role: Role.Viewer });
    const refused = await upload(writeCsvFile('v.csv', [HEADER, person()]), viewer.accessToken);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await t.http().post('/member-imports').attach('file', writeCsvFile('a.csv', [HEADER, person()]));
    expect(anonymous.status).toBe(401);
  });

  it('states a row the scope rule refuses in Chinese too (the rule’s own text, not a generic one)', async () => {
    const county = await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' });
    const s = await validated(writeCsvFile('county-zh.csv', [HEADER, person({ 姓名: '鹿城老乡', 籍贯: '鹿城' })]), county.accessToken);
    expect(s.status).toBe('INVALID');
    expect(s.errors.edges.map((e) => e.node.errors)).toEqual([
      [
        expect.objectContaining({
          column: '籍贯',
          reason: 'HOMETOWN_OUTSIDE_SCOPE',
          message: 'You keep members whose hometown is your county (330381)',
          messageZh: '您只能管理籍贯为本县（330381）的会员',
        }),
      ],
    ]);
  });

  it('commits in batches, each all or nothing, and resumes after a crash without doubling anything', async () => {
    const committer = t.app.get(MemberImportCommitter);
    const imports = t.app.get(MemberImportService);
    const rows = [HEADER, ...Array.from({ length: 7 }, (_, i) => person({ 姓名: `崔${'甲乙丙丁戊己庚'[i]}` }))];
    const s = await validated(writeCsvFile('resume.csv', rows));
    const before = await memberCount();
    committer.batchRows = 2;
    committer.connections = 1; // one batch after another, so the crash lands in the second
    // The commit job is not queued here: the test drives it, so it can "crash" it.
    await t.dataSource.query(`UPDATE member_import SET status = 'COMMITTING', mode = 'SKIP' WHERE id = $1`, [s.id]);
    // A fault inside the second batch (its 2nd row), as a killed process or a lost connection would leave it.
    await t.dataSource.query(`CREATE FUNCTION crash_on_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = '崔丁' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER crash_on_name BEFORE INSERT ON member FOR EACH ROW EXECUTE FUNCTION crash_on_name()`);
    const progress: number[] = [];
    await expect(imports.runCommit(s.id, { afterBatch: async () => void progress.push((await state(s.id)).doneRows) })).rejects.toThrow('simulated crash');
    expect(progress).toEqual([2]);
    const mid = await state(s.id);
    expect(mid).toMatchObject({ status: 'COMMITTING', doneRows: 2, createdCount: 2 });
    expect(mid.progress).toBeCloseTo(2 / 7);
    expect(await memberCount()).toBe(before + 2); // the failed batch left nothing behind (崔丙 was in it)

    await t.dataSource.query(`DROP TRIGGER crash_on_name ON member; DROP FUNCTION crash_on_name()`);
    await imports.runCommit(s.id);
    committer.batchRows = 1000;
    committer.connections = IMPORT_COMMIT_CONNECTIONS;
    const done = await state(s.id);
    expect(done).toMatchObject({ status: 'COMMITTED', doneRows: 7, createdCount: 7 });
    expect(await memberCount()).toBe(before + 7);
    const names = (await t.dataSource.query(`SELECT name FROM member WHERE name LIKE '崔%' ORDER BY name`)) as { name: string }[];
    expect(names.map((n) => n.name)).toHaveLength(7);
    expectError(await t.gql(CANCEL, { input: { id: s.id, version: done.version } }, admin.accessToken), 'CONFLICT', 'id');
  });

  it('commits on two connections side by side: every row once, counters exact, a crash stops both and resumes cleanly', async () => {
    const committer = t.app.get(MemberImportCommitter);
    const imports = t.app.get(MemberImportService);
    const names = Array.from({ length: 11 }, (_, i) => `简${'甲乙丙丁戊己庚辛壬癸子'[i]}`);
    const s = await validated(writeCsvFile('parallel.csv', [HEADER, ...names.map((n) => person({ 姓名: n }))]));
    const before = await memberCount();
    const audits = async () => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'member.import.create' AND metadata->>'importId' = $1`, [s.id])) as { n: number }[])[0].n;
    committer.batchRows = 2;
    expect(committer.connections).toBe(2);
    await t.dataSource.query(`UPDATE member_import SET status = 'COMMITTING', mode = 'SKIP' WHERE id = $1`, [s.id]);
    await t.dataSource.query(`CREATE FUNCTION crash_on_name2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = '简己' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(`CREATE TRIGGER crash_on_name2 BEFORE INSERT ON member FOR EACH ROW EXECUTE FUNCTION crash_on_name2()`);
    try {
      await expect(imports.runCommit(s.id)).rejects.toThrow('simulated crash');
      // Whatever finished is whole and counted once; the crashed batch left nothing.
      const mid = await state(s.id);
      const created = (await memberCount()) - before;
      expect(mid.status).toBe('COMMITTING');
      expect(mid.doneRows).toBe(created);
      expect(mid.createdCount).toBe(created);
      expect(created % 2).toBe(0);
      expect(created).toBeLessThan(11);
      expect(await audits()).toBe(created);
    } finally {
      await t.dataSource.query(`DROP TRIGGER crash_on_name2 ON member; DROP FUNCTION crash_on_name2()`);
    }
    await imports.runCommit(s.id);
    committer.batchRows = 1000;
    expect(await state(s.id)).toMatchObject({ status: 'COMMITTED', doneRows: 11, createdCount: 11 });
    expect(await memberCount()).toBe(before + 11);
    const stored = (await t.dataSource.query(`SELECT name FROM member WHERE name LIKE '简%' ORDER BY name`)) as { name: string }[];
    expect(stored.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(await audits()).toBe(11);
  });

  it('a cancellation while a batch is being written rolls that batch back', async () => {
    const committer = t.app.get(MemberImportCommitter);
    const s = await validated(writeCsvFile('cancel-mid.csv', [HEADER, person({ 姓名: '葛建国' }), person({ 姓名: '葛丽华' })]));
    const before = await memberCount();
    await t.dataSource.query(`UPDATE member_import SET status = 'COMMITTING', mode = 'SKIP' WHERE id = $1`, [s.id]);
    // The batch is written, then the import is cancelled before its counters are: as a user's
    // cancel landing between the two would.
    await t.dataSource.query(`CREATE FUNCTION cancel_mid() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE member_import SET status = 'CANCELLED' WHERE id = '${s.id}'; RETURN NULL; END $$`);
    await t.dataSource.query(`CREATE TRIGGER cancel_mid AFTER INSERT ON member FOR EACH STATEMENT EXECUTE FUNCTION cancel_mid()`);
    try {
      await committer.run(s.id, { id: admin.user.id, email: admin.user.email, role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null });
    } finally {
      await t.dataSource.query(`DROP TRIGGER cancel_mid ON member; DROP FUNCTION cancel_mid()`);
    }
    expect(await memberCount()).toBe(before);
    expect(await state(s.id)).toMatchObject({ status: 'COMMITTING', doneRows: 0 });
  });

  it('picks up imports whose worker died, and gives up on one that keeps failing instead of looping', async () => {
    const imports = t.app.get(MemberImportService);
    const stale = (id: string, status: string, attempts: number) =>
      t.dataSource.query(`UPDATE member_import SET status = $2::member_import_status, mode = 'SKIP', attempts = $3, heartbeat_at = now() - interval '1 hour' WHERE id = $1`, [id, status, attempts]);
    // A validation that died once is run again and finishes.
    const v = await validated(writeCsvFile('stale.csv', [HEADER, person({ 姓名: '蔡建国' })]));
    await stale(v.id, 'VALIDATING', 1);
    expect(await imports.resumeStale()).toBe(1);
    expect(await settle(v.id)).toMatchObject({ status: 'VALIDATED', totalRows: 1 });
    // A commit that died eight times is left for a person, with the reason; resuming it by hand works.
    const c = await state(v.id);
    await stale(c.id, 'COMMITTING', 8);
    expect(await imports.resumeStale()).toBe(0);
    const waiting = await state(c.id);
    expect(waiting).toMatchObject({ status: 'COMMITTING', failure: { reason: 'GAVE_UP' } });
    expect(await committed(waiting, 'SKIP')).toMatchObject({ status: 'COMMITTED', createdCount: 1, failure: null });
    // A validation that died eight times fails.
    const w = await validated(writeCsvFile('stale2.csv', [HEADER, person({ 姓名: '蔡丽华' })]));
    await stale(w.id, 'VALIDATING', 8);
    await imports.resumeStale();
    expect(await state(w.id)).toMatchObject({ status: 'FAILED', failure: { reason: 'GAVE_UP' } });
  });

  it('imports its own export back without changing anything', async () => {
    const exported = await t.http().post('/members/export').set('authorization', `Bearer ${admin.accessToken}`).send({ format: 'csv' }).buffer(true);
    expect(exported.status).toBe(200);
    const path = writeBytesFile('export.csv', Buffer.from(exported.text, 'utf8'));
    const total = await memberCount();
    const versions = await t.dataSource.query(`SELECT id, version FROM member ORDER BY id`);
    const s = await validated(path);
    expect(s.errors.edges).toEqual([]);
    expect(s).toMatchObject({ status: 'VALIDATED', totalRows: total, matchedRows: total, ignoredColumns: [] });
    const done = await committed(s, 'UPDATE');
    expect(done).toMatchObject({ status: 'COMMITTED', unchangedCount: total, updatedCount: 0, createdCount: 0 });
    expect(await t.dataSource.query(`SELECT id, version FROM member ORDER BY id`)).toEqual(versions);
  });

  it('answers bad uploads with clear errors', async () => {
    const noFile = await t.http().post('/member-imports').set('authorization', `Bearer ${admin.accessToken}`).field('x', '1');
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    const big = await createTestApp({ IMPORT_MAX_MB: '1' }, { databaseUrl: t.databaseUrl });
    try {
      const res = await big.http().post('/member-imports').set('authorization', `Bearer ${admin.accessToken}`).attach('file', writeBytesFile('big.csv', Buffer.alloc(2 * 1024 * 1024, 0x41)));
      expect(res.status).toBe(413);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    } finally {
      await big.close();
    }
  });
});
