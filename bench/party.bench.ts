/**
 * Benchmark of the party read side over HTTP, against the real application and a real
 * PostgreSQL:
 *
 *   npm run bench:party
 *
 * Starts its own embedded PostgreSQL in a temporary directory (or uses DATABASE_URL, which must
 * point at an empty, disposable database or one already seeded with party data), fills it with
 * the scale data set (BENCH_MEMBERS members, default 50,000, seed 42), tops the chamber network
 * up to 2,500 chambers (active county chambers under their prefecture's or province's chamber),
 * and adds BENCH_PARTY_MEMBERS (20,000) party members with their committees, units and a
 * quarter of organisation life (`seedPartyScale`, as `npm run seed:scale -- --party-members`).
 * Then it signs in as an administrator and measures from a worker thread, sequentially and
 * with BENCH_CLIENTS (10) concurrent clients:
 *   (a) partyCoverage: by province and by committee, kinds, counts           p95 < 50 ms
 *   (b) partyMembers(first: 50) with unit and member link, filters varied     p95 < 50 ms
 *   (c) partyCompliance of a branch for 2026 Q3                               p95 < 50 ms
 *   (d) chamberRollup { party } of the provincial chambers (extension point)
 *
 * Settings: BENCH_MEMBERS, BENCH_PARTY_MEMBERS, BENCH_N sequential requests per case (300),
 * BENCH_CLIENTS (10), BENCH_PER_CLIENT (50), BENCH_WARMUP (30), BENCH_ONLY=a,c.
 */
import './production-env';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { seedPartyScale, seedScale } from '@crm/demo';
import { toInitials, toPinyin } from '@crm/region';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50_000);
const PARTY_MEMBERS = Number(process.env.BENCH_PARTY_MEMBERS ?? 20_000);
const CHAMBERS = 2500;
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
  check: (data: Record<string, any>) => void;
}

