/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '@crm/auth';
import { createChamber, createOfficial, createUser, expectData, login, TestApp, createTestApp, uniqueEmail } from '@crm/testing';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * The office's pages in a real Chromium against the real app (embedded PostgreSQL): an
 * administrator sees the dashboards drawn (a canvas per chart, the figures beneath them those of
 * the data made here), creates a user (a bad e-mail first: the API's Chinese message beside the
 * field), creates an API key (the secret shown once) and revokes it, and finds those actions in the
 * audit log; a chamber secretary has none of these pages in the menu and gets 无权 by URL.
 */
jest.setTimeout(150_000);

describe('admin UI: the office pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: { email: string; password: string };
  let secretary: { email: string; password: string };
  let hebei: { covered: number; localities: number };
  const year = new Date().getFullYear();

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    // Webhooks to this machine allowed: the spec's subscription points at a closed local port.
    [t, browser] = await Promise.all([createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;

    const a = await createUser(t, { role: Role.Admin, displayName: '钱主任' });
    admin = { email: a.user.email, password: a.password };
    const chamber = await createChamber(t, { name: '石家庄温州商会（看板测试）', regionCode: '130100' });
    const s = await createUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id, displayName: '孙秘书' });
    secretary = { email: s.user.email, password: s.password };
    const official = await createOfficial(t, { name: '周看板' });

    const token = (await login(t, admin.email, admin.password)).accessToken;
    // Today as the API dates it (its "not in the future" rule reads the server's UTC date; the
    // Beijing date is a day ahead from 16:00 UTC, and a visit dated by it was refused then).
    const today = new Date().toISOString().slice(0, 10);
    expectData(
      await t.gql(
        `mutation($v: CreateVisitInput!) { createVisit(input: $v) { id } }`,
        { v: { kind: 'SEMINAR', direction: 'OUTBOUND', place: '石家庄', visitedOn: today, chamberIds: [chamber.id], officials: [{ officialId: official.id, leads: true }] } },
        token,
      ),
    );
    expectData(await t.gql(`mutation($i: RaiseFeedbackInput!) { raiseOpinion(input: $i) { id } }`, { i: { category: 'POLICY', text: '希望简化审批流程', raisedByChamberId: chamber.id } }, token));
    expectData(await t.gql(`mutation($i: SetInvestmentTargetInput!) { setInvestmentTarget(input: $i) { id } }`, { i: { unitKind: 'CITY', year, fundsTarget: '50000000000.00' } }, token));
    expectData(
      await t.gql(`mutation($i: SetInvestmentTargetInput!) { setInvestmentTarget(input: $i) { id } }`, { i: { unitKind: 'COUNTY', countyCode: '330381', year, fundsTarget: '1234560000.00' } }, token),
    );
    const coverage = expectData(await t.gql<{ chamberCoverage: { provinces: { provinceCode: string; covered: number; localities: number }[] } }>(`{ chamberCoverage { provinces { provinceCode covered localities } } }`, {}, token));
    hebei = coverage.chamberCoverage.provinces.find((p) => p.provinceCode === '13')!;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `office-${name}.png`), fullPage: true });
  async function signIn(email: string, password: string) {
    await page.goto(`${base}/admin/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-menu').waitFor();
  }
  const formItem = (label: string) => page.locator('.ant-modal .ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
  async function choose(label: string, option: string, typed?: string) {
    await formItem(label).locator('.ant-select-selector').click();
    if (typed) await page.keyboard.type(typed);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
  }
  const row = (testId: string, text: string) => page.getByTestId(testId).locator('tr.ant-table-row').filter({ hasText: text });

  it('an administrator sees every dashboard drawn, with the figures of the data made here beneath', async () => {
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } })).newPage();
    await signIn(admin.email, admin.password);
    await page.getByTestId('main-menu').getByText('数据看板').click();
    await page.waitForURL(/\/admin\/dashboards$/);
    for (const chart of ['chart-chamber-coverage', 'chart-party-coverage', 'chart-investment-months', 'chart-investment-counties', 'chart-visits-months', 'chart-feedback-status']) {
      await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    }
    // Chamber coverage: 河北 has the chamber made here; below 80%, so it is listed as below goal.
    const hebeiRow = row('table-chamber-coverage', '河北省');
    await hebeiRow.waitFor();
    const cells = await hebeiRow.locator('td').allInnerTexts();
    expect(hebei.covered).toBe(1);
    expect(cells.slice(0, 3)).toEqual(['河北省', String(hebei.localities), '1']);
    await page.getByTestId('coverage-below-goal').getByText('河北省').waitFor();
    // Party coverage: the chamber counts, without a party unit yet.
    expect(await row('table-party-coverage', '河北省').locator('td').allInnerTexts()).toEqual(expect.arrayContaining(['河北省', '1', '0', '0.0%']));
    // Funds against the targets set here: 500 亿 for the city, 12.3456 亿 for 瑞安市; nothing in place yet.
    await page.getByTestId('panel-investment').getByText('500.00 亿元').waitFor();
    const ruian = await row('table-investment-counties', '瑞安市').locator('td').allInnerTexts();
    expect(ruian).toEqual(['瑞安市', '0.00 万元', '12.35 亿元', '0.0%', '0']);
    await page.getByTestId('table-investment-months').locator('tr.ant-table-row').nth(11).waitFor();
    expect(await page.getByTestId('table-investment-months').locator('tr.ant-table-row').count()).toBe(12);
    // The visit and the opinion made here, in Chinese.
    expect(await row('table-visits-kinds', '座谈会').locator('td').allInnerTexts()).toEqual(['座谈会', '1']);
    expect(await row('table-feedback-status', '待交办').locator('td').allInnerTexts()).toEqual(['待交办', '1']);
    expect(await page.getByTestId('dashboards').innerText()).not.toMatch(/\b(SEMINAR|OPEN|ASSIGNED)\b/);
    await shot('dashboards');
  });

  it('creates a user: a bad e-mail is refused with the Chinese message beside the field, then the account is made', async () => {
    await page.getByTestId('main-menu').getByText('用户').click();
    await page.waitForURL(/\/admin\/users$/);
    await row('user-table', secretary.email).waitFor();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-email').fill('not-an-email');
    await page.getByTestId('user-display-name').fill('吴科长');
    await choose('角色', '县市区工作人员');
    await choose('所属县市区', '瑞安市', '瑞安');
    await page.getByTestId('user-save').click();
    await formItem('邮箱（登录名）').locator('.ant-form-item-explain-error').getByText('不是有效的电子邮件地址').waitFor();
    await shot('users-bad-email');

    const email = uniqueEmail('office');
    await page.getByTestId('user-email').fill(email);
    await page.getByTestId('user-save').click();
    const password = await page.getByTestId('temporary-password').innerText();
    expect(password.length).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: /知道了|确\s*定|OK/ }).click();
    const created = row('user-table', email);
    await created.waitFor();
    expect(await created.innerText()).toContain('县市区工作人员');
    expect(await created.innerText()).toContain('瑞安市');
    expect(await created.innerText()).toContain('待修改临时密码');
    // The temporary password signs in (the API, not the page, is the judge).
    expect((await login(t, email, password)).accessToken).toBeTruthy();
    await shot('users');

    // Edit: another name, disabled; then a new temporary password.
    await page.getByTestId(`user-edit-${email}`).click();
    await page.getByTestId('user-display-name').fill('吴副科长');
    await formItem('账号状态').locator('button[role="switch"]').click();
    await page.getByTestId('user-save').click();
    await created.getByText('已停用').waitFor();
    expect(await created.innerText()).toContain('吴副科长');
    await created.getByRole('button', { name: /重置密码/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /重\s*置/ }).click();
    const second = await page.getByTestId('temporary-password').innerText();
    expect(second).not.toBe(password);
    await page.getByRole('button', { name: /知道了|确\s*定|OK/ }).click();
  });

  it('creates an API key (the secret shown once) and revokes it', async () => {
    await page.getByTestId('main-menu').getByText('API 密钥').click();
    await page.waitForURL(/\/admin\/api-keys$/);
    await page.getByTestId('api-key-add').click();
    await page.getByTestId('api-key-name').fill('瑞安市数据平台（测试）');
    await choose('权限', '读取会员');
    await page.keyboard.press('Escape');
    await page.getByTestId('api-key-save').click();
    const secret = await page.getByTestId('api-key-secret').innerText();
    expect(secret).toMatch(/^crm_[A-Za-z0-9]+_\S+$/);
    await page.getByTestId('api-key-created').getByText('只显示这一次').waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-fade-appear, .ant-fade-enter'));
    await shot('api-key-created');
    await page.getByRole('button', { name: '我已保存' }).click();
    const keyRow = row('api-key-table', '瑞安市数据平台（测试）');
    await keyRow.getByText('有效').waitFor();
    expect(await page.getByTestId('api-key-table').innerText()).not.toContain(secret);
    const asKey = () => t.gql<{ members: { totalCount: number } | null }>(`{ members(first: 1) { totalCount } }`, {}, secret);
    expect((await asKey()).body.errors).toBeUndefined();
    await keyRow.getByRole('button', { name: '撤 销' }).or(keyRow.getByRole('button', { name: '撤销' })).click();
    await page.getByTestId('api-key-revoke-confirm').click();
    await keyRow.getByTestId('api-key-revoked').waitFor();
    // The key is refused from now on.
    expect((await asKey()).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await shot('api-keys');
  });

  it('lists the webhook subscriptions made with a key, with their delivery log and a test delivery', async () => {
    const token = (await login(t, admin.email, admin.password)).accessToken;
    const made = expectData(
      await t.gql<{ createApiKey: { key: string } }>(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }`, { i: { name: '推送测试平台', scopes: ['MEMBERS_READ', 'WEBHOOKS_MANAGE'] } }, token),
    );
    expectData(
      await t.gql(`mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret } }`, { i: { url: 'http://127.0.0.1:9/hook', eventTypes: ['member.*'] } }, made.createApiKey.key),
    );
    await page.reload();
    await page.getByRole('tab', { name: '事件推送订阅' }).click();
    const sub = row('webhook-table', 'http://127.0.0.1:9/hook');
    await sub.waitFor();
    expect(await sub.innerText()).toContain('推送测试平台');
    expect(await sub.innerText()).toContain('启用');
    await sub.locator('.ant-table-row-expand-icon').click();
    await page.getByRole('button', { name: '发送测试推送' }).click();
    await page.getByTestId('webhook-table').getByText('webhook.ping').first().waitFor();
    await shot('webhooks');
  });

  it('finds those actions in the audit log, in Chinese, a row opening to its details', async () => {
    await page.getByTestId('main-menu').getByText('审计日志').click();
    await page.waitForURL(/\/admin\/audit$/);
    const table = page.getByTestId('audit-table');
    await table.getByText('API 密钥 · 撤销').first().waitFor();
    await table.getByText('API 密钥 · 新建').first().waitFor();
    await table.getByText('用户 · 新建').first().waitFor();
    await table.locator('tr.ant-table-row').filter({ hasText: '用户 · 新建' }).first().click();
    const details = page.getByTestId('audit-details').first();
    await details.getByText('user.create').waitFor();
    expect(await table.locator('tr.ant-table-row').filter({ hasText: '用户 · 新建' }).first().innerText()).toContain(admin.email);
    // Filtered by action: only revocations.
    await page.getByTestId('audit-operation').locator('.ant-select-selector').click();
    await page.keyboard.type('撤销');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: 'API 密钥 · 撤销' }).click();
    await page.waitForFunction(() => {
      const ops = Array.from(document.querySelectorAll('[data-testid="audit-table"] tr.ant-table-row td:nth-child(4)')).map((c) => (c as HTMLElement).innerText);
      return ops.length > 0 && ops.every((o) => o === 'API 密钥 · 撤销');
    });
    await shot('audit');
  });

  it('a party officer sees the panels the API serves it (coverage), not funds or visits', async () => {
    const officer = await createUser(t, { role: Role.PartyOfficer, displayName: '郑党委' });
    await page.context().close();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
    await signIn(officer.user.email, officer.password);
    const menu = await page.getByTestId('main-menu').innerText();
    expect(menu).toContain('数据看板');
    expect(menu).not.toContain('审计日志');
    await page.getByTestId('main-menu').getByText('数据看板').click();
    await page.locator('[data-testid="chart-chamber-coverage"] canvas').waitFor();
    await page.locator('[data-testid="chart-party-coverage"] canvas').waitFor();
    expect(await page.getByTestId('panel-investment').count()).toBe(0);
    expect(await page.getByTestId('panel-visits').count()).toBe(0);
    expect(await page.getByTestId('panel-feedback').count()).toBe(0);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await shot('dashboards-party-officer');
  });

  it('a chamber secretary has no office page in the menu and gets 无权 by URL, not the data', async () => {
    await page?.context().close();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
    await signIn(secretary.email, secretary.password);
    const menu = await page.getByTestId('main-menu').innerText();
    for (const entry of ['数据看板', '用户', 'API 密钥', '审计日志']) expect(menu).not.toContain(entry);
    for (const path of ['dashboards', 'users', 'api-keys', 'audit']) {
      await page.goto(`${base}/admin/${path}`);
      await page.getByTestId('forbidden').getByText('无权访问').waitFor();
      const text = await page.locator('main, .ant-layout-content').first().innerText();
      expect(text).not.toContain(admin.email);
      expect(text).not.toContain('河北省');
      expect(await page.locator('canvas').count()).toBe(0);
    }
    await shot('forbidden');
  });
});
