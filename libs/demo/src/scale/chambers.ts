import { Rng } from './random';

export type RegionLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY';
export type ChamberLevelName = 'NATIONAL' | 'PROVINCIAL' | 'PREFECTURE' | 'COUNTY';
export type ChamberKindName = 'REGIONAL' | 'INDUSTRY' | 'YOUTH';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  province_code: string;
}

export interface ExistingChamber {
  id: string;
  name: string;
  level: ChamberLevelName;
  kind: ChamberKindName;
  region_code: string | null;
  province_code: string | null;
  parent_id: string | null;
  status: 'PREPARING' | 'ACTIVE' | 'MERGED' | 'DISSOLVED';
  founded_on: string | null;
}

/** A chamber members can join: an ACTIVE one already in the database, or one the seed creates. */
export interface SeedChamber {
  id: string;
  name: string;
  shortName: string | null;
  level: ChamberLevelName;
  kind: ChamberKindName;
  regionCode: string | null;
  provinceCode: string | null;
  parentId: string | null;
  foundedOn: string | null;
  /** Created by this run (and so removed by --reset). */
  created: boolean;
  /** Gets a running term with positions (chambers created by this run, except the demo-led ones). */
  withTerm: boolean;
}

/**
 * The demo data set (demo-chambers.ts) creates these regional chambers by name when the app
 * starts with SEED, and reuses a chamber that already has the name. The scale seed gives a
 * chamber at the same place the demo's name and founding date, so that starting the app on
 * scale data reuses them instead of failing on 一地一会 / the one national chamber; and it
 * leaves the terms of the demo-led chambers to the demo (its startTerm would overlap ours).
 * Only for the home city of the demo (温州). test/seed-scale.spec.ts checks this list against
 * DEMO_CHAMBERS.
 */
export const DEMO_COMPATIBLE_CHAMBERS: readonly { level: ChamberLevelName; regionCode: string | null; name: string; foundedOn: string }[] = [
  { level: 'NATIONAL', regionCode: null, name: '全国温州商会联合总会', foundedOn: '2012-11-18' },
  { level: 'PROVINCIAL', regionCode: '310000', name: '上海市温州商会', foundedOn: '1995-03-12' },
  { level: 'PROVINCIAL', regionCode: '110000', name: '北京温州企业商会', foundedOn: '1996-09-20' },
  { level: 'PROVINCIAL', regionCode: '120000', name: '天津市温州商会', foundedOn: '2001-05-08' },
  { level: 'PROVINCIAL', regionCode: '500000', name: '重庆市温州商会', foundedOn: '2002-10-16' },
  { level: 'PROVINCIAL', regionCode: '440000', name: '广东省温州商会', foundedOn: '2003-06-28' },
  { level: 'PROVINCIAL', regionCode: '320000', name: '江苏省温州商会', foundedOn: '2004-04-18' },
  { level: 'PROVINCIAL', regionCode: '510000', name: '四川省温州商会', foundedOn: '2005-08-08' },
  { level: 'PROVINCIAL', regionCode: '530000', name: '云南省温州商会', foundedOn: '2006-12-02' },
  { level: 'PROVINCIAL', regionCode: '420000', name: '湖北省温州商会', foundedOn: '2007-03-26' },
  { level: 'PROVINCIAL', regionCode: '370000', name: '山东省温州商会', foundedOn: '2008-07-15' },
  { level: 'PREFECTURE', regionCode: '440300', name: '深圳市温州商会', foundedOn: '1999-11-11' },
  { level: 'PREFECTURE', regionCode: '440100', name: '广州市温州商会', foundedOn: '2006-05-20' },
  { level: 'PREFECTURE', regionCode: '441900', name: '东莞市温州商会', foundedOn: '2009-09-09' },
  { level: 'PREFECTURE', regionCode: '320100', name: '南京市温州商会', foundedOn: '2003-01-18' },
  { level: 'PREFECTURE', regionCode: '320500', name: '苏州市温州商会', foundedOn: '2004-10-10' },
  { level: 'PREFECTURE', regionCode: '320200', name: '无锡市温州商会', foundedOn: '2010-06-06' },
  { level: 'PREFECTURE', regionCode: '510100', name: '成都市温州商会', foundedOn: '2005-12-12' },
  { level: 'PREFECTURE', regionCode: '530100', name: '昆明市温州商会', foundedOn: '2007-04-04' },
  { level: 'PREFECTURE', regionCode: '420100', name: '武汉市温州商会', foundedOn: '2008-08-18' },
  { level: 'PREFECTURE', regionCode: '370200', name: '青岛市温州商会', foundedOn: '2011-05-16' },
  { level: 'PREFECTURE', regionCode: '370100', name: '济南市温州商会', foundedOn: '2013-03-03' },
  { level: 'COUNTY', regionCode: '310115', name: '上海市浦东新区温州商会', foundedOn: '2010-10-28' },
  { level: 'COUNTY', regionCode: '310112', name: '上海市闵行区温州商会', foundedOn: '2012-02-22' },
  { level: 'COUNTY', regionCode: '440306', name: '深圳市宝安区温州商会', foundedOn: '2014-06-18' },
  { level: 'COUNTY', regionCode: '320583', name: '昆山市温州商会', foundedOn: '2009-12-26' },
];
/** Chambers whose current term the demo data set records (DEMO_LEADERSHIP). */
export const DEMO_LED_CHAMBER_NAMES: readonly string[] = ['上海市温州商会', '广东省温州商会', '深圳市温州商会'];
const DEMO_HOME_REGION = '330300';
const LEVEL_RANK: Record<ChamberLevelName, number> = { NATIONAL: 0, PROVINCIAL: 1, PREFECTURE: 2, COUNTY: 3 };

