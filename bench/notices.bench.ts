/**
 * Benchmark of notices at scale, over HTTP against the real application and a real PostgreSQL
 * holding the scale data of `npm run seed:scale`, topped up to 2,500 active chambers (the chamber
 * benchmark's network size; seed:scale itself builds ~250):
 *
 *   npm run bench:notices
 *
 * Starts its own embedded PostgreSQL (unless DATABASE_URL names one with the scale data), seeds
 * the scale network (BENCH_MEMBERS members, default 2,000, seed 42), signs in as an administrator
 * and measures:
 *   (a) sendNotice to ALL_CHAMBERS with a return form: recipients resolved and kept      < 2 s
 *   (b) the sender's receipt table, noticeRecipients(first: 50) over every page           p95 < 50 ms
 *   (c) the return table of every recipient exported to .xlsx (GET /notices/:id/returns.xlsx) < 5 s
 * For (c) the bench writes a return for each recipient straight into the tables (fixture only).
 *
 * Settings: BENCH_MEMBERS, BENCH_CHAMBERS (2,500), BENCH_SENDS (5), BENCH_EXPORTS (5), BENCH_N (300), BENCH_CLIENTS (10),
 * BENCH_PER_CLIENT (50), BENCH_WARMUP (30).
 */
import './production-env';
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { seedScale } from '@crm/demo';
import { toInitials, toPinyin } from '@crm/region';
import { DataSource } from 'typeorm';
import { log, machineLine, measureInWorker, startBench, stats } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2_000);
const SENDS = Number(process.env.BENCH_SENDS ?? 5);
const EXPORTS = Number(process.env.BENCH_EXPORTS ?? 5);
const N = Number(process.env.BENCH_N ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);

