import { createHash } from 'node:crypto';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from '../errors/app-error';
import { isStorableText } from '../errors/unicode';
import { ConnectionResult } from './connection';

/** One part of the sort key: an SQL expression over the query's alias. All parts share one direction. */
export interface KeysetOptions {
  keys: string[];
  direction: 'ASC' | 'DESC';
  first: number;
  after?: string | null;
}

/**
 * SQLSTATEs PostgreSQL answers when cursor values do not cast to the key columns (a forged
 * cursor: not a timestamp, a uuid, a number in range, an unknown time zone or offset).
 */
const BAD_CURSOR_SQLSTATES = new Set(['22003', '22007', '22008', '22009', '22021', '22023', '22P02']);

function isBadCursorValue(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return !!code && BAD_CURSOR_SQLSTATES.has(code);
}

const NOT_A_CURSOR = 'is not a cursor returned by this list';

/**
 * Encodes key values as an opaque cursor. With a `kind`, the cursor carries it and only a list
 * of the same kind reads it back (see keysetPage); without, it is a bare array of values.
 */
export function encodeCursor(values: (string | null)[], kind?: string): string {
  return Buffer.from(JSON.stringify(kind === undefined ? values : { k: kind, v: values }), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back into its `arity` key values; anything else is BAD_USER_INPUT on `after`.
 * With a `kind`, the cursor must have been issued for that kind: a cursor of another list, or of
 * the same list in another order, would otherwise be compared against the wrong columns and
 * silently skip or repeat rows.
 */
export function decodeCursor(cursor: string, arity: number, kind?: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw BadInputError.field('after', NOT_A_CURSOR);
  }
  let values: unknown = parsed;
  if (kind !== undefined) {
    const tagged = parsed as { k?: unknown; v?: unknown } | null;
    if (!tagged || typeof tagged !== 'object' || Array.isArray(tagged) || typeof tagged.k !== 'string') {
      throw BadInputError.field('after', NOT_A_CURSOR);
    }
    if (tagged.k !== kind) throw BadInputError.field('after', 'is a cursor of another list or sort order; start again without `after`');
    values = tagged.v;
  }
  if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' && isStorableText(v))) {
    return values as string[];
  }
  throw BadInputError.field('after', NOT_A_CURSOR);
}

/** Column references (`alias.column`) in a key expression, so `(m.completeness + 0)` reads as `m.completeness`. */
const COLUMN_REF = /\b[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\b/g;

/**
 * What a cursor belongs to: the list's table, the columns its sort keys read and the direction.
 * Derived from the query, so no call site has to name it; written over the columns rather than
 * the key expressions so that the same order written two ways (members' fenced keys, chosen per
 * request from statistics) shares its cursors. Hashed: the cursor stays short and does not spell
 * out column names.
 */
export function keysetKind<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, keys: readonly string[], direction: 'ASC' | 'DESC'): string {
  const main = qb.expressionMap.mainAlias;
  const table = main?.hasMetadata ? main.metadata.tablePath : (main?.name ?? qb.alias);
  const written = `${table}|${keys.join('|')}|${direction}`;
  let kind = kinds.get(written);
  if (!kind) {
    const columns = keys.map((k) => (k.match(COLUMN_REF) ?? [k.replace(/\s+/g, '')]).join('+'));
    kind = createHash('sha256').update(`${table}|${columns.join(',')}|${direction}`).digest('base64url').slice(0, 10);
    // The lists' orders are a fixed set written in code: this stays small.
    if (kinds.size < 1000) kinds.set(written, kind);
  }
  return kind;
}
const kinds = new Map<string, string>();

/**
 * Reads one page of a keyset-paginated list: `WHERE (k1, k2) < (cursor)` over an index, never
 * OFFSET. Key values are carried in the cursor as PostgreSQL text so timestamps keep their
 * microseconds; the cursor also carries the list's kind (keysetKind), so a cursor of another list
 * or sort order is refused rather than compared against the wrong columns. The count query runs
 * only if the client selects `totalCount`.
 * The query must yield one row per node (no to-many joins): related rows are loaded by
 * DataLoaders, which keeps the statement count per request constant.
 */
