import { createTestApp, TestApp } from '@crm/testing';

/**
 * The loop versions of search_bigrams and phone_suffixes (migrations FasterSearchKeys, then
 * CheaperSearchKeys) return the sets the SQL versions did — the chamber expression index and
 * every stored key depend on it.
 */
describe('search keys: search_bigrams and phone_suffixes return the sets they did', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.query(`
      CREATE FUNCTION old_bigrams(value text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT pair), '{}')
        FROM (SELECT substr(s.v, i, 2) AS pair FROM (SELECT lower(value) AS v) AS s, generate_series(1, char_length(s.v) - 1) AS i) AS pairs
        WHERE pair !~ '\\s'
      $$`);
    await t.dataSource.query(`
      CREATE FUNCTION old_suffixes(phones varchar[]) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT right(d.digits, n)), '{}')
        FROM (SELECT regexp_replace(p, '\\D', '', 'g') AS digits FROM unnest(phones) AS p) AS d, generate_series(4, char_length(d.digits)) AS n
      $$`);
  });
  afterAll(() => t.close());

  const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

  it('bigrams: same sets on awkward text', async () => {
    const inputs = ['', 'a', 'ab', 'aa', 'aaa', 'A B', '  ', '厉育平 li yu ping lyp', 'İstanbul', 'ǅungla', 'e\u0301e\u0301', '😀😀x', 'a\tb\nc', 'ＡＢ', 'ß', 'x\u00a0y', 'a\u2003b', '温州育平鞋业有限公司 wenzhou', 'AbAbAb'];
    const bad: unknown[] = [];
    for (const s of inputs) {
      const [r] = await t.dataSource.query(`SELECT old_bigrams($1) AS o, search_bigrams($1) AS n`, [s]);
      if (!same(r.o, r.n)) bad.push({ s, o: r.o, n: r.n });
    }
    expect(bad).toEqual([]);
  });

  it('suffixes: same sets, including empty arrays, short and odd phones, and a NULL element', async () => {
    const cases: (string | null)[][] = [[], ['123'], ['1234'], ['13800138000', '13800138000'], ['+86 138-0013-8000', '010-12345678'], ['abc'], ['', '5678']];
    const bad: unknown[] = [];
    for (const c of cases) {
      const [r] = await t.dataSource.query(`SELECT old_suffixes($1::varchar[]) AS o, phone_suffixes($1::varchar[]) AS n`, [c]);
      if (!same(r.o, r.n)) bad.push({ c, o: r.o, n: r.n });
    }
    expect(bad).toEqual([]);
    const [old] = await t.dataSource.query(`SELECT old_suffixes(ARRAY['13800138000', NULL]::varchar[]) AS o`);
    let error: string | null = null;
    let got: unknown = null;
    try {
      [got] = await t.dataSource.query(`SELECT phone_suffixes(ARRAY['13800138000', NULL]::varchar[]) AS n`);
    } catch (e) {
      error = (e as Error).message;
    }
    expect({ error, same: got ? same(old.o, (got as { n: string[] }).n) : false }).toEqual({ error: null, same: true });
  });

  it('random strings', async () => {
    const [r] = await t.dataSource.query(`
      WITH s AS (SELECT (SELECT string_agg(chr((ARRAY[32,65,97,98,9,8364,21378,20013,304,223,12288])[1 + floor(random()*11)::int]), '') FROM generate_series(1, 1 + (g % 12))) AS v FROM generate_series(1, 3000) g)
      SELECT count(*) FILTER (WHERE (SELECT array_agg(x ORDER BY x) FROM unnest(old_bigrams(v)) x) IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(search_bigrams(v)) x))::int AS diff FROM s`);
    expect(r.diff).toBe(0);
  });
});
