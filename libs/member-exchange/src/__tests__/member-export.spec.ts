import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditService } from '@crm/audit';
import { Permission, Role, ROLE_PERMISSIONS } from '@crm/auth';
import { ChamberEntity, ChamberLevel, PositionType } from '@crm/chamber';
import { EnterpriseRole, Gender, MemberDesignation, MemberStatus, PersonalDataService, toNameInitials, toNamePinyin } from '@crm/member';
import {
  addMembership,
  captureSql,
  createChamber,
  createMember,
  createTestApp,
  expectData,
  nextCreditCode,
  nextIdNumber,
  signedInUser,
  TestApp,
} from '@crm/testing';
import { EXPORT_HEADERS, memberExportRow } from '../export/member-export-row';
import { MemberExportService } from '../export/member-export.service';

// POST /members/export (docs/member-exchange.md, "Export"): the members `members(filter, sort)`
// lists, as a .csv or .xlsx download; scope, masking, formula neutralisation, one audit event
// per export, errors as JSON before the first byte, keyset batches.

const HEADERS = [
  '姓名', '性别', '出生日期', '身份证号', '手机号码', '微信号', '电子邮箱', '通讯地址', '籍贯', '现居地',
  '所属商会', '商会职务', '入会日期', '企业名称', '统一社会信用代码', '企业职务', '所属行业', '人员类别', '标签', '备注',
  '会员编号', '状态', '完整度',
];

