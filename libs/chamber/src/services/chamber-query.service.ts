import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ConnectionResult, escapeLike, keysetPage, NotFoundError, requestLoader } from '@crm/shared';
import { ChambersArgs } from '../dtos/args/chambers.args';
import { ChamberDto } from '../dtos/chamber.dto';
import { ChamberSubtreeCounts } from '../dtos/chamber-rollup.dto';
import { ChamberEntity } from '../entities/chamber.entity';
import { ChamberKind, ChamberLevel, ChamberStatus } from '../entities/chamber.enums';

const ENTITY = 'Chamber';

/**
 * The expression `ix_chamber_search_trgm` indexes (migration Chambers): it must stay identical,
 * or the planner can no longer use the trigram index for the `name` filter.
 */
const SEARCH_EXPR = `(c.name || ' ' || coalesce(c.short_name, '') || ' ' || c.name_pinyin || ' ' || c.name_initials)`;

/**
 * Extension point for roll-ups: a FROM clause pairing each root of a batch with every chamber of
 * its subtree (the root included), for one grouped statement per page of chambers.
 *
 * It yields the root as `rootAlias.id` and the chamber as `chamberAlias` (all its columns); the
 * roots are the uuid[] parameter `rootsParam`. For each root, the primary key and the GIN index on
 * ancestor_ids find its subtree. A module counting its own rows per chamber (members, party units,
 * projects) joins them on `chamberAlias.id` and groups by `rootAlias.id`, e.g.
 *
 *   SELECT root.id, count(m.id) FROM ${chamberSubtreeSql()} JOIN member m ON m.chamber_id = c.id GROUP BY root.id
 *
 * and resolves its field on ChamberRollupDto with a request-scoped DataLoader keyed by chamberId.
 * Roots come from chambers the caller can already see, and the subtree of a visible chamber lies
 * inside the caller's scope, so such counts need no further scope condition.
 */
export function chamberSubtreeSql(rootsParam = ':roots', chamberAlias = 'c', rootAlias = 'root'): string {
  const c = chamberAlias;
  const r = rootAlias;
  return `unnest(${rootsParam}::uuid[]) AS ${r}(id) JOIN chamber ${c} ON (${c}.id = ${r}.id OR ${c}.ancestor_ids @> ARRAY[${r}.id])`;
}

type ChamberColumn = Exclude<keyof ChamberEntity, 'region' | 'parent' | 'mergedInto'>;

/**
 * How a subtree reads each column: the SQL, and how its value becomes the entity's property. The
 * uuid[] and the timestamps travel in forms that are cheap to parse.
 */
const SUBTREE_COLUMNS: Readonly<Record<ChamberColumn, { sql: string; read?: (value: never) => unknown }>> = {
  id: { sql: 'c.id' },
  name: { sql: 'c.name' },
  shortName: { sql: 'c.short_name' },
  namePinyin: { sql: 'c.name_pinyin' },
  nameInitials: { sql: 'c.name_initials' },
  level: { sql: 'c.level' },
  kind: { sql: 'c.kind' },
  regionCode: { sql: 'c.region_code' },
  provinceCode: { sql: 'c.province_code' },
  parentId: { sql: 'c.parent_id' },
  ancestorIds: { sql: `array_to_string(c.ancestor_ids, ',')`, read: (v: string) => (v ? v.split(',') : []) },
  depth: { sql: 'c.depth' },
  status: { sql: 'c.status' },
  mergedIntoId: { sql: 'c.merged_into_id' },
  foundedOn: { sql: `to_char(c.founded_on, 'YYYY-MM-DD')` },
  dissolvedOn: { sql: `to_char(c.dissolved_on, 'YYYY-MM-DD')` },
  dualBranded: { sql: 'c.dual_branded' },
  address: { sql: 'c.address' },
  phone: { sql: 'c.phone' },
  email: { sql: 'c.email' },
  contactPerson: { sql: 'c.contact_person' },
  version: { sql: 'c.version' },
  createdAt: { sql: '(extract(epoch FROM c.created_at) * 1000)::float8', read: (ms: number) => new Date(ms) },
  updatedAt: { sql: '(extract(epoch FROM c.updated_at) * 1000)::float8', read: (ms: number) => new Date(ms) },
};

const ALL_COLUMNS = Object.keys(SUBTREE_COLUMNS) as ChamberColumn[];

const isColumn = (field: string): field is ChamberColumn => Object.prototype.hasOwnProperty.call(SUBTREE_COLUMNS, field);

interface CountRow {
  root_id: string;
  status: ChamberStatus;
  level: ChamberLevel;
  n: number;
  has_root: boolean;
}

