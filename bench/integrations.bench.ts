/**
 * Benchmark of the integrations (issue 17) over HTTP, against the real application, a real
 * PostgreSQL and the scale data of `npm run seed:scale` (BENCH_MEMBERS members, default 250,000):
 *
 *   npm run bench:integrations
 *
 * Starts its own embedded PostgreSQL (or uses DATABASE_URL when it already holds the members),
 * makes an unrestricted API key (members:read, webhooks:manage) and measures, BENCH_RUNS times:
 *   (a) a first full sync of every member through `memberChanges` (pages of 1,000, a
 *       client's usual fields), the way examples/pull-members.ts does            goal < 30 s
 *   (b) an incremental pull of the 1,000 latest changes (one page after a saved cursor)   p95 < 100 ms
 *   (c) webhook fan-out: 10,000 member changes (one UPDATE) to 3 receivers on 127.0.0.1, through
 *       the worker's own timer and the pg-boss job, until every receiver has every change
 *       (counted by webhook-id: lost = missing, repeats = the same id twice)
 * and prints medians and the load average before and after.
 *
 * Settings: BENCH_MEMBERS (250000), BENCH_RUNS (3), BENCH_PULLS (50), BENCH_FANOUT (10000).
 */
import './production-env';
import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { seedScale } from '@crm/demo';
import { ChangeLogCompactor, WebhookDispatcher } from '@crm/integration';
import { AppConfig } from '@crm/shared';
import { log, machineLine, percentile, startBench } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 250_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PULLS = Number(process.env.BENCH_PULLS ?? 50);
const FANOUT = Number(process.env.BENCH_FANOUT ?? 10_000);