const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { id completeness phones } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const LIST = `query($first: Int!, $after: String, $filter: MemberFilter, $sort: MemberSort!) {
  members(first: $first, after: $after, filter: $filter, sort: $sort) { edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;

interface Download {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  json(): { errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

type Row = Record<string, string>;

describe('member export: POST /members/export', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let exporter: MemberExportService;
  const chamber: Record<'SH' | 'PD' | 'JS', ChamberEntity> = {} as never;
  const id: Record<string, string> = {};
  const idA = nextIdNumber({ regionCode: '330381', birthDate: '1975-03-08' });
  const creditA = nextCreditCode();
  let phonesA: string[] = [];

  async function download(body: unknown, token?: string): Promise<Download> {
    const req = t.http().post('/members/export').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req
      .send(body as object)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const raw = res.body as Buffer;
    return { status: res.status, headers: res.headers, raw, json: () => JSON.parse(raw.toString('utf8')) };
  }

  /** The CSV's rows as header → value (BOM checked and stripped). */
  function csvRows(d: Download): { headers: string[]; rows: Row[] } {
    expect(d.status).toBe(200);
    expect([...d.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = d.raw.subarray(3).toString('utf8');
    const records = parse(text, { relax_column_count: false }) as string[][];
    const [headers, ...data] = records;
    return { headers, rows: data.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))) };
  }

  async function xlsxRows(d: Download): Promise<{ headers: string[]; rows: Row[]; sheet: ExcelJS.Worksheet }> {
    expect(d.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(d.raw as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const values: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= HEADERS.length; c += 1) {
        const v = row.getCell(c).value;
        cells.push(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
      values.push(cells);
    });
    const [headers, ...data] = values;
    return { headers, rows: data.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))), sheet };
  }

  const exportCsv = async (body: Record<string, unknown>, token = admin) => csvRows(await download({ format: 'csv', ...body }, token));
  const idsOf = (rows: Row[]) => rows.map((r) => r['会员编号']);
  const byId = (rows: Row[], memberId: string) => {
    const row = rows.find((r) => r['会员编号'] === memberId);
    if (!row) throw new Error(`member ${memberId} is not in the export`);
    return row;
  };

  /** Every id `members` lists for the same filter and sort, all pages read. */
  async function listed(filter: Record<string, unknown>, sort: string, token = admin): Promise<string[]> {
    const out: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = expectData(
        await t.gql<{ members: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(LIST, { first: 100, after, filter, sort }, token),
      ).members;
      out.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  const exportEvents = async () =>
    (await t.dataSource.query(`SELECT actor_id AS "actorId", entity_type AS "entityType", entity_id AS "entityId", metadata FROM audit_event WHERE operation = 'member.export' ORDER BY id`)) as {
      actorId: string;
      entityType: string;
      entityId: string | null;
      metadata: Record<string, unknown>;
    }[];
  const auditCount = async (operation: string) => ((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event WHERE operation = $1', [operation])) as { n: number }[])[0].n;
  const idleInTransaction = async () =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)) as { n: number }[])[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    exporter = t.app.get(MemberExportService);
    const signedIn = await signedInUser(t, { role: Role.Admin });
    admin = signedIn.accessToken;
    adminId = signedIn.user.id;
    chamber.SH = await createChamber(t, { name: '上海市温州商会', level: ChamberLevel.Provincial, regionCode: '310000' });
    chamber.PD = await createChamber(t, { name: '上海市浦东新区温州商会', level: ChamberLevel.County, regionCode: '310115', parentId: chamber.SH.id });
    chamber.JS = await createChamber(t, { name: '江苏省温州商会', level: ChamberLevel.Provincial, regionCode: '320000' });
    for (const c of [chamber.PD, chamber.JS]) expectData(await t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2021-01-01' } }, admin));

    // 厉育平: two chambers (a position in one), two enterprises, formula-like note.
    const a = expectData(
      await t.gql<{ createMember: { id: string; phones: string[] } }>(
        CREATE,
        {
          input: {
            name: '厉育平',
            idNumber: idA,
            phones: ['138 1234 5678', '0577-8877 6655'],
            wechat: 'lyp1975',
            email: 'lyp@example.com',
            address: '上海市浦东新区世纪大道100号',
            hometownCode: '330381',
            currentRegionCode: '310115',
            designations: ['LEAD_GOOSE', 'NEW_GENERATION'],
            tags: ['鞋业', '外贸'],
            note: '=1+1',
            memberships: [
              { chamberId: chamber.PD.id, joinedOn: '2019-05-01', position: 'VICE_PRESIDENT' },
              { chamberId: chamber.JS.id, joinedOn: '2021-03-01' },
            ],
            enterprises: [
              { roles: ['LEGAL_REPRESENTATIVE', 'CHAIRMAN'], enterprise: { name: '温州瓯江鞋业有限公司', creditCode: creditA, industryCode: '19', regionCode: '330381' } },
              { roles: ['SHAREHOLDER'], enterprise: { name: '上海瓯越投资有限公司', industryCode: 'L' } },
            ],
          },
        },
        admin,
      ),
    ).createMember;
    id.A = a.id;
    phonesA = a.phones;
    // 单雄信: 乐清, left, lives in Hangzhou's 西湖区; formula-like note, address and WeChat.
    const b = await createMember(t, { name: '单雄信', idNumber: null, phones: ['13900005678'], hometownCode: '330382', currentRegionCode: '330106', wechat: '-wx', address: '+86 大道' });
    id.B = b.id;
    await t.dataSource.query(`UPDATE member SET status = 'LEFT', note = '@SUM(A1)' WHERE id = $1`, [b.id]);
    // 陈测: member of the Pudong chamber, nothing else.
    const c = await createMember(t, { name: '陈测试', hometownCode: '330381' });
    id.C = c.id;
    await addMembership(t, c.id, chamber.PD.id);
    // A merged duplicate of 厉育平: hidden unless MERGED is asked for.
    const d = await createMember(t, { name: '厉育平', idNumber: null, hometownCode: '330381' });
    id.D = d.id;
    await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $2 WHERE id = $1`, [d.id, a.id]);
    // A name no office would type, straight into the table: the file must not run it.
    const e = await createMember(t, { name: '=HYPERLINK("http://e.vil","x")'.slice(0, 30), idNumber: null, hometownCode: '330302' });
    id.E = e.id;
  });
  afterAll(() => t?.close());

  it('writes every column of the catalogue in Chinese, values as the import reads them (CSV)', async () => {
    const d = await download({ format: 'csv' }, admin);
    expect(d.headers['content-type']).toBe('text/csv; charset=utf-8');
    const disposition = String(d.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; /);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toMatch(/^会员导出-\d{8}-\d{4}\.csv$/);
    expect(d.headers['cache-control']).toBe('no-store');
    // CRLF line ends.
    expect(d.raw.toString('utf8')).toContain('\r\n');

    const { headers, rows } = csvRows(d);
    expect(headers).toEqual(HEADERS);
    expect(EXPORT_HEADERS).toEqual(HEADERS);
    const [{ completeness: completenessA }] = (await t.dataSource.query('SELECT completeness FROM member WHERE id = $1', [id.A])) as { completeness: number }[];
    expect(byId(rows, id.A)).toEqual({
      姓名: '厉育平',
      性别: '男',
      出生日期: '1975-03-08',
      身份证号: idA,
      手机号码: phonesA.join('；'),
      微信号: 'lyp1975',
      电子邮箱: 'lyp@example.com',
      通讯地址: '上海市浦东新区世纪大道100号',
      籍贯: '瑞安市',
      现居地: '上海市浦东新区',
      // Current memberships latest first (as the API lists them); the position stays beside its chamber.
      所属商会: '江苏省温州商会；上海市浦东新区温州商会',
      商会职务: '；副会长',
      入会日期: '2021-03-01；2019-05-01',
      企业名称: '温州瓯江鞋业有限公司；上海瓯越投资有限公司',
      统一社会信用代码: `${creditA}；`,
      企业职务: '法定代表人、董事长；股东',
      所属行业: 'C19；L',
      人员类别: '领头雁；新生代',
      标签: '鞋业；外贸',
      备注: "'=1+1",
      会员编号: id.A,
      状态: '在册',
      完整度: String(completenessA),
    });
    expect(phonesA).toHaveLength(2);
    const b = byId(rows, id.B);
    expect(b).toMatchObject({ 姓名: '单雄信', 籍贯: '乐清市', 现居地: '浙江省杭州市西湖区', 状态: '退出', 所属商会: '', 商会职务: '', 企业名称: '' });
    // Formula-like cells get a leading ' (the table writer's neutralisation).
    expect(b).toMatchObject({ 备注: "'@SUM(A1)", 通讯地址: "'+86 大道", 微信号: "'-wx" });
    expect(byId(rows, id.E)['姓名']).toBe(`'${'=HYPERLINK("http://e.vil","x")'.slice(0, 30)}`);
    // MERGED members are left out unless asked for.
    expect(idsOf(rows)).not.toContain(id.D);
    expect(idsOf(rows).sort()).toEqual((await listed({}, 'NAME')).sort());
  });

  it('writes the same rows as .xlsx, with the personal-data and code columns as text', async () => {
    const d = await download({ format: 'xlsx' }, admin);
    expect(d.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(d.headers['content-disposition']))?.[1] ?? '')).toMatch(/^会员导出-\d{8}-\d{4}\.xlsx$/);
    const { headers, rows, sheet } = await xlsxRows(d);
    expect(headers).toEqual(HEADERS);
    const csv = (await exportCsv({})).rows;
    expect(rows.map((r) => r['会员编号'])).toEqual(idsOf(csv));
    // The same values in both formats (completeness is a number in .xlsx, text once stringified).
    expect(byId(rows, id.A)).toEqual(byId(csv, id.A));
    expect(byId(rows, id.B)).toEqual(byId(csv, id.B));
    const rowA = sheet.getRow(rows.findIndex((r) => r['会员编号'] === id.A) + 2);
    const idCell = rowA.getCell(HEADERS.indexOf('身份证号') + 1);
    expect(idCell.value).toBe(idA);
    expect(idCell.numFmt).toBe('@');
    expect(rowA.getCell(HEADERS.indexOf('统一社会信用代码') + 1).numFmt).toBe('@');
    // A neutralised note is a string, not a formula.
    const note = rowA.getCell(HEADERS.indexOf('备注') + 1);
    expect(note.type).toBe(ExcelJS.ValueType.String);
    expect(note.value).toBe("'=1+1");
  });

  it('honours the filter and the sort exactly as members(filter, sort) does, MERGED only when asked', async () => {
    for (const [filter, sort] of [
      [{}, 'NAME'],
      [{}, 'REGISTERED_AT'],
      [{}, 'COMPLETENESS'],
      [{ hometownCode: '330381' }, 'NAME'],
      [{ chamberSubtree: chamber.SH.id }, 'REGISTERED_AT'],
      [{ search: '厉育' }, 'NAME'],
      [{ enterprise: '瓯江' }, 'NAME'],
      [{ status: 'LEFT' }, 'NAME'],
    ] as [Record<string, unknown>, string][]) {
      expect({ filter, sort, ids: idsOf((await exportCsv({ filter, sort })).rows) }).toEqual({ filter, sort, ids: await listed(filter, sort) });
    }
    expect(idsOf((await exportCsv({ filter: { hometownCode: '330381' } })).rows).sort()).toEqual([id.A, id.C].sort());
    expect(idsOf((await exportCsv({ filter: { status: 'MERGED' } })).rows)).toEqual([id.D]);
    const merged = byId((await exportCsv({ filter: { status: 'MERGED' } })).rows, id.D);
    expect(merged['状态']).toBe('已合并');
  });

  it('gives a secretary only its chamber subtree, a county officer only its county', async () => {
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber.SH.id })).accessToken;
    const secretaryRows = (await exportCsv({}, secretary)).rows;
    expect(idsOf(secretaryRows).sort()).toEqual([id.A, id.C].sort());
    expect(idsOf(secretaryRows)).toEqual(await listed({}, 'NAME', secretary));
    // The member's chamber outside the secretary's subtree is not named (as Member.memberships.chamber is null there).
    expect(byId(secretaryRows, id.A)).toMatchObject({ 所属商会: '上海市浦东新区温州商会', 商会职务: '副会长', 入会日期: '2019-05-01' });
    // Secretaries hold the personal-data permission.
    expect(byId(secretaryRows, id.A)['身份证号']).toBe(idA);

    const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330382' })).accessToken;
    const officerRows = (await exportCsv({}, officer)).rows;
    expect(idsOf(officerRows)).toEqual([id.B]);
    // A filter cannot widen the scope.
    expect((await exportCsv({ filter: { hometownCode: '330381' } }, officer)).rows).toEqual([]);
  });

  it('writes one audit event per export (filter, format, sort, row count, personal data), and no per-member read events', async () => {
    const reads = await auditCount('member.personalDataRead');
    const before = (await exportEvents()).length;
    const { rows } = await exportCsv({ filter: { hometownCode: '330381' }, sort: 'COMPLETENESS' });
    const events = (await exportEvents()).slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      actorId: adminId,
      entityType: 'Member',
      entityId: null,
      metadata: { format: 'csv', filter: { hometownCode: '330381' }, sort: 'COMPLETENESS', rowCount: rows.length, personalData: 'CLEAR' },
    });
    expect(rows).toHaveLength(2);
    expect(await auditCount('member.personalDataRead')).toBe(reads);

    // A searched ID number is kept masked in the trail.
    await exportCsv({ filter: { idNumber: idA }, sort: 'NAME' });
    const [last] = (await exportEvents()).slice(-1);
    expect(last.metadata).toMatchObject({ filter: { idNumber: `${idA.slice(0, 3)}***********${idA.slice(-4)}` }, rowCount: 1, sort: 'NAME' });
  });

  it('masks personal data as the API does for a caller without PERSONAL_DATA_READ', async () => {
    // No role holds MemberExport without PersonalDataRead today: the masked path is checked by
    // forcing PersonalDataService's decision for one export, and on the row mapper itself.
    const exportRoles = Object.values(Role).filter((r) => ROLE_PERMISSIONS[r].has(Permission.MemberExport));
    expect(exportRoles.filter((r) => !ROLE_PERMISSIONS[r].has(Permission.PersonalDataRead))).toEqual([]);

    const personal = t.app.get(PersonalDataService);
    const spy = jest.spyOn(personal, 'masked').mockReturnValue(true);
    let rows: Row[];
    try {
      rows = (await exportCsv({ filter: { search: '厉育平' } })).rows;
    } finally {
      spy.mockRestore();
    }
    const a = byId(rows, id.A);
    expect(a['身份证号']).toBe(`${idA.slice(0, 3)}***********${idA.slice(-4)}`);
    expect(a['手机号码']).toBe(phonesA.map((p) => `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`).join('；'));
    expect(a['出生日期']).toBe('');
    // Gender and the rest are not personal data in the API either.
    expect(a['性别']).toBe('男');
    const [last] = (await exportEvents()).slice(-1);
    expect(last.metadata).toMatchObject({ personalData: 'MASKED', rowCount: 1 });

    const cells = memberExportRow(
      {
        id: 'x',
        name: '王测',
        gender: Gender.Female,
        birthDate: '1980-02-03',
        idNumber: '330381198002030027',
        phones: ['13812345678', '057788776655'],
        wechat: null,
        email: null,
        address: null,
        hometownCode: '330381',
        currentRegionCode: null,
        designations: [MemberDesignation.NewGeneration],
        tags: [],
        note: null,
        status: MemberStatus.Deceased,
        completeness: 40,
      },
      [{ chamberName: '甲商会', joinedOn: null, positions: [PositionType.President, PositionType.Director] }, { chamberName: '乙商会', joinedOn: '2020-01-02', positions: [] }],
      [{ name: '甲公司', creditCode: null, industryCode: null, roles: [EnterpriseRole.GeneralManager, EnterpriseRole.Shareholder] }],
      { masked: true, hometownName: () => '瑞安市', regionPath: (code) => code },
    );
    expect(Object.fromEntries(HEADERS.map((h, i) => [h, cells[i]]))).toEqual({
      姓名: '王测',
      性别: '女',
      出生日期: null,
      身份证号: '330***********0027',
      手机号码: '138****5678；057*****6655',
      微信号: null,
      电子邮箱: null,
      通讯地址: null,
      籍贯: '瑞安市',
      现居地: null,
      所属商会: '甲商会；乙商会',
      商会职务: '会长、理事；',
      入会日期: '；2020-01-02',
      企业名称: '甲公司',
      统一社会信用代码: '',
      企业职务: '总经理、股东',
      所属行业: '',
      人员类别: '新生代',
      标签: '',
      备注: null,
      会员编号: 'x',
      状态: '已故',
      完整度: 40,
    });
  });

  it('refuses callers without the export permission (403), without a token (401), and bad bodies (400 on the field), as JSON', async () => {
    for (const role of [Role.Viewer, Role.PartyOfficer]) {
      const token = (await signedInUser(t, { role })).accessToken;
      const d = await download({ format: 'csv' }, token);
      expect(d.status).toBe(403);
      expect(String(d.headers['content-type'])).toMatch(/^application\/json/);
      expect(d.json().errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await download({ format: 'csv' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json().errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const before = (await exportEvents()).length;
    for (const [body, field] of [
      [{ format: 'pdf' }, 'format'],
      [{}, 'format'],
      [{ format: 'csv', sort: 'AGE' }, 'sort'],
      [{ format: 'csv', filter: { hometownCode: '33' } }, 'filter.hometownCode'],
      [{ format: 'csv', filter: { search: 'x' } }, 'filter.search'],
      [{ format: 'csv', columns: ['姓名'] }, 'columns'],
    ] as [Record<string, unknown>, string][]) {
      const d = await download(body, admin);
      expect({ body, status: d.status, code: d.json().errors?.[0].extensions?.code, field: d.json().errors?.[0].extensions?.field }).toEqual({
        body,
        status: 400,
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    const notJson = await t.http().post('/members/export').set('authorization', `Bearer ${admin}`).set('content-type', 'text/plain').send('format=csv');
    expect(notJson.status).toBe(400);
    expect((notJson.body as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // Nothing was exported, nothing audited.
    expect((await exportEvents()).length).toBe(before);
  });

  it('sends nothing when the audit event cannot be written', async () => {
    const audit = t.app.get(AuditService);
    const spy = jest.spyOn(audit, 'recordAlone').mockRejectedValueOnce(new Error('audit table unavailable'));
    try {
      const d = await download({ format: 'csv' }, admin);
      expect(d.status).toBe(500);
      expect(String(d.headers['content-type'])).toMatch(/^application\/json/);
      expect(d.headers['content-disposition']).toBeUndefined();
      expect(d.json().errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(d.raw.toString('utf8')).not.toContain('厉育平');
    } finally {
      spy.mockRestore();
    }
    expect(await idleInTransaction()).toBe(0);
  });

  it('answers 429 when too many exports run at once', async () => {
    const { maxConcurrent } = exporter.options;
    exporter.options.maxConcurrent = 0;
    try {
      const d = await download({ format: 'csv' }, admin);
      expect(d.status).toBe(429);
      expect(d.json().errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      exporter.options.maxConcurrent = maxConcurrent;
    }
  });

  describe('more members than a batch', () => {
    const tag = 'bulk-export';
    let bulk: string[] = [];
    beforeAll(async () => {
      // 2,500 members in one statement (setup: no audit), some sharing a name and completeness, so
      // the keyset has ties to break on id.
      const rows = Array.from({ length: 2500 }, (_, i) => {
        const name = `${['王', '李', '张', '陈', '林'][i % 5]}${['建国', '丽华', '海燕', '志强'][i % 4]}${i % 7 === 0 ? '' : String.fromCharCode(0x4e00 + (i % 500))}`;
        return { n: i, name, pinyin: toNamePinyin(name), initials: toNameInitials(name), hometown: i % 3 === 0 ? '330381' : '330302', region: i % 4 === 0 ? '310115' : null };
      });
      bulk = (
        (await t.dataSource.query(
          `INSERT INTO member (name, name_pinyin, name_initials, hometown_code, current_region_code, tags, registered_at)
           SELECT r.name, r.pinyin, r.initials, r.hometown, r.region, ARRAY[$2]::varchar[], now() - (r.n % 50) * interval '1 hour'
           FROM jsonb_to_recordset($1::jsonb) AS r(n int, name text, pinyin text, initials text, hometown text, region text)
           RETURNING id`,
          [JSON.stringify(rows), tag],
        )) as { id: string }[]
      ).map((r) => r.id);
      await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [bulk]);
      // Some of them in a chamber with a position and an enterprise, to fill the batch's related statements.
      await t.dataSource.query(`INSERT INTO chamber_membership (member_id, chamber_id, joined_on) SELECT unnest($1::uuid[]), $2, '2022-02-02'`, [bulk.slice(0, 600), chamber.JS.id]);
      await t.dataSource.query(`INSERT INTO enterprise (name, name_pinyin) VALUES ('批量测试实业有限公司', 'piliangceshishiyeyouxiangongsi')`);
      await t.dataSource.query(
        `INSERT INTO member_enterprise (member_id, enterprise_id, roles) SELECT unnest($1::uuid[]), (SELECT id FROM enterprise WHERE name = '批量测试实业有限公司'), '{SHAREHOLDER}'`,
        [bulk.slice(300, 900)],
      );
    }, 60_000);

    it('comes out complete and in order, across batch boundaries (2,000 a batch)', async () => {
      expect(exporter.options.batchSize).toBe(2000);
      const csv = (await exportCsv({ filter: { tag }, sort: 'NAME' })).rows;
      expect(csv).toHaveLength(2500);
      const ordered = ((await t.dataSource.query(`SELECT id FROM member WHERE tags @> ARRAY[$1]::varchar[] ORDER BY name_pinyin, id`, [tag])) as { id: string }[]).map((r) => r.id);
      expect(idsOf(csv)).toEqual(ordered);
      expect(new Set(idsOf(csv)).size).toBe(2500);
      expect(csv.filter((r) => r['所属商会'] === '江苏省温州商会')).toHaveLength(600);
      expect(csv.filter((r) => r['企业名称'] === '批量测试实业有限公司' && r['企业职务'] === '股东')).toHaveLength(600);
      const [event] = (await exportEvents()).slice(-1);
      expect(event.metadata.rowCount).toBe(2500);

      const xlsx = await xlsxRows(await download({ format: 'xlsx', filter: { tag }, sort: 'REGISTERED_AT' }, admin));
      const newestFirst = ((await t.dataSource.query(`SELECT id FROM member WHERE tags @> ARRAY[$1]::varchar[] ORDER BY registered_at DESC, id DESC`, [tag])) as { id: string }[]).map((r) => r.id);
      expect(idsOf(xlsx.rows)).toEqual(newestFirst);
    }, 60_000);

    it('walks small batches with ties on the sort key (keyset on key and id), in a constant number of statements per batch', async () => {
      const { batchSize } = exporter.options;
      exporter.options.batchSize = 37;
      try {
        for (const sort of ['COMPLETENESS', 'REGISTERED_AT', 'NAME']) {
          const filter = { tag, hometownCode: '330381' };
          expect({ sort, ids: idsOf((await exportCsv({ filter, sort })).rows) }).toEqual({ sort, ids: await listed(filter, sort) });
        }
        // Statements: 4 per batch (members, memberships, positions, enterprises) whatever the batch holds.
        const statementsFor = async (filter: Record<string, unknown>) => (await captureSql(t.dataSource, () => exportCsv({ filter, sort: 'NAME' }))).statements;
        const few = await statementsFor({ tag, hometownCode: '330381', currentRegionCode: '310115' });
        const many = await statementsFor({ tag, hometownCode: '330381' });
        const batches = (n: number) => Math.floor(n / 37) + 1;
        const fewRows = bulk.length / 12; // every 12th member is both from 330381 and in 310115
        const manyRows = Math.ceil(bulk.length / 3);
        const count = (s: string[], re: RegExp) => s.filter((q) => re.test(q)).length;
        expect(count(many, /FROM chamber_membership cm JOIN chamber c/)).toBe(batches(manyRows) - (manyRows % 37 === 0 ? 1 : 0));
        expect(count(many, /FROM member_enterprise l JOIN enterprise e/)).toBe(count(many, /FROM chamber_position p JOIN chamber_term t/));
        const perBatch = (many.length - few.length) / (batches(manyRows) - batches(Math.ceil(fewRows)));
        expect(perBatch).toBe(4);
      } finally {
        exporter.options.batchSize = batchSize;
      }
    }, 60_000);

    it('breaks the download (never a short file) when a batch fails after the first byte, and frees the connection', async () => {
      const { batchSize } = exporter.options;
      exporter.options.batchSize = 100;
      const original = exporter.fetchBatch.bind(exporter);
      let calls = 0;
      const spy = jest.spyOn(exporter, 'fetchBatch').mockImplementation(async (...args) => {
        calls += 1;
        if (calls === 3) throw new Error('disk on fire');
        return original(...args);
      });
      try {
        const error = await download({ format: 'csv', filter: { tag } }, admin).then(
          () => null,
          (e: Error) => e,
        );
        expect(error).not.toBeNull();
        expect(String((error as NodeJS.ErrnoException).code ?? error?.message)).toMatch(/ECONNRESET|aborted|socket hang up|premature/i);
      } finally {
        spy.mockRestore();
        exporter.options.batchSize = batchSize;
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(await idleInTransaction()).toBe(0);
    });

    it('stops reading when the client goes away', async () => {
      const { batchSize } = exporter.options;
      exporter.options.batchSize = 10;
      const original = exporter.fetchBatch.bind(exporter);
      let calls = 0;
      const spy = jest.spyOn(exporter, 'fetchBatch').mockImplementation(async (...args) => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 20));
        return original(...args);
      });
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no data')), 10_000);
          const req = http.request(
            { host: '127.0.0.1', port, method: 'POST', path: '/members/export', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` } },
            (res) => {
              expect(res.statusCode).toBe(200);
              res.once('data', () => {
                clearTimeout(timer);
                req.destroy();
                resolve();
              });
            },
          );
          req.on('error', () => undefined);
          req.end(JSON.stringify({ format: 'csv', filter: { tag } }));
        });
        await new Promise((r) => setTimeout(r, 300));
        const after = calls;
        await new Promise((r) => setTimeout(r, 300));
        // 250 batches would be needed; it stopped after the one in flight.
        expect(calls).toBe(after);
        expect(calls).toBeLessThan(20);
        expect(await idleInTransaction()).toBe(0);
      } finally {
        spy.mockRestore();
        exporter.options.batchSize = batchSize;
      }
    });
  });
});