/**
 * The read side of chambers: the filtered list, the hierarchy (subtree, ancestors) and the
 * subtree roll-ups. Every read is ANDed with the caller's scope (AccessService), and each is one
 * statement whatever the depth, thanks to `ancestor_ids` and its GIN index.
 */
@Injectable()
export class ChamberQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(ChamberEntity);
  }

  /**
   * Chambers in pinyin order, keyset-paginated on (name_pinyin, id). Which index serves what:
   * level/kind/status/provinceCode → ix_chamber_{level,kind,status,province} (column, name_pinyin,
   * id), which also give the order; parentId → ix_chamber_parent; subtreeOf → primary key OR
   * ix_chamber_ancestors (GIN); name → ix_chamber_search_trgm for a term of three characters or
   * more. A term of one or two characters (上海, wz) has no trigram: the planner then walks
   * ix_chamber_sort in page order (fast when matches are common) or scans the table; serving those
   * from an index needs a bigram index (a schema change, see docs/benchmarks.md).
   */
  list(caller: Caller, args: ChambersArgs): Promise<ConnectionResult<ChamberDto>> {
    const qb = this.repo.createQueryBuilder('c');
    const scope = this.access.read('Chamber', caller, 'c');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.level) qb.andWhere('c.level = :level', { level: f.level });
    if (f?.kind) qb.andWhere('c.kind = :kind', { kind: f.kind });
    if (f?.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f?.provinceCode) qb.andWhere('c.province_code = :provinceCode', { provinceCode: f.provinceCode });
    if (f?.parentId) qb.andWhere('c.parent_id = :parentId', { parentId: f.parentId });
    if (f?.subtreeOf) qb.andWhere('(c.id = :subtreeOf OR c.ancestor_ids @> ARRAY[:subtreeOf]::uuid[])', { subtreeOf: f.subtreeOf });
    if (f?.name) {
      // Pinyin and initials are stored without spaces, lower case; names have no spaces either.
      const term = f.name.replace(/\s+/g, '').toLowerCase();
      // A term without cased letters (Chinese) compares the same with LIKE, which is cheaper.
      const op = term.toUpperCase() === term ? 'LIKE' : 'ILIKE';
      if ([...term].length === 2) {
        // No trigram in two characters: the bigram index answers exactly the same question.
        qb.andWhere(`search_bigrams(${SEARCH_EXPR}) @> ARRAY[:nameBigram]::text[]`, { nameBigram: term });
      } else if (term) {
        qb.andWhere(`${SEARCH_EXPR} ${op} :nameLike`, { nameLike: `%${escapeLike(term)}%` });
      }
    }
    return keysetPage(qb, { keys: ['c.name_pinyin', 'c.id'], direction: 'ASC', first: args.first, after: args.after }, ChamberDto.from);
  }

  /**
   * Chambers by id, those in the caller's read scope, in one statement (the change feed of
   * @crm/integration loads a page's records with it).
   */
  async visibleMany(caller: Caller, ids: readonly string[]): Promise<ChamberDto[]> {
    if (!ids.length) return [];
    const scope = this.access.read('Chamber', caller, 'c');
    if (scope.sql === 'FALSE') return [];
    const rows = await this.repo.createQueryBuilder('c').where(`c.id = ANY(string_to_array(:ids, ',')::uuid[])`, { ids: ids.join(',') }).andWhere(scope.sql, scope.params).getMany();
    return rows.map(ChamberDto.from);
  }

  /**
   * The chamber and every chamber below it, by depth then pinyin name: one statement (primary
   * key OR the GIN index on ancestor_ids). NOT_FOUND when the chamber is outside the scope.
   *
   * A subtree can be the whole network (2,500 rows at ten times today's size), and moving rows
   * through Node is what costs, not the statement (3 ms). So rows are read raw and mapped by hand
   * (no entity hydration, no generic uuid[] and timestamp parsers), and when `fields` — the fields
   * the client selected on each chamber — are all plain columns, only those columns are read.
   * Any other field (parent, region, rollup, …) may rely on any column: then every column is read.
   */
  async subtree(caller: Caller, id: string, fields?: ReadonlySet<string>): Promise<ChamberDto[]> {
    const plain = fields && [...fields].every((f) => f === '__typename' || isColumn(f));
    const columns = plain ? (['id', ...[...fields].filter(isColumn).filter((f) => f !== 'id')] as ChamberColumn[]) : ALL_COLUMNS;
    const scope = this.access.read('Chamber', caller, 'c');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${columns.map((k, i) => `${SUBTREE_COLUMNS[k].sql} AS c${i}`).join(', ')} FROM chamber c
       WHERE (c.id = :id OR c.ancestor_ids @> ARRAY[:id]::uuid[]) AND ${scope.sql}
       ORDER BY c.depth, c.name_pinyin, c.id`,
      { ...scope.params, id },
      {},
    );
    const rows = (await this.dataSource.query(sql, params)) as Record<string, never>[];
    // The root has the smallest depth; absent, it does not exist or is outside the scope.
    if (rows[0]?.c0 !== id) throw new NotFoundError(ENTITY, id);
    const readers = columns.map((k, i) => [k, `c${i}`, SUBTREE_COLUMNS[k].read] as const);
    return rows.map((row) => {
      const entity: Partial<Record<ChamberColumn, unknown>> = {};
      for (const [key, alias, read] of readers) entity[key] = read ? read(row[alias]) : row[alias];
      // With a projection, only the selected properties are set: GraphQL reads no others.
      return ChamberDto.from(entity as ChamberEntity);
    });
  }

  /**
   * The chambers above this one, the root first: one statement (primary key lookups into the
   * chamber's ancestor_ids). Ancestors outside the caller's scope are left out; NOT_FOUND when
   * the chamber itself is outside it.
   */
  async ancestors(caller: Caller, id: string): Promise<ChamberEntity[]> {
    const scopeOfA = this.access.read('Chamber', caller, 'a');
    const scopeOfC = this.access.read('Chamber', caller, 'c');
    // The chamber itself is selected too (it is the last of ancestor_ids || id), to tell an
    // invisible chamber from one at the top.
    const rows = await this.repo
      .createQueryBuilder('a')
      .innerJoin(ChamberEntity, 'c', 'a.id = ANY(c.ancestor_ids || c.id)')
      .where('c.id = :id', { id })
      .andWhere(scopeOfC.sql, scopeOfC.params)
      .andWhere(scopeOfA.sql, scopeOfA.params)
      .orderBy('a.depth', 'ASC')
      .getMany();
    if (!rows.some((r) => r.id === id)) throw new NotFoundError(ENTITY, id);
    return rows.filter((r) => r.id !== id);
  }

  /** Counts over the chamber's subtree; NOT_FOUND when it is outside the caller's scope. */
  async rollup(req: object, caller: Caller, id: string): Promise<ChamberSubtreeCounts> {
    const counts = await this.loadRollup(req, caller, id);
    if (!counts) throw new NotFoundError(ENTITY, id);
    return counts;
  }

  /**
   * Counts for a chamber, batched per request: every chamber of a page is counted by one grouped
   * statement (see chamberSubtreeSql). Null when the chamber is outside the scope.
   */
  loadRollup(req: object, caller: Caller, id: string): Promise<ChamberSubtreeCounts | null> {
    return requestLoader<string, ChamberSubtreeCounts | null>(req, 'chamberRollup', (ids) => this.countSubtrees(caller, ids)).load(id);
  }

  private async countSubtrees(caller: Caller, ids: readonly string[]): Promise<(ChamberSubtreeCounts | null)[]> {
    const scope = this.access.read('Chamber', caller, 'c');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT root.id AS root_id, c.status, c.level, count(*)::int AS n, bool_or(c.id = root.id) AS has_root
       FROM ${chamberSubtreeSql(':roots', 'c', 'root')}
       WHERE ${scope.sql}
       GROUP BY root.id, c.status, c.level`,
      { ...scope.params, roots: [...ids] },
      {},
    );
    const rows = (await this.dataSource.query(sql, params)) as CountRow[];
    const byRoot = new Map<string, { byStatus: Map<ChamberStatus, number>; byLevel: Map<ChamberLevel, number>; visible: boolean }>();
    for (const row of rows) {
      let entry = byRoot.get(row.root_id);
      if (!entry) byRoot.set(row.root_id, (entry = { byStatus: new Map(), byLevel: new Map(), visible: false }));
      entry.visible ||= row.has_root;
      entry.byStatus.set(row.status, (entry.byStatus.get(row.status) ?? 0) + row.n);
      entry.byLevel.set(row.level, (entry.byLevel.get(row.level) ?? 0) + row.n);
    }
    // A root the caller cannot see may still have visible chambers below it (a secretary's
    // chamber under its province): it is not counted, as if it did not exist.
    return ids.map((id) => {
      const entry = byRoot.get(id);
      return entry?.visible ? { chamberId: id, byStatus: entry.byStatus, byLevel: entry.byLevel } : null;
    });
  }
}
