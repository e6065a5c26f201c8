import { GqlResponse } from './test-app';

/** The first error's stable code (`extensions.code`), or undefined when the call succeeded. */
export function errorCode(res: GqlResponse): string | undefined {
  return res.body.errors?.[0]?.extensions?.code as string | undefined;
}

/** Fails with the whole response when a call that should succeed did not. */
export function expectData<T>(res: GqlResponse<T>): T {
  if (res.body.errors?.length || !res.body.data) {
    throw new Error(`Expected data, got ${res.status}: ${JSON.stringify(res.body.errors ?? res.body)}`);
  }
  return res.body.data;
}

/**
 * Row counts of the given tables in one statement: what "nothing was written" is checked
 * against after a refused change.
 */
export async function rowCounts<T extends string>(t: { dataSource: { query(sql: string): Promise<unknown> } }, tables: readonly T[]): Promise<Record<T, number>> {
  for (const table of tables) if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const [row] = (await t.dataSource.query(`SELECT ${tables.map((n) => `(SELECT count(*)::int FROM ${n}) AS ${n}`).join(', ')}`)) as Record<T, number>[];
  return row;
}