export async function keysetPage<E extends ObjectLiteral, N>(
  qb: SelectQueryBuilder<E>,
  options: KeysetOptions,
  toNode: (entity: E) => N,
): Promise<ConnectionResult<N>> {
  return readPage(qb, options, () => undefined, async (page) => {
    const { entities, raw } = await page.getRawAndEntities();
    return { rows: entities, raw: raw as Record<string, string | null>[] };
  }, toNode);
}

/**
 * keysetPage for lean reads: the page selects only `columns` (`[expression, alias]` pairs, each
 * alias a property of the row) and `toNode` maps the raw rows, with no entity hydration.
 */
export async function keysetPageOfRows<E extends ObjectLiteral, R, N>(
  qb: SelectQueryBuilder<E>,
  options: KeysetOptions & {
    columns: readonly (readonly [string, string])[];
    /** Runs the page's statement (e.g. leanQuery, without a query runner); the query builder's own by default. */
    run?: (sql: string, params: unknown[]) => Promise<unknown[]>;
  },
  toNode: (row: R) => N,
): Promise<ConnectionResult<N>> {
  return readPage(
    qb,
    options,
    (page) => options.columns.forEach(([expr, alias], i) => (i === 0 ? page.select(expr, alias) : page.addSelect(expr, alias))),
    async (page) => {
      const raw = (options.run ? await options.run(...page.getQueryAndParameters()) : await page.getRawMany()) as (R & Record<string, string | null>)[];
      return { rows: raw, raw };
    },
    toNode,
  );
}

async function readPage<E extends ObjectLiteral, R, N>(
  qb: SelectQueryBuilder<E>,
  options: KeysetOptions,
  select: (page: SelectQueryBuilder<E>) => void,
  read: (page: SelectQueryBuilder<E>) => Promise<{ rows: R[]; raw: Record<string, string | null>[] }>,
  toNode: (row: R) => N,
): Promise<ConnectionResult<N>> {
  const { keys, direction, first } = options;
  const kind = keysetKind(qb, keys, direction);
  const countQb = qb.clone();
  const page = qb.clone();
  select(page);
  keys.forEach((expr, i) => page.addSelect(`(${expr})::text`, `__k${i}`));
  if (options.after) {
    const values = decodeCursor(options.after, keys.length, kind);
    const params: Record<string, string> = {};
    const placeholders = values.map((v, i) => {
      params[`__after${i}`] = v;
      return `:__after${i}`;
    });
    const op = direction === 'DESC' ? '<' : '>';
    page.andWhere(`(${keys.join(', ')}) ${op} (${placeholders.join(', ')})`, params);
  }
  keys.forEach((expr, i) => (i === 0 ? page.orderBy(expr, direction) : page.addOrderBy(expr, direction)));
  page.limit(first + 1);

  let result: { rows: R[]; raw: Record<string, string | null>[] };
  try {
    result = await read(page);
  } catch (error) {
    if (options.after && isBadCursorValue(error)) throw BadInputError.field('after', NOT_A_CURSOR);
    throw error;
  }
  const { rows, raw } = result;
  const hasNextPage = rows.length > first;
  // A cursor is encoded when read: most clients read only pageInfo.endCursor.
  const cursorOf = (i: number) =>
    encodeCursor(
      keys.map((_, k) => raw[i][`__k${k}`]),
      kind,
    );
  const edges = rows.slice(0, first).map((row, i) => ({
    get cursor() {
      return cursorOf(i);
    },
    node: toNode(row),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      get startCursor() {
        return edges.length ? cursorOf(0) : null;
      },
      get endCursor() {
        return edges.length ? cursorOf(edges.length - 1) : null;
      },
    },
    totalCount: () => countQb.getCount(),
  };
}
