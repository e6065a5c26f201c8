/**
 * Benchmark of the returning-investment module over HTTP, against the real application, a real
 * PostgreSQL and the scale data of `npm run seed:scale -- --projects` (4,000 projects, 40,000
 * funding records; members first, BENCH_MEMBERS, default 20,000, for the investors):
 *
 *   npm run bench:investment
 *
 * Starts its own embedded PostgreSQL in a temporary directory and fills it, unless DATABASE_URL
 * points at a database that already holds scale projects. Then, as an administrator, from a
 * worker thread, sequentially and with BENCH_CLIENTS (10) concurrent clients:
 *   (a) investmentReport for a period, by county, chamber, industry, stage, key      p95 < 100 ms
 *   (b) a page of 50 projects with investors, officials, stage and period funds      p95 < 50 ms
 * and (c) the stall check over all projects, run BENCH_STALL_RUNS (5) times          < 5 s
 *
 * Settings: BENCH_MEMBERS, BENCH_PROJECTS (4,000), BENCH_FUNDING (40,000), BENCH_N (300),
 * BENCH_CLIENTS (10), BENCH_PER_CLIENT (100), BENCH_WARMUP (30), BENCH_RUNS (3 rounds; the table
 * gives the median of the rounds' medians and p95s).
 */
import './production-env';
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { seedScale, seedScaleInvestment, SCALE_PROJECT_PREFIX } from '@crm/demo';
import { InvestmentStallService } from '@crm/investment';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 4_000);
const FUNDING = Number(process.env.BENCH_FUNDING ?? 40_000);
const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STALL_RUNS = Number(process.env.BENCH_STALL_RUNS ?? 5);

const REPORT = `query($from: String!, $to: String!, $source: FundingSource) { investmentReport(from: $from, to: $to, source: $source) {
  total { fundsInPlace fundsInPlaceYi growthPercent targetShare newProjects newProjectsInvestmentYi }
  byCounty { key fundsInPlaceYi growthPercent targetShare newProjects } byChamber { key fundsInPlaceYi newProjects }
  byIndustry { key fundsInPlaceYi newProjects } byStage { key label fundsInPlaceYi } byKeyLevel { key label fundsInPlaceYi } } }`;
