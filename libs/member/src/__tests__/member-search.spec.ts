import { randomUUID } from 'node:crypto';
import { Role } from '@crm/auth';
import { makeIdNumber, toNameInitials, toNamePinyin } from '@crm/member';
import { captureSql, captureStatements, createTestApp, errorCode, expectData, GqlResponse, signedInUser, TestApp } from '@crm/testing';

// The one search box, `members(filter: { search })` (docs/members.md, "The search box"): which
// branches a term takes by its shape, the personal-data rule for phone endings and ID numbers,
// scope, keyset paging and counting through a search, the statement count, and the index
// behind each branch (EXPLAIN over ~3,000 members and 2,000 enterprises, analysed first, so the
// statistics that choose between the two forms of a search with enterprises are there).

const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
const LIST = `query($first: Int! = 100, $after: String, $filter: MemberFilter, $sort: MemberSort! = NAME) {
  members(first: $first, after: $after, filter: $filter, sort: $sort) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTED = LIST.replace('pageInfo {', 'totalCount pageInfo {');

interface Page {
  members: { totalCount?: number; edges: { cursor: string; node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
type PlanNode = Record<string, unknown>;
const planNodes = (plan: PlanNode): PlanNode[] => [plan, ...((plan.Plans as PlanNode[] | undefined) ?? []).flatMap(planNodes)];
const indexesIn = (plan: PlanNode) => planNodes(plan).flatMap((n) => (typeof n['Index Name'] === 'string' ? [n['Index Name']] : []));
const seqScansOn = (plan: PlanNode, table: string) => planNodes(plan).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table);
const sorted = (values: string[]) => [...values].sort();

describe('members: the search box', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  const id: Record<string, string> = {};
  // An ID number with the X check character, and one of 18 digits.
  let idX = '';
  for (let seq = 1; seq < 1000 && !idX.endsWith('X'); seq += 2) idX = makeIdNumber('330381', '1975-03-08', seq, 'MALE');
  let idDigits = '';
  for (let seq = 2; seq < 1000 && !/^\d{18}$/.test(idDigits); seq += 2) idDigits = makeIdNumber('330382', '1981-11-20', seq, 'FEMALE');

  const create = async (input: Record<string, unknown>) => expectData(await t.gql<{ createMember: { id: string } }>(CREATE, { input }, admin)).createMember.id;

  async function listAll(filter: Record<string, unknown>, opts: { token?: string; sort?: string; first?: number } = {}): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    let after: string | null = null;
    for (let i = 0; i < 200; i += 1) {
      const page: Page['members'] = expectData(await t.gql<Page>(LIST, { first: opts.first ?? 100, after, filter, sort: opts.sort ?? 'NAME' }, opts.token ?? admin)).members;
      out.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 200 pages');
  }
  /** The named fixture members a search finds (the bulk data set aside), sorted. */
  const found = async (search: string, token?: string) => {
    const named = new Set(Object.values(id));
    return sorted((await listAll({ search }, { token })).filter((n) => named.has(n.id)).map((n) => n.name));
  };
  function expectField(res: GqlResponse, code: string, field: string) {
    expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code, field });
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;

    // 厉育平: two phones (a mobile and a landline), an ID number ending in X, a shoe company.
    id.A = await create({
      name: '厉育平',
      idNumber: idX,
      phones: ['138 1234 5678', '0577-8877 6655'],
      hometownCode: '330381',
      enterprises: [{ roles: ['LEGAL_REPRESENTATIVE'], enterprise: { name: '温州瓯江鞋业有限公司' } }],
    });
    // 单雄信: an ID number of 18 digits, a phone ending in 5678 too.
    id.B = await create({ name: '单雄信', idNumber: idDigits, phones: ['13900005678'], hometownCode: '330382' });
    // 陈瓯江: 瓯江 in the name, as in 厉育平's enterprise.
    id.C = await create({ name: '陈瓯江', hometownCode: '330302', enterprises: [{ roles: ['SHAREHOLDER'], enterprise: { name: '上海欧江国际贸易有限公司' } }] });
    // 李玉萍: a homophone of 厉育平 (liyuping, lyp).
    id.G = await create({ name: '李玉萍', phones: ['13700001111'], hometownCode: '330381' });

    // The bulk: 3,000 members and 2,000 enterprises, as in member-query.spec.ts. Enterprise
    // names repeat fifteen words, so each word is in ~13% of enterprises (a common term); the
    // 120 names repeat 25 times each (王建: ~50 members, under 2%), and no enterprise has them.
    const SURNAMES = ['王', '张', '陈', '林', '郑', '黄', '周', '吴', '徐', '胡', '朱', '高', '何', '郭', '马', '罗', '梁', '宋', '谢', '潘'];
    const GIVEN = ['建华', '志明', '海涛', '秀兰', '伟', '芳', '强', '敏', '静', '磊', '勇', '杰', '娟', '涛', '明', '超', '霞', '刚', '春梅', '晓峰', '国庆', '文斌', '丽娜', '建军'];
    const HOME = ['330302', '330303', '330304', '330305', '330324', '330326', '330327', '330328', '330329', '330381', '330382'];
    const WORDS = ['华东', '宏达', '金利', '恒通', '永兴', '东方', '天成', '瑞丰', '新世纪', '正泰', '德力西', '红蜻蜓', '奥康', '森马', '报喜鸟'];
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const name = `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 13) % GIVEN.length]}`;
      return {
        id: randomUUID(),
        name,
        name_pinyin: toNamePinyin(name),
        name_initials: toNameInitials(name),
        phones: [`13${String((i * 7919 + 12345) % 1_000_000_000).padStart(9, '0')}`],
        hometown_code: HOME[i % HOME.length],
        registered_at: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
      };
    });
    await t.dataSource.query(
      `INSERT INTO member (id, name, name_pinyin, name_initials, phones, hometown_code, registered_at, tags)
       SELECT r.id, r.name, r.name_pinyin, r.name_initials, ARRAY(SELECT jsonb_array_elements_text(r.phones))::varchar[], r.hometown_code, r.registered_at, '{bulk}'
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, name_pinyin text, name_initials text, phones jsonb, hometown_code text, registered_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    const enterprises = (await t.dataSource.query(
      `INSERT INTO enterprise (name, name_pinyin)
       SELECT '温州' || ($1::text[])[1 + g % 15] || ($1::text[])[1 + (g / 15) % 15] || g || '有限公司', 'wenzhou' || g FROM generate_series(1, 2000) g RETURNING id`,
      [WORDS],
    )) as { id: string }[];
    await t.dataSource.query(
      `INSERT INTO member_enterprise (member_id, enterprise_id, roles)
       SELECT m, ($2::uuid[])[1 + (n::int % 2000)], '{SHAREHOLDER}' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(m, n)`,
      [rows.map((r) => r.id), enterprises.map((e) => e.id)],
    );
    await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [rows.map((r) => r.id)]);
    // Statistics before the first search: the service reads them then (and keeps them ten minutes).
    for (const table of ['member', 'enterprise', 'member_enterprise']) await t.dataSource.query(`VACUUM ANALYZE ${table}`);
  });
  afterAll(() => t?.close());

  describe('one term, the branches its shape allows', () => {
    it('finds a name by a Chinese fragment, full pinyin, a pinyin fragment or the initials', async () => {
      expect(await found('育平')).toEqual(['厉育平']);
      expect(await found('厉育平')).toEqual(['厉育平']);
      expect(await found('liyuping')).toEqual(sorted(['厉育平', '李玉萍']));
      expect(await found('yuping')).toEqual(sorted(['厉育平', '李玉萍']));
      expect(await found('lyp')).toEqual(sorted(['厉育平', '李玉萍']));
      expect(await found('L Y P')).toEqual(sorted(['厉育平', '李玉萍']));
      expect(await found('sxx')).toEqual(['单雄信']); // 单 read shan as a surname
    });

    it('finds the end of any phone (4+ digits; spaces and hyphens ignored)', async () => {
      expect(await found('5678')).toEqual(sorted(['厉育平', '单雄信']));
      expect(await found('2345678')).toEqual(['厉育平']);
      expect(await found('138 1234 5678')).toEqual(['厉育平']);
      expect(await found('88776655')).toEqual(['厉育平']); // the second phone, a landline
      expect(await found('0577-8877 6655')).toEqual(['厉育平']);
      expect(await found('1111')).toEqual(['李玉萍']);
      expect(await found('0577')).toEqual([]); // the start of a phone is not its end
    });

    it('finds an exact ID number, X or x, and 18 digits as an ID number or a phone ending', async () => {
      expect(await found(idX)).toEqual(['厉育平']);
      expect(await found(idX.toLowerCase())).toEqual(['厉育平']);
      expect(await found(idDigits)).toEqual(['单雄信']);
      expect(await found(idX.slice(0, 17))).toEqual([]); // 17 digits: a phone ending, none
    });

    it('finds a fragment of an enterprise name, ORed with the name fragment for Chinese terms', async () => {
      expect(await found('鞋业')).toEqual(['厉育平']);
      expect(await found('瓯江鞋业')).toEqual(['厉育平']);
      expect(await found('欧江国际')).toEqual(['陈瓯江']);
      // 瓯江: 厉育平's enterprise, 陈瓯江's name.
      expect(await found('瓯江')).toEqual(sorted(['厉育平', '陈瓯江']));
      // Latin letters search names only (pinyin, initials), not enterprise names.
      expect(await found('oujiang')).toEqual(['陈瓯江']);
      // Anything else searches names and enterprises; LIKE wildcards are literal.
      expect(await found('鞋%')).toEqual([]);
      expect(await found('l_p')).toEqual([]);
    });

    it('refuses fewer than 4 digits: a number is the end of a phone', async () => {
      expectField(await t.gql(LIST, { filter: { search: '567' } }, admin), 'BAD_USER_INPUT', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: '5-6' } }, admin), 'BAD_USER_INPUT', 'filter.search');
    });

    it('keeps the precise filters, ANDed with the search', async () => {
      expect((await listAll({ search: '5678', hometownCode: '330382' })).map((n) => n.name)).toEqual(['单雄信']);
      expect((await listAll({ search: '瓯江', enterprise: '鞋业' })).map((n) => n.name)).toEqual(['厉育平']);
      expect((await listAll({ search: 'lyp', phone: '1111' })).map((n) => n.name)).toEqual(['李玉萍']);
    });
  });

  describe('personal data and scope', () => {
    it('lets a masked caller search the 4 digits a mask shows, no more, and no ID number', async () => {
      expect(await found('5678', viewer)).toEqual(sorted(['厉育平', '单雄信']));
      expect(await found('育平', viewer)).toEqual(['厉育平']);
      expect(await found('瓯江', viewer)).toEqual(sorted(['厉育平', '陈瓯江']));
      expectField(await t.gql(LIST, { filter: { search: '45678' } }, viewer), 'FORBIDDEN', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: '0577-8877 6655' } }, viewer), 'FORBIDDEN', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: idX } }, viewer), 'FORBIDDEN', 'filter.search');
      expectField(await t.gql(LIST, { filter: { search: idDigits } }, viewer), 'FORBIDDEN', 'filter.search');
    });

    it('searches only the caller\'s members', async () => {
      const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
      expect(await found('瓯江', officer)).toEqual(['厉育平']); // 陈瓯江's hometown is 330302
      expect(await found('5678', officer)).toEqual(['厉育平']);
      expect(await found(idDigits, officer)).toEqual([]); // 单雄信 is of 330382
    });
  });

  describe('paging, counting and statements through a search', () => {
    /** The ids a search over names and enterprise names must find, in NAME order, by plain SQL. */
    async function expectedIds(fragment: string, order: 'NAME' | 'REGISTERED_AT'): Promise<string[]> {
      const rows = (await t.dataSource.query(
        `SELECT m.id FROM member m WHERE m.status <> 'MERGED' AND (m.name LIKE $1 OR EXISTS (
           SELECT 1 FROM member_enterprise l JOIN enterprise e ON e.id = l.enterprise_id WHERE l.member_id = m.id AND e.name LIKE $1))
         ORDER BY ${order === 'NAME' ? 'm.name_pinyin, m.id' : 'm.registered_at DESC, m.id DESC'}`,
        [`%${fragment}%`],
      )) as { id: string }[];
      return rows.map((r) => r.id);
    }

    // 王建 is in 25 names (王建华) and no enterprise: a rare term, the matches collected and
    // sorted. 华东 is in ~13% of enterprises (~400 members): a common term, the sort order walked.
    for (const [term, first] of [
      ['王建', 7],
      ['华东', 37],
    ] as const) {
      it(`pages ${term} with keyset cursors in each order: every match once, none lost; totalCount right`, async () => {
        for (const sort of ['NAME', 'REGISTERED_AT'] as const) {
          const expected = await expectedIds(term, sort);
          expect(expected.length).toBeGreaterThan(first * 3);
          const walked = await listAll({ search: term }, { sort, first });
          expect(walked.map((n) => n.id)).toEqual(expected);
        }
        const counted = expectData(await t.gql<Page>(COUNTED, { first: 5, filter: { search: term } }, admin)).members;
        expect(counted.totalCount).toBe((await expectedIds(term, 'NAME')).length);
        expect(counted.edges).toHaveLength(5);
      });
    }

    it('sends the same statements for a page of 5 and of 50, and one more for totalCount', async () => {
      const PAGE = `query($first: Int!, $filter: MemberFilter) { members(first: $first, filter: $filter) {
        edges { node { id name phones hometown { name } enterprises { roles enterprise { name } } memberships { id } } } } }`;
      const COUNT = PAGE.replace('edges {', 'totalCount edges {');
      for (const search of ['王建', '华东', 'jianhua', '5678']) {
        const run = (query: string, first: number) => captureSql(t.dataSource, () => t.gql(query, { first, filter: { search } }, admin));
        await run(PAGE, 5); // warm
        const five = await run(PAGE, 5);
        const fifty = await run(PAGE, 50);
        expect(expectData(fifty.result)).toBeTruthy();
        expect(fifty.statements.length).toBe(five.statements.length);
        const counted = await run(COUNT, 50);
        expect(counted.statements.length).toBe(fifty.statements.length + 1);
      }
    });
  });

  describe('indexes (EXPLAIN)', () => {
    async function planFor(search: string, sort = 'NAME'): Promise<PlanNode> {
      const statements = await captureStatements(t.dataSource, async () => expectData(await t.gql(LIST, { first: 20, filter: { search }, sort }, admin)));
      const page = statements.filter((s) => /FROM "member" "m"/.test(s.sql));
      expect(page).toHaveLength(1);
      const [{ 'QUERY PLAN': plan }] = (await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${page[0].sql}`, page[0].params)) as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
      return plan[0].Plan;
    }
    const noSeqScans = (plan: PlanNode) => [...seqScansOn(plan, 'member'), ...seqScansOn(plan, 'enterprise')];

    it('serves names, pinyin and initials from the trigram and bigram indexes', async () => {
      for (const [term, index] of [
        ['liyuping', 'ix_member_search_trgm'],
        ['lyp', 'ix_member_search_trgm'],
        ['yp', 'ix_member_search_bigrams'],
      ]) {
        const plan = await planFor(term);
        expect(seqScansOn(plan, 'member')).toEqual([]);
        expect(indexesIn(plan)).toContain(index);
      }
    });

    it('serves phone endings and ID numbers from their indexes, an 18-digit term from both', async () => {
      expect(indexesIn(await planFor('5678'))).toContain('ix_member_phone_suffixes');
      expect(indexesIn(await planFor(idX))).toContain('ux_member_id_number');
      const both = await planFor(idDigits);
      expect(seqScansOn(both, 'member')).toEqual([]);
      expect(indexesIn(both)).toEqual(expect.arrayContaining(['ix_member_phone_suffixes', 'ux_member_id_number']));
    });

    it('serves a rare Chinese term from the name and enterprise name indexes, ORed', async () => {
      for (const [term, indexes] of [
        ['王建', ['ix_member_search_bigrams', 'ix_enterprise_name_bigrams', 'ix_member_enterprise_enterprise']],
        ['瓯江鞋业', ['ix_member_search_trgm', 'ix_enterprise_name_trgm', 'ix_member_enterprise_enterprise']],
      ] as const) {
        const plan = await planFor(term);
        expect(noSeqScans(plan)).toEqual([]);
        expect(indexesIn(plan)).toEqual(expect.arrayContaining([...indexes]));
      }
    });

    it('walks the sort order for a term in many enterprises, checking each member through its links', async () => {
      for (const [sort, index] of [
        ['NAME', 'ix_member_sort'],
        ['REGISTERED_AT', 'ix_member_registered'],
      ]) {
        const plan = await planFor('华东', sort);
        expect(noSeqScans(plan)).toEqual([]);
        expect(indexesIn(plan)).toEqual(expect.arrayContaining([index, 'ux_member_enterprise']));
      }
    });
  });
});
