import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { syncRegions } from '@crm/region';
import { createChamber, createTestApp, errorCode, expectData, signedInUser, TestApp } from '@crm/testing';

const REGIONS = `query($filter: RegionFilter, $first: Int, $after: String) {
  regions(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { code name level parentCode pinyin } } pageInfo { hasNextPage endCursor }
  }
}`;

interface RegionPage {
  regions: {
    totalCount: number;
    edges: { node: { code: string; name: string; level: string; parentCode: string | null; pinyin: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('regions (GB/T 2260)', () => {
  let t: TestApp;
  let viewer: string;
  beforeAll(async () => {
    t = await createTestApp();
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
  });
  afterAll(() => t.close());

  const search = async (filter: Record<string, unknown>, first = 50) => expectData(await t.gql<RegionPage>(REGIONS, { filter, first }, viewer)).regions;

  it('looks a region up by code, with its parent', async () => {
    const data = expectData(await t.gql<{ region: Record<string, unknown> }>('{ region(code: "330381") { code name level pinyin parent { code name parent { name } } } }', {}, viewer));
    expect(data.region).toEqual({ code: '330381', name: '瑞安市', level: 'COUNTY', pinyin: 'ruianshi', parent: { code: '330300', name: '温州市', parent: { name: '浙江省' } } });
  });

  it('answers NOT_FOUND for an unknown code and BAD_USER_INPUT for a malformed one', async () => {
    expect(errorCode(await t.gql('{ region(code: "999999") { code } }', {}, viewer))).toBe('NOT_FOUND');
    const bad = await t.gql('{ region(code: "33") { code } }', {}, viewer);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0].extensions?.field).toBe('code');
  });

  it('finds regions by Chinese fragment, full pinyin, initials and code prefix', async () => {
    expect((await search({ search: '温州' })).edges.map((e) => e.node.code)).toContain('330300');
    expect((await search({ search: 'wenzhou' })).edges.map((e) => e.node.code)).toContain('330300');
    expect((await search({ search: 'ras', level: 'COUNTY' })).edges.map((e) => e.node.name)).toContain('瑞安市');
    const byPrefix = await search({ search: '3303' });
    expect(byPrefix.edges.every((e) => e.node.code.startsWith('3303'))).toBe(true);
    expect(byPrefix.totalCount).toBeGreaterThanOrEqual(13);
  });

  it('lists children of a region, by level and province, in code order across pages', async () => {
    const first = await search({ parentCode: '330000' }, 5);
    expect(first.edges.map((e) => e.node.code)).toEqual(['330100', '330200', '330300', '330400', '330500']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = expectData(await t.gql<RegionPage>(REGIONS, { filter: { parentCode: '330000' }, first: 50, after: first.pageInfo.endCursor }, viewer)).regions;
    expect(next.edges[0].node.code).toBe('330600');
    expect(first.totalCount).toBe(11);
    const provinces = await search({ level: 'PROVINCE' });
    expect(provinces.totalCount).toBe(34);
    const municipalDistricts = await search({ provinceCode: '11', level: 'COUNTY' });
    expect(municipalDistricts.edges.every((e) => e.node.parentCode === '110000')).toBe(true);
  });

  it('lists the home city counties (籍贯 choices) from configuration', async () => {
    const data = expectData(await t.gql<{ homeCounties: { code: string; name: string }[] }>('{ homeCounties { code name } }', {}, viewer));
    expect(data.homeCounties.map((c) => c.name)).toEqual(['鹿城区', '龙湾区', '瓯海区', '洞头区', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '瑞安市', '乐清市', '龙港市']);
  });

  it('loading the regions again is a no-op for the same package version', async () => {
    const before = ((await t.dataSource.query('SELECT count(*)::int AS n FROM region')) as { n: number }[])[0].n;
    expect(await syncRegions(t.dataSource)).toBe(0);
    expect(((await t.dataSource.query('SELECT count(*)::int AS n FROM region')) as { n: number }[])[0].n).toBe(before);
    expect(before).toBeGreaterThan(3000);
  });

  it('a reload removes divisions the source dropped, unless something still refers to them', async () => {
    await t.dataSource.query(`INSERT INTO region (code, name, level, parent_code, province_code, name_pinyin, name_initials)
      VALUES ('330398', '旧县甲', 'COUNTY', '330300', '33', 'jiuxianjia', 'jxj'), ('330399', '旧县乙', 'COUNTY', '330300', '33', 'jiuxianyi', 'jxy')`);
    const chamber = await createChamber(t, { level: ChamberLevel.County, regionCode: '330399' });
    await t.dataSource.query(`UPDATE region_source SET version = 'older'`);
    expect(await syncRegions(t.dataSource)).toBeGreaterThan(3000);
    const left = (await t.dataSource.query(`SELECT code FROM region WHERE code IN ('330398', '330399') ORDER BY code`)) as { code: string }[];
    expect(left).toEqual([{ code: '330399' }]);
    expect(((await t.dataSource.query('SELECT region_code FROM chamber WHERE id = $1', [chamber.id])) as { region_code: string }[])[0].region_code).toBe('330399');
  });

  it('requires a signed-in caller', async () => {
    expect(errorCode(await t.gql('{ homeCounties { code } }'))).toBe('UNAUTHENTICATED');
  });
});

describe('another home city, by configuration only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ HOME_REGION_CODE: '330100' });
  });
  afterAll(() => t.close());

  it('uses Hangzhou counties for home counties and county officers', async () => {
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const data = expectData(await t.gql<{ homeCounties: { code: string; name: string }[] }>('{ homeCounties { code name } }', {}, admin));
    expect(data.homeCounties.map((c) => c.name)).toEqual(expect.arrayContaining(['上城区', '西湖区', '萧山区', '余杭区', '桐庐县', '淳安县', '建德市']));
    expect(data.homeCounties.some((c) => c.code.startsWith('3303'))).toBe(false);

    const create = (countyCode: string) =>
      t.gql(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { user { scope { countyCode } } } }',
        { input: { email: `hz-${countyCode}@test.crm`, displayName: '县官员', role: 'COUNTY_OFFICER', scope: { countyCode } } },
        admin,
      );
    expectData(await create('330106'));
    const wenzhouCounty = await create('330381');
    expect(errorCode(wenzhouCounty)).toBe('BAD_USER_INPUT');
    expect(wenzhouCounty.body.errors?.[0].extensions?.field).toBe('input.scope.countyCode');
  });
});