const PAGE = `query($filter: InvestmentProjectFilter) { investmentProjects(first: 50, filter: $filter) {
  edges { cursor node { id name stage destinationCountyCode totalInvestment signedOn stallRisk
    fundsInPlace(from: "2014-01-01", to: "2014-12-31") investors { id name } officials { role validFrom official { id name } } } }
  pageInfo { hasNextPage endCursor } } }`;

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('investment', async (dataSource) => {
    const [{ projects, members }] = (await dataSource.query(
      `SELECT (SELECT count(*)::int FROM investment_project WHERE name LIKE $1) AS projects, (SELECT count(*)::int FROM member) AS members`,
      [`${SCALE_PROJECT_PREFIX}%`],
    )) as { projects: number; members: number }[];
    if (projects > 0) {
      log(`Using the ${projects} scale projects already in the database`);
      return;
    }
    if (members === 0 && MEMBERS > 0) {
      const t0 = performance.now();
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await seedScaleInvestment(dataSource, { projects: PROJECTS, funding: FUNDING, seed: 42, log: (line) => log(`  ${line}`) });
    await dataSource.query('VACUUM ANALYZE');
  });
  const { dataSource, endpoint, token, post, app } = bench;
  try {
    const years = [2012, 2013, 2014, 2015];
    const counties = ((await dataSource.query(`SELECT DISTINCT destination_county_code AS c FROM investment_project ORDER BY 1`)) as { c: string }[]).map((r) => r.c);
    const cases: { key: string; name: string; p95: number; query: string; variables: Record<string, unknown>[]; check: (d: Record<string, any>) => void }[] = [
      {
        key: 'a',
        name: '(a) investmentReport for a period (county, chamber, industry, stage, key)',
        p95: 100,
        query: REPORT,
        variables: years.flatMap((y) => [
          { from: `${y}-01-01`, to: `${y}-12-31`, source: 'OUT_OF_PROVINCE' },
          { from: `${y}-01-01`, to: `${y}-04-30` },
        ]),
        check: (d) => {
          if (!d.investmentReport.byCounty.length) throw new Error('no counties in the report');
        },
      },
      {
        key: 'b',
        name: '(b) investmentProjects(first: 50) with investors, officials, stage, period funds',
        p95: 50,
        query: PAGE,
        variables: [{}, { filter: { stage: 'STARTED' } }, ...counties.slice(0, 4).map((c) => ({ filter: { countyCode: c } }))],
        check: (d) => {
          if (d.investmentProjects.edges.length !== 50) throw new Error(`page has ${d.investmentProjects.edges.length} projects`);
        },
      },
    ];
    for (const c of cases) for (const v of c.variables) c.check(await post(c.query, v, token));
    const rounds = new Map<string, { seq: Stats[]; conc: Stats[] }>(cases.map((c) => [c.key, { seq: [], conc: [] }]));
    const load: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      for (const c of cases) {
        load.push(loadavg()[0]);
        const run = await measureInWorker({ endpoint, token, query: c.query, variables: c.variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
        rounds.get(c.key)?.seq.push(stats(run.sequential, run.sequentialElapsed));
        rounds.get(c.key)?.conc.push(stats(run.concurrent, run.concurrentElapsed));
      }
    }
    const stall = app.get(InvestmentStallService);
    const stallMs: number[] = [];
    let flagged = 0;
    for (let i = 0; i < STALL_RUNS; i++) {
      load.push(loadavg()[0]);
      const t0 = performance.now();
      flagged = (await stall.run()).flagged;
      stallMs.push(performance.now() - t0);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*)::int FROM investment_project) AS projects, (SELECT count(*)::int FROM funding_record) AS funding,
              (SELECT count(*)::int FROM project_official) AS officials, (SELECT count(*)::int FROM project_investor) AS investors, (SELECT count(*)::int FROM member) AS members`,
    )) as Record<string, number>[];
    log('');
    log(await machineLine(dataSource));
    log(`${counts.projects} projects, ${counts.funding} funding records, ${counts.officials} official assignments, ${counts.investors} investor links, ${counts.members} members; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent; ${RUNS} rounds`);
    log(`Load average (1 min) before each measurement: min ${Math.min(...load).toFixed(2)}, median ${med(load).toFixed(2)}, max ${Math.max(...load).toFixed(2)}`);
    log('');
    log('| case | mode | p50 ms (median of rounds) | p95 ms (median of rounds) | p95 of each round | req/s | target |');
    log('| --- | --- | ---: | ---: | --- | ---: | --- |');
    let missed = false;
    for (const c of cases) {
      const r = rounds.get(c.key) as { seq: Stats[]; conc: Stats[] };
      for (const [mode, list] of [['sequential', r.seq], [`${CLIENTS} clients`, r.conc]] as const) {
        const p95 = med(list.map((x) => x.p95));
        const ok = p95 < c.p95;
        if (mode === 'sequential') missed ||= !ok;
        const verdict = `p95 < ${c.p95} ms${mode === 'sequential' ? '' : ' under load'}: ${ok ? 'met' : mode === 'sequential' ? 'MISSED' : 'missed'}`;
        const p50 = med(list.map((x) => x.median));
        log(`| ${c.name} | ${mode} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${list.map((x) => x.p95.toFixed(1)).join(', ')} | ${med(list.map((x) => x.rps)).toFixed(0)} | ${verdict} |`);
      }
    }
    const stallMedian = med(stallMs);
    missed ||= stallMedian >= 5000;
    log(`| (c) stall check over all ${counts.projects} projects (${flagged} flagged) | ${STALL_RUNS} runs | ${stallMedian.toFixed(1)} (median) | max ${Math.max(...stallMs).toFixed(1)} | ${stallMs.map((x) => x.toFixed(0)).join(', ')} | | < 5 s: ${stallMedian < 5000 ? 'met' : 'MISSED'} |`);
    log('');
    log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s${missed ? ' — a target was missed' : ''}`);
    process.exitCode = missed ? 1 : 0;
  } finally {
    await bench.close();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