const FEED = `query($after: String, $first: Int) { memberChanges(after: $after, first: $first) {
  endCursor hasMore changes { change recordId survivorId record { id name namePinyin gender hometownCode currentRegionCode status mergedIntoId completeness version updatedAt } } } }`;

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function receiver(): Promise<{ server: Server; url: string; ids: Map<string, number> }> {
  const ids = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      ids.set(id, (ids.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, ids };
}

async function main(): Promise<void> {
  const bench = await startBench('integrations', async (dataSource) => {
    const [{ n }] = (await dataSource.query('SELECT count(*)::int AS n FROM member')) as { n: number }[];
    if (n >= MEMBERS) {
      log(`Using the ${n} members already in the database`);
      return;
    }
    if (n > 0) throw new Error(`The database holds ${n} members, fewer than ${MEMBERS}; use an empty database or one seeded with npm run seed:scale`);
    const t0 = performance.now();
    const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
    log(`Seeded ${summary.members} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await dataSource.query('VACUUM ANALYZE');
  });
  const { app, dataSource, token, post } = bench;
  const receivers: Server[] = [];
  try {
    // The receivers are on 127.0.0.1: allow it for this process (never in production).
    app.get(AppConfig).WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
    const dispatcher = app.get(WebhookDispatcher);
    // What the seed wrote is history for the (not yet made) subscriptions: move past it now.
    await dispatcher.fanOut();
    const created = await post(`mutation { createApiKey(input: { name: "bench", scopes: [MEMBERS_READ, WEBHOOKS_MANAGE], rateLimitPerMinute: 100000 }) { key } }`, {}, token);
    const key = created.createApiKey.key as string;
    log(`Load average before: ${load()}`);

    // (a) full sync
    const syncs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      let after: string | null = null;
      let records = 0;
      let pages = 0;
      const seen = new Set<string>();
      for (;;) {
        const page: any = (await post(FEED, { after, first: 1000 }, key)).memberChanges;
        pages += 1;
        for (const c of page.changes) {
          if (c.record) seen.add(c.record.id);
          records += 1;
        }
        after = page.endCursor;
        if (!page.hasMore) break;
      }
      const s = (performance.now() - t0) / 1000;
      syncs.push(s);
      log(`(a) full sync run ${run + 1}: ${records} changes, ${seen.size} distinct members, ${pages} pages in ${s.toFixed(1)} s`);
    }

    // (b) incremental pull of the 1,000 latest changes
    const before: any = await post(`{ memberChanges(first: 1) { endCursor } }`, {}, key);
    let cursor = before.memberChanges.endCursor as string;
    for (;;) {
      const page: any = (await post(`query($after: String) { memberChanges(after: $after, first: 1000) { endCursor hasMore } }`, { after: cursor }, key)).memberChanges;
      cursor = page.endCursor;
      if (!page.hasMore) break;
    }
    await dataSource.query(`UPDATE member SET note = coalesce(note, '') || '·' WHERE id IN (SELECT id FROM member ORDER BY id LIMIT 1000)`);
    const pulls: number[] = [];
    for (let i = 0; i < PULLS + 5; i++) {
      const t0 = performance.now();
      const page: any = (await post(FEED, { after: cursor, first: 1000 }, key)).memberChanges;
      const ms = performance.now() - t0;
      if (page.changes.length !== 1000) throw new Error(`expected 1000 changes, got ${page.changes.length}`);
      if (i >= 5) pulls.push(ms);
    }
    const sortedPulls = [...pulls].sort((a, b) => a - b);
    log(`(b) incremental pull of 1,000 changes: median ${percentile(sortedPulls, 50).toFixed(1)} ms, p95 ${percentile(sortedPulls, 95).toFixed(1)} ms (${PULLS} pulls; goal p95 < 100 ms)`);

    // (c) fan-out
    const rs = [await receiver(), await receiver(), await receiver()];
    receivers.push(...rs.map((r) => r.server));
    for (const r of rs) await post(`mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["member.updated"] }) { subscription { id } } }`, { url: r.url }, key);
    const t0 = performance.now();
    await dataSource.query(`UPDATE member SET note = coalesce(note, '') || '~' WHERE id IN (SELECT id FROM member ORDER BY id DESC LIMIT $1)`, [FANOUT]);
    const deadline = t0 + 10 * 60_000;
    while (rs.some((r) => r.ids.size < FANOUT) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const s = (performance.now() - t0) / 1000;
    // Settle: anything still pending would show up as a repeat or a late arrival.
    await new Promise((r) => setTimeout(r, 3000));
    const repeats = rs.map((r) => [...r.ids.values()].filter((n) => n > 1).length);
    log(`(c) fan-out of ${FANOUT} changes to 3 receivers: ${rs.map((r) => r.ids.size).join(' / ')} distinct deliveries in ${s.toFixed(1)} s (${Math.round((3 * FANOUT) / s)} deliveries/s); lost ${rs.map((r) => FANOUT - Math.min(FANOUT, r.ids.size)).join(' / ')}, repeats ${repeats.join(' / ')}`);

    // (d) compaction: the member feed's entries aged past the window (the seed, the updates
    // above), then the daily job's work, then a first sync over what is left. (Skipped against
    // a DATABASE_URL, whose log it would change for good.)
    if (!process.env.DATABASE_URL) {
      const entries = async () => Number(((await dataSource.query(`SELECT count(*)::int AS n FROM change_log WHERE kind = 'member'`)) as { n: number }[])[0].n);
      const before = await entries();
      await dataSource.query(`UPDATE change_log SET occurred_at = now() - interval '40 days' WHERE kind = 'member'`);
      const tc = performance.now();
      const dropped = await app.get(ChangeLogCompactor).compact();
      const compactS = (performance.now() - tc) / 1000;
      const ts = performance.now();
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = (await post(FEED, { after, first: 1000 }, key)).memberChanges;
        pages += 1;
        after = page.endCursor;
        if (!page.hasMore) break;
      }
      log(`(d) compaction: ${before} member entries, ${dropped} superseded dropped in ${compactS.toFixed(1)} s, ${await entries()} left; a first sync then reads ${pages} pages in ${((performance.now() - ts) / 1000).toFixed(1)} s`);
    }

    log(`Full sync median of ${RUNS}: ${median(syncs).toFixed(1)} s (goal < 30 s)`);
    log(`Load average after: ${load()}`);
    log(await machineLine(dataSource));
  } finally {
    for (const s of receivers) s.close();
    await bench.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
