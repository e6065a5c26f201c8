/**
 * Benchmark of the chamber read side over HTTP, against the real application and a real
 * PostgreSQL:
 *
 *   npm run bench:chambers
 *
 * Starts its own embedded PostgreSQL in a temporary directory (or uses DATABASE_URL, which must
 * point at an empty, disposable database), migrates it and loads the GB/T 2260 regions, generates
 * a deterministic network of 2,500 chambers (1 national, 31 provincial, 300 prefecture, 2,168
 * county chambers and industry/youth branches) over real region codes, starts the app on
 * 127.0.0.1, signs in as an administrator and measures from a worker thread (the client),
 * sequentially and with 10 concurrent clients:
 *   (a) chamberSubtree + chamberRollup of the national chamber (target: median < 50 ms)
 *   (b) chamberCoverage                                       (target: median < 100 ms)
 *   (c) a filtered chambers page of 50 with parent, region and rollup
 * and, on request only (BENCH_ONLY=a2), case (a) with a resolved field on each of the 2,500
 * chambers (region), which turns off the subtree's column projection.
 *
 * Settings (environment): BENCH_N sequential requests per case (default 300), BENCH_CLIENTS
 * concurrent clients (10), BENCH_PER_CLIENT requests per client (50), BENCH_WARMUP (30),
 * BENCH_ONLY=a,c runs only those cases, BENCH_EXPLAIN=1 also prints EXPLAIN ANALYZE of the
 * statements behind cases (a) and (b).
 */
import './production-env';
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Caller, Role } from '@crm/auth';
import { ChamberCoverageService, ChamberQueryService } from '@crm/chamber';
import { toInitials, toPinyin } from '@crm/region';
import { log, machineLine, measureInWorker, startBench, stats, Stats } from './support';

const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const TOTAL_CHAMBERS = 2500;
const PREFECTURE_CHAMBERS = 300;

/** mulberry32: a small deterministic PRNG, so every run measures the same network. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

interface Region {
  code: string;
  name: string;
  level: 'PROVINCE' | 'PREFECTURE' | 'COUNTY';
  parent_code: string | null;
  province_code: string;
}

interface Row {
  id: string;
  name: string;
  level: 'NATIONAL' | 'PROVINCIAL' | 'PREFECTURE' | 'COUNTY';
  kind: 'REGIONAL' | 'INDUSTRY' | 'YOUTH';
  region: Region | null;
  parentId: string | null;
  status: 'PREPARING' | 'ACTIVE' | 'MERGED' | 'DISSOLVED';
  mergedIntoId: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
}

const INDUSTRIES = ['服装', '鞋革', '眼镜', '电气', '阀门', '汽摩配', '印刷包装', '五金', '建筑', '金融', '餐饮', '电子商务', '塑料', '物流', '房地产', '服饰辅料'];

/**
 * A realistic network: a national chamber; a provincial chamber in every mainland province;
 * prefecture chambers in 300 prefectures under their province's; county chambers under their
 * prefecture's (or, in a municipality, province's) chamber, and industry and youth branches of
 * county chambers. At most one ACTIVE REGIONAL chamber per region (一地一会): regional chambers
 * each take a distinct region; additional chambers in a place are INDUSTRY or YOUTH branches.
 */
