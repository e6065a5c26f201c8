import { randomUUID } from 'node:crypto';
import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, makeCreditCode, makeIdNumber, toNameInitials, toNamePinyin } from '@crm/member';
import {
  captureSql,
  captureStatements,
  createChamber,
  createTestApp,
  errorCode,
  expectData,
  GqlResponse,
  signedInUser,
  TestApp,
} from '@crm/testing';

// The read side of the member information base (docs/members.md, "Search and filters"): search,
// filters, sorts and keyset pagination of `members`, the statement count of a page with its
// related rows, the indexes behind each filter, and the enterprise / industry queries.

const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) { id name version completeness memberships { id chamberId } enterprises { enterpriseId } }
}`;
const LEAVE = `mutation($id: ID!, $input: UpdateChamberMembershipInput!) { updateChamberMembership(id: $id, input: $input) { id version completeness } }`;
const LIST = `query($first: Int! = 100, $after: String, $filter: MemberFilter, $sort: MemberSort! = NAME) {
  members(first: $first, after: $after, filter: $filter, sort: $sort) {
    edges { cursor node { id name namePinyin completeness registeredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTED = LIST.replace('pageInfo {', 'totalCount pageInfo {');
const ENTERPRISES = `query($first: Int! = 100, $after: String, $filter: EnterpriseFilter) {
  enterprises(first: $first, after: $after, filter: $filter) {
    edges { node { id name creditCode industryCode industryName regionCode region { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  id: string;
  name: string;
  namePinyin: string;
  completeness: number;
  registeredAt: string;
}
interface Page {
  members: { totalCount?: number; edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
interface EnterpriseNode {
  id: string;
  name: string;
  creditCode: string | null;
  industryCode: string | null;
  industryName: string | null;
  regionCode: string | null;
  region: { name: string } | null;
}

/** A member row for a bulk SQL insert (setup only: no audit, no history). */
interface BulkMember {
  id?: string;
  name: string;
  gender?: 'MALE' | 'FEMALE' | null;
  birthDate?: string | null;
  idNumber?: string | null;
  phones?: string[];
  wechat?: string | null;
  address?: string | null;
  hometownCode?: string | null;
  currentRegionCode?: string | null;
  designations?: string[];
  tags?: string[];
  registeredAt?: string | null;
  status?: string;
  mergedIntoId?: string | null;
}

type PlanNode = Record<string, unknown>;
function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...((plan.Plans as PlanNode[] | undefined) ?? []).flatMap(planNodes)];
}
const indexesIn = (plan: PlanNode) => planNodes(plan).flatMap((n) => (typeof n['Index Name'] === 'string' ? [n['Index Name']] : []));
const seqScansOn = (plan: PlanNode, table: string) => planNodes(plan).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table);

const sorted = (values: string[]) => [...values].sort();
const cmp = (a: string | bigint | number, b: string | bigint | number) => (a < b ? -1 : a > b ? 1 : 0);

describe('members read side: search, filters, sorts, pagination, statement count, indexes', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  const chamber: Record<'SH' | 'PD' | 'JS', ChamberEntity> = {} as never;
  const id: Record<string, string> = {};
  // An ID number with the X check character, to show that a lower-case x is accepted.
  let idA = '';
  for (let seq = 1; seq < 1000 && !idA.endsWith('X'); seq += 2) idA = makeIdNumber('330381', '1975-03-08', seq, 'MALE');
  const creditA = makeCreditCode(101);

  async function create(input: Record<string, unknown>): Promise<{ id: string; version: number; completeness: number; memberships: { id: string }[] }> {
    return expectData(await t.gql<{ createMember: { id: string; version: number; completeness: number; memberships: { id: string }[] } }>(CREATE, { input }, admin)).createMember;
  }

  /** Inserts members straight into the table, then computes their completeness as every write path does. */
  async function insertMembers(rows: BulkMember[]): Promise<string[]> {
    const records = rows.map((r) => ({
      id: r.id ?? randomUUID(),
      name: r.name,
      name_pinyin: toNamePinyin(r.name),
      name_initials: toNameInitials(r.name),
      gender: r.gender ?? null,
      birth_date: r.birthDate ?? null,
      id_number: r.idNumber ?? null,
      phones: r.phones ?? [],
      wechat: r.wechat ?? null,
      address: r.address ?? null,
      hometown_code: r.hometownCode ?? null,
      current_region_code: r.currentRegionCode ?? null,
      designations: r.designations ?? [],
      tags: r.tags ?? [],
      registered_at: r.registeredAt ?? null,
      status: r.status ?? 'ACTIVE',
      merged_into_id: r.mergedIntoId ?? null,
    }));
    await t.dataSource.query(
      `INSERT INTO member (id, name, name_pinyin, name_initials, gender, birth_date, id_number, phones, wechat, address, hometown_code,
                           current_region_code, designations, tags, registered_at, status, merged_into_id)
       SELECT r.id, r.name, r.name_pinyin, r.name_initials, r.gender::gender, r.birth_date::date, r.id_number,
              ARRAY(SELECT jsonb_array_elements_text(r.phones))::varchar[], r.wechat, r.address, r.hometown_code, r.current_region_code,
              ARRAY(SELECT jsonb_array_elements_text(r.designations))::member_designation[],
              ARRAY(SELECT jsonb_array_elements_text(r.tags))::varchar[],
              coalesce(r.registered_at, now()), r.status::member_status, r.merged_into_id
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, name_pinyin text, name_initials text, gender text, birth_date text, id_number text,
            phones jsonb, wechat text, address text, hometown_code text, current_region_code text, designations jsonb, tags jsonb,
            registered_at timestamptz, status text, merged_into_id uuid)`,
      [JSON.stringify(records)],
    );
    const ids = records.map((r) => r.id);
    await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [ids]);
    return ids;
  }

  /** Every member matching the filter, all pages read, in the order of the list (NAME by default). */
  async function listAll(filter: Record<string, unknown>, opts: { token?: string; sort?: string; first?: number } = {}): Promise<Node[]> {
    const out: Node[] = [];
    let after: string | null = null;
    for (let i = 0; i < 200; i += 1) {
      const vars: Record<string, unknown> = { first: opts.first ?? 100, after, filter, sort: opts.sort ?? 'NAME' };
      const page: Page['members'] = expectData(await t.gql<Page>(LIST, vars, opts.token ?? admin)).members;
      out.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 200 pages');
  }
  /** The names found, sorted (for set comparisons). */
  const found = async (filter: Record<string, unknown>, token?: string) => sorted((await listAll(filter, { token })).map((n) => n.name));

  function expectField(res: GqlResponse, code: string, field: string) {
    expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code, field });
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    chamber.SH = await createChamber(t, { name: '上海市温州商会', level: ChamberLevel.Provincial, regionCode: '310000' });
    chamber.PD = await createChamber(t, { name: '上海市浦东新区温州商会', level: ChamberLevel.County, regionCode: '310115', parentId: chamber.SH.id });
    chamber.JS = await createChamber(t, { name: '江苏省温州商会', level: ChamberLevel.Provincial, regionCode: '320000' });

    // 厉育平: complete (100), a mobile and a landline, an ID number ending in X, a current
    // county people's congress seat, member of the Pudong chamber (below Shanghai).
    const a = await create({
      name: '厉育平',
      idNumber: idA,
      phones: ['138 1234 5678', '0577-8877 6655'],
      wechat: 'lyp1975',
      address: '上海市浦东新区世纪大道100号',
      hometownCode: '330381',
      currentRegionCode: '310115',
      designations: ['LEAD_GOOSE'],
      tags: ['鞋业'],
      memberships: [{ chamberId: chamber.PD.id, joinedOn: '2019-05-01' }],
      enterprises: [
        {
          roles: ['LEGAL_REPRESENTATIVE', 'CHAIRMAN'],
          enterprise: { name: '温州瓯江鞋业有限公司', creditCode: creditA, industryCode: '19', regionCode: '330381', size: 'MEDIUM' },
        },
      ],
      politicalRoles: [{ kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'COUNTY', regionCode: '330381', termNumber: 17, startsOn: '2022-01-01' }],
    });
    id.A = a.id;
    // 单雄信: 单 read as the surname shan; an ended provincial CPPCC seat; in Kunshan (Suzhou, Jiangsu).
    id.B = (
      await create({
        name: '单雄信',
        phones: ['13900005678'],
        hometownCode: '330382',
        currentRegionCode: '320583',
        designations: ['NEW_GENERATION'],
        tags: ['进出口'],
        memberships: [{ chamberId: chamber.JS.id }],
        politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'PROVINCIAL', startsOn: '2013-01-01', endsOn: '2018-01-01' }],
      })
    ).id;
    // 曾国藩: 曾 read as zeng; left the Pudong chamber (a past membership only).
    const c = await create({
      name: '曾国藩',
      wechat: 'zgf',
      hometownCode: '330381',
      currentRegionCode: '310101',
      tags: ['鞋业', '进出口'],
      memberships: [{ chamberId: chamber.PD.id, joinedOn: '2015-01-01' }],
      enterprises: [{ roles: ['SHAREHOLDER'], enterprise: { name: '瑞安鞋材贸易有限公司', industryCode: 'C', regionCode: '330302' } }],
      politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'PREFECTURE', startsOn: '2021-06-01' }],
    });
    id.C = c.id;
    expectData(await t.gql(LEAVE, { id: c.memberships[0].id, input: { leftOn: '2024-01-01', version: c.version } }, admin));
    // 王建国: only a name (completeness 0), unrelated to every search below but 建国.
    id.D = (await create({ name: '王建国' })).id;
    // 欧阳建国: compound surname; LEFT; a member of the Shanghai chamber itself; lives in Lucheng (Wenzhou).
    id.E = (
      await create({
        name: '欧阳建国',
        status: 'LEFT',
        hometownCode: '330324',
        currentRegionCode: '330302',
        designations: ['LEAD_GOOSE', 'NEW_GENERATION'],
        memberships: [{ chamberId: chamber.SH.id }],
        enterprises: [{ roles: ['GENERAL_MANAGER'], enterprise: { name: '上海欧江国际贸易有限公司', industryCode: '51', regionCode: '310115' } }],
        politicalRoles: [{ kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'NATIONAL', startsOn: '2023-03-01' }],
      })
    ).id;
    // 李玉萍: a homophone of 厉育平 (liyuping, lyp); a CPPCC seat that has not started yet.
    id.G = (
      await create({
        name: '李玉萍',
        phones: ['13700001111'],
        politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'COUNTY', startsOn: '2099-01-01' }],
      })
    ).id;
    // A duplicate of 厉育平 merged into it: a tombstone (same ID number, allowed for MERGED rows).
    [id.M] = await insertMembers([
      { name: '厉育平', idNumber: idA, phones: ['13812345678'], hometownCode: '330381', status: 'MERGED', mergedIntoId: id.A, tags: ['鞋业'] },
    ]);
    // An enterprise without industry, linked to nobody.
    expectData(await t.gql(`mutation { createEnterprise(input: { name: "苍南印刷包装厂" }) { id } }`, {}, admin));
  });
  afterAll(() => t?.close());

  const N = { A: '厉育平', B: '单雄信', C: '曾国藩', D: '王建国', E: '欧阳建国', G: '李玉萍' } as const;
  const names = (...keys: (keyof typeof N)[]) => sorted(keys.map((k) => N[k]));

  it('registers the fixture with the expected completeness', async () => {
    const all = await listAll({});
    expect(Object.fromEntries(all.map((n) => [n.name, n.completeness]))).toEqual({
      厉育平: 100,
      单雄信: 40, // phone, hometown, current region, chamber
      曾国藩: 40, // wechat, hometown, current region, enterprise (the chamber was left)
      王建国: 0,
      欧阳建国: 40, // hometown, current region, enterprise, chamber
      李玉萍: 10, // phone
    });
  });

  describe('search', () => {
    it('finds a Chinese name by any two-character fragment (bigram) and by three or more characters', async () => {
      expect(await found({ search: '育平' })).toEqual(names('A'));
      expect(await found({ search: '厉育' })).toEqual(names('A'));
      expect(await found({ search: '厉育平' })).toEqual(names('A'));
      expect(await found({ search: '厉 育 平' })).toEqual(names('A'));
      expect(await found({ search: '阳建' })).toEqual(names('E')); // the middle pair of 欧阳建国
      expect(await found({ search: '欧阳' })).toEqual(names('E'));
      expect(await found({ search: '阳建国' })).toEqual(names('E'));
      expect(await found({ search: '建国' })).toEqual(names('D', 'E'));
      expect(await found({ search: '雄信' })).toEqual(names('B'));
      expect(await found({ search: '平厉' })).toEqual([]); // not a fragment
      expect(await found({ search: '育萍' })).toEqual([]);
    });

    it('finds by full pinyin, initials and partial pinyin, ignoring case and spaces', async () => {
      // 李玉萍 is a homophone of 厉育平: pinyin finds both, Chinese only the one.
      expect(await found({ search: 'liyuping' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'LiYuPing' })).toEqual(names('A', 'G'));
      expect(await found({ search: ' li yu ping ' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'lyp' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'L Y P' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'yp' })).toEqual(names('A', 'G')); // two letters: bigram of the initials
      expect(await found({ search: 'YP' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'yuping' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'yup' })).toEqual(names('A', 'G'));
      expect(await found({ search: 'xiongxin' })).toEqual(names('B'));
      expect(await found({ search: 'ouyang' })).toEqual(names('E'));
      expect(await found({ search: 'oyjg' })).toEqual(names('E'));
      expect(await found({ search: 'wangjianguo' })).toEqual(names('D'));
      expect(await found({ search: 'jianguo' })).toEqual(names('D', 'E'));
      expect(await found({ search: 'lypx' })).toEqual([]);
      // LIKE wildcards are literal characters.
      expect(await found({ search: 'li%ping' })).toEqual([]);
      expect(await found({ search: 'l_p' })).toEqual([]);
    });

    it('reads polyphonic surnames as surnames: 单 shan, 曾 zeng', async () => {
      expect(await found({ search: 'shanxiongxin' })).toEqual(names('B'));
      expect(await found({ search: 'sxx' })).toEqual(names('B'));
      expect(await found({ search: 'shan' })).toEqual(names('B'));
      expect(await found({ search: 'danxiongxin' })).toEqual([]);
      expect(await found({ search: 'dxx' })).toEqual([]);
      expect(await found({ search: 'zeng' })).toEqual(names('C'));
      expect(await found({ search: 'ZGF' })).toEqual(names('C'));
      expect(await found({ search: 'zengguofan' })).toEqual(names('C'));
      expect(await found({ search: 'cengguofan' })).toEqual([]);
      expect(await found({ search: 'cgf' })).toEqual([]);
    });

    it('refuses a one-character search on filter.search', async () => {
      expectField(await t.gql(LIST, { filter: { search: '厉' } }, admin), 'BAD_USER_INPUT', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: 'l' } }, admin), 'BAD_USER_INPUT', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: '  厉 ' } }, admin), 'BAD_USER_INPUT', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: 'x'.repeat(41) } }, admin), 'BAD_USER_INPUT', 'filter.search');
    });

    it('refuses a one-character search of a character outside the BMP (生僻字 such as 𠮷) as well', async () => {
      // 𠮷 is one character but two UTF-16 code units: it must not pass for a two-character search.
      expectField(await t.gql(LIST, { filter: { search: '𠮷' } }, admin), 'BAD_USER_INPUT', 'filter.search');
    });

    it('finds by the end of any phone: 4 digits, 7 digits, a landline, a second phone', async () => {
      expect(await found({ phone: '5678' })).toEqual(names('A', 'B'));
      expect(await found({ phone: '2345678' })).toEqual(names('A'));
      expect(await found({ phone: '13812345678' })).toEqual(names('A'));
      expect(await found({ phone: '88776655' })).toEqual(names('A')); // A's second phone, a landline
      expect(await found({ phone: '057788776655' })).toEqual(names('A'));
      expect(await found({ phone: '1111' })).toEqual(names('G'));
      expect(await found({ phone: '0577' })).toEqual([]);
      expect(await found({ phone: '9999' })).toEqual([]);
      // A viewer sees masked phones: the last four digits only.
      expect(await found({ phone: '5678' }, viewer)).toEqual(names('A', 'B'));
      expectField(await t.gql(LIST, { filter: { phone: '2345678' } }, viewer), 'FORBIDDEN', 'filter.phone');
      expectField(await t.gql(LIST, { filter: { phone: '567' } }, admin), 'BAD_USER_INPUT', 'filter.phone');
    });

    it('finds by exact ID number, a lower-case x accepted', async () => {
      expect(idA.endsWith('X')).toBe(true);
      expect(await found({ idNumber: idA })).toEqual(names('A'));
      expect(await found({ idNumber: idA.toLowerCase() })).toEqual(names('A'));
      expect(await found({ idNumber: ` ${idA.toLowerCase()} ` })).toEqual(names('A'));
      expect(await found({ idNumber: makeIdNumber('330381', '1975-03-08', 999, 'FEMALE') })).toEqual([]);
      // The merged duplicate carries the same number: found only when MERGED is asked for.
      expect((await listAll({ idNumber: idA, status: 'MERGED' })).map((n) => n.id)).toEqual([id.M]);
      expect((await listAll({ idNumber: idA })).map((n) => n.id)).toEqual([id.A]);
      expectField(await t.gql(LIST, { filter: { idNumber: idA.slice(0, 17) } }, admin), 'BAD_USER_INPUT', 'filter.idNumber');
      expectField(await t.gql(LIST, { filter: { idNumber: idA } }, viewer), 'FORBIDDEN', 'filter.idNumber');
    });

    it('finds by a fragment of an enterprise name, two characters and longer', async () => {
      expect(await found({ enterprise: '鞋业' })).toEqual(names('A'));
      expect(await found({ enterprise: '瓯江鞋业' })).toEqual(names('A'));
      expect(await found({ enterprise: '鞋材' })).toEqual(names('C'));
      expect(await found({ enterprise: '贸易' })).toEqual(names('C', 'E'));
      expect(await found({ enterprise: '国际贸易' })).toEqual(names('E'));
      expect(await found({ enterprise: '有限公司' })).toEqual(names('A', 'C', 'E'));
      expect(await found({ enterprise: ' 有限 公司 ' })).toEqual(names('A', 'C', 'E'));
      expect(await found({ enterprise: '印刷' })).toEqual([]); // an enterprise nobody is linked to
      expect(await found({ enterprise: '鞋厂' })).toEqual([]);
      expectField(await t.gql(LIST, { filter: { enterprise: '鞋' } }, admin), 'BAD_USER_INPUT', 'filter.enterprise');
    });
  });

  describe('filters', () => {
    it('leaves MERGED tombstones out unless asked for, and filters by status', async () => {
      expect(await found({})).toEqual(names('A', 'B', 'C', 'D', 'E', 'G'));
      expect(await found({ search: 'lyp' })).toEqual(names('A', 'G')); // not the tombstone
      expect(await found({ status: 'ACTIVE' })).toEqual(names('A', 'B', 'C', 'D', 'G'));
      expect(await found({ status: 'LEFT' })).toEqual(names('E'));
      expect(await found({ status: 'DECEASED' })).toEqual([]);
      const merged = await listAll({ status: 'MERGED' });
      expect(merged.map((n) => n.id)).toEqual([id.M]);
    });

    it('filters by chamber subtree: current memberships in the chamber or below it', async () => {
      expect(await found({ chamberSubtree: chamber.SH.id })).toEqual(names('A', 'E')); // A via Pudong; C left Pudong
      expect(await found({ chamberSubtree: chamber.PD.id })).toEqual(names('A'));
      expect(await found({ chamberSubtree: chamber.PD.id.toUpperCase() })).toEqual(names('A'));
      expect(await found({ chamberSubtree: chamber.JS.id })).toEqual(names('B'));
      expect(await found({ chamberSubtree: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
      expectField(await t.gql(LIST, { filter: { chamberSubtree: 'abc' } }, admin), 'BAD_USER_INPUT', 'filter.chamberSubtree');
    });

    it('filters by hometown county', async () => {
      expect(await found({ hometownCode: '330381' })).toEqual(names('A', 'C'));
      expect(await found({ hometownCode: '330382' })).toEqual(names('B'));
      expect(await found({ hometownCode: '330324' })).toEqual(names('E'));
      expect(await found({ hometownCode: '330300' })).toEqual([]); // exact county, not a prefix
      expectField(await t.gql(LIST, { filter: { hometownCode: '33038' } }, admin), 'BAD_USER_INPUT', 'filter.hometownCode');
    });

    it('filters by current region: a province or prefecture includes the counties inside it', async () => {
      expect(await found({ currentRegionCode: '310000' })).toEqual(names('A', 'C')); // 浦东新区, 黄浦区
      expect(await found({ currentRegionCode: '310100' })).toEqual(names('A', 'C'));
      expect(await found({ currentRegionCode: '310115' })).toEqual(names('A'));
      expect(await found({ currentRegionCode: '320000' })).toEqual(names('B')); // 昆山市 in 苏州市
      expect(await found({ currentRegionCode: '320500' })).toEqual(names('B'));
      expect(await found({ currentRegionCode: '320100' })).toEqual([]);
      expect(await found({ currentRegionCode: '330000' })).toEqual(names('E'));
      expect(await found({ currentRegionCode: '330300' })).toEqual(names('E'));
      expect(await found({ currentRegionCode: '110000' })).toEqual([]);
    });

    it('filters by designation and tag', async () => {
      expect(await found({ designation: 'LEAD_GOOSE' })).toEqual(names('A', 'E'));
      expect(await found({ designation: 'NEW_GENERATION' })).toEqual(names('B', 'E'));
      expect(await found({ tag: '鞋业' })).toEqual(names('A', 'C'));
      expect(await found({ tag: '进出口' })).toEqual(names('B', 'C'));
      expect(await found({ tag: '鞋' })).toEqual([]); // whole tags only
    });

    it('filters by a current political role, by kind and level; ended and future roles do not count', async () => {
      expect(await found({ politicalRole: {} })).toEqual(names('A', 'C', 'E'));
      expect(await found({ politicalRole: { kind: 'CPPCC_MEMBER' } })).toEqual(names('C')); // B's ended, G's not begun
      expect(await found({ politicalRole: { kind: 'PEOPLES_CONGRESS_DEPUTY' } })).toEqual(names('A', 'E'));
      expect(await found({ politicalRole: { level: 'COUNTY' } })).toEqual(names('A'));
      expect(await found({ politicalRole: { kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'NATIONAL' } })).toEqual(names('E'));
      expect(await found({ politicalRole: { kind: 'CPPCC_MEMBER', level: 'PROVINCIAL' } })).toEqual([]);
      // The same rule as PoliticalRole.current.
      const current = async (memberId: string) =>
        expectData(await t.gql<{ member: { politicalRoles: { current: boolean }[] } }>(`query($id: ID!) { member(id: $id) { politicalRoles { current } } }`, { id: memberId }, admin)).member.politicalRoles.map(
          (r) => r.current,
        );
      expect(await current(id.B)).toEqual([false]);
      expect(await current(id.G)).toEqual([false]);
      expect(await current(id.C)).toEqual([true]);
    });

    it('filters by completeness below a score', async () => {
      expect(await found({ completenessBelow: 1 })).toEqual(names('D'));
      expect(await found({ completenessBelow: 40 })).toEqual(names('D', 'G'));
      expect(await found({ completenessBelow: 41 })).toEqual(names('B', 'C', 'D', 'E', 'G'));
      expect(await found({ completenessBelow: 100 })).toEqual(names('B', 'C', 'D', 'E', 'G'));
      expect(await found({ completenessBelow: 101 })).toEqual(names('A', 'B', 'C', 'D', 'E', 'G'));
      expectField(await t.gql(LIST, { filter: { completenessBelow: 0 } }, admin), 'BAD_USER_INPUT', 'filter.completenessBelow');
    });

    it('ANDs every filter given', async () => {
      expect(await found({ hometownCode: '330381', tag: '鞋业', currentRegionCode: '310000' })).toEqual(names('A', 'C'));
      expect(await found({ hometownCode: '330381', tag: '鞋业', designation: 'LEAD_GOOSE' })).toEqual(names('A'));
      expect(await found({ chamberSubtree: chamber.SH.id, designation: 'LEAD_GOOSE', status: 'LEFT' })).toEqual(names('E'));
      expect(await found({ phone: '5678', hometownCode: '330382' })).toEqual(names('B'));
      expect(await found({ search: 'liyuping', phone: '5678' })).toEqual(names('A'));
      expect(await found({ search: '建国', politicalRole: {} })).toEqual(names('E'));
      expect(await found({ enterprise: '有限公司', completenessBelow: 100, tag: '进出口' })).toEqual(names('C'));
      expect(await found({ search: 'lyp', status: 'MERGED', hometownCode: '330381' })).toEqual(names('A'));
      expect(await found({ search: 'sxx', chamberSubtree: chamber.SH.id })).toEqual([]);
    });
  });

  describe('sorts and keyset pagination', () => {
    // 45 members tagged "paging": twelve called 陈晓东 (identical names), registered in groups
    // at the same instant, and few distinct completeness scores (ties everywhere).
    interface Row {
      id: string;
      name_pinyin: string;
      completeness: number;
      us: string;
    }
    let rows: Row[] = [];
    const GIVEN = ['晓东', '丽华', '海燕', '志强', '秀英', '国平', '建华', '文斌'];
    const SURNAMES = ['陈', '林', '郑', '黄', '周', '吴', '徐', '单', '曾'];

    beforeAll(async () => {
      const members: BulkMember[] = [];
      for (let i = 0; i < 45; i += 1) {
        members.push({
          name: i < 12 ? '陈晓东' : `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`,
          gender: i % 2 ? 'MALE' : null,
          wechat: i % 3 ? `wx${i}` : null,
          address: i % 4 === 0 ? '温州市鹿城区' : null,
          hometownCode: i % 5 ? '330302' : null,
          tags: ['paging'],
          // Groups of four registered at the same microsecond.
          registeredAt: new Date(Date.UTC(2024, 0, 1, 8, Math.floor(i / 4), 0, 123)).toISOString().replace('Z', '') + '456+00',
        });
      }
      await insertMembers(members);
      rows = (await t.dataSource.query(
        `SELECT id, name_pinyin, completeness, (extract(epoch FROM registered_at) * 1000000)::bigint::text AS us FROM member WHERE tags @> '{paging}'`,
      )) as Row[];
    });

    async function walk(sort: string, pageSize = 7): Promise<{ ids: string[]; pages: number[] }> {
      const ids: string[] = [];
      const pages: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 50; i += 1) {
        const page: Page['members'] = expectData(await t.gql<Page>(LIST, { first: pageSize, after, sort, filter: { tag: 'paging' } }, admin)).members;
        ids.push(...page.edges.map((e) => e.node.id));
        pages.push(page.edges.length);
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { ids, pages };
    }

    it('has ties to page through', () => {
      expect(rows).toHaveLength(45);
      expect(new Set(rows.map((r) => r.completeness)).size).toBeLessThan(10);
      expect(new Set(rows.map((r) => r.us)).size).toBe(12);
      expect(rows.filter((r) => r.name_pinyin === 'chenxiaodong').length).toBeGreaterThanOrEqual(12);
    });

    it('NAME: pinyin order (then id), every member once across pages of 7', async () => {
      const expected = [...rows].sort((a, b) => cmp(a.name_pinyin, b.name_pinyin) || cmp(a.id, b.id)).map((r) => r.id);
      const { ids, pages } = await walk('NAME');
      expect(pages).toEqual([7, 7, 7, 7, 7, 7, 3]);
      expect(new Set(ids).size).toBe(45);
      expect(ids).toEqual(expected);
      // 单 and 曾 sort as shan and zeng.
      const all = await listAll({ tag: 'paging' });
      expect(all.map((n) => n.id)).toEqual(expected);
      expect(all.filter((n) => n.name.startsWith('单')).every((n) => n.namePinyin.startsWith('shan'))).toBe(true);
      expect(all.filter((n) => n.name.startsWith('曾')).every((n) => n.namePinyin.startsWith('zeng'))).toBe(true);
    });

    it('REGISTERED_AT: newest first (then id, descending), every member once', async () => {
      const expected = [...rows].sort((a, b) => cmp(BigInt(b.us), BigInt(a.us)) || cmp(b.id, a.id)).map((r) => r.id);
      const { ids } = await walk('REGISTERED_AT');
      expect(new Set(ids).size).toBe(45);
      expect(ids).toEqual(expected);
    });

    it('COMPLETENESS: least complete first (then id), every member once', async () => {
      const expected = [...rows].sort((a, b) => cmp(a.completeness, b.completeness) || cmp(a.id, b.id)).map((r) => r.id);
      const { ids } = await walk('COMPLETENESS');
      expect(new Set(ids).size).toBe(45);
      expect(ids).toEqual(expected);
      const pageOne = await walk('COMPLETENESS', 45);
      expect(pageOne).toEqual({ ids: expected, pages: [45] });
    });

    it('refuses a forged or foreign cursor on after', async () => {
      const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
      const page = (after: string, sort = 'NAME') => t.gql(LIST, { first: 7, after, sort, filter: { tag: 'paging' } }, admin);
      expectField(await page('not-a-cursor'), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['chenxiaodong', 'not-a-uuid'])), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['chenxiaodong'])), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['chenxiaodong', 1])), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['forty', randomUUID()]), 'COMPLETENESS'), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['99999', randomUUID()]), 'COMPLETENESS'), 'BAD_USER_INPUT', 'after');
      expectField(await page(cursor(['last tuesday-ish', randomUUID()]), 'REGISTERED_AT'), 'BAD_USER_INPUT', 'after');
      // A cursor of the NAME order handed to another order.
      const nameCursor = expectData(await t.gql<Page>(LIST, { first: 2, filter: { tag: 'paging' } }, admin)).members.pageInfo.endCursor as string;
      expectField(await page(nameCursor, 'COMPLETENESS'), 'BAD_USER_INPUT', 'after');
      expectField(await page(nameCursor, 'REGISTERED_AT'), 'BAD_USER_INPUT', 'after');
      expectField(await t.gql(LIST, { first: 101 }, admin), 'BAD_USER_INPUT', 'first');
      expectField(await t.gql(LIST, { first: 0 }, admin), 'BAD_USER_INPUT', 'first');
    });

    it('counts only when totalCount is selected', async () => {
      const plain = await captureSql(t.dataSource, () => t.gql<Page>(LIST, { first: 7, filter: { tag: 'paging' } }, admin));
      expect(expectData(plain.result).members.edges).toHaveLength(7);
      expect(plain.statements.filter((s) => /count\(/i.test(s))).toEqual([]);
      const counted = await captureSql(t.dataSource, () => t.gql<Page>(COUNTED, { first: 7, filter: { tag: 'paging' } }, admin));
      expect(expectData(counted.result).members.totalCount).toBe(45);
      expect(counted.statements.filter((s) => /count\(/i.test(s))).toHaveLength(1);
      expect(counted.statements.length).toBe(plain.statements.length + 1);
      const filtered = expectData(await t.gql<Page>(COUNTED, { first: 1, filter: { tag: 'paging', search: '晓东' } }, admin)).members;
      expect(filtered.totalCount).toBe(rows.filter((r) => r.name_pinyin.endsWith('xiaodong')).length);
    });
  });

  describe('names with ü (吕 lü)', () => {
    // Pinyin keyboards write ü as v (吕 → lvjianhua): names are stored that way, and a search
    // typed with a literal ü is read the same. "lv" still sorts between "liu" and "ma".
    beforeAll(async () => {
      for (const name of ['刘德华', '吕建华', '马云飞', '周杰伦']) await create({ name, tags: ['lv'] });
    });

    it('sorts 吕 (lü) between 刘 (liu) and 马 (ma) in the NAME order', async () => {
      const all = await listAll({ tag: 'lv' });
      expect(all.map((n) => n.name)).toEqual(['刘德华', '吕建华', '马云飞', '周杰伦']);
    });

    it('finds 吕建华 by its full pinyin as typed on a keyboard (lvjianhua), not only with a literal ü', async () => {
      expect(await found({ search: 'ljh' })).toEqual(['吕建华']);
      expect(await found({ search: 'lüjianhua' })).toEqual(['吕建华']);
      expect(await found({ search: 'lvjianhua' })).toEqual(['吕建华']);
    });
  });

  describe('statement count', () => {
    const SELECTION = `id name
      memberships { id current chamber { name } }
      positions { position chamber { name } term { number } }
      enterprises { roles enterprise { name region { name } } }
      politicalRoles { kind level current }
      hometown { name }`;
    const PAGE = `query($first: Int!, $filter: MemberFilter) { members(first: $first, filter: $filter) { edges { node { ${SELECTION} } } } }`;
    const ONE = `query($id: ID!) { member(id: $id) { ${SELECTION} } }`;
    type Full = {
      id: string;
      memberships: { chamber: { name: string } | null }[];
      positions: { chamber: { name: string } | null; term: { number: number } }[];
      enterprises: { enterprise: { name: string; region: { name: string } | null } }[];
      politicalRoles: unknown[];
      hometown: { name: string } | null;
    };
    const HOME = ['330302', '330303', '330304', '330324', '330326', '330327', '330381', '330382'];

    beforeAll(async () => {
      // 60 members tagged "stmt", each with a membership, a position in a term, an enterprise
      // (with a region), a political role and a hometown, so that every loader runs for any page.
      const ids = await insertMembers(Array.from({ length: 60 }, (_, i) => ({ name: `${['周', '吴', '郑', '王'][i % 4]}批量${'甲乙丙丁戊己庚辛壬癸'[i % 10]}`, hometownCode: HOME[i % HOME.length], tags: ['stmt'] })));
      const chambers = [chamber.PD.id, chamber.JS.id];
      const [{ id: termPd }] = (await t.dataSource.query(`INSERT INTO chamber_term (chamber_id, number, starts_on) VALUES ($1, 1, '2020-01-01') RETURNING id`, [chamber.PD.id])) as { id: string }[];
      const [{ id: termJs }] = (await t.dataSource.query(`INSERT INTO chamber_term (chamber_id, number, starts_on) VALUES ($1, 3, '2021-01-01') RETURNING id`, [chamber.JS.id])) as { id: string }[];
      const enterprises = (await t.dataSource.query(
        `INSERT INTO enterprise (name, name_pinyin, region_code)
         SELECT '批量企业' || g, 'piliangqiye' || g, (ARRAY['330302', '310115', '320583', '330381', '330382'])[g] FROM generate_series(1, 5) g RETURNING id`,
      )) as { id: string }[];
      await t.dataSource.query(
        `INSERT INTO chamber_membership (member_id, chamber_id, joined_on)
         SELECT m, ($2::uuid[])[1 + (n::int % 2)], '2020-06-01' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
        [ids, chambers],
      );
      await t.dataSource.query(
        `INSERT INTO chamber_position (term_id, chamber_id, position, member_id, holder_name, sort_order)
         SELECT ($2::uuid[])[1 + (n::int % 2)], ($3::uuid[])[1 + (n::int % 2)], 'DIRECTOR', m, '批量', n::int FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
        [ids, [termPd, termJs], chambers],
      );
      await t.dataSource.query(
        `INSERT INTO member_enterprise (member_id, enterprise_id, roles)
         SELECT m, ($2::uuid[])[1 + (n::int % 5)], '{SHAREHOLDER}' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
        [ids, enterprises.map((e) => e.id)],
      );
      await t.dataSource.query(
        `INSERT INTO member_political_role (member_id, kind, level, starts_on)
         SELECT m, 'CPPCC_MEMBER', 'COUNTY', '2021-01-01' FROM unnest($1::uuid[]) AS m`,
        [ids],
      );
      await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [ids]);
    });

    const complete = (m: Full) =>
      m.memberships.length === 1 &&
      !!m.memberships[0].chamber &&
      m.positions.length === 1 &&
      !!m.positions[0].chamber &&
      m.positions[0].term.number > 0 &&
      m.enterprises.length === 1 &&
      !!m.enterprises[0].enterprise.region &&
      m.politicalRoles.length === 1 &&
      !!m.hometown;

    it('sends as many statements for a page of 50 as for a page of 5, and a small constant for member(id)', async () => {
      const run = (first: number) => captureSql(t.dataSource, () => t.gql<{ members: { edges: { node: Full }[] } }>(PAGE, { first, filter: { tag: 'stmt' } }, admin));
      await run(5); // warm: first-use statements (if any) do not count
      const five = await run(5);
      const fifty = await run(50);
      const fiveNodes = expectData(five.result).members.edges.map((e) => e.node);
      const fiftyNodes = expectData(fifty.result).members.edges.map((e) => e.node);
      expect([fiveNodes.length, fiftyNodes.length]).toEqual([5, 50]);
      expect(fiftyNodes.every(complete)).toBe(true);
      expect(fiveNodes.every(complete)).toBe(true);
      expect(fifty.statements.length).toBe(five.statements.length);
      // The caller's account, the page, then one batch each: memberships, positions, enterprise
      // links, political roles, regions (hometowns), chambers, terms, enterprises, regions again
      // (the enterprises' regions are known one level later than the hometowns). Nothing per row.
      expect(fifty.statements.length).toBeLessThanOrEqual(11);

      const one = await captureSql(t.dataSource, () => t.gql<{ member: Full }>(ONE, { id: fiftyNodes[7].id }, admin));
      expect(complete(expectData(one.result).member)).toBe(true);
      expect(one.statements.length).toBeLessThanOrEqual(11); // the same batches, for one member
      const another = await captureSql(t.dataSource, () => t.gql<{ member: Full }>(ONE, { id: fiftyNodes[42].id }, admin));
      expect(another.statements.length).toBe(one.statements.length);
    });
  });

  describe('enterprises and industries', () => {
    const list = async (filter: Record<string, unknown>) => expectData(await t.gql<{ enterprises: { edges: { node: EnterpriseNode }[] } }>(ENTERPRISES, { filter }, admin)).enterprises.edges.map((e) => e.node);
    const listNames = async (filter: Record<string, unknown>) => (await list(filter)).map((e) => e.name);
    const OUJIANG = '温州瓯江鞋业有限公司';
    const XIECAI = '瑞安鞋材贸易有限公司';
    const OUJ_SH = '上海欧江国际贸易有限公司';

    it('filters by a name fragment (2+ characters), in pinyin order', async () => {
      expect(await listNames({ name: '有限公司' })).toEqual([XIECAI, OUJ_SH, OUJIANG]); // ruian, shanghai, wenzhou
      expect(await listNames({ name: '鞋业' })).toEqual([OUJIANG]);
      expect(await listNames({ name: '贸易' })).toEqual([XIECAI, OUJ_SH]);
      expect(await listNames({ name: '国际贸易' })).toEqual([OUJ_SH]);
      expect(await listNames({ name: '印刷' })).toEqual(['苍南印刷包装厂']);
      expect(await listNames({ name: '%%' })).toEqual([]);
      expectField(await t.gql(ENTERPRISES, { filter: { name: '鞋' } }, admin), 'BAD_USER_INPUT', 'filter.name');
    });

    it('filters by credit code and region', async () => {
      expect(await listNames({ creditCode: creditA })).toEqual([OUJIANG]);
      expect(await listNames({ creditCode: creditA.toLowerCase() })).toEqual([OUJIANG]);
      expect(await listNames({ creditCode: makeCreditCode(102) })).toEqual([]);
      expectField(await t.gql(ENTERPRISES, { filter: { creditCode: 'ABC' } }, admin), 'BAD_USER_INPUT', 'filter.creditCode');
      expect(await listNames({ regionCode: '330381', name: '有限' })).toEqual([OUJIANG]);
      expect(await listNames({ regionCode: '310115', name: '有限' })).toEqual([OUJ_SH]);
      expect(await listNames({ regionCode: '330302', name: '有限' })).toEqual([XIECAI]);
      expect(await listNames({ regionCode: '110101' })).toEqual([]);
    });

    it('filters by industry: a section letter includes its divisions', async () => {
      expect(await listNames({ industryCode: 'C' })).toEqual([XIECAI, OUJIANG]); // 'C' itself and division 19
      expect(await listNames({ industryCode: '19' })).toEqual([OUJIANG]);
      expect(await listNames({ industryCode: 'F' })).toEqual([OUJ_SH]); // division 51
      expect(await listNames({ industryCode: '51' })).toEqual([OUJ_SH]);
      expect(await listNames({ industryCode: 'A' })).toEqual([]);
      expectField(await t.gql(ENTERPRISES, { filter: { industryCode: 'Z' } }, admin), 'BAD_USER_INPUT', 'filter.industryCode');
    });

    it('names the industry and the region of an enterprise', async () => {
      const byName = Object.fromEntries((await list({ name: '有限公司' })).concat(await list({ name: '印刷' })).map((e) => [e.name, e]));
      expect(byName[OUJIANG]).toMatchObject({ creditCode: creditA, industryCode: '19', industryName: '皮革、毛皮、羽毛及其制品和制鞋业', regionCode: '330381', region: { name: '瑞安市' } });
      expect(byName[XIECAI]).toMatchObject({ industryCode: 'C', industryName: '制造业', region: { name: '鹿城区' } });
      expect(byName[OUJ_SH]).toMatchObject({ industryCode: '51', industryName: '批发业', region: { name: '浦东新区' } });
      expect(byName['苍南印刷包装厂']).toMatchObject({ industryCode: null, industryName: null, regionCode: null, region: null });
    });

    it('pages enterprises with keyset cursors', async () => {
      const out: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i += 1) {
        const res: { enterprises: { edges: { node: EnterpriseNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = expectData(
          await t.gql(ENTERPRISES, { first: 2, after }, admin),
        );
        out.push(...res.enterprises.edges.map((e) => e.node.id));
        if (!res.enterprises.pageInfo.hasNextPage) break;
        after = res.enterprises.pageInfo.endCursor;
      }
      const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM enterprise')) as { n: number }[];
      expect(new Set(out).size).toBe(n);
      expect(out).toHaveLength(n);
    });

    it('lists the 20 GB/T 4754-2017 sections with their 97 divisions', async () => {
      type Section = { code: string; name: string; divisions: { code: string; name: string; sectionCode: string }[] };
      const sections = expectData(await t.gql<{ industries: Section[] }>(`{ industries { code name divisions { code name sectionCode } } }`, {}, viewer)).industries;
      expect(sections).toHaveLength(20);
      expect(sections.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
      const divisions = sections.flatMap((s) => s.divisions);
      expect(divisions).toHaveLength(97);
      expect(divisions.map((d) => d.code)).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
      expect(sections.every((s) => s.divisions.every((d) => d.sectionCode === s.code))).toBe(true);
      expect(sections.find((s) => s.code === 'C')?.divisions).toHaveLength(31);
      expect(sections.find((s) => s.code === 'C')?.name).toBe('制造业');
      expect(divisions.find((d) => d.code === '19')?.name).toBe('皮革、毛皮、羽毛及其制品和制鞋业');
      expect(INDUSTRY_SECTIONS).toHaveLength(20);
      expect(INDUSTRY_DIVISIONS).toHaveLength(97);
    });
  });

  describe('indexes (EXPLAIN over ~3,000 members)', () => {
    const HOME = ['330302', '330303', '330304', '330305', '330324', '330326', '330327', '330328', '330329', '330381', '330382'];
    const SURNAMES = ['王', '张', '陈', '林', '郑', '黄', '周', '吴', '徐', '胡', '朱', '高', '何', '郭', '马', '罗', '梁', '宋', '谢', '潘'];
    const GIVEN = ['建华', '志明', '海涛', '秀兰', '伟', '芳', '强', '敏', '静', '磊', '勇', '杰', '娟', '涛', '明', '超', '霞', '刚', '春梅', '晓峰', '国庆', '文斌', '丽娜', '建军'];

    beforeAll(async () => {
      const members: BulkMember[] = [];
      const day = Date.UTC(1960, 0, 1);
      for (let i = 0; i < 3000; i += 1) {
        const gender = i % 2 ? 'MALE' : 'FEMALE';
        const birthDate = new Date(day + i * 86_400_000).toISOString().slice(0, 10);
        const hometown = HOME[i % HOME.length];
        members.push({
          name: `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 13) % GIVEN.length]}`,
          gender,
          birthDate,
          idNumber: makeIdNumber(hometown, birthDate, (i * 37) % 1000, gender),
          phones: [`13${String((i * 7919 + 12345) % 1_000_000_000).padStart(9, '0')}`],
          hometownCode: hometown,
          currentRegionCode: i % 300 === 0 ? '440305' : ['310115', '310101', '320583', '330302', '330381'][i % 5],
          designations: i % 7 === 0 ? ['LEAD_GOOSE'] : i % 5 === 0 ? ['NEW_GENERATION'] : [],
          tags: ['bulk'],
        });
      }
      const ids = await insertMembers(members);
      // 2,000 enterprises, one per member and a half; every member in a chamber outside the
      // Shanghai subtree and holding a people's congress seat: enough rows in each side table for
      // the planner to read it through its index.
      const WORDS = ['华东', '宏达', '金利', '恒通', '永兴', '东方', '天成', '瑞丰', '新世纪', '正泰', '德力西', '红蜻蜓', '奥康', '森马', '报喜鸟'];
      const enterprises = (await t.dataSource.query(
        `INSERT INTO enterprise (name, name_pinyin, industry_code)
         SELECT '温州' || ($1::text[])[1 + g % 15] || ($1::text[])[1 + (g / 15) % 15] || g || '有限公司', 'wenzhou' || g, 'C'
         FROM generate_series(1, 2000) g RETURNING id`,
        [WORDS],
      )) as { id: string }[];
      await t.dataSource.query(
        `INSERT INTO member_enterprise (member_id, enterprise_id, roles)
         SELECT m, ($2::uuid[])[1 + (n::int % 2000)], '{SHAREHOLDER}' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
        [ids, enterprises.map((e) => e.id)],
      );
      // 40 (dissolved, industry) chambers outside the Shanghai subtree share the members.
      const fillers = (await t.dataSource.query(
        `INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, status)
         SELECT '填充商会' || g, 'tianchongshanghui' || g, 'tcsh', 'PROVINCIAL', 'INDUSTRY', r.code, r.province_code, 'DISSOLVED'
         FROM generate_series(1, 40) g JOIN (SELECT code, province_code, row_number() OVER (ORDER BY code) AS n FROM region WHERE level = 'PROVINCE') r ON r.n = 1 + g % 31
         RETURNING id`,
      )) as { id: string }[];
      await t.dataSource.query(
        `INSERT INTO chamber_membership (member_id, chamber_id) SELECT m, ($2::uuid[])[1 + n::int % 40] FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
        [ids, fillers.map((c) => c.id)],
      );
      await t.dataSource.query(
        `INSERT INTO member_political_role (member_id, kind, level, starts_on) SELECT m, 'PEOPLES_CONGRESS_DEPUTY', 'COUNTY', '2022-01-01' FROM unnest($1::uuid[]) AS m`,
        [ids],
      );
      await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [ids]);
      // VACUUM as autovacuum would: it also moves fresh rows out of the GIN indexes' pending
      // lists, which the planner otherwise (rightly) prices as a scan of the whole list.
      for (const table of ['member', 'enterprise', 'member_enterprise', 'chamber', 'chamber_membership', 'member_political_role']) await t.dataSource.query(`VACUUM ANALYZE ${table}`);
    });

    /** The plan of the page statement the app sends for these variables. */
    async function planFor(filter: Record<string, unknown>, sort = 'NAME', settings: string[] = []): Promise<PlanNode> {
      const statements = await captureStatements(t.dataSource, async () => expectData(await t.gql(LIST, { first: 20, filter, sort }, admin)));
      const page = statements.filter((s) => /FROM "member" "m"/.test(s.sql));
      expect(page).toHaveLength(1);
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        for (const s of settings) await runner.query(`SET LOCAL ${s}`);
        const [{ 'QUERY PLAN': plan }] = (await runner.query(`EXPLAIN (FORMAT JSON) ${page[0].sql}`, page[0].params)) as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
        return plan[0].Plan;
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    it('serves a search of 3+ characters from the trigram index, of 2 from the bigram index', async () => {
      expect(indexesIn(await planFor({ search: 'liyuping' }))).toContain('ix_member_search_trgm');
      expect(indexesIn(await planFor({ search: '厉育平' }))).toContain('ix_member_search_trgm');
      expect(indexesIn(await planFor({ search: 'lyp' }))).toContain('ix_member_search_trgm');
      expect(indexesIn(await planFor({ search: '育平' }))).toContain('ix_member_search_bigrams');
      expect(indexesIn(await planFor({ search: 'yp' }))).toContain('ix_member_search_bigrams');
    });

    it('serves a phone suffix, an ID number and an enterprise fragment from their indexes', async () => {
      expect(indexesIn(await planFor({ phone: '5678' }))).toContain('ix_member_phone_suffixes');
      expect(indexesIn(await planFor({ phone: '2345678' }))).toContain('ix_member_phone_suffixes');
      expect(indexesIn(await planFor({ idNumber: idA }))).toContain('ux_member_id_number');
      // The enterprise table is tiny here: the planner reads it whole, which is right. What
      // matters is that members are then reached by id, not by a scan of the member table.
      // The enterprise side is read first (its name index on a large table; here the table is
      // tiny and read whole, which is right), then members are reached by primary key.
      for (const [term, index] of [
        ['鞋业', 'ix_enterprise_name_bigrams'],
        ['瓯江鞋业', 'ix_enterprise_name_trgm'],
      ]) {
        const plan = await planFor({ enterprise: term });
        expect(seqScansOn(plan, 'member')).toEqual([]);
        expect(seqScansOn(plan, 'enterprise')).toEqual([]);
        expect(indexesIn(plan)).toEqual(expect.arrayContaining([index, 'ix_member_enterprise_enterprise']));
      }
    });

    it('reads hometown + designation in name order without a sequential scan of member', async () => {
      const plan = await planFor({ hometownCode: '330381', designation: 'LEAD_GOOSE' });
      expect(seqScansOn(plan, 'member')).toEqual([]);
      expect(indexesIn(plan).some((i) => ['ix_member_hometown', 'ix_member_designations'].includes(i))).toBe(true);
      // The ordered hometown index can serve it alone (no sort over the county's members).
      const byHometown = await planFor({ hometownCode: '330381' });
      expect(seqScansOn(byHometown, 'member')).toEqual([]);
      expect(indexesIn(byHometown)).toContain('ix_member_hometown');
    });

    it('serves the other filters and each sort from an index', async () => {
      // A selective region (ten members in 南山区) is read from ix_member_current_region; an
      // unselective one (a fifth of the table) by walking the name order: no sequential scan either way.
      expect(indexesIn(await planFor({ currentRegionCode: '440000' }))).toContain('ix_member_current_region');
      expect(indexesIn(await planFor({ currentRegionCode: '440300' }))).toContain('ix_member_current_region');
      expect(seqScansOn(await planFor({ currentRegionCode: '320000' }), 'member')).toEqual([]);
      expect(indexesIn(await planFor({ completenessBelow: 30 }, 'COMPLETENESS'))).toContain('ix_member_completeness');
      expect(indexesIn(await planFor({ completenessBelow: 30 }, 'NAME'))).toContain('ix_member_completeness');
      expect(indexesIn(await planFor({ tag: 'stmt' }))).toContain('ix_member_tags');
      expect(seqScansOn(await planFor({ designation: 'LEAD_GOOSE' }), 'member')).toEqual([]);
      expect(indexesIn(await planFor({ status: 'LEFT' }))).toContain('ix_member_status');
      expect(indexesIn(await planFor({}, 'NAME'))).toContain('ix_member_sort');
      expect(indexesIn(await planFor({}, 'REGISTERED_AT'))).toContain('ix_member_registered');
      expect(indexesIn(await planFor({}, 'COMPLETENESS'))).toContain('ix_member_completeness');
      // The chamber subtree: member.chamber_ids (current memberships' chambers and their
      // ancestors, kept by triggers) through its GIN index.
      expect(seqScansOn(await planFor({ chamberSubtree: chamber.SH.id }), 'member')).toEqual([]);
      const subtree = await planFor({ chamberSubtree: chamber.SH.id }, 'NAME', ['enable_seqscan = off']);
      expect(indexesIn(subtree).some((i) => i === 'ix_member_chambers' || i === 'ix_member_sort')).toBe(true);
      // Current roles of a kind: about 65 members of 3,000, where hashing a sequential scan of
      // member and 65 primary-key probes cost about the same (the planner goes either way with
      // the ANALYZE sample). With `enable_seqscan = off` (this connection only), the roles are
      // read through ix_member_political_role_kind and members by primary key.
      const roles = await planFor({ politicalRole: { kind: 'CPPCC_MEMBER' } }, 'NAME', ['enable_seqscan = off']);
      expect([...seqScansOn(roles, 'member'), ...seqScansOn(roles, 'member_political_role')]).toEqual([]);
      expect(indexesIn(roles)).toContain('ix_member_political_role_kind');
    });
  });
});
