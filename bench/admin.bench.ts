/**
 * Benchmark of the admin UI in a real headless Chromium (@sparticuz/chromium) against the real
 * application and a real PostgreSQL:
 *
 *   npm run bench:admin
 *
 * Builds the UI (Vite, as `npm run build`), starts an embedded PostgreSQL in a temporary
 * directory with BENCH_MEMBERS scale members (default 5,000, seed 42; or DATABASE_URL), the app
 * serving the build at /admin, and prints:
 *   (a) the JavaScript a first visit downloads, raw and gzipped (level 9, what a compressing proxy
 *       sends; the app itself sends it uncompressed), for the sign-in page and for the member list:
 *       goal under 500 kB gzipped, routes split;
 *   (b) navigation to a usable member table (rows on screen) at /admin/members, signed in (the
 *       session restored from the refresh cookie, then `me`, then the first page of 20), cold (new
 *       browser context: empty cache) and warm (same context); goal under 1.5 s;
 *   (c) the member table re-rendering a page of 50 (a column shown or hidden: React render,
 *       commit and layout to the next frame), measured in the page; goal under 200 ms.
 * BENCH_RUNS (7) runs each of (b) and (c); medians with min and max.
 */
import './production-env';
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedScale } from '@crm/demo';
import { buildAdminUi } from '../test/support/browser';
import { ensureBenchAdmin, log, machineLine, startBench } from './support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}; ${xs.length} runs)`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main(): Promise<void> {
  log('Building the admin UI…');
  const dist = buildAdminUi();
  process.env.ADMIN_UI_DIR = dist;
  const env = await startBench('admin', async (dataSource) => {
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM member`)) as { n: number }[];
    if (n >= MEMBERS) return;
    log(`Seeding ${MEMBERS} members…`);
    await seedScale(dataSource, { members: MEMBERS, seed: 42 });
  });
  const executablePath = execFileSync(process.execPath, ['-e', "import('@sparticuz/chromium').then(async (m) => process.stdout.write(await m.default.executablePath()))"], {
    encoding: 'utf8',
  }).trim();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--no-zygote', '--disable-dev-shm-usage', '--use-gl=angle', '--use-angle=swiftshader', '--in-process-gpu'] });
  try {
    const base = env.endpoint.replace(/\/graphql$/, '');
    const { email, password } = await ensureBenchAdmin(env.dataSource);
    log(await machineLine(env.dataSource));
    log(`Load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    // (a) JavaScript of a first visit.
    const jsOf = async (run: (page: import('playwright-core').Page) => Promise<void>) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const files = new Set<string>();
      page.on('response', (r) => {
        if (r.url().endsWith('.js')) files.add(basename(new URL(r.url()).pathname));
      });
      await run(page);
      await context.close();
      let raw = 0;
      let gz = 0;
      for (const f of files) {
        const body = readFileSync(join(dist, 'assets', f));
        raw += body.length;
        gz += gzipSync(body, { level: 9 }).length;
      }
      return { files: files.size, raw, gz };
    };
    const signIn = async (page: import('playwright-core').Page) => {
      await page.goto(`${base}/admin/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    };
    const loginJs = await jsOf(async (page) => {
      await page.goto(`${base}/admin/login`);
      await page.getByTestId('login-submit').waitFor();
    });
    const membersJs = await jsOf(async (page) => {
      await signIn(page);
      await page.goto(`${base}/admin/members`);
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    });
    log(`(a) first visit JavaScript: sign-in page ${loginJs.files} files, ${kb(loginJs.raw)} raw, ${kb(loginJs.gz)} gzipped; member list (sign-in page, then the list) ${membersJs.files} files, ${kb(membersJs.raw)} raw, ${kb(membersJs.gz)} gzipped (goal < 500 kB)`);

    // (b) Navigation to a usable member table.
    const cold: number[] = [];
    const warm: number[] = [];
    const warmContext = await browser.newContext();
    const warmPage = await warmContext.newPage();
    await signIn(warmPage);
    const cookies = await warmContext.cookies();
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      await context.addCookies(cookies.filter((c) => c.name !== 'crm_refresh'));
      const page = await context.newPage();
      await signIn(page); // its own session: the cookie is single-use per refresh
      await page.goto('about:blank');
      const t0 = Date.now();
      await page.goto(`${base}/admin/members`);
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      cold.push(Date.now() - t0);
      await context.close();
      const t1 = Date.now();
      await warmPage.goto(`${base}/admin/members`);
      await warmPage.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      warm.push(Date.now() - t1);
    }
    log(`(b) navigation to a usable member table (rows visible): cold cache ${fmt(cold)}; warm cache ${fmt(warm)} (goal < 1500 ms)`);

    // (c) Re-rendering a page of 50.
    await warmPage.goto(`${base}/admin/members?size=50`);
    await warmPage.locator('.ant-table-tbody tr.ant-table-row').nth(49).waitFor();
    await warmPage.getByRole('button', { name: /列/ }).click();
    const box = warmPage.locator('.ant-popover .ant-checkbox-wrapper').filter({ hasText: '拼音' }).locator('input');
    await box.waitFor({ state: 'attached' });
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      renders.push(
        await box.evaluate(
          (input) =>
            new Promise<number>((resolve) => {
              const t0 = performance.now();
              (input as HTMLInputElement).click();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            }),
        ),
      );
    }
    const rows = await warmPage.locator('.ant-table-tbody tr.ant-table-row').count();
    log(`(c) re-render of the member table, ${rows} rows, a column toggled: ${fmt(renders)} (goal < 200 ms)`);
    log(`Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await warmContext.close();
  } finally {
    await browser.close();
    await env.close();
    rmSync(dist, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
