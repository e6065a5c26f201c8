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

/** The call failed with `code` (`extensions.code`), naming `field` (`extensions.field`) when given. */
export function expectError(res: GqlResponse, code: string, field?: string): void {
  expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code, field });
}

/**
 * `refused(call, code, field)` for a test file: the call fails with `code` on `field`, and
 * `counts` (usually rowCounts of the tables it could touch) reads the same before and after —
 * nothing was written half-way.
 */
export function refusalChecker(counts: () => Promise<unknown>) {
  return async (call: () => Promise<GqlResponse>, code: string, field?: string): Promise<GqlResponse> => {
    const before = await counts();
    const res = await call();
    expectError(res, code, field);
    expect(await counts()).toEqual(before);
    return res;
  };
}
