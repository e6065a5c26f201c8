import { DataSource, EntityManager } from 'typeorm';
import { REGION_PACKAGE, readRegionsFromPackage } from './region-source';

const LOCK = 727_002;

/** Bump when the way rows are derived from the package changes, so existing databases reload. */
const RULES_REVISION = 'r2';

/**
 * Loads the region table from the package when it is empty, from another package version or
 * from older loading rules: upserts every division (parents first), then removes divisions the
 * source no longer has unless something still refers to them (a chamber, a user, a member: the
 * foreign key decides, so modules added later are covered too). Repeatable; concurrent starters
 * take turns on an advisory lock. Returns the number of rows written (0 when already current).
 */
export function syncRegions(dataSource: DataSource): Promise<number> {
  return dataSource.transaction((em) => syncRegionsWith(em));
}

/** The same, inside a transaction the caller holds (a migration that needs the regions present). */
export async function syncRegionsWith(em: EntityManager): Promise<number> {
  const source = readRegionsFromPackage();
  const rows = source.rows;
  const version = `${source.version}+${RULES_REVISION}`;
  await em.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
  const [current] = (await em.query('SELECT version FROM region_source WHERE package = $1', [REGION_PACKAGE])) as { version: string }[];
  if (current?.version === version) return 0;
  const order = { PROVINCE: 0, PREFECTURE: 1, COUNTY: 2 } as const;
  const sorted = [...rows].sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code));
  const columns = ['code', 'name', 'level', 'parent_code', 'province_code', 'name_pinyin', 'name_initials'];
  for (let i = 0; i < sorted.length; i += 500) {
    const batch = sorted.slice(i, i + 500);
    const params: unknown[] = [];
    const tuples = batch.map((r) => {
      params.push(r.code, r.name, r.level, r.parentCode, r.provinceCode, r.namePinyin, r.nameInitials);
      const n = params.length;
      return `($${n - 6}, $${n - 5}, $${n - 4}::region_level, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await em.query(
      `INSERT INTO region (${columns.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
         province_code = EXCLUDED.province_code, name_pinyin = EXCLUDED.name_pinyin, name_initials = EXCLUDED.name_initials`,
      params,
    );
  }
  const [{ stale }] = (await em.query(
    `SELECT coalesce(array_agg(code ORDER BY level DESC, code), '{}') AS stale FROM region WHERE NOT (code = ANY($1::char(6)[]))`,
    [sorted.map((r) => r.code)],
  )) as { stale: string[] }[];
  for (const code of stale) {
    await em.query('SAVEPOINT region_prune');
    try {
      await em.query('DELETE FROM region WHERE code = $1', [code]);
      await em.query('RELEASE SAVEPOINT region_prune');
    } catch {
      // Still referenced: kept, so nothing that points at it breaks.
      await em.query('ROLLBACK TO SAVEPOINT region_prune');
    }
  }
  await em.query(
    `INSERT INTO region_source (package, version, region_count, loaded_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (package) DO UPDATE SET version = EXCLUDED.version, region_count = EXCLUDED.region_count, loaded_at = now()`,
    [REGION_PACKAGE, version, rows.length],
  );
  return rows.length;
}
