/**
 * Benchmark of the member read side over HTTP, against the real application, a real PostgreSQL
 * and the scale data of `npm run seed:scale`:
 *
 *   npm run bench:members
 *
 * Starts its own embedded PostgreSQL in a temporary directory and fills it with the
 * deterministic scale data set (BENCH_MEMBERS members, default 250,000, seed 42), unless
 * DATABASE_URL points at a database that already holds that many members (e.g. the development
 * database after `npm run seed:scale -- --members 250000`; then nothing is written but the
 * benchmark's administrator account). Then it signs in as an administrator and measures from a
 * worker thread, sequentially and with BENCH_CLIENTS (10) concurrent clients, each request taking
 * the next of a few hundred variable sets (different members, fragments, suffixes):
 *   (a) member by id with chamber positions, memberships and enterprises   median < 5 ms, ≥ 1,000 req/s
 *   (b) a page of 50 members of a provincial chamber's subtree, with
 *       chambers, positions and enterprises                                 p95 < 50 ms
 *   (c) 2-character name fragment                                          p95 < 30 ms
 *   (d) pinyin initials                                                     p95 < 30 ms
 *   (e) phone suffix (6 digits)                                             p95 < 30 ms
 *   (f) chamber subtree + hometown county + designation, pinyin order       p95 < 50 ms
 * Search and list selections leave out idNumber and phones: an administrator reading them in
 * clear writes an audit row per member (measured separately by BENCH_ONLY=g).
 *
 * Settings: BENCH_MEMBERS, BENCH_N sequential requests per case (300), BENCH_CLIENTS (10),
 * BENCH_PER_CLIENT (100), BENCH_WARMUP (30), BENCH_ONLY=a,c runs only those cases,
 * BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of the list statements.
 */
import './production-env';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Caller, Role } from '@crm/auth';
import { seedScale } from '@crm/demo';
import { MemberQueryService, MemberSort } from '@crm/member';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 250_000);
const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const SAMPLES = 300;

interface Target {
  /** Which figure the goal is about. */
  stat: 'median' | 'p95';
  ms: number;
  /** Requests per second with the concurrent clients, if the goal has one. */
  rps?: number;
}

interface Case {
  key: string;
  name: string;
  target?: Target;
  optIn?: boolean;
  query: string;
  variables: Record<string, unknown>[];
  check: (data: Record<string, any>) => void;
}

