/**
 * Benchmark of the visits read side over HTTP, against the real application, a real PostgreSQL
 * and the scale data of `npm run seed:scale` (members, then 10,000 visits, 20,000 opinions and a
 * campaign of 98 groups and 855 assignments):
 *
 *   npm run bench:visits
 *
 * Starts its own embedded PostgreSQL in a temporary directory and fills it (BENCH_MEMBERS
 * members, default 220,000, seed 42; BENCH_VISITS 10,000; BENCH_OPINIONS 20,000), unless
 * DATABASE_URL points at a database that already holds visits. Then, as an administrator, from a
 * worker thread, sequentially and with BENCH_CLIENTS (10) concurrent clients:
 *   (a) a member's contact history (visits, opinions, answers), latest 50        p95 < 30 ms
 *   (b) the campaign's progress: 98 groups with leaders, 855 assignments         p95 < 50 ms
 *   (c) a page of 50 OPEN opinions with visit, raiser and assignee               p95 < 50 ms
 *   (d) as (c) for ASSIGNED opinions (every row has an assignee)                 p95 < 50 ms
 *   (e) visitReport for a year; (f) feedbackReport for a year                    (figures only)
 *
 * Settings: BENCH_MEMBERS, BENCH_VISITS, BENCH_OPINIONS, BENCH_N (300), BENCH_CLIENTS (10),
 * BENCH_PER_CLIENT (100), BENCH_WARMUP (30), BENCH_RUNS (3: rounds over all cases; the table gives
 * the median of the rounds' medians and p95s, and each round's p95), BENCH_ONLY=a,b.
 */