const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id recipientCount } }`;
const PAGE = `query($id: ID!, $after: String) { noticeRecipients(noticeId: $id, first: 50, after: $after) {
  edges { node { id label kind chamberId state overdue readAt acknowledgedAt reminderCount returned memberCount } } pageInfo { hasNextPage endCursor } } }`;

const CHAMBERS = Number(process.env.BENCH_CHAMBERS ?? 2_500);

/**
 * Tops the scale network up to CHAMBERS active chambers (the chamber benchmark's size): industry
 * branches (行业分会) at county level under the prefecture chambers, over real county codes.
 * A fixture written straight into the table, as the chamber benchmark loads its network.
 */
async function topUpChambers(dataSource: DataSource): Promise<number> {
  const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM chamber WHERE status = 'ACTIVE'`)) as { n: number }[];
  if (n >= CHAMBERS) return 0;
  const slots = (await dataSource.query(
    `SELECT p.id AS "parentId", p.name AS parent, r.code, r.name AS region, r.province_code AS "provinceCode"
       FROM chamber p JOIN region r ON r.parent_code = p.region_code AND r.level = 'COUNTY'
      WHERE p.status = 'ACTIVE' AND p.level = 'PREFECTURE' ORDER BY p.id, r.code`,
  )) as { parentId: string; parent: string; code: string; region: string; provinceCode: string }[];
  if (!slots.length) throw new Error('no prefecture chambers to hang industry branches under');
  const rows: unknown[][] = [];
  for (let i = 0; rows.length < CHAMBERS - n; i++) {
    const s = slots[i % slots.length];
    const name = `${s.region}温州商会第${i + 1}行业分会`;
    rows.push([name, toPinyin(name), toInitials(name), 'COUNTY', 'INDUSTRY', s.code, s.provinceCode, s.parentId, 'ACTIVE', '2012-06-01']);
  }
  for (let i = 0; i < rows.length; i += 400) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + 400).map((r) => {
      const base = params.length;
      params.push(...r);
      return `(${r.map((_, k) => `$${base + k + 1}`).join(', ')})`;
    });
    await dataSource.query(
      `INSERT INTO chamber (name, name_pinyin, name_initials, level, kind, region_code, province_code, parent_id, status, founded_on) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  await dataSource.query('VACUUM ANALYZE chamber');
  return rows.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await startBench('notices', async (dataSource) => {
    const [{ m }] = (await dataSource.query(`SELECT count(*)::int AS m FROM member`)) as { m: number }[];
    if (m === 0) {
      const t0 = performance.now();
      const summary = await seedScale(dataSource, { members: MEMBERS, seed: 42, log: (line) => log(`  ${line}`) });
      log(`Seeded ${summary.members} members and the scale chambers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const added = await topUpChambers(dataSource);
    if (added) log(`Added ${added} industry branches: ${CHAMBERS} active chambers`);
    await dataSource.query('VACUUM ANALYZE');
  });
  const { dataSource, endpoint, token, post } = bench;
  try {
    const load: number[] = [loadavg()[0]];
    // (a) sends
    const sendTimes: number[] = [];
    let noticeId = '';
    let recipients = 0;
    for (let i = 0; i < SENDS; i++) {
      const t0 = performance.now();
      const res = await post(
        SEND,
        {
          input: {
            title: `基准测试通知 ${i + 1}`,
            body: '各商会：\n\n请于截止日前填报。',
            deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            target: { kind: 'ALL_CHAMBERS' },
            returnForm: [
              { key: 'staff', label: '专职人员数', type: 'NUMBER', required: true },
              { key: 'founded', label: '成立日期', type: 'DATE' },
              { key: 'party', label: '是否建立党组织', type: 'CHOICE', options: ['是', '否'] },
              { key: 'note', label: '备注', type: 'TEXT' },
            ],
          },
        },
        token,
      );
      sendTimes.push(performance.now() - t0);
      noticeId = res.sendNotice.id as string;
      recipients = res.sendNotice.recipientCount as number;
    }
    load.push(loadavg()[0]);

    // (b) receipt pages: every page of the last notice, as variable sets
    const variables: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      variables.push(after ? { id: noticeId, after } : { id: noticeId });
      const page = await post(PAGE, after ? { id: noticeId, after } : { id: noticeId }, token);
      if (!page.noticeRecipients.pageInfo.hasNextPage) break;
      after = page.noticeRecipients.pageInfo.endCursor as string;
    }
    // Receipts in every state, so the page reads what a real one holds.
    await dataSource.query(
      `UPDATE notice_recipient SET read_at = now() - interval '1 day', acknowledged_at = CASE WHEN random() < 0.5 THEN now() END WHERE notice_id = $1 AND random() < 0.6`,
      [noticeId],
    );
    const run = await measureInWorker({ endpoint, token, query: PAGE, variables, warmup: WARMUP, n: N, clients: CLIENTS, perClient: PER_CLIENT });
    load.push(loadavg()[0]);
    const seq = stats(run.sequential, run.sequentialElapsed);
    const con = stats(run.concurrent, run.concurrentElapsed);

    // (c) a return from every recipient (fixture), then the export
    const [{ admin }] = (await dataSource.query(`SELECT id AS admin FROM app_user WHERE role = 'ADMIN' AND active ORDER BY created_at LIMIT 1`)) as { admin: string }[];
    await dataSource.query(
      `INSERT INTO notice_return (notice_id, recipient_id, answers, submitted_by)
       SELECT r.notice_id, r.id, jsonb_build_array(
                jsonb_build_object('key', 'staff', 'value', (1 + (random() * 20)::int)::text, 'memberIds', NULL, 'fileId', NULL),
                jsonb_build_object('key', 'founded', 'value', '2010-05-18', 'memberIds', NULL, 'fileId', NULL),
                jsonb_build_object('key', 'party', 'value', CASE WHEN random() < 0.5 THEN '是' ELSE '否' END, 'memberIds', NULL, 'fileId', NULL),
                jsonb_build_object('key', 'note', 'value', '本年度工作正常开展，会员发展稳定。', 'memberIds', NULL, 'fileId', NULL)), $2
         FROM notice_recipient r WHERE r.notice_id = $1 ON CONFLICT DO NOTHING`,
      [noticeId, admin],
    );
    const exportTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < EXPORTS; i++) {
      const t0 = performance.now();
      const res = await fetch(endpoint.replace('/graphql', `/notices/${noticeId}/returns.xlsx`), { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new Error(`export failed: ${res.status} ${body.toString('utf8').slice(0, 300)}`);
      exportTimes.push(performance.now() - t0);
      bytes = body.length;
    }
    load.push(loadavg()[0]);

    log('');
    log(await machineLine(dataSource));
    log(`Load average (1 min) during the runs: ${load.map((l) => l.toFixed(2)).join(', ')}`);
    log(`${recipients} recipients per notice; ${variables.length} receipt pages of 50; warm-up ${WARMUP}, ${N} sequential, ${CLIENTS}×${PER_CLIENT} concurrent`);
    log('');
    log('| case | runs | median | max / p95 | target |');
    log('| --- | ---: | ---: | ---: | --- |');
    const sendOk = median(sendTimes) < 2000;
    const pageOk = seq.p95 < 50;
    const exportOk = median(exportTimes) < 5000;
    log(`| (a) sendNotice → ${recipients} chambers (resolved, kept) | ${SENDS} | ${median(sendTimes).toFixed(0)} ms | max ${Math.max(...sendTimes).toFixed(0)} ms | < 2 s: ${sendOk ? 'met' : 'MISSED'} |`);
    log(`| (b) receipt table page of 50, sequential | ${seq.n} | ${seq.median.toFixed(1)} ms | p95 ${seq.p95.toFixed(1)} ms | p95 < 50 ms: ${pageOk ? 'met' : 'MISSED'} |`);
    log(`| (b) receipt table page of 50, ${CLIENTS} clients | ${con.n} | ${con.median.toFixed(1)} ms | p95 ${con.p95.toFixed(1)} ms | ${con.rps.toFixed(0)} req/s |`);
    log(`| (c) return table → .xlsx (${recipients} rows, ${(bytes / 1024).toFixed(0)} kB) | ${EXPORTS} | ${median(exportTimes).toFixed(0)} ms | max ${Math.max(...exportTimes).toFixed(0)} ms | < 5 s: ${exportOk ? 'met' : 'MISSED'} |`);
    log('');
    log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = sendOk && pageOk && exportOk ? 0 : 1;
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