const MEMBER_FIELDS = `id name namePinyin status completeness hometown { name }
  memberships { joinedOn current chamber { id name } }
  positions { position term { number } chamber { name } }
  enterprises { roles enterprise { name creditCode industryName } }`;

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('members', async (dataSource) => {
    const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM member')) as { n: number }[];
    if (n >= MEMBERS) {
      log(`Using the ${n} members already in the database`);
      return;
    }
    if (n > 0) throw new Error(`The database holds ${n} members, fewer than ${MEMBERS}; use an empty database or one seeded with npm run seed:scale`);
    const t0 = performance.now();
    const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
    log(`Seeded ${summary.members} members, ${summary.enterprises} enterprises, ${summary.memberships} memberships, ${summary.positions} positions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // As `npm run seed:scale` does: a benchmark should not start alongside autovacuum.
    await dataSource.query('VACUUM ANALYZE');
  });
  const { app, dataSource, endpoint, token, post } = bench;
  try {
    const samples = await pickSamples(dataSource);
    const cases: Case[] = [
      {
        key: 'a',
        name: '(a) member(id) with positions, memberships, enterprises',
        target: { stat: 'median', ms: 5, rps: 1000 },
        query: `query($id: ID!) { member(id: $id) { ${MEMBER_FIELDS} } }`,
        variables: samples.memberIds.map((id) => ({ id })),
        check: (d) => {
          if (!d.member?.id) throw new Error('no member');
        },
      },
      {
        key: 'b',
        name: '(b) members(first: 50) of a provincial subtree, with chambers, positions, enterprises',
        target: { stat: 'p95', ms: 50 },
        query: `query($filter: MemberFilter) { members(first: 50, filter: $filter) { edges { cursor node { ${MEMBER_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
        variables: samples.provincialIds.map((chamberSubtree) => ({ filter: { chamberSubtree } })),
        check: (d) => {
          if (d.members.edges.length !== 50) throw new Error(`page has ${d.members.edges.length} members`);
        },
      },
      {
        key: 'c',
        name: '(c) search: 2-character name fragment, first 20',
        target: { stat: 'p95', ms: 30 },
        query: `query($filter: MemberFilter) { members(first: 20, filter: $filter) { edges { node { id name hometown { name } } } } }`,
        variables: samples.fragments.map((search) => ({ filter: { search } })),
        check: (d) => {
          if (!d.members.edges.length) throw new Error('no match');
        },
      },
      {
        key: 'd',
        name: '(d) search: pinyin initials, first 20',
        target: { stat: 'p95', ms: 30 },
        query: `query($filter: MemberFilter) { members(first: 20, filter: $filter) { edges { node { id name hometown { name } } } } }`,
        variables: samples.initials.map((search) => ({ filter: { search } })),
        check: (d) => {
          if (!d.members.edges.length) throw new Error('no match');
        },
      },
      {
        key: 'e',
        name: '(e) search: phone suffix (6 digits), first 20',
        target: { stat: 'p95', ms: 30 },
        query: `query($filter: MemberFilter) { members(first: 20, filter: $filter) { edges { node { id name hometown { name } } } } }`,
        variables: samples.phoneSuffixes.map((phone) => ({ filter: { phone } })),
        check: (d) => {
          if (!d.members.edges.length) throw new Error('no match');
        },
      },
      {
        key: 'f',
        name: '(f) chamber subtree + hometown + designation, NAME order, first 50',
        target: { stat: 'p95', ms: 50 },
        query: `query($filter: MemberFilter) { members(first: 50, sort: NAME, filter: $filter) { edges { cursor node { id name namePinyin designations hometown { name } } } pageInfo { hasNextPage endCursor } } }`,
        variables: samples.combined,
        check: (d) => {
          if (!d.members.edges.length) throw new Error('no match');
        },
      },
      {
        key: 'g',
        name: '(g) as (c), with idNumber and phones in clear (one audit row per member)',
        optIn: true,
        query: `query($filter: MemberFilter) { members(first: 20, filter: $filter) { edges { node { id name idNumber phones hometown { name } } } } }`,
        variables: samples.fragments.map((search) => ({ filter: { search } })),
        check: (d) => {
          if (!d.members.edges.length) throw new Error('no match');
        },
      },
    ];

    if (process.env.BENCH_EXPLAIN === '1') await explain(app.get(MemberQueryService), dataSource, samples);

    const only = process.env.BENCH_ONLY?.split(',');
    const results: { c: Case; mode: string; s: Stats }[] = [];
    for (const c of cases.filter((x) => (only ? only.includes(x.key) : !x.optIn))) {
      // Every variable set answers correctly before anything is timed.
      for (const v of c.variables) c.check(await post(c.query, v, token));
      const run = await measureInWorker({ endpoint, token, query: c.query, variables: c.variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
      results.push({ c, mode: 'sequential', s: stats(run.sequential, run.sequentialElapsed) });
      results.push({ c, mode: `${CLIENTS} clients`, s: stats(run.concurrent, run.concurrentElapsed) });
    }

    const [{ n: members }] = (await dataSource.query('SELECT count(*)::int AS n FROM member')) as { n: number }[];
    log('');
    log(await machineLine(dataSource));
    log(`${members} members; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent; ${SAMPLES} variable sets per case`);
    log('');
    log('| case | mode | requests | median ms | p95 ms | req/s | target |');
    log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
    let missed = false;
    for (const { c, mode, s } of results) {
      let verdict = '';
      if (c.target && mode === 'sequential') {
        const value = s[c.target.stat];
        const ok = value < c.target.ms;
        missed ||= !ok;
        verdict = `${c.target.stat} < ${c.target.ms} ms: ${ok ? 'met' : 'MISSED'}`;
      }
      if (c.target && mode !== 'sequential') {
        const ok = s[c.target.stat] < c.target.ms;
        verdict = `${c.target.stat} < ${c.target.ms} ms under load: ${ok ? 'met' : 'missed'}`;
        if (c.target.rps) {
          const fast = s.rps >= c.target.rps;
          missed ||= !fast;
          verdict += `; ≥ ${c.target.rps} req/s: ${fast ? 'met' : 'MISSED'}`;
        }
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

interface Samples {
  memberIds: string[];
  provincialIds: string[];
  fragments: string[];
  initials: string[];
  phoneSuffixes: string[];
  combined: Record<string, unknown>[];
}

/** Variable sets drawn from the data itself (deterministic: ordered by a hash of the id). */
async function pickSamples(dataSource: DataSource): Promise<Samples> {
  const q = async <T>(sql: string, params: unknown[] = []) => (await dataSource.query(sql, params)) as T[];
  const members = await q<{ id: string; name: string; initials: string; phone: string | null }>(
    `SELECT id, name, name_initials AS initials, phones[1] AS phone FROM member
     WHERE status <> 'MERGED' ORDER BY md5(id::text) LIMIT $1`,
    [SAMPLES],
  );
  const provincial = await q<{ id: string }>(`SELECT id FROM chamber WHERE level = 'PROVINCIAL' AND kind = 'REGIONAL' AND status = 'ACTIVE' ORDER BY md5(id::text)`);
  // Combinations that exist: a provincial chamber, a hometown and a designation some of its members share.
  const combined = await q<{ chamber: string; hometown: string; designation: string }>(
    `SELECT DISTINCT ON (ch.root) ch.root AS chamber, m.hometown_code AS hometown, d.designation
     FROM member m
     CROSS JOIN LATERAL unnest(m.designations) AS d(designation)
     JOIN chamber_membership cm ON cm.member_id = m.id AND cm.left_on IS NULL
     JOIN LATERAL (SELECT coalesce(c.ancestor_ids[2], c.id) AS root FROM chamber c WHERE c.id = cm.chamber_id) AS ch ON true
     WHERE m.hometown_code IS NOT NULL
     ORDER BY ch.root, md5(m.id::text)`,
  );
  const fragments = members.map((m) => {
    const chars = [...m.name];
    const at = chars.length > 2 ? 1 : 0; // the given name's two characters, or the whole name
    return chars.slice(at, at + 2).join('');
  });
  return {
    memberIds: members.map((m) => m.id),
    provincialIds: provincial.map((p) => p.id),
    fragments,
    initials: members.map((m) => m.initials).filter((s) => s.length >= 2),
    phoneSuffixes: members.map((m) => m.phone?.slice(-6)).filter((s): s is string => !!s && s.length === 6),
    combined: combined.map((c) => ({ filter: { chamberSubtree: c.chamber, hometownCode: c.hometown, designation: c.designation } })),
  };
}

/** EXPLAIN ANALYZE of the statement behind a few list cases. */
async function explain(service: MemberQueryService, dataSource: DataSource, samples: Samples): Promise<void> {
  const admin: Caller = { id: '00000000-0000-4000-8000-000000000000', email: 'bench@bench.crm', role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null };
  const show = async (title: string, filter: Record<string, unknown>, first = 50) => {
    const original = dataSource.query.bind(dataSource);
    let captured: [string, unknown[]] | undefined;
    dataSource.query = (async (sql: string, params?: unknown[]) => {
      captured ??= [sql, params ?? []];
      return original(sql, params);
    }) as DataSource['query'];
    try {
      await service.list(admin, { first, filter, sort: MemberSort.Name } as never);
    } finally {
      dataSource.query = original;
    }
    if (!captured) return;
    const plan = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured[0]}`, captured[1])) as { 'QUERY PLAN': string }[];
    log(`\n-- ${title}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  };
  await show('subtree page (b)', { chamberSubtree: samples.provincialIds[0] });
  await show('2-character fragment (c)', { search: samples.fragments[0] }, 20);
  await show('initials (d)', { search: samples.initials[0] }, 20);
  await show('phone suffix (e)', { phone: samples.phoneSuffixes[0] }, 20);
  await show('combined (f)', samples.combined[0]?.filter as Record<string, unknown>);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
