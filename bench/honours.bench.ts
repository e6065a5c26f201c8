/**
 * Benchmark of the honours read side over HTTP, against the real application and a real
 * PostgreSQL holding the scale data of `npm run seed:scale` (members, then 10,000 awards with
 * 30,000 benefit records):
 *
 *   npm run bench:honours
 *
 * Starts its own embedded PostgreSQL in a temporary directory and fills it (BENCH_MEMBERS members,
 * default 20,000, then BENCH_AWARDS awards, default 10,000, seed 42), unless DATABASE_URL points at
 * a database that already holds the scale honours. Signs in as an administrator and measures from a
 * worker thread, sequentially and with BENCH_CLIENTS (10) concurrent clients:
 *   (a) honorBenefitsOutstanding: benefits still due, by hometown county          p95 < 50 ms
 *   (b) honorNominations(first: 50) with member, chamber, honour type, reviewer    p95 < 50 ms
 *   (c) as (a), as a county office (its county only)
 *
 * Settings: BENCH_MEMBERS, BENCH_AWARDS, BENCH_N (300), BENCH_CLIENTS (10), BENCH_PER_CLIENT (50),
 * BENCH_WARMUP (30), BENCH_ONLY=a,b, BENCH_EXPLAIN=1 (plans of the statements behind (a) and (b)).
 */
import './production-env';
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { HONOURS_SCALE_PREFIX, seedHonoursScale, seedScale } from '@crm/demo';
import { PasswordService } from '@crm/user';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const AWARDS = Number(process.env.BENCH_AWARDS ?? 10_000);
const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);

interface Case {
  key: string;
  name: string;
  target?: number;
  query: string;
  variables: Record<string, unknown>[];
  token: string;
  check: (data: Record<string, any>) => void;
}