/** Active county chambers up to `total` chambers, each under its prefecture's chamber, else its province's. */
async function topUpChambers(dataSource: DataSource, total: number): Promise<number> {
  const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM chamber')) as { n: number }[];
  if (n >= total) return 0;
  const regions = (await dataSource.query(
    `SELECT r.code, p.name || r.name AS name, r.parent_code, r.province_code FROM region r JOIN region p ON p.code = r.parent_code
     WHERE r.level = 'COUNTY' AND r.province_code BETWEEN '11' AND '65'
       AND NOT EXISTS (SELECT 1 FROM chamber c WHERE c.region_code = r.code)
     ORDER BY md5(r.code) LIMIT $1`,
    [total - n],
  )) as { code: string; name: string; parent_code: string; province_code: string }[];
  const parents = new Map(
    ((await dataSource.query(`SELECT id, region_code FROM chamber WHERE status = 'ACTIVE' AND kind = 'REGIONAL' AND level IN ('PROVINCIAL', 'PREFECTURE')`)) as { id: string; region_code: string }[]).map((c) => [c.region_code, c.id]),
  );
  const taken = new Set(((await dataSource.query(`SELECT name FROM chamber`)) as { name: string }[]).map((c) => c.name));
  const rows = regions.map((r) => {
    let name = `${r.name}温州商会`;
    if (taken.has(name)) name = `${r.name}${r.code}温州商会`;
    taken.add(name);
    return { name, pinyin: toPinyin(name), initials: toInitials(name), region: r.code, province: r.province_code, parent: parents.get(r.parent_code) ?? parents.get(`${r.province_code}0000`) ?? null };
  });
  // Parents are provincial or prefecture chambers that already exist: one INSERT, the trigger fills ancestor_ids.
  await dataSource.query(
    `INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, parent_id, status, founded_on)
     SELECT r.name, r.pinyin, r.initials, 'COUNTY', 'REGIONAL', r.region, r.province, r.parent, 'ACTIVE', '2015-06-01'
     FROM jsonb_to_recordset($1::jsonb) AS r(name text, pinyin text, initials text, region text, province text, parent uuid)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('party', async (dataSource) => {
    const [{ members, party }] = (await dataSource.query('SELECT (SELECT count(*)::int FROM member) AS members, (SELECT count(*)::int FROM party_member) AS party')) as { members: number; party: number }[];
    if (party >= PARTY_MEMBERS) {
      log(`Using the ${party} party members already in the database`);
      return;
    }
    let t0 = performance.now();
    if (members === 0) {
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    t0 = performance.now();
    const added = await topUpChambers(dataSource, CHAMBERS);
    log(`Added ${added} county chambers (network of ${CHAMBERS}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const partySummary = await seedPartyScale(dataSource, { partyMembers: PARTY_MEMBERS - party, seed: 42, log: (line) => log(`  ${line}`) });
    log(`Seeded ${partySummary.committees} committees, ${partySummary.units} units, ${partySummary.partyMembers} party members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await dataSource.query('VACUUM ANALYZE');
  });
  const { dataSource, endpoint, token, post } = bench;
  try {
    const q = async <T>(sql: string) => (await dataSource.query(sql)) as T[];
    const counties = await q<{ code: string }>(`SELECT DISTINCT relation_county_code AS code FROM party_member WHERE relation_county_code IS NOT NULL ORDER BY 1`);
    const committees = await q<{ id: string }>(`SELECT id FROM party_working_committee WHERE status = 'ACTIVE' ORDER BY md5(id::text)`);
    const withMeetings = await q<{ id: string }>(`SELECT DISTINCT organization_id AS id FROM party_meeting WHERE held_on >= '2026-07-01' ORDER BY 1 LIMIT 100`);
    const provincial = await q<{ id: string }>(`SELECT id FROM chamber WHERE level = 'PROVINCIAL' AND kind = 'REGIONAL' AND status = 'ACTIVE' ORDER BY md5(id::text)`);
    const pageFilters: Record<string, unknown>[] = [
      {},
      { filter: { mobile: true } },
      { filter: { status: 'ACTIVE' } },
      ...counties.map((c) => ({ filter: { relationCountyCode: c.code } })),
      ...counties.map((c) => ({ filter: { relationCountyCode: c.code, mobile: true } })),
    ];
    const cases: Case[] = [
      {
        key: 'a',
        name: '(a) partyCoverage by province and committee',
        target: 50,
        query: `{ partyCoverage { chambers covered share committees committeeTarget partyMembers mobileMembers unitsByKind { kind count }
          provinces { provinceCode name chambers covered share goalMet units partyMembers mobileMembers } byCommittee { committeeName chambers covered share } } }`,
        variables: [{}],
        check: (d) => {
          if (!d.partyCoverage.provinces.length) throw new Error('no provinces');
        },
      },
      {
        key: 'b',
        name: '(b) partyMembers(first: 50) with unit and member link',
        target: 50,
        query: `query($filter: PartyMemberFilter) { partyMembers(first: 50, filter: $filter) { edges { cursor node { id name standing mobile mobileDestination relationCountyCode
          organization { id name kind chamberIds } member { id name hometownCode } } } pageInfo { hasNextPage endCursor } } }`,
        variables: pageFilters,
        check: (d) => {
          if (!d.partyMembers.edges.length) throw new Error('empty page');
        },
      },
      {
        key: 'c',
        name: '(c) partyCompliance of a branch, 2026 Q3',
        target: 50,
        query: `query($org: ID!) { partyCompliance(organizationId: $org, year: 2026, quarter: 3) { compliant meetingsHeld attendanceRate items { kind held missingMonths met } } }`,
        variables: withMeetings.map((u) => ({ org: u.id })),
        check: (d) => {
          if (!d.partyCompliance.meetingsHeld) throw new Error('no meetings');
        },
      },
      {
        key: 'd',
        name: '(d) chamberRollup { party } of a provincial chamber',
        query: `query($id: ID!) { chamberRollup(id: $id) { party { units chambersWithUnit partyMembers mobileMembers unitsByKind { kind count } } } }`,
        variables: provincial.map((c) => ({ id: c.id })),
        check: () => undefined,
      },
    ];
    const only = process.env.BENCH_ONLY?.split(',');
    const results: { c: Case; mode: string; s: Stats }[] = [];
    for (const c of cases.filter((x) => !only || only.includes(x.key))) {
      for (const v of c.variables) c.check(await post(c.query, v, token));
      const run = await measureInWorker({ endpoint, token, query: c.query, variables: c.variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
      results.push({ c, mode: 'sequential', s: stats(run.sequential, run.sequentialElapsed) });
      results.push({ c, mode: `${CLIENTS} clients`, s: stats(run.concurrent, run.concurrentElapsed) });
    }
    const [counts] = await q<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM chamber) AS chambers, (SELECT count(*)::int FROM party_working_committee) AS committees,
              (SELECT count(*)::int FROM party_organization) AS units, (SELECT count(*)::int FROM party_member) AS party_members,
              (SELECT count(*)::int FROM party_meeting) AS meetings, (SELECT count(*)::int FROM member) AS members`,
    );
    const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
    log('');
    log(await machineLine(dataSource));
    log(`${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}; committees sampled: ${committees.length}; load average ${load}`);
    log(`warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent`);
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
