import { Role } from '@crm/auth';
import { ChamberEntity, ChamberKind, ChamberLevel, ChamberStatus } from '@crm/chamber';
import { captureSql, createChamber, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

const COVERAGE = `query {
  chamberCoverage {
    goal localities covered share goalMet
    network { nationalChamber provincialChambers provinces belowProvincial }
    provinces { provinceCode name municipality localities covered share goalMet provincialChamber uncovered { code name } }
  }
}`;

interface Province {
  provinceCode: string;
  name: string;
  municipality: boolean;
  localities: number;
  covered: number;
  share: number;
  goalMet: boolean;
  provincialChamber: boolean;
  uncovered: { code: string; name: string }[];
}
interface Coverage {
  goal: number;
  localities: number;
  covered: number;
  share: number;
  goalMet: boolean;
  network: { nationalChamber: boolean; provincialChambers: number; provinces: number; belowProvincial: number };
  provinces: Province[];
}

describe('chamber coverage: localities, the 80% goal, 1+31+X', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const coverage = async (token = admin) => expectData(await t.gql<{ chamberCoverage: Coverage }>(COVERAGE, {}, token)).chamberCoverage;
  const province = (c: Coverage, code: string) => c.provinces.find((p) => p.provinceCode === code) as Province;
  const chamber = (regionCode: string | null, level: ChamberLevel, extra: { kind?: ChamberKind; status?: ChamberStatus; parentId?: string } = {}) =>
    createChamber(t, { regionCode, level, ...extra });

  it('counts prefecture-level localities of the mainland only, a municipality as one', async () => {
    const c = await coverage();
    expect(c.provinces).toHaveLength(31);
    expect(c.provinces.map((p) => p.provinceCode)).toEqual([...c.provinces.map((p) => p.provinceCode)].sort());
    expect(c.provinces.some((p) => ['71', '81', '82'].includes(p.provinceCode))).toBe(false);
    expect(c.provinces.filter((p) => p.municipality).map((p) => p.name)).toEqual(['北京市', '天津市', '上海市', '重庆市']);
    for (const m of c.provinces.filter((p) => p.municipality)) expect(m).toMatchObject({ localities: 1, uncovered: [{ code: `${m.provinceCode}0000`, name: m.name }] });
    expect(province(c, '33')).toMatchObject({ name: '浙江省', localities: 11, municipality: false });
    expect(province(c, '64')).toMatchObject({ name: '宁夏回族自治区', localities: 5 });

    const [{ prefectures }] = (await t.dataSource.query(
      `SELECT count(*)::int AS prefectures FROM region WHERE level = 'PREFECTURE' AND province_code BETWEEN '11' AND '65'`,
    )) as { prefectures: number }[];
    expect(c.localities).toBe(prefectures + 4);
    expect(c.localities).toBe(c.provinces.reduce((n, p) => n + p.localities, 0));
    expect(c).toMatchObject({
      goal: 0.8,
      covered: 0,
      share: 0,
      goalMet: false,
      network: { nationalChamber: false, provincialChambers: 0, provinces: 31, belowProvincial: 0 },
    });
  });

  it('covers a prefecture by an active regional chamber in it or in one of its counties, nothing else', async () => {
    await chamber('320500', ChamberLevel.Prefecture); // 苏州
    await chamber('320281', ChamberLevel.County); // 江阴 covers 无锡
    await chamber('320583', ChamberLevel.County); // 昆山: 苏州 again, counted once
    await chamber('320400', ChamberLevel.Prefecture, { status: ChamberStatus.Preparing }); // 常州: not yet
    await chamber('320300', ChamberLevel.Prefecture, { status: ChamberStatus.Dissolved }); // 徐州: no longer
    await chamber('320600', ChamberLevel.Prefecture, { kind: ChamberKind.Industry }); // 南通: a branch is not a regional chamber
    await chamber('320000', ChamberLevel.Provincial); // 江苏: a provincial chamber covers no prefecture

    const js = province(await coverage(), '32');
    expect(js).toMatchObject({ localities: 13, covered: 2, provincialChamber: true, goalMet: false });
    expect(js.share).toBeCloseTo(2 / 13, 10);
    expect(js.uncovered.map((l) => l.code)).not.toEqual(expect.arrayContaining(['320500', '320200']));
    expect(js.uncovered.map((l) => l.code)).toEqual(expect.arrayContaining(['320300', '320400', '320600']));
    expect(js.uncovered).toHaveLength(11);
    expect(js.uncovered.find((l) => l.code === '320400')).toEqual({ code: '320400', name: '常州市' });
  });

  it('covers a municipality by an active regional chamber anywhere in it, its own provincial one included', async () => {
    await chamber('310115', ChamberLevel.County); // 浦东新区
    await chamber('110000', ChamberLevel.Provincial); // 北京市温州商会
    await chamber('120000', ChamberLevel.Provincial, { kind: ChamberKind.Youth }); // 天津: youth only
    const c = await coverage();
    expect(province(c, '31')).toMatchObject({ localities: 1, covered: 1, share: 1, goalMet: true, provincialChamber: false, uncovered: [] });
    expect(province(c, '11')).toMatchObject({ localities: 1, covered: 1, goalMet: true, provincialChamber: true });
    expect(province(c, '12')).toMatchObject({ localities: 1, covered: 0, goalMet: false, provincialChamber: false });
  });

  it('meets the goal at exactly 80% and leaves Hong Kong, Macau and Taiwan out', async () => {
    for (const code of ['640100', '640200', '640300']) await chamber(code, ChamberLevel.Prefecture);
    expect(province(await coverage(), '64')).toMatchObject({ covered: 3, goalMet: false }); // 60%
    await chamber('640500', ChamberLevel.Prefecture);
    const nx = province(await coverage(), '64');
    expect(nx).toMatchObject({ localities: 5, covered: 4, share: 0.8, goalMet: true, uncovered: [{ code: '640400', name: '固原市' }] });

    const before = await coverage();
    await chamber('810000', ChamberLevel.Provincial); // 香港温州商会
    await chamber('710000', ChamberLevel.Provincial);
    const after = await coverage();
    expect(after.provinces).toHaveLength(31);
    expect([after.localities, after.covered, after.network.provincialChambers]).toEqual([before.localities, before.covered, before.network.provincialChambers]);
  });

  it('reports the 1+31+X shape and the overall goal', async () => {
    const national = await chamber(null, ChamberLevel.National);
    await chamber(null, ChamberLevel.National, { kind: ChamberKind.Youth }); // not the national chamber
    let c = await coverage();
    // 江苏 and 北京 have provincial chambers; 香港 is no mainland province. X: 苏州, 江阴, 昆山, 浦东 and four in 宁夏.
    expect(c.network).toEqual({ nationalChamber: true, provincialChambers: 2, provinces: 31, belowProvincial: 8 });
    await t.dataSource.query(`UPDATE chamber SET status = 'DISSOLVED' WHERE id = $1`, [national.id]);
    expect((await coverage()).network.nationalChamber).toBe(false);

    // Found a chamber in every prefecture still uncovered but 10% of them: the overall goal is met.
    const uncovered = c.provinces.flatMap((p) => (p.municipality ? [] : p.uncovered.map((l) => l.code)));
    const keepOpen = Math.ceil(c.localities * 0.1);
    const toFound = uncovered.slice(keepOpen);
    await t.dataSource.query(
      `INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, status, founded_on)
       SELECT r.name || '温州商会', r.name_pinyin || 'wenzhoushanghui', r.name_initials || 'wzsh', 'PREFECTURE', 'REGIONAL', r.code, r.province_code, 'ACTIVE', '2020-01-01'
       FROM region r WHERE r.code = ANY($1)`,
      [toFound],
    );
    c = await coverage();
    expect(c.covered).toBe(c.localities - keepOpen - 2); // 天津 and 重庆 are still open too
    expect(c.share).toBeCloseTo(c.covered / c.localities, 12);
    expect(c.goalMet).toBe(c.covered / c.localities >= 0.8);
    expect(c.goalMet).toBe(true);
    expect(c.network.belowProvincial).toBe(8 + toFound.length);
  });

  it('counts only the chambers within a secretary\'s scope', async () => {
    const [jiangsu] = (await t.dataSource.query(`SELECT id FROM chamber WHERE region_code = '320000' AND level = 'PROVINCIAL'`)) as { id: string }[];
    const suzhou = await t.dataSource.getRepository(ChamberEntity).findOneByOrFail({ regionCode: '320500', status: ChamberStatus.Active });
    await t.dataSource.query('UPDATE chamber SET parent_id = $1 WHERE id = $2', [jiangsu.id, suzhou.id]);
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: jiangsu.id })).accessToken;
    const c = await coverage(secretary);
    expect(c.covered).toBe(1); // 苏州, the one chamber below 江苏's
    expect(province(c, '32')).toMatchObject({ covered: 1, provincialChamber: true });
    expect(c.network).toEqual({ nationalChamber: false, provincialChambers: 1, provinces: 31, belowProvincial: 1 });
  });

  it('answers in one statement, whatever the number of provinces', async () => {
    const { result, statements } = await captureSql(t.dataSource, () => t.gql(COVERAGE, {}, admin));
    expectData(result);
    // The coverage (and the caller's account, when it is not in the caller cache).
    expect(statements.filter((s) => !/FROM app_user WHERE id = \$1/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM region/.test(s))).toHaveLength(1);
  });
});