/** Below this many chambers in the database, the seed builds its own network. */
export const CHAMBER_NETWORK_THRESHOLD = 250;
const PROVINCES_LEFT_OUT = 3;
const PREFECTURE_CHAMBERS = 200;
const COUNTY_CHAMBERS = 25;

const SHORT_SUFFIX =
  /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|林区|地区|新区|矿区|特区|省|市|区|县|盟|旗)$/;
const ETHNIC_SUFFIX =
  /(朝鲜|蒙古|维吾尔|哈萨克|柯尔克孜|土家|布依|哈尼|傈僳|拉祜|东乡|纳西|景颇|达斡尔|仫佬|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|回|藏|苗|彝|壮|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京)族$/;

/** 上海市 → 上海, 延边朝鲜族自治州 → 延边, 浦东新区 → 浦东; the full name when too little would remain. */
export function shortRegionName(name: string): string {
  let stripped = name.replace(SHORT_SUFFIX, '');
  while (ETHNIC_SUFFIX.test(stripped)) stripped = stripped.replace(ETHNIC_SUFFIX, '');
  return stripped.length >= 2 ? stripped : name;
}

export const isMainland = (r: { province_code: string | null }): boolean => !!r.province_code && r.province_code >= '11' && r.province_code <= '65';

export function dateBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (b <= a) return from;
  const days = Math.floor((b - a) / 86_400_000);
  return new Date(a + rng.int(0, days) * 86_400_000).toISOString().slice(0, 10);
}

export interface ChamberNetwork {
  /** Created chambers, parents before children. */
  created: SeedChamber[];
  /** Every ACTIVE chamber members can join: existing ones and created ones. */
  usable: SeedChamber[];
}

/**
 * A "1 + provinces + X" network over real GB/T 2260 regions, respecting what the database
 * already holds: one national chamber (or the existing one), a provincial chamber in most
 * mainland provinces outside the home province, ~200 prefecture chambers under them (outside
 * the home city), ~25 county chambers under those; one ACTIVE REGIONAL chamber per region
 * (一地一会: a place that already has one keeps it and it becomes the parent of what the seed
 * adds below), names unique among live chambers. With `build` false (the database already
 * has a network) nothing is created and members join the chambers that are there.
 */