const NOMINATION_PAGE = `query($filter: HonorNominationFilter, $after: String) {
  honorNominations(first: 50, filter: $filter, after: $after) {
    edges { node { id status reason nominatedAt reviewedAt reviewer { id email } honorType { id name }
      member { id name hometownCode } chamber { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('honours', async (dataSource) => {
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM honor_round WHERE name LIKE $1`, [`${HONOURS_SCALE_PREFIX}%`])) as { n: number }[];
    if (n > 0) {
      log('Using the scale honours already in the database');
      return;
    }
    let t0 = performance.now();
    const [{ m }] = (await dataSource.query('SELECT count(*)::int AS m FROM member')) as { m: number }[];
    if (m === 0) {
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    t0 = performance.now();
    const h = await seedHonoursScale(dataSource, { awards: AWARDS, seed: 42, log: (line) => log(`  ${line}`) });
    log(`Seeded ${h.awards} awards, ${h.benefits} benefits, ${h.nominations} nominations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await dataSource.query('VACUUM ANALYZE');
  });
  const { dataSource, endpoint, token, post } = bench;
  try {
    // A county office of the county with the most honourees, for case (c).
    const [{ county }] = (await dataSource.query(`SELECT county_code AS county FROM honor_award WHERE county_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)) as { county: string }[];
    const password = 'Bench-county-2026-1';
    await dataSource.query(
      `INSERT INTO app_user (email, display_name, role, password_hash, county_code) VALUES ('bench-county@bench.crm', 'county', 'COUNTY_OFFICER', $1, $2)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, county_code = EXCLUDED.county_code, token_version = app_user.token_version + 1`,
      [await new PasswordService().hash(password), county],
    );
    const countyToken = (await post(`mutation { login(email: "bench-county@bench.crm", password: "${password}") { accessToken } }`, {})).login.accessToken as string;
    const rounds = (await dataSource.query(`SELECT id FROM honor_round ORDER BY year`)) as { id: string }[];
    // Variable sets: the whole list, each round, each round's second page.
    const variables: Record<string, unknown>[] = [{}];
    for (const r of rounds) {
      variables.push({ filter: { roundId: r.id } });
      const first = await post(NOMINATION_PAGE, { filter: { roundId: r.id } }, token);
      if (first.honorNominations.pageInfo.hasNextPage) variables.push({ filter: { roundId: r.id }, after: first.honorNominations.pageInfo.endCursor });
    }
    const cases: Case[] = [
      {
        key: 'a',
        name: '(a) honorBenefitsOutstanding (by county), administrator',
        target: 50,
        query: `{ honorBenefitsOutstanding { countyCode benefits awards } }`,
        variables: [{}],
        token,
        check: (d) => {
          if (!d.honorBenefitsOutstanding.length) throw new Error('nothing outstanding');
        },
      },
      {
        key: 'b',
        name: '(b) honorNominations(first: 50) with member, chamber, type, reviewer',
        target: 50,
        query: NOMINATION_PAGE,
        variables,
        token,
        check: (d) => {
          if (d.honorNominations.edges.length !== 50) throw new Error(`page has ${d.honorNominations.edges.length} nominations`);
          if (!d.honorNominations.edges.some((e: { node: { member: unknown } }) => e.node.member)) throw new Error('no member subjects');
        },
      },
      {
        key: 'c',
        name: `(c) honorBenefitsOutstanding, county office ${county}`,
        query: `{ honorBenefitsOutstanding { countyCode benefits awards } }`,
        variables: [{}],
        token: countyToken,
        check: (d) => {
          if (d.honorBenefitsOutstanding.length !== 1) throw new Error('expected one county');
        },
      },
    ];
    if (process.env.BENCH_EXPLAIN === '1') {
      const plans = [
        `SELECT b.county_code, count(*)::int, count(DISTINCT b.award_id)::int FROM honor_benefit b WHERE b.status = 'DUE' AND TRUE GROUP BY b.county_code ORDER BY b.county_code ASC NULLS LAST`,
        `SELECT n.id, n.status, n.subject_id, n.reviewer_email FROM honor_nomination n WHERE TRUE AND n.round_id >= '${rounds[3].id}' AND n.round_id <= '${rounds[3].id}' ORDER BY n.round_id DESC, n.nominated_at DESC, n.id DESC LIMIT 51`,
      ];
      for (const sql of plans) {
        const rows = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)) as { 'QUERY PLAN': string }[];
        log(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    }
    const only = process.env.BENCH_ONLY?.split(',');
    const results: { c: Case; mode: string; s: Stats }[] = [];
    const load: number[] = [];
    for (const c of cases.filter((x) => !only || only.includes(x.key))) {
      for (const v of c.variables) c.check(await post(c.query, v, c.token));
      load.push(loadavg()[0]);
      const run = await measureInWorker({ endpoint, token: c.token, query: c.query, variables: c.variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
      load.push(loadavg()[0]);
      results.push({ c, mode: 'sequential', s: stats(run.sequential, run.sequentialElapsed) });
      results.push({ c, mode: `${CLIENTS} clients`, s: stats(run.concurrent, run.concurrentElapsed) });
    }
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*)::int FROM honor_award) AS awards, (SELECT count(*)::int FROM honor_benefit) AS benefits,
              (SELECT count(*)::int FROM honor_benefit WHERE status = 'DUE') AS due, (SELECT count(*)::int FROM honor_nomination) AS nominations`,
    )) as { awards: number; benefits: number; due: number; nominations: number }[];
    log('');
    log(await machineLine(dataSource));
    log(`Load average (1 min) during the runs: ${load.map((l) => l.toFixed(2)).join(', ')}`);
    log(`${counts.awards} awards, ${counts.benefits} benefits (${counts.due} due), ${counts.nominations} nominations; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent`);
    log('');
    log('| case | mode | requests | median ms | p95 ms | req/s | target |');
    log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
    let missed = false;
    for (const { c, mode, s } of results) {
      let verdict = '';
      if (c.target && mode === 'sequential') {
        const ok = s.p95 < c.target;
        missed ||= !ok;
        verdict = `p95 < ${c.target} ms: ${ok ? 'met' : 'MISSED'}`;
      }
      log(`| ${c.name} | ${mode} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.rps.toFixed(0)} | ${verdict} |`);
    }
    log('');
    log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s${missed ? ' — a target was missed' : ''}`);
    process.exitCode = missed ? 1 : 0;
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
