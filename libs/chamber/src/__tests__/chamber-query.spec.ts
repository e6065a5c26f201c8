import { Role } from '@crm/auth';
import { ChamberEntity, ChamberKind, ChamberLevel, ChamberStatus } from '@crm/chamber';
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

const LIST = `query($first: Int, $after: String, $filter: ChamberFilter) {
  chambers(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { id name namePinyin } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SUBTREE = `query($id: ID!) { chamberSubtree(id: $id) { id name depth } }`;
const ANCESTORS = `query($id: ID!) { chamberAncestors(id: $id) { id name } }`;
const COUNTS = `chambers { total byStatus { status count } byLevel { level count } }`;
const ROLLUP = `query($id: ID!) { chamberRollup(id: $id) { chamberId ${COUNTS} } }`;

interface Node {
  id: string;
  name: string;
  namePinyin: string;
}
interface Page {
  chambers: { totalCount: number; edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
interface Counts {
  total: number;
  byStatus: { status: string; count: number }[];
  byLevel: { level: string; count: number }[];
}

/** Every index a plan reads (EXPLAIN FORMAT JSON). */
function indexesIn(plan: Record<string, unknown>): string[] {
  const own = typeof plan['Index Name'] === 'string' ? [plan['Index Name']] : [];
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(indexesIn)];
}

const byPinyin = (a: Node, b: Node) => (a.namePinyin < b.namePinyin ? -1 : a.namePinyin > b.namePinyin ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('chambers read side: list, hierarchy, roll-ups, scope', () => {
  let t: TestApp;
  let admin: string;
  let secretary: string;
  // The fixture tree (names fixed so that pinyin and search are predictable):
  //   全国温州商会 N
  //   ├─ 上海市温州商会 SH (short name 沪温商会)
  //   │   ├─ 上海市温州青年商会 SH_Y (YOUTH, provincial)
  //   │   └─ 上海市浦东新区温州商会 PD (county)
  //   └─ 江苏省温州商会 JS
  //       ├─ 苏州市温州商会 SZ ── 昆山市温州商会 KS (PREPARING)
  //       ├─ 南京市温州商会 NJ ── 南京市温州商会服装行业分会 NJ_I (INDUSTRY)
  //       ├─ 无锡市温州商会 WX (DISSOLVED)
  //       └─ 常州市温州商会 CZ (MERGED into SZ)
  const c: Record<string, ChamberEntity> = {};
  const all = () => Object.values(c);

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const make = async (key: string, name: string, level: ChamberLevel, regionCode: string | null, parent: string | null, extra: { kind?: ChamberKind; status?: ChamberStatus } = {}) => {
      c[key] = await createChamber(t, { name, level, regionCode, parentId: parent ? c[parent].id : null, ...extra });
    };
    await make('N', '全国温州商会', ChamberLevel.National, null, null);
    await make('SH', '上海市温州商会', ChamberLevel.Provincial, '310000', 'N');
    await make('SH_Y', '上海市温州青年商会', ChamberLevel.Provincial, '310000', 'SH', { kind: ChamberKind.Youth });
    await make('PD', '上海市浦东新区温州商会', ChamberLevel.County, '310115', 'SH');
    await make('JS', '江苏省温州商会', ChamberLevel.Provincial, '320000', 'N');
    await make('SZ', '苏州市温州商会', ChamberLevel.Prefecture, '320500', 'JS');
    await make('KS', '昆山市温州商会', ChamberLevel.County, '320583', 'SZ', { status: ChamberStatus.Preparing });
    await make('NJ', '南京市温州商会', ChamberLevel.Prefecture, '320100', 'JS');
    await make('NJ_I', '南京市温州商会服装行业分会', ChamberLevel.Prefecture, '320100', 'NJ', { kind: ChamberKind.Industry });
    await make('WX', '无锡市温州商会', ChamberLevel.Prefecture, '320200', 'JS', { status: ChamberStatus.Dissolved });
    await make('CZ', '常州市温州商会', ChamberLevel.Prefecture, '320400', 'JS');
    await t.dataSource.query(`UPDATE chamber SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [c.SZ.id, c.CZ.id]);
    await t.dataSource.query(`UPDATE chamber SET short_name = '沪温商会' WHERE id = $1`, [c.SH.id]);
    for (const key of Object.keys(c)) c[key] = await t.dataSource.getRepository(ChamberEntity).findOneByOrFail({ id: c[key].id });
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: c.SZ.id })).accessToken;
  });
  afterAll(() => t.close());

  const names = (...keys: string[]) => keys.map((k) => c[k].name);
  const sortedNames = (keys: string[]) => keys.map((k) => c[k] as unknown as Node).sort(byPinyin).map((n) => n.name);

  /** Reads every page of a filtered list, `pageSize` at a time, following endCursor. */
  async function listAll(filter: Record<string, unknown>, token = admin, pageSize = 2): Promise<string[]> {
    const out: Node[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const page: Page['chambers'] = expectData(await t.gql<Page>(LIST, { first: pageSize, after, filter }, token)).chambers;
      out.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect([...out].sort(byPinyin)).toEqual(out); // pages come in (pinyin, id) order
    return out.map((n) => n.name);
  }

  function expectField(res: GqlResponse, code: string, field: string) {
    expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code, field });
  }

  describe('chambers(first, after, filter)', () => {
    it('pages through a subtree in pinyin order with keyset cursors, counting only when asked', async () => {
      const everything = await listAll({ subtreeOf: c.N.id });
      expect(everything).toEqual(sortedNames(Object.keys(c)));
      const first = expectData(await t.gql<Page>(LIST, { first: 3, filter: { subtreeOf: c.N.id } }, admin)).chambers;
      expect(first).toMatchObject({ totalCount: 11, pageInfo: { hasNextPage: true } });
      expect(first.edges.map((e) => e.node.name)).toEqual(everything.slice(0, 3));
    });

    it('filters by level, kind, status, province and parent', async () => {
      expect(await listAll({ subtreeOf: c.N.id, level: 'PREFECTURE' })).toEqual(sortedNames(['SZ', 'NJ', 'NJ_I', 'WX', 'CZ']));
      expect(await listAll({ subtreeOf: c.N.id, kind: 'YOUTH' })).toEqual(names('SH_Y'));
      expect(await listAll({ subtreeOf: c.N.id, status: 'PREPARING' })).toEqual(names('KS'));
      expect(await listAll({ subtreeOf: c.N.id, status: 'MERGED' })).toEqual(names('CZ'));
      expect(await listAll({ provinceCode: '31' })).toEqual(sortedNames(['SH', 'SH_Y', 'PD']));
      // Direct children only: 昆山 and the 南京 industry branch sit one level further down.
      expect(await listAll({ parentId: c.JS.id })).toEqual(sortedNames(['SZ', 'NJ', 'WX', 'CZ']));
      expect(await listAll({ parentId: c.N.id })).toEqual(sortedNames(['SH', 'JS']));
      expect(await listAll({ subtreeOf: c.SZ.id })).toEqual(sortedNames(['SZ', 'KS']));
      // Conditions are ANDed.
      expect(await listAll({ provinceCode: '32', level: 'PREFECTURE', kind: 'REGIONAL', status: 'ACTIVE' })).toEqual(sortedNames(['SZ', 'NJ']));
      expect(await listAll({ parentId: c.SH.id, kind: 'REGIONAL' })).toEqual(names('PD'));
      expect(await listAll({ subtreeOf: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    });

    it('finds a name by Chinese fragment, short name, full pinyin or initials', async () => {
      const within = (name: string) => listAll({ subtreeOf: c.N.id, name });
      expect(await within('上海')).toEqual(sortedNames(['SH', 'SH_Y', 'PD']));
      expect(await within('shanghai')).toEqual(sortedNames(['SH', 'SH_Y', 'PD']));
      expect(await within('ShangHai ')).toEqual(sortedNames(['SH', 'SH_Y', 'PD']));
      expect(await within('shswzsh')).toEqual(names('SH'));
      expect(await within('沪温')).toEqual(names('SH')); // the short name
      expect(await within('苏州市温州')).toEqual(names('SZ'));
      expect(await within('nanjing')).toEqual(sortedNames(['NJ', 'NJ_I']));
      expect(await within('服装行业')).toEqual(names('NJ_I'));
      expect(await within('wzsh')).toHaveLength(10); // every name but the youth chamber's (wzqnsh)
      expect(await within('qgwzsh')).toEqual(names('N'));
      // LIKE wildcards in the term are literal characters.
      expect(await within('%')).toEqual([]);
      expect(await within('shang_ai')).toEqual([]);
      expect(await within('上海 youth')).toEqual([]);
    });

    it('shows a secretary only its chamber and the chambers below it', async () => {
      expect(await listAll({}, secretary)).toEqual(sortedNames(['SZ', 'KS']));
      expect(await listAll({ subtreeOf: c.N.id }, secretary)).toEqual(sortedNames(['SZ', 'KS']));
      expect(await listAll({ parentId: c.JS.id }, secretary)).toEqual(names('SZ'));
      expect(await listAll({ name: '南京' }, secretary)).toEqual([]);
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
      expect(await listAll({ subtreeOf: c.N.id }, viewer)).toHaveLength(11);
    });

    it('refuses a page size over the cap, a garbage cursor and bad filters, naming the field', async () => {
      expectField(await t.gql(LIST, { first: 101 }, admin), 'BAD_USER_INPUT', 'first');
      expectField(await t.gql(LIST, { first: 0 }, admin), 'BAD_USER_INPUT', 'first');
      expectField(await t.gql(LIST, { after: 'not-a-cursor' }, admin), 'BAD_USER_INPUT', 'after');
      const forged = Buffer.from(JSON.stringify(['shanghai', 'not-a-uuid'])).toString('base64url');
      expectField(await t.gql(LIST, { after: forged }, admin), 'BAD_USER_INPUT', 'after');
      const wrongArity = Buffer.from(JSON.stringify(['shanghai'])).toString('base64url');
      expectField(await t.gql(LIST, { after: wrongArity }, admin), 'BAD_USER_INPUT', 'after');
      expectField(await t.gql(LIST, { filter: { provinceCode: '3' } }, admin), 'BAD_USER_INPUT', 'filter.provinceCode');
      expectField(await t.gql(LIST, { filter: { provinceCode: '310000' } }, admin), 'BAD_USER_INPUT', 'filter.provinceCode');
      expectField(await t.gql(LIST, { filter: { parentId: 'abc' } }, admin), 'BAD_USER_INPUT', 'filter.parentId');
      expectField(await t.gql(LIST, { filter: { subtreeOf: '1' } }, admin), 'BAD_USER_INPUT', 'filter.subtreeOf');
      expectField(await t.gql(LIST, { filter: { name: 'x'.repeat(41) } }, admin), 'BAD_USER_INPUT', 'filter.name');
      expectField(await t.gql(LIST, { filter: { name: '   ' } }, admin), 'BAD_USER_INPUT', 'filter.name');
      expectField(await t.gql(LIST, { filter: { name: 'a\u0007b' } }, admin), 'BAD_USER_INPUT', 'filter.name');
      // An enum value GraphQL does not know never reaches a resolver.
      expect(errorCode(await t.gql(LIST, { filter: { level: 'CITY' } }, admin))).toBe('BAD_USER_INPUT');
    });
  });

  describe('hierarchy', () => {
    it('returns a subtree by depth, then pinyin, in one statement', async () => {
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<{ chamberSubtree: { name: string; depth: number }[] }>(SUBTREE, { id: c.N.id }, admin));
      const rows = expectData(result).chamberSubtree;
      const expected = all()
        .map((x) => ({ name: x.name, depth: x.depth, namePinyin: x.namePinyin, id: x.id }))
        .sort((a, b) => a.depth - b.depth || byPinyin(a, b))
        .map(({ name, depth }) => ({ name, depth }));
      expect(rows.map(({ name, depth }) => ({ name, depth }))).toEqual(expected);
      expect(statements.filter((s) => /FROM "?chamber"? "?c"?/.test(s))).toHaveLength(1);

      const js = expectData(await t.gql<{ chamberSubtree: { name: string }[] }>(SUBTREE, { id: c.JS.id }, admin)).chamberSubtree;
      expect(js.map((x) => x.name)).toEqual(['江苏省温州商会', ...sortedNames(['SZ', 'NJ', 'WX', 'CZ']), ...sortedNames(['KS', 'NJ_I'])]);
      const leaf = expectData(await t.gql<{ chamberSubtree: { name: string }[] }>(SUBTREE, { id: c.KS.id }, admin)).chamberSubtree;
      expect(leaf.map((x) => x.name)).toEqual(names('KS'));
    });

    it('reads a subtree\'s chambers exactly as chamber(id) does, with and without a column projection', async () => {
      const SCALARS = `id name shortName namePinyin level kind regionCode parentId ancestorIds depth status mergedIntoId foundedOn
        dissolvedOn dualBranded address phone email contactPerson version createdAt updatedAt`;
      await t.dataSource.query(`UPDATE chamber SET address = '上海市浦东新区世纪大道1号', phone = '021-5888 8888', email = 'sh@wz.org', contact_person = '陈秘书', dual_branded = true WHERE id = $1`, [c.PD.id]);
      const one = async (id: string) => expectData(await t.gql<{ chamber: Record<string, unknown> }>(`query($id: ID!) { chamber(id: $id) { ${SCALARS} } }`, { id }, admin)).chamber;
      const expected = await Promise.all(all().map((x) => one(x.id)));
      const byId = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [r.id as string, r]));

      // Only plain fields: the statement reads those columns only.
      const plain = await captureSql(t.dataSource, () => t.gql<{ chamberSubtree: Record<string, unknown>[] }>(`query($id: ID!) { chamberSubtree(id: $id) { ${SCALARS} } }`, { id: c.N.id }, admin));
      expect(byId(expectData(plain.result).chamberSubtree)).toEqual(byId(expected));
      // A resolved field (parent) may need any column: every column is read.
      const full = await t.gql<{ chamberSubtree: Record<string, unknown>[] }>(`query($id: ID!) { chamberSubtree(id: $id) { ${SCALARS} parent { id } } }`, { id: c.N.id }, admin);
      const fullRows = expectData(full).chamberSubtree.map(({ parent, ...rest }) => {
        expect(parent === null ? null : (parent as { id: string }).id).toBe(rest.parentId);
        return rest;
      });
      expect(byId(fullRows)).toEqual(byId(expected));
      // Through a fragment, and with only two fields: two columns and nothing else.
      const narrow = await captureSql(t.dataSource, () =>
        t.gql<{ chamberSubtree: { name: string }[] }>(`query($id: ID!) { chamberSubtree(id: $id) { ...F } } fragment F on Chamber { __typename name }`, { id: c.SZ.id }, admin),
      );
      expect(expectData(narrow.result).chamberSubtree).toEqual([{ __typename: 'Chamber', name: c.SZ.name }, { __typename: 'Chamber', name: c.KS.name }]);
      const statement = narrow.statements.find((x) => /FROM chamber c/.test(x)) as string;
      expect(statement.slice(0, statement.indexOf('FROM'))).not.toMatch(/created_at|ancestor_ids|name_pinyin/);
    });

    it('returns ancestors root first, in one statement, leaving out those outside the scope', async () => {
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<{ chamberAncestors: { name: string }[] }>(ANCESTORS, { id: c.KS.id }, admin));
      expect(expectData(result).chamberAncestors.map((x) => x.name)).toEqual(names('N', 'JS', 'SZ'));
      expect(statements.filter((s) => /FROM "chamber"/.test(s))).toHaveLength(1);
      expect(expectData(await t.gql<{ chamberAncestors: unknown[] }>(ANCESTORS, { id: c.N.id }, admin)).chamberAncestors).toEqual([]);
      expect(expectData(await t.gql<{ chamberAncestors: { name: string }[] }>(ANCESTORS, { id: c.NJ_I.id }, admin)).chamberAncestors.map((x) => x.name)).toEqual(
        names('N', 'JS', 'NJ'),
      );

      // The secretary of 苏州 sees 苏州 above 昆山, but neither 江苏 nor the national chamber.
      expect(expectData(await t.gql<{ chamberAncestors: { name: string }[] }>(ANCESTORS, { id: c.KS.id }, secretary)).chamberAncestors.map((x) => x.name)).toEqual(
        names('SZ'),
      );
      expect(expectData(await t.gql<{ chamberAncestors: unknown[] }>(ANCESTORS, { id: c.SZ.id }, secretary)).chamberAncestors).toEqual([]);
      expect(errorCode(await t.gql(ANCESTORS, { id: c.NJ.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(ANCESTORS, { id: c.JS.id }, secretary))).toBe('NOT_FOUND');
    });

    it('keeps a secretary inside its subtree', async () => {
      const own = expectData(await t.gql<{ chamberSubtree: { name: string }[] }>(SUBTREE, { id: c.SZ.id }, secretary)).chamberSubtree;
      expect(own.map((x) => x.name)).toEqual(names('SZ', 'KS'));
      expect(errorCode(await t.gql(SUBTREE, { id: c.JS.id }, secretary))).toBe('NOT_FOUND'); // above it
      expect(errorCode(await t.gql(SUBTREE, { id: c.N.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(SUBTREE, { id: c.NJ.id }, secretary))).toBe('NOT_FOUND'); // beside it
    });

    it('refuses malformed ids and answers NOT_FOUND for unknown ones', async () => {
      for (const q of [SUBTREE, ANCESTORS, ROLLUP]) {
        expectField(await t.gql(q, { id: 'not-an-id' }, admin), 'BAD_USER_INPUT', 'id');
        expectField(await t.gql(q, { id: `${c.N.id}x` }, admin), 'BAD_USER_INPUT', 'id');
        expect(errorCode(await t.gql(q, { id: '00000000-0000-4000-8000-0000000000ff' }, admin))).toBe('NOT_FOUND');
      }
      // Upper case is the same id.
      expect(expectData(await t.gql<{ chamberSubtree: unknown[] }>(SUBTREE, { id: c.KS.id.toUpperCase() }, admin)).chamberSubtree).toHaveLength(1);
    });
  });

  describe('roll-ups', () => {
    const counts = (total: number, status: Partial<Record<string, number>>, level: Partial<Record<string, number>>): Counts => ({
      total,
      byStatus: ['PREPARING', 'ACTIVE', 'MERGED', 'DISSOLVED'].map((s) => ({ status: s, count: status[s] ?? 0 })),
      byLevel: ['NATIONAL', 'PROVINCIAL', 'PREFECTURE', 'COUNTY'].map((l) => ({ level: l, count: level[l] ?? 0 })),
    });

    it('counts a subtree, itself included, by status and level', async () => {
      const national = expectData(await t.gql<{ chamberRollup: { chamberId: string; chambers: Counts } }>(ROLLUP, { id: c.N.id }, admin)).chamberRollup;
      expect(national).toEqual({
        chamberId: c.N.id,
        chambers: counts(11, { ACTIVE: 8, PREPARING: 1, MERGED: 1, DISSOLVED: 1 }, { NATIONAL: 1, PROVINCIAL: 3, PREFECTURE: 5, COUNTY: 2 }),
      });
      const jiangsu = expectData(await t.gql<{ chamberRollup: { chambers: Counts } }>(ROLLUP, { id: c.JS.id }, admin)).chamberRollup;
      expect(jiangsu.chambers).toEqual(counts(7, { ACTIVE: 4, PREPARING: 1, MERGED: 1, DISSOLVED: 1 }, { PROVINCIAL: 1, PREFECTURE: 5, COUNTY: 1 }));
      const leaf = expectData(await t.gql<{ chamberRollup: { chambers: Counts } }>(ROLLUP, { id: c.PD.id }, admin)).chamberRollup;
      expect(leaf.chambers).toEqual(counts(1, { ACTIVE: 1 }, { COUNTY: 1 }));
    });

    it('resolves Chamber.rollup for a page with one grouped statement', async () => {
      const query = `query($filter: ChamberFilter) { chambers(first: 20, filter: $filter) { edges { node { name rollup { chamberId chambers { total } } } } } }`;
      const { result, statements } = await captureSql(t.dataSource, () =>
        t.gql<{ chambers: { edges: { node: { name: string; rollup: { chambers: { total: number } } } }[] } }>(query, { filter: { subtreeOf: c.JS.id } }, admin),
      );
      const totals = Object.fromEntries(expectData(result).chambers.edges.map((e) => [e.node.name, e.node.rollup.chambers.total]));
      expect(totals).toEqual({ [c.JS.name]: 7, [c.SZ.name]: 2, [c.KS.name]: 1, [c.NJ.name]: 2, [c.NJ_I.name]: 1, [c.WX.name]: 1, [c.CZ.name]: 1 });
      expect(statements.filter((s) => /unnest/.test(s))).toHaveLength(1);
    });

    it('counts for a secretary only inside its subtree', async () => {
      const own = expectData(await t.gql<{ chamberRollup: { chambers: Counts } }>(ROLLUP, { id: c.SZ.id }, secretary)).chamberRollup;
      expect(own.chambers).toEqual(counts(2, { ACTIVE: 1, PREPARING: 1 }, { PREFECTURE: 1, COUNTY: 1 }));
      expect(errorCode(await t.gql(ROLLUP, { id: c.JS.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(ROLLUP, { id: c.N.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(ROLLUP, { id: c.NJ.id }, secretary))).toBe('NOT_FOUND');
      const viaField = expectData(
        await t.gql<{ chamber: { parent: unknown; rollup: { chambers: { total: number } } } }>(
          `query($id: ID!) { chamber(id: $id) { parent { id } rollup { chambers { total } } } }`,
          { id: c.SZ.id },
          secretary,
        ),
      ).chamber;
      expect(viaField).toEqual({ parent: null, rollup: { chambers: { total: 2 } } });
    });
  });

  it('sends as many SQL statements for a page of 50 as for a page of 5 (parent, region, rollup batched)', async () => {
    // A second national-level body beside the network's own national chamber: a youth one.
    const root = await createChamber(t, { name: '批量测试总会', level: ChamberLevel.National, kind: ChamberKind.Youth, regionCode: null });
    const provinces = [];
    for (const code of ['440000', '350000', '370000']) {
      provinces.push(await createChamber(t, { name: `${code}批量测试商会`, level: ChamberLevel.Provincial, kind: ChamberKind.Industry, regionCode: code, parentId: root.id }));
    }
    for (let i = 0; i < 57; i += 1) await createChamber(t, { level: ChamberLevel.Prefecture, parentId: provinces[i % 3].id });

    const query = `query($first: Int!, $filter: ChamberFilter) {
      chambers(first: $first, filter: $filter) {
        edges { node { id name parent { name } region { name } rollup { chamberId ${COUNTS} } } }
      }
    }`;
    type Result = { chambers: { edges: { node: { parent: { name: string } | null; region: { name: string } | null; rollup: { chambers: Counts } } }[] } };
    const run = (first: number) => captureSql(t.dataSource, () => t.gql<Result>(query, { first, filter: { subtreeOf: root.id } }, admin));
    await run(5); // warm: first-use statements (if any) do not count
    const five = await run(5);
    const fifty = await run(50);
    const fiveEdges = expectData(five.result).chambers.edges;
    const fiftyEdges = expectData(fifty.result).chambers.edges;
    expect([fiveEdges.length, fiftyEdges.length]).toEqual([5, 50]);
    expect(fiftyEdges.every((e) => e.node.rollup.chambers.total >= 1)).toBe(true);
    // Only the national root has neither parent nor region.
    expect(fiftyEdges.filter((e) => !e.node.parent || !e.node.region).length).toBeLessThanOrEqual(1);
    expect(fifty.statements.length).toBe(five.statements.length);
    // The page, the parents, the roll-ups: nothing per row (regions are reference data held in
    // memory by RegionService; the caller's account is read only when not in the caller cache).
    expect(fifty.statements.filter((s) => !/FROM app_user WHERE id = \$1/.test(s))).toHaveLength(3);
    expect(fifty.statements.filter((s) => /unnest/.test(s))).toHaveLength(1);
  });

  it('serves every filter, the subtree, the ancestors and the roll-up from an index (EXPLAIN)', async () => {
    // Enough rows for the planner to prefer indexes as it would in production: 30 dissolved
    // roots with 100 children each, spread over levels, kinds and provinces.
    await t.dataSource.query(`
      INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, status)
      SELECT '填充总会' || g, 'tianchongzonghui' || lpad(g::text, 4, '0'), 'tczh', 'PROVINCIAL', 'INDUSTRY', r.code, r.province_code, 'DISSOLVED'
      FROM generate_series(1, 30) g JOIN (SELECT code, province_code, row_number() OVER (ORDER BY code) AS n FROM region WHERE level = 'PROVINCE') r ON r.n = 1 + g % 31`);
    await t.dataSource.query(`
      INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, parent_id, status)
      SELECT '填充分会' || g, 'tianchongfenhui' || lpad(g::text, 5, '0'), 'tcfh',
             (ARRAY['PREFECTURE', 'COUNTY'])[1 + g % 2]::chamber_level, 'INDUSTRY', r.code, r.province_code,
             (SELECT id FROM chamber WHERE name = '填充总会' || (1 + g % 30)), (ARRAY['ACTIVE', 'DISSOLVED', 'ACTIVE'])[1 + g % 3]::chamber_status
      FROM generate_series(1, 3000) g JOIN (SELECT code, province_code, row_number() OVER (ORDER BY code) AS n FROM region WHERE level = 'COUNTY') r ON r.n = 1 + g % 2500`);
    // VACUUM as autovacuum would: it also moves fresh rows out of the GIN indexes' pending
    // lists, which the planner otherwise (rightly) prices as a scan of the whole list.
    await t.dataSource.query('VACUUM ANALYZE chamber');

    async function indexesFor(gql: string, variables: Record<string, unknown>, pattern: RegExp, token = admin): Promise<string[]> {
      const statements = await captureStatements(t.dataSource, async () => expectData(await t.gql(gql, variables, token)));
      const target = statements.filter((s) => pattern.test(s.sql));
      expect(target).toHaveLength(1);
      const [{ 'QUERY PLAN': plan }] = (await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${target[0].sql}`, target[0].params)) as {
        'QUERY PLAN': { Plan: Record<string, unknown> }[];
      }[];
      return indexesIn(plan[0].Plan);
    }
    const page = /FROM "chamber" "c"/;
    const list = (filter: Record<string, unknown>, token = admin) => indexesFor(LIST.replace('totalCount', ''), { filter }, page, token);

    expect(await list({})).toContain('ix_chamber_sort');
    expect(await list({ level: 'PREFECTURE' })).toContain('ix_chamber_level');
    expect(await list({ kind: 'YOUTH' })).toContain('ix_chamber_kind');
    expect(await list({ status: 'PREPARING' })).toContain('ix_chamber_status');
    expect(await list({ provinceCode: '32' })).toContain('ix_chamber_province');
    expect(await list({ parentId: c.JS.id })).toContain('ix_chamber_parent');
    expect(await list({ subtreeOf: c.JS.id })).toEqual(expect.arrayContaining(['ix_chamber_ancestors']));
    expect(await list({ name: 'suzhou' })).toContain('ix_chamber_search_trgm');
    expect(await list({ name: '苏州市' })).toContain('ix_chamber_search_trgm');
    expect(await list({ name: 'szswzsh' })).toContain('ix_chamber_search_trgm');
    expect(await list({ name: '苏州' })).toContain('ix_chamber_search_bigrams');
    expect(await list({ name: 'SZ' })).toContain('ix_chamber_search_bigrams');
    expect(await list({}, secretary)).toContain('ix_chamber_ancestors'); // the scope itself
    expect(await indexesFor(SUBTREE, { id: c.JS.id }, /FROM chamber c/)).toContain('ix_chamber_ancestors');
    expect(await indexesFor(ANCESTORS, { id: c.KS.id }, /FROM "chamber" "a"/)).toEqual(expect.arrayContaining(['PK_cde4a9652dfc250c6184b3f6fb4']));
    expect(await indexesFor(ROLLUP, { id: c.JS.id }, /unnest/)).toContain('ix_chamber_ancestors');
  });
});