function generateNetwork(regions: Region[], random: () => number): Row[] {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const shuffle = <T>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const uuid = () => {
    const b = Array.from({ length: 16 }, () => Math.floor(random() * 256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const date = (from: number, to: number) => {
    const y = from + Math.floor(random() * (to - from + 1));
    return `${y}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  };
  const names = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let i = 2; names.has(candidate); i += 1) candidate = `${name}（${i}）`;
    names.add(candidate);
    return candidate;
  };
  /** Mostly active; a few in preparation, merged (into their parent) or dissolved. */
  const status = (parentId: string | null): Pick<Row, 'status' | 'mergedIntoId' | 'foundedOn' | 'dissolvedOn'> => {
    const r = random();
    if (r < 0.05) return { status: 'PREPARING', mergedIntoId: null, foundedOn: null, dissolvedOn: null };
    if (r < 0.07 && parentId) return { status: 'MERGED', mergedIntoId: parentId, foundedOn: date(1995, 2012), dissolvedOn: null };
    if (r < 0.1) return { status: 'DISSOLVED', mergedIntoId: null, foundedOn: date(1995, 2010), dissolvedOn: date(2015, 2024) };
    return { status: 'ACTIVE', mergedIntoId: null, foundedOn: date(1995, 2024), dissolvedOn: null };
  };

  const byCode = new Map(regions.map((r) => [r.code, r]));
  const mainland = (r: Region) => r.province_code >= '11' && r.province_code <= '65';
  const provinces = regions.filter((r) => r.level === 'PROVINCE' && mainland(r));
  const prefectures = regions.filter((r) => r.level === 'PREFECTURE' && mainland(r));
  const counties = regions.filter((r) => r.level === 'COUNTY' && mainland(r));
  const rows: Row[] = [];

  const national: Row = { id: uuid(), name: unique('全国温州商会联合会'), level: 'NATIONAL', kind: 'REGIONAL', region: null, parentId: null, status: 'ACTIVE', mergedIntoId: null, foundedOn: '2006-06-18', dissolvedOn: null };
  rows.push(national);

  const provincial = new Map<string, Row>();
  for (const p of provinces) {
    // The 1 of "1+31+X" exists; one province's chamber is still being set up.
    const s = provincial.size === 17 ? { status: 'PREPARING' as const, mergedIntoId: null, foundedOn: null, dissolvedOn: null } : { status: 'ACTIVE' as const, mergedIntoId: null, foundedOn: date(1995, 2012), dissolvedOn: null };
    const row: Row = { id: uuid(), name: unique(`${p.name}温州商会`), level: 'PROVINCIAL', kind: 'REGIONAL', region: p, parentId: national.id, ...s };
    provincial.set(p.province_code, row);
    rows.push(row);
  }

  const prefectureChambers = new Map<string, Row>();
  for (const r of shuffle(prefectures).slice(0, PREFECTURE_CHAMBERS).sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = provincial.get(r.province_code) as Row;
    const row: Row = { id: uuid(), name: unique(`${r.name}温州商会`), level: 'PREFECTURE', kind: 'REGIONAL', region: r, parentId: parent.id, ...status(parent.id) };
    prefectureChambers.set(r.code, row);
    rows.push(row);
  }

  // The rest are county-level: about 70% county chambers, each in its own county (in a
  // municipality, or in a prefecture that has a chamber: county chambers grow under a prefecture
  // chamber), and 30% industry and youth branches of county chambers, at their level and place.
  const remaining = TOTAL_CHAMBERS - rows.length;
  const countyTarget = Math.round(remaining * 0.7);
  const countyChambers: Row[] = [];
  const placeName = (r: Region) => {
    const parent = r.parent_code ? byCode.get(r.parent_code) : undefined;
    return `${parent?.name ?? ''}${r.name}`;
  };
  const eligible = counties.filter((r) => r.parent_code && (prefectureChambers.has(r.parent_code) || byCode.get(r.parent_code)?.level === 'PROVINCE'));
  for (const r of shuffle(eligible).slice(0, countyTarget).sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = (r.parent_code && prefectureChambers.get(r.parent_code)) || (provincial.get(r.province_code) as Row);
    const row: Row = { id: uuid(), name: unique(`${placeName(r)}温州商会`), level: 'COUNTY', kind: 'REGIONAL', region: r, parentId: parent.id, ...status(parent.id) };
    countyChambers.push(row);
    rows.push(row);
  }
  while (rows.length < TOTAL_CHAMBERS) {
    const host = pick(countyChambers);
    const youth = random() < 0.3;
    const name = youth ? `${host.name.replace(/温州商会$/, '')}温州青年商会` : `${host.name}${pick(INDUSTRIES)}行业分会`;
    if (names.has(name)) continue;
    rows.push({ id: uuid(), name: unique(name), level: 'COUNTY', kind: youth ? 'YOUTH' : 'INDUSTRY', region: host.region, parentId: host.id, ...status(host.id) });
  }
  return rows;
}

async function loadNetwork(dataSource: DataSource, rows: Row[]): Promise<void> {
  const columns = ['id', 'name', 'name_pinyin', 'name_initials', 'level', 'kind', 'region_code', 'province_code', 'parent_id', 'status', 'merged_into_id', 'founded_on', 'dissolved_on'];
  // Rows are generated parents first; each batch only refers to rows already inserted.
  for (let i = 0; i < rows.length; i += 400) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + 400).map((r) => {
      params.push(r.id, r.name, toPinyin(r.name), toInitials(r.name), r.level, r.kind, r.region?.code ?? null, r.region?.province_code ?? null, r.parentId, r.status, r.mergedIntoId, r.foundedOn, r.dissolvedOn);
      const n = params.length - columns.length;
      return `(${columns.map((_, k) => `$${n + k + 1}`).join(', ')})`;
    });
    await dataSource.query(`INSERT INTO chamber (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
  // What autovacuum does shortly after a bulk load: statistics, and the GIN pending lists merged.
  await dataSource.query('VACUUM ANALYZE chamber');
  await dataSource.query('VACUUM ANALYZE region');
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  target?: number;
  /** Run only when named in BENCH_ONLY. */
  optIn?: boolean;
  query: string;
  variables: Record<string, unknown>;
  check: (data: Record<string, any>) => void;
}

async function main(): Promise<void> {
  const started = performance.now();
  let rows: Row[] = [];
  const bench = await startBench('chambers', async (dataSource) => {
    const [{ n: existing }] = (await dataSource.query('SELECT count(*)::int AS n FROM chamber')) as { n: number }[];
    if (existing > 0) throw new Error(`The database already holds ${existing} chambers; point DATABASE_URL at an empty, disposable database`);
    const regions = (await dataSource.query('SELECT code, name, level, parent_code, province_code FROM region ORDER BY code')) as Region[];
    const t0 = performance.now();
    rows = generateNetwork(regions, prng(20260101));
    await loadNetwork(dataSource, rows);
    const summary = (await dataSource.query(
      `SELECT level, kind, status, count(*)::int AS n FROM chamber GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )) as { level: string; kind: string; status: string; n: number }[];
    const byLevel = new Map<string, number>();
    for (const s of summary) byLevel.set(s.level, (byLevel.get(s.level) ?? 0) + s.n);
    log(`Generated ${rows.length} chambers in ${Math.round(performance.now() - t0)} ms: ${[...byLevel].map(([l, n]) => `${l} ${n}`).join(', ')}`);
    log(`  by kind: ${['REGIONAL', 'INDUSTRY', 'YOUTH'].map((k) => `${k} ${summary.filter((s) => s.kind === k).reduce((a, s) => a + s.n, 0)}`).join(', ')}; ` +
      `by status: ${['ACTIVE', 'PREPARING', 'MERGED', 'DISSOLVED'].map((k) => `${k} ${summary.filter((s) => s.status === k).reduce((a, s) => a + s.n, 0)}`).join(', ')}`);
  });
  const { app, dataSource, endpoint, token, post } = bench;
  try {
    const nationalId = rows[0]!.id;

    const COUNTS = 'chambers { total byStatus { status count } byLevel { level count } }';
    const cases: Case[] = [
      {
        name: '(a) chamberSubtree + chamberRollup, national chamber',
        target: 50,
        query: `query($id: ID!) {
          chamberSubtree(id: $id) { id name level kind status parentId depth }
          chamberRollup(id: $id) { chamberId ${COUNTS} }
        }`,
        variables: { id: nationalId },
        check: (d) => {
          if (d.chamberSubtree.length !== TOTAL_CHAMBERS) throw new Error(`subtree has ${d.chamberSubtree.length} chambers`);
          if (d.chamberRollup.chambers.total !== TOTAL_CHAMBERS) throw new Error(`rollup counts ${d.chamberRollup.chambers.total}`);
        },
      },
      {
        name: '(a2) the same with region { name } on each chamber (no column projection)',
        optIn: true,
        query: `query($id: ID!) {
          chamberSubtree(id: $id) { id name level kind status parentId depth region { name } }
          chamberRollup(id: $id) { chamberId ${COUNTS} }
        }`,
        variables: { id: nationalId },
        check: (d) => {
          if (d.chamberSubtree.length !== TOTAL_CHAMBERS) throw new Error(`subtree has ${d.chamberSubtree.length} chambers`);
        },
      },
      {
        name: '(b) chamberCoverage',
        target: 100,
        query: `{
          chamberCoverage {
            goal localities covered share goalMet
            network { nationalChamber provincialChambers provinces belowProvincial }
            provinces { provinceCode name municipality localities covered share goalMet provincialChamber uncovered { code name } }
          }
        }`,
        variables: {},
        check: (d) => {
          if (d.chamberCoverage.provinces.length !== 31) throw new Error('expected 31 provinces');
        },
      },
      {
        name: '(c) chambers(first: 50, ACTIVE COUNTY) + parent, region, rollup',
        query: `query($filter: ChamberFilter) {
          chambers(first: 50, filter: $filter) {
            edges { cursor node { id name level status parent { id name } region { code name } rollup { ${COUNTS} } } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        variables: { filter: { level: 'COUNTY', status: 'ACTIVE' } },
        check: (d) => {
          if (d.chambers.edges.length !== 50) throw new Error(`page has ${d.chambers.edges.length} chambers`);
        },
      },
    ];

    const coverage = (await post((cases.find((c) => c.name.startsWith('(b)')) as Case).query, {}, token)).chamberCoverage;
    log(
      `Coverage: ${coverage.covered}/${coverage.localities} localities (${(coverage.share * 100).toFixed(1)}%, goal met: ${coverage.goalMet}); ` +
        `1+${coverage.network.provincialChambers}+${coverage.network.belowProvincial} (national: ${coverage.network.nationalChamber})`,
    );

    if (process.env.BENCH_EXPLAIN === '1') await explain(app, dataSource, nationalId);

    const results: { name: string; mode: string; s: Stats; target?: number }[] = [];
    const only = process.env.BENCH_ONLY; // e.g. "a" or "a,c"
    const selected = (x: Case) => (only ? only.split(',').some((k) => x.name.startsWith(`(${k})`)) : !x.optIn);
    for (const c of cases.filter(selected)) {
      c.check(await post(c.query, c.variables, token)); // the answer is right before it is timed
      const run = await measureInWorker({ endpoint, token, query: c.query, variables: [c.variables], warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
      results.push({ name: c.name, mode: 'sequential', s: stats(run.sequential, run.sequentialElapsed), target: c.target });
      results.push({ name: c.name, mode: `${CLIENTS} clients`, s: stats(run.concurrent, run.concurrentElapsed) });
    }

    log('');
    log(await machineLine(dataSource));
    log(`${TOTAL_CHAMBERS} chambers; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent`);
    log('');
    log('| case | mode | requests | median ms | p95 ms | req/s | target |');
    log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
    let missed = false;
    for (const r of results) {
      const target = r.target ? `median < ${r.target} ms: ${r.s.median < r.target ? 'met' : 'MISSED'}` : '';
      if (r.target && r.s.median >= r.target) missed = true;
      log(`| ${r.name} | ${r.mode} | ${r.s.n} | ${r.s.median.toFixed(1)} | ${r.s.p95.toFixed(1)} | ${r.s.rps.toFixed(0)} | ${target} |`);
    }
    log('');
    log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s${missed ? ' — a target was missed' : ''}`);
    process.exitCode = missed ? 1 : 0;
  } finally {
    await bench.close();
  }
}

/** EXPLAIN ANALYZE of the statements behind cases (a) and (b), and the services timed alone. */
async function explain(app: INestApplication, dataSource: DataSource, nationalId: string): Promise<void> {
  const admin: Caller = { id: '00000000-0000-4000-8000-000000000000', email: 'bench@bench.crm', role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null };
  const queries = app.get(ChamberQueryService);
  const coverage = app.get(ChamberCoverageService);
  const treeFields = new Set(['id', 'name', 'level', 'kind', 'status', 'parentId', 'depth']);
  const show = async (title: string, call: () => Promise<unknown>) => {
    const [sql, params] = await statementOf(dataSource, call);
    const plan = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as { 'QUERY PLAN': string }[];
    log(`\n-- ${title}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  };
  await show('subtree of the national chamber, the columns of case (a)', () => queries.subtree(admin, nationalId, treeFields));
  await show('rollup of the national chamber', () => queries.rollup({}, admin, nationalId));
  await show('coverage', () => coverage.coverage(admin));

  // The services alone, in process, without HTTP and GraphQL.
  const timeIt = async (title: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i += 1) await fn();
    const d: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const s = performance.now();
      await fn();
      d.push(performance.now() - s);
    }
    log(`-- ${title}: median ${stats(d, 1).median.toFixed(1)} ms in process`);
  };
  await timeIt('ChamberQueryService.subtree(national), every column', () => queries.subtree(admin, nationalId));
  await timeIt('ChamberQueryService.subtree(national), the 7 columns of case (a)', () => queries.subtree(admin, nationalId, treeFields));
  await timeIt('ChamberQueryService.rollup(national)', () => queries.rollup({}, admin, nationalId));
  await timeIt('ChamberCoverageService.coverage', () => coverage.coverage(admin));
}

/** The first statement a service call sends, with its parameters. */
async function statementOf(dataSource: DataSource, call: () => Promise<unknown>): Promise<[string, unknown[]]> {
  const original = dataSource.query.bind(dataSource);
  let captured: [string, unknown[]] | undefined;
  dataSource.query = (async (sql: string, params?: unknown[]) => {
    captured ??= [sql, params ?? []];
    return original(sql, params);
  }) as DataSource['query'];
  try {
    await call();
  } finally {
    dataSource.query = original;
  }
  if (!captured) throw new Error('the service sent no statement');
  return captured;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