export function planChamberNetwork(
  rng: Rng,
  regions: readonly RegionRow[],
  existing: readonly ExistingChamber[],
  homeRegionCode: string,
  build: boolean,
): ChamberNetwork {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const home = byCode.get(homeRegionCode);
  if (!home) throw new Error(`HOME_REGION_CODE ${homeRegionCode} is not a region in the database (are the regions loaded?)`);
  const homeShort = shortRegionName(home.name);
  const demo = homeRegionCode === DEMO_HOME_REGION;
  const demoByPlace = new Map(demo ? DEMO_COMPATIBLE_CHAMBERS.map((c) => [`${c.level}:${c.regionCode ?? ''}`, c]) : []);
  const demoLed = new Set(demo ? DEMO_LED_CHAMBER_NAMES : []);

  const toSeed = (c: ExistingChamber): SeedChamber => ({
    id: c.id,
    name: c.name,
    shortName: null,
    level: c.level,
    kind: c.kind,
    regionCode: c.region_code,
    provinceCode: c.province_code,
    parentId: c.parent_id,
    foundedOn: c.founded_on,
    created: false,
    withTerm: false,
  });
  const usable: SeedChamber[] = existing.filter((c) => c.status === 'ACTIVE').map(toSeed);
  if (!build) return { created: [], usable };

  const existingIds = new Set(existing.map((c) => c.id));
  const liveNames = new Set(existing.filter((c) => c.status === 'ACTIVE' || c.status === 'PREPARING').map((c) => c.name));
  const occupied = new Map(existing.filter((c) => c.status === 'ACTIVE' && c.kind === 'REGIONAL' && c.region_code).map((c) => [c.region_code as string, c]));
  const created: SeedChamber[] = [];
  /** The chamber standing for a region in the hierarchy (created or existing), by region code. */
  const chamberAt = new Map<string, { id: string; level: ChamberLevelName }>();
  for (const [code, c] of occupied) chamberAt.set(code, { id: c.id, level: c.level });
  /** The chamber at a region if it may be the parent of a regional chamber of `level` (strictly above it). */
  const parentAt = (code: string, level: ChamberLevelName): string | null => {
    const at = chamberAt.get(code);
    return at && LEVEL_RANK[at.level] < LEVEL_RANK[level] ? at.id : null;
  };

  const make = (level: ChamberLevelName, region: RegionRow | null, parentId: string | null, name: string, founded: [string, string]): SeedChamber | null => {
    const compatible = demoByPlace.get(`${level}:${region?.code ?? ''}`);
    const finalName = compatible?.name ?? name;
    // The uuid comes from the place, not from the order of creation: a chamber kept by an
    // earlier --reset (something else refers to it) occupies its place and is not made again,
    // and no other chamber can come out with its id.
    const ids = rng.fork(`${level}:${region?.code ?? ''}`);
    let id = ids.uuid();
    while (existingIds.has(id)) id = ids.uuid();
    const foundedOn = compatible?.foundedOn ?? dateBetween(rng, founded[0], founded[1]);
    if (liveNames.has(finalName)) return null;
    liveNames.add(finalName);
    const chamber: SeedChamber = {
      id,
      name: finalName,
      shortName: region ? `${shortRegionName(region.name)}${homeShort}商会` : `全国${homeShort}商会`,
      level,
      kind: 'REGIONAL',
      regionCode: region?.code ?? null,
      provinceCode: region?.province_code ?? null,
      parentId,
      foundedOn,
      created: true,
      withTerm: !demoLed.has(finalName),
    };
    created.push(chamber);
    usable.push(chamber);
    if (region) chamberAt.set(region.code, { id, level });
    return chamber;
  };

  // The national chamber (the "1"): the existing one, or a new one.
  const existingNational = existing.find((c) => c.level === 'NATIONAL' && c.kind === 'REGIONAL' && c.status === 'ACTIVE');
  const rootId = existingNational?.id ?? make('NATIONAL', null, null, `全国${homeShort}商会联合会`, ['2006-01-01', '2012-12-31'])?.id ?? null;

  const provinces = regions.filter((r) => r.level === 'PROVINCE' && isMainland(r) && r.province_code !== home.province_code);
  const leftOut = new Set(rng.shuffle(provinces.map((p) => p.code)).slice(0, PROVINCES_LEFT_OUT));
  for (const p of provinces) {
    if (occupied.has(p.code) || (leftOut.has(p.code) && !demoByPlace.has(`PROVINCIAL:${p.code}`))) continue;
    make('PROVINCIAL', p, rootId, `${p.name}${homeShort}商会`, ['1995-01-01', '2012-12-31']);
  }

  const prefectures = regions.filter((r) => r.level === 'PREFECTURE' && isMainland(r) && r.code !== home.code);
  const demoPrefectures = prefectures.filter((r) => demoByPlace.has(`PREFECTURE:${r.code}`));
  const chosenPrefectures = [...demoPrefectures, ...rng.shuffle(prefectures.filter((r) => !demoByPlace.has(`PREFECTURE:${r.code}`)))]
    .slice(0, PREFECTURE_CHAMBERS)
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const r of chosenPrefectures) {
    if (occupied.has(r.code)) continue;
    const parentId = parentAt(`${r.province_code}0000`, 'PREFECTURE') ?? rootId;
    make('PREFECTURE', r, parentId, `${r.name}${homeShort}商会`, ['1998-01-01', '2020-12-31']);
  }

  // County chambers grow under a prefecture chamber, or in a municipality under its provincial one.
  const eligible = regions.filter((r) => {
    if (r.level !== 'COUNTY' || !isMainland(r) || !r.parent_code || r.parent_code === home.code) return false;
    const parent = byCode.get(r.parent_code);
    return !!parent && chamberAt.has(parent.code) && (parent.level === 'PREFECTURE' || parent.level === 'PROVINCE');
  });
  const demoCounties = eligible.filter((r) => demoByPlace.has(`COUNTY:${r.code}`));
  const chosenCounties = [...demoCounties, ...rng.shuffle(eligible.filter((r) => !demoByPlace.has(`COUNTY:${r.code}`)))]
    .slice(0, COUNTY_CHAMBERS)
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const r of chosenCounties) {
    if (occupied.has(r.code)) continue;
    const parent = byCode.get(r.parent_code as string) as RegionRow;
    const name = r.name.endsWith('市') ? `${r.name}${homeShort}商会` : `${parent.name}${r.name}${homeShort}商会`;
    const fallback = `${parent.name}${r.name}${homeShort}商会`;
    const parentId = parentAt(parent.code, 'COUNTY') ?? rootId;
    make('COUNTY', r, parentId, liveNames.has(name) ? fallback : name, ['2005-01-01', '2023-12-31']);
  }
  return { created, usable };
}
