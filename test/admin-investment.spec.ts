/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '@crm/auth';
import { createChamber, createOfficial, createTestApp, createUser, expectData, login, TestApp } from '@crm/testing';
import { money, wan, yi } from '../apps/admin/src/i18n/money';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * 回归项目 in a real Chromium against the real app: an administrator registers a project (a bad
 * amount first: the API's Chinese message beside the field), moves it to 签约 with its date,
 * records funds in place and sees the 万元 figures change, assigns a service officer, reads the
 * report; a chamber secretary sees the projects its chamber introduced and not another chamber's
 * (by URL: 未找到); the project official sees only the project assigned to them and posts progress.
 * Screenshots: test-output/screenshots/investment-*.png.
 */
jest.setTimeout(120_000);

const CREATE = `mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) { id } }`;

describe('money on the investment pages (BigInt, no floats)', () => {
  it('reads yuan strings in 万元 and 亿元, rounded half up', () => {
    expect(wan('150000000.00')).toBe('15,000.00 万元');
    expect(wan('12345.5')).toBe('1.23 万元');
    expect(wan('12350')).toBe('1.24 万元');
    expect(yi('41009000000.00')).toBe('410.09 亿元');
    expect(money('99999999.99')).toBe('10,000.00 万元');
    expect(money('100000000')).toBe('1.00 亿元');
    expect(money('-100000.00')).toBe('-10.00 万元');
    // Past 2^53: exact, where a float would not be.
    expect(yi('90071992547409.93')).toBe('900,719.93 亿元');
    expect(money(null)).toBe('—');
  });
});

describe('回归项目 in a browser (administrator, chamber secretary, project official)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: { email: string; password: string };
  let secretary: { email: string; password: string };
  let projectOfficial: { email: string; password: string };
  let theirs: { id: string };
  let ours: string;

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;

    const chamber = await createChamber(t, { name: '上海市温州商会（项目测试）' });
    const other = await createChamber(t, { name: '北京市温州商会（项目测试）' });
    const a = await createUser(t, { role: Role.Admin, displayName: '王主任' });
    admin = { email: a.user.email, password: a.password };
    const s = await createUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id, displayName: '陈秘书' });
    secretary = { email: s.user.email, password: s.password };
    const official = await createOfficial(t, { name: '林服务员', countyCode: '330381', title: '科长', unit: '瑞安市投资促进中心' });
    const o = await createUser(t, { role: Role.ProjectOfficial, officialId: official.id, displayName: '林服务员' });
    projectOfficial = { email: o.user.email, password: o.password };
    const token = (await login(t, admin.email, admin.password)).accessToken;
    theirs = expectData(
      await t.gql<{ createInvestmentProject: { id: string } }>(
        CREATE,
        { input: { name: '北京商会引荐的智能制造项目', destinationCountyCode: '330381', chamberId: other.id, totalInvestment: '300000000.00', leadOn: '2025-03-01' } },
        token,
      ),
    ).createInvestmentProject;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(user: { email: string; password: string }, path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/admin${path}`);
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === `/admin${path}`);
    return { context, page };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `investment-${name}.png`), fullPage: true });
  const rows = (page: Page) => page.locator('[data-testid="project-table"] .ant-table-tbody tr.ant-table-row');
  /** Picks an option of an antd Select by its visible text. */
  async function choose(page: Page, select: ReturnType<Page['getByTestId']>, option: string): Promise<void> {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }

  it('as an administrator: registers a project (a bad amount refused beside the field), signs it, records funds in place', async () => {
    const { context, page } = await signIn(admin, '/projects');
    await rows(page).filter({ hasText: '北京商会引荐的智能制造项目' }).waitFor();
    expect(await rows(page).first().innerText()).toContain('3.00 亿元');

    await page.getByTestId('project-new').click();
    await page.waitForURL(/\/admin\/projects\/new$/);
    await page.getByTestId('field-name').fill('上海商会引荐的新材料项目');
    await choose(page, page.getByTestId('field-county'), '瑞安市');
    await choose(page, page.getByTestId('field-chamber'), '上海市温州商会（项目测试）');
    const total = page.getByTestId('field-totalInvestment');
    await total.fill('1.234');
    await page.getByTestId('project-save').click();
    const totalItem = page.locator('.ant-form-item', { has: total });
    await totalItem.locator('.ant-form-item-explain-error').getByText(/金额须为.*最多 14 位整数、2 位小数/).waitFor();
    expect(page.url()).toMatch(/\/projects\/new$/);
    await shot(page, 'form-error');

    await total.fill('150000000.00');
    await totalItem.getByText('= 1.50 亿元').waitFor();
    await page.getByTestId('project-save').click();
    await page.waitForURL(/\/admin\/projects\/[0-9a-f-]{36}$/);
    ours = page.url().split('/').pop() as string;
    await page.getByTestId('project-stage').getByText('洽谈').waitFor();
    expect(await page.getByTestId('project-total-investment').innerText()).toBe('1.50 亿元');
    expect(await page.getByTestId('project-funds').innerText()).toBe('0.00 万元');

    // 签约 with its date (today, the dialog's default).
    await page.getByTestId('action-move-stage').click();
    await choose(page, page.getByTestId('move-stage-stage'), '签约');
    await page.getByTestId('move-stage-ok').click();
    await page.getByTestId('project-stage').getByText('签约').waitFor();
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
    });
    await page.getByTestId('stage-history').getByText(`${today}：洽谈 → 签约`).waitFor();
    await page.getByText(`签约日期`).waitFor();

    // Funds in place: a bad amount first (the API's message in the dialog), then a good one.
    await page.getByTestId('action-funding').click();
    await page.getByTestId('funding-amount').fill('-5');
    await page.getByTestId('funding-ok').click();
    await page.locator('.ant-form-item', { has: page.getByTestId('funding-amount') }).locator('.ant-form-item-explain-error').getByText('金额必须大于零').waitFor();
    await page.getByTestId('funding-amount').fill('25000000.00');
    await page.getByTestId('funding-note').fill('银行回单');
    await page.getByTestId('funding-ok').click();
    await page.getByTestId('project-funds').getByText('2,500.00 万元').waitFor();
    const record = page.locator('[data-testid="funding-table"] .ant-table-tbody tr.ant-table-row').first();
    expect(await record.innerText()).toMatch(/2,500\.00 万元[\s\S]*省外资金[\s\S]*银行回单/);

    await page.getByTestId('action-note').click();
    await page.getByTestId('note-text').fill('土地摘牌完成，正在办理施工许可');
    await page.getByTestId('note-ok').click();
    await page.getByTestId('notes').getByText(/土地摘牌完成/).waitFor();
    // The service officer, who then reaches this project (and only this one).
    await page.getByTestId('action-assign').click();
    await choose(page, page.getByTestId('assign-officialId'), '林服务员');
    await choose(page, page.getByTestId('assign-role'), '服务专员');
    await page.getByTestId('assign-ok').click();
    await page.getByTestId('officials').getByRole('cell', { name: '瑞安市投资促进中心科长' }).waitFor();
    expect(await page.getByTestId('officials').innerText()).toMatch(/服务专员\s+林服务员/);
    const text = await page.getByTestId('project-page').innerText();
    expect(text).not.toMatch(/\b(LEAD|SIGNED|OUT_OF_PROVINCE|CITY|COUNTY)\b/);
    await shot(page, 'project');

    await page.goto(`${base}/admin/projects`);
    const row = rows(page).filter({ hasText: '上海商会引荐的新材料项目' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/瑞安市[\s\S]*上海市温州商会（项目测试）[\s\S]*签约[\s\S]*1\.50 亿元[\s\S]*2,500\.00 万元/);
    await choose(page, page.getByTestId('filter-stage'), '签约');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="project-table"] .ant-table-tbody tr.ant-table-row').length === 1);
    await shot(page, 'list');
    // The search box: two characters of the project's name find it; of nothing, an empty table.
    await page.goto(`${base}/admin/projects`);
    await page.getByTestId('project-search').fill('新材');
    await page.getByTestId('project-search').press('Enter');
    await page.waitForURL(/q=%E6%96%B0%E6%9D%90/);
    await rows(page).filter({ hasText: '上海商会引荐的新材料项目' }).waitFor();
    await page.getByTestId('project-search').fill('无此项目');
    await page.getByTestId('project-search').press('Enter');
    await page.locator('[data-testid="project-table"] .ant-empty').waitFor();

    await page.goto(`${base}/admin/projects/report`);
    await page.getByTestId('report-total').getByText('0.25 亿元').waitFor();
    await page.getByTestId('report-table').getByText('瑞安市').waitFor();
    await shot(page, 'report');
    // The monthly .xlsx, fetched with the bearer token and saved as a download.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = await file.path();
    expect(readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    await context.close();
  });

  it('as a chamber secretary: sees the projects its chamber introduced, and not another chamber\'s (by URL: 未找到)', async () => {
    const { context, page } = await signIn(secretary, '/projects');
    await rows(page).filter({ hasText: '上海商会引荐的新材料项目' }).waitFor();
    expect(await rows(page).count()).toBe(1);
    expect(await page.getByTestId('project-total').innerText()).toContain('共 1 个项目');
    expect(await page.getByTestId('project-new').count()).toBe(0);

    await page.goto(`${base}/admin/projects/${ours}`);
    await page.getByTestId('project-funds').getByText('2,500.00 万元').waitFor();
    expect(await page.getByTestId('action-funding').count()).toBe(0);

    await page.goto(`${base}/admin/projects/${theirs.id}`);
    await page.getByText('该项目不存在，或不在您的权限范围内。').waitFor();
    await page.locator('.ant-result-title').getByText('未找到').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('北京商会引荐的智能制造项目');
    await shot(page, 'not-found');
    await context.close();
  });

  it('as a project official: sees only the project assigned now, posts progress on it; another project by URL is 未找到', async () => {
    const { context, page } = await signIn(projectOfficial, '/projects');
    await rows(page).filter({ hasText: '上海商会引荐的新材料项目' }).waitFor();
    expect(await rows(page).count()).toBe(1);
    await rows(page).getByText('上海商会引荐的新材料项目').click();
    await page.getByTestId('project-funds').getByText('2,500.00 万元').waitFor();
    expect(await page.getByTestId('action-funding').count()).toBe(0);
    await page.getByTestId('action-note').click();
    await page.getByTestId('note-text').fill('已协调施工许可材料');
    await page.getByTestId('note-ok').click();
    await page.getByTestId('notes').getByText('已协调施工许可材料（林服务员）').waitFor();

    await page.goto(`${base}/admin/projects/${theirs.id}`);
    await page.getByText('该项目不存在，或不在您的权限范围内。').waitFor();
    await context.close();
  });
});
