/**
 * The admin UI's screenshots for docs/admin-ui.md, taken against the demo data:
 *
 *   npm run screenshots            (writes docs/images/admin/*.png)
 *
 * Builds the UI, starts the app on an embedded PostgreSQL in a temporary directory (as the
 * benchmarks do), seeds the demo data `npm start` shows, then signs in as the Shanghai
 * secretariat and as an administrator in headless Chromium and photographs the main pages at
 * 1366×900. Chinese needs a CJK font on the machine (Debian: fonts-noto-cjk); without one the
 * text renders as boxes. Nothing in the build or the tests depends on this script.
 */
import '../bench/production-env';
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DemoSeedService } from '@crm/demo';
import { AppConfig } from '@crm/shared';
import { ensureBenchAdmin, log, startBench } from '../bench/support';
import { buildAdminUi, launchChromium } from '../test/support/browser';

const OUT = join(__dirname, '..', 'docs', 'images', 'admin');
const SECRETARY = { email: 'shanghai@demo.crm', password: 'Wenzhou-demo-2026' };

/** A page to photograph: where, and what shows it has loaded. */
interface Shot {
  name: string;
  path: string | ((page: Page, base: string) => Promise<string>);
  ready: (page: Page) => Promise<unknown>;
}

const tableRow = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
/** The first row's link in the page's table: a detail page of the demo data. */
const firstLink = (list: string, prefix: string) => async (page: Page, base: string) => {
  await page.goto(`${base}/admin${list}`);
  await tableRow(page);
  const href = await page.locator(`.ant-table-tbody a[href*="${prefix}"]`).first().getAttribute('href');
  if (!href) throw new Error(`no link to ${prefix} on ${list}`);
  return href.replace(/^\/admin/, '');
};

const SECRETARY_SHOTS: Shot[] = [
  { name: 'home', path: '/', ready: (p) => p.locator('[data-testid="chart-county"] canvas').waitFor() },
  { name: 'members', path: '/members', ready: tableRow },
  { name: 'member', path: firstLink('/members', '/members/'), ready: (p) => p.getByText('所属商会').first().waitFor() },
  { name: 'party', path: '/party', ready: tableRow },
  { name: 'opinions', path: '/opinions', ready: tableRow },
  { name: 'honours', path: '/honours', ready: (p) => p.locator('.ant-tabs').waitFor() },
  { name: 'notices', path: '/notices', ready: (p) => p.locator('.ant-tabs').waitFor() },
  { name: 'meetings', path: '/meetings', ready: (p) => p.locator('.ant-tabs, .ant-table').first().waitFor() },
  { name: 'projects', path: '/projects', ready: (p) => p.locator('.ant-table').first().waitFor() },
];
const ADMIN_SHOTS: Shot[] = [
  { name: 'project', path: firstLink('/projects', '/projects/'), ready: (p) => p.getByText('到位资金').first().waitFor() },
  { name: 'dashboards', path: '/dashboards', ready: (p) => p.locator('canvas').first().waitFor() },
  { name: 'users', path: '/users', ready: tableRow },
  { name: 'audit', path: '/audit', ready: tableRow },
];

async function photograph(browser: Browser, base: string, who: { email: string; password: string }, shots: Shot[]): Promise<void> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  for (const shot of shots) {
    const path = typeof shot.path === 'string' ? shot.path : await shot.path(page, base);
    await page.goto(`${base}/admin${path}`);
    await shot.ready(page);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, `${shot.name}.png`) });
    log(`  ${shot.name}.png  (${path})`);
  }
  await context.close();
}

async function main(): Promise<void> {
  log('Building the admin UI…');
  process.env.ADMIN_UI_DIR = buildAdminUi();
  const env = await startBench('screenshots', async () => undefined);
  let browser: Browser | undefined;
  try {
    // The demo data `npm start` seeds (the benchmark environment runs as production, without it).
    env.app.get(AppConfig).SEED = true;
    await env.app.get(DemoSeedService).bootstrap();
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    const base = env.endpoint.replace(/\/graphql$/, '');
    await photograph(browser, base, SECRETARY, SECRETARY_SHOTS);
    await photograph(browser, base, await ensureBenchAdmin(env.dataSource), ADMIN_SHOTS);
    log(`Screenshots written to ${OUT}`);
  } finally {
    await browser?.close();
    await env.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