import './production-env';
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { seedScale, seedScaleVisits, SCALE_CAMPAIGN } from '@crm/demo';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 220_000);
const VISITS = Number(process.env.BENCH_VISITS ?? 10_000);
const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 20_000);
const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
/** Each case is measured this many times (rounds over all cases); the table gives the medians. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Case {
  key: string;
  name: string;
  p95?: number;
  query: string;
  variables: Record<string, unknown>[];
  check: (data: Record<string, any>) => void;
}

const OPINION_PAGE = `query($filter: FeedbackFilter) { opinions(first: 50, filter: $filter) {
  edges { cursor node { id category text status raisedOn dueOn overdue
    visit { id visitedOn kind place } raisedByMember { id name } raisedByChamber { id name } assigneeUnit assigneeOfficial { id name unit } } }
  pageInfo { hasNextPage endCursor } } }`;

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('visits', async (dataSource) => {
    const [{ visits, members }] = (await dataSource.query('SELECT (SELECT count(*)::int FROM visit) AS visits, (SELECT count(*)::int FROM member) AS members')) as { visits: number; members: number }[];
    if (visits > 0) {
      log(`Using the ${visits} visits and ${members} members already in the database`);
      return;
    }
    if (members === 0) {
      const t0 = performance.now();
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await seedScaleVisits(dataSource, { visits: VISITS, opinions: OPINIONS, seed: 42, log: (line) => log(`  ${line}`) });
    await dataSource.query('VACUUM ANALYZE');
  });
  const { dataSource, endpoint, token, post } = bench;
  try {
    const q = async <T>(sql: string, params: unknown[] = []) => (await dataSource.query(sql, params)) as T[];
    const members = await q<{ id: string }>(
      `SELECT member_id AS id FROM (SELECT vm.member_id, count(*) AS n FROM visit_member vm GROUP BY vm.member_id) x ORDER BY n DESC, md5(member_id::text) LIMIT 300`,
    );
    const [campaign] = await q<{ id: string }>('SELECT id FROM campaign WHERE name = $1', [SCALE_CAMPAIGN]);
    const categories = [null, 'POLICY', 'LAND', 'FINANCE', 'TALENT', 'RIGHTS', 'SERVICES', 'OTHER'];
    const cases: Case[] = [
      {
        key: 'a',
        name: '(a) contactHistory(memberId), latest 50',
        p95: 30,
        query: `query($id: ID) { contactHistory(memberId: $id, first: 50) { type on visitId feedbackId visitKind category status text who } }`,
        variables: members.map((m) => ({ id: m.id })),
        check: (d) => {
          if (!d.contactHistory.length) throw new Error('empty history');
        },
      },
      {
        key: 'b',
        name: '(b) campaignProgress: 98 groups with leaders, 855 assignments',
        p95: 50,
        query: `query($id: ID!) { campaignProgress(id: $id) { overall { assigned visited share } groups { id name countyCode leaders { id name } progress { assigned visited share } } } }`,
        variables: [{ id: campaign.id }],
        check: (d) => {
          if (d.campaignProgress.groups.length !== 98 || d.campaignProgress.overall.assigned !== 855) throw new Error('not the campaign of the seed');
        },
      },
      {
        key: 'c',
        name: '(c) opinions(first: 50, OPEN) with visit, raiser, assignee',
        p95: 50,
        query: OPINION_PAGE,
        variables: categories.map((category) => ({ filter: category ? { status: 'OPEN', category } : { status: 'OPEN' } })),
        check: (d) => {
          if (d.opinions.edges.length !== 50) throw new Error(`page has ${d.opinions.edges.length} opinions`);
        },
      },
      {
        key: 'd',
        name: '(d) opinions(first: 50, ASSIGNED) with visit, raiser, assignee',
        p95: 50,
        query: OPINION_PAGE,
        variables: categories.map((category) => ({ filter: category ? { status: 'ASSIGNED', category } : { status: 'ASSIGNED' } })),
        check: (d) => {
          if (d.opinions.edges.some((e: { node: { assigneeOfficial: unknown } }) => !e.node.assigneeOfficial)) throw new Error('an assigned opinion without assignee');
        },
      },
      {
        key: 'e',
        name: '(e) visitReport for a year (kind, month, official, chamber)',
        query: `query($from: String, $to: String) { visitReport(from: $from, to: $to) { total byKind { kind count } byMonth { month count } byOfficial { official { name } visits led } byChamber { chamber { name } visits } } }`,
        variables: [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => ({ from: `${y}-01-01`, to: `${y}-12-31` })),
        check: (d) => {
          if (!d.visitReport.total) throw new Error('no visits');
        },
      },
      {
        key: 'f',
        name: '(f) feedbackReport for a year (category, status, median days, overdue)',
        query: `query($from: String, $to: String) { feedbackReport(from: $from, to: $to) { total byCategory { category count } byStatus { status count } medianDaysToAnswer overdue meanSatisfaction } }`,
        variables: [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => ({ from: `${y}-01-01`, to: `${y}-12-31` })),
        check: (d) => {
          if (!d.feedbackReport.total) throw new Error('no opinions');
        },
      },
    ];
    const only = process.env.BENCH_ONLY?.split(',');
    const selected = cases.filter((x) => !only || only.includes(x.key));
    for (const c of selected) for (const v of c.variables) c.check(await post(c.query, v, token));
    const rounds = new Map<string, { seq: Stats[]; conc: Stats[] }>(selected.map((c) => [c.key, { seq: [], conc: [] }]));
    const load: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      for (const c of selected) {
        load.push(loadavg()[0]);
        const run = await measureInWorker({ endpoint, token, query: c.query, variables: c.variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
        rounds.get(c.key)?.seq.push(stats(run.sequential, run.sequentialElapsed));
        rounds.get(c.key)?.conc.push(stats(run.concurrent, run.concurrentElapsed));
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
    const [counts] = await q<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM member) AS members, (SELECT count(*)::int FROM visit) AS visits, (SELECT count(*)::int FROM feedback) AS opinions,
              (SELECT count(*)::int FROM feedback_answer) AS answers, (SELECT count(*)::int FROM campaign_assignment) AS assignments`,
    );
    log('');
    log(await machineLine(dataSource));
    log(`${counts.members} members, ${counts.visits} visits, ${counts.opinions} opinions, ${counts.answers} answers, ${counts.assignments} assignments; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent; ${RUNS} rounds`);
    log(`Load average (1 min) before each measurement: min ${Math.min(...load).toFixed(2)}, median ${med(load).toFixed(2)}, max ${Math.max(...load).toFixed(2)}`);
    log('');
    log('| case | mode | median ms | p95 ms (median of rounds) | p95 of each round | req/s | target |');
    log('| --- | --- | ---: | ---: | --- | ---: | --- |');
    let missed = false;
    for (const c of selected) {
      const r = rounds.get(c.key) as { seq: Stats[]; conc: Stats[] };
      for (const [mode, list] of [['sequential', r.seq], [`${CLIENTS} clients`, r.conc]] as const) {
        const p95 = med(list.map((x) => x.p95));
        let verdict = '';
        if (c.p95 !== undefined) {
          const ok = p95 < c.p95;
          if (mode === 'sequential') missed ||= !ok;
          verdict = `p95 < ${c.p95} ms${mode === 'sequential' ? '' : ' under load'}: ${ok ? 'met' : mode === 'sequential' ? 'MISSED' : 'missed'}`;
        }
        log(`| ${c.name} | ${mode} | ${med(list.map((x) => x.median)).toFixed(1)} | ${p95.toFixed(1)} | ${list.map((x) => x.p95.toFixed(1)).join(', ')} | ${med(list.map((x) => x.rps)).toFixed(0)} | ${verdict} |`);
      }
    }
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
