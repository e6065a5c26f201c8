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

export function encodeCursor(values: (string | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity && parsed.every((v) => typeof v === 'string' && isStorableText(v))) {
      return parsed as string[];
    }
  } catch {
    // fall through to the error below
  }
  throw BadInputError.field('after', 'is not a cursor returned by this list');
}

/**
 * Reads one page of a keyset-paginated list: `WHERE (k1, k2) < (cursor)` over an index, never
 * OFFSET. Key values are carried in the cursor as PostgreSQL text so timestamps keep their
 * microseconds. The count query runs only if the client selects `totalCount`.
 * The query must yield one row per node (no to-many joins): related rows are loaded by
 * DataLoaders, which keeps the statement count per request constant.
 */
export async function keysetPage<E extends ObjectLiteral, N>(
  qb: SelectQueryBuilder<E>,
  options: KeysetOptions,
  toNode: (entity: E) => N,
): Promise<ConnectionResult<N>> {
  const { keys, direction, first } = options;
  const countQb = qb.clone();
  const page = qb.clone();
  keys.forEach((expr, i) => page.addSelect(`(${expr})::text`, `__k${i}`));
  if (options.after) {
    const values = decodeCursor(options.after, keys.length);
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

  let result: { entities: E[]; raw: unknown[] };
  try {
    result = await page.getRawAndEntities();
  } catch (error) {
    if (options.after && isBadCursorValue(error)) throw BadInputError.field('after', 'is not a cursor returned by this list');
    throw error;
  }
  const { entities, raw } = result;
  const hasNextPage = entities.length > first;
  const rows = entities.slice(0, first);
  const edges = rows.map((entity, i) => ({
    cursor: encodeCursor(keys.map((_, k) => (raw[i] as Record<string, string | null>)[`__k${k}`])),
    node: toNode(entity),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => countQb.getCount(),
  };
}
