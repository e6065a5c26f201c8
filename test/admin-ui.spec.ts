/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '@crm/auth';
import { addMembership, createChamber, createMember, createUser, login, signedInUser, nextIdNumber, nextMobile, TestApp, createTestApp, writeXlsxFile } from '@crm/testing';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * The admin UI in a real Chromium against the real app (embedded PostgreSQL), as a chamber
 * secretary uses it: sign in (a wrong password answered in Chinese), the home page's charts, the
 * one search box (two characters of a name, initials), another chamber's member by URL (not
 * found), a bad ID number (the API's Chinese message beside the field), a lost version race
 * (the dialog), a session ended elsewhere (sign in again over the page, typed input kept), and
 * the refresh cookie out of page scripts' reach. Screenshots go to test-output/screenshots.
 */
jest.setTimeout(120_000);

describe('admin UI in a browser (chamber secretary)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let secretary: { email: string; password: string };
  let ours: { id: string };
  let theirs: { id: string };

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    // Job workers on: an upload is validated and committed by the job queue, as in production.
    [t, browser] = await Promise.all([createTestApp({ JOB_WORKERS: 'true' }), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;

    const chamber = await createChamber(t, { name: '上海市温州商会（界面测试）' });
    const other = await createChamber(t, { name: '北京市温州商会（界面测试）' });
    const created = await createUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id, displayName: '李秘书' });
    secretary = { email: created.user.email, password: created.password };
    ours = await createMember(t, { name: '欧阳建国', phones: ['13911112222'] });
    await addMembership(t, ours.id, chamber.id, { joinedOn: '2020-05-01' });
    const second = await createMember(t, { name: '张晓梅' });
    await addMembership(t, second.id, chamber.id);
    theirs = await createMember(t, { name: '赵远方' });
    await addMembership(t, theirs.id, other.id);
    // An opinion of our member that nobody has answered yet: 首页's to-do list shows it.
    const admin = await signedInUser(t, { role: Role.Admin });
    const raised = await t.gql(`mutation($input: RaiseFeedbackInput!) { raiseOpinion(input: $input) { id } }`, { input: { raisedByMemberId: ours.id, category: 'OTHER', text: '希望家乡简化审批流程' } }, admin.accessToken);
    expect(raised.body.errors).toBeUndefined();

    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const rows = () => page.locator('.ant-table-tbody tr.ant-table-row');
  /** Waits until the table lists exactly these names (the list answers asynchronously); a condition, not a sleep. */
  async function tableShowsSoon(names: string[]): Promise<void> {
    const want = JSON.stringify([...names].sort());
    await page
      .waitForFunction(
        (expected) => {
          const cells = Array.from(document.querySelectorAll('.ant-table-tbody tr.ant-table-row td:first-child'));
          return JSON.stringify(cells.map((c) => (c as HTMLElement).innerText.trim()).sort()) === expected;
        },
        want,
        { timeout: 30_000 },
      )
      .catch(async () => {
        const seen = await rows().locator('td:first-child').allInnerTexts();
        throw new Error(`expected the table to list ${names.join(', ')}; it lists ${seen.join(', ')}`);
      });
  }

  it('redirects / to the UI and sends a deep link without a session to sign-in, refusing a wrong password in Chinese', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/admin\/login\?next=%2F/);
    await page.goto(`${base}/admin/members?q=%E6%AC%A7%E9%98%B3`);
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.getByTestId('login-email').fill(secretary.email);
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('邮箱或密码不正确').waitFor();
    await shot('01-login-error');
  });

  it('signs in and returns to the page asked for; the refresh token is not readable by scripts', async () => {
    await page.getByTestId('login-password').fill(secretary.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/admin\/members\?q=/);
    await rows().filter({ hasText: '欧阳建国' }).waitFor();
    expect(await page.evaluate(() => document.cookie)).not.toContain('crm_refresh');
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'crm_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/graphql' });
    expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toMatch(/eyJ/);
  });

  it('keeps the session over a reload (silent refresh from the cookie) and shows the home page with its charts', async () => {
    await page.goto(`${base}/admin/`);
    await page.getByText('上海市温州商会（界面测试）').first().waitFor();
    await page.getByText('在册会员').waitFor();
    await page.locator('[data-testid="chart-county"] canvas').waitFor();
    await page.locator('[data-testid="chart-completeness"] canvas').waitFor();
    // Members by the year they joined (one in 2020, one without a date), and what awaits.
    await page.locator('[data-testid="chart-joined"] canvas').waitFor();
    expect(await page.getByTestId('todo-opinions').innerText()).toBe('未答复的意见建议：1 条');
    await page.getByText('李秘书（商会秘书处）').waitFor();
    await shot('02-home');
  });

  it('finds members by two characters of a name and by initials, only in its own chambers', async () => {
    await page.goto(`${base}/admin/members`);
    await rows().first().waitFor();
    expect(await rows().count()).toBe(2);
    const search = page.getByTestId('member-search');
    await search.fill('晓梅');
    await search.press('Enter');
    await page.waitForURL(/q=/);
    await tableShowsSoon(['张晓梅']);
    await search.fill('oyjg');
    await search.press('Enter');
    await tableShowsSoon(['欧阳建国']);
    await search.fill('远方');
    await search.press('Enter');
    await tableShowsSoon([]);
    await page.locator('.ant-empty-description').getByText('暂无数据').waitFor();
    // Chinese on screen: no enum codes.
    await search.fill('');
    await search.press('Enter');
    await rows().nth(1).waitFor();
    const text = await page.locator('.ant-table-tbody').innerText();
    expect(text).toContain('在册');
    expect(text).not.toMatch(/ACTIVE|MALE|FEMALE/);
    await shot('03-members');
  });

  it('opens its member, and gets a not-found page for another chamber\'s member by URL', async () => {
    await page.goto(`${base}/admin/members/${ours.id}`);
    await page.getByRole('heading', { name: /欧阳建国/ }).waitFor();
    await page.getByText('上海市温州商会（界面测试）').first().waitFor();
    await page.getByText('2020年5月1日').waitFor();
    await shot('04-member');
    await page.goto(`${base}/admin/members/${theirs.id}`);
    await page.getByText('该会员不存在，或不在您的权限范围内。').waitFor();
    expect(await page.content()).not.toContain('赵远方');
    await shot('05-member-not-found');
  });

  it('shows the API\'s Chinese message beside a bad ID number', async () => {
    await page.goto(`${base}/admin/members/${ours.id}/edit`);
    await page.getByTestId('field-idNumber').fill('33030219900101123');
    await page.getByTestId('member-save').click();
    const item = page.locator('.ant-form-item').filter({ has: page.getByTestId('field-idNumber') });
    await item.locator('.ant-form-item-explain-error').getByText(/身份证号必须是 18 位/).waitFor();
    await shot('06-bad-id-number');
  });

  it('shows the conflict dialog when someone else saved the member first', async () => {
    await page.goto(`${base}/admin/members/${ours.id}/edit`);
    await page.getByTestId('field-name').waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid="field-name"]') as HTMLInputElement | null)?.value === '欧阳建国');
    // Another secretary's session saves first.
    const other = await login(t, secretary.email, secretary.password);
    const member = await t.gql<{ member: { version: number } }>(`query($id: ID!) { member(id: $id) { version } }`, { id: ours.id }, other.accessToken);
    const saved = await t.gql(`mutation($id: ID!, $v: Int!) { updateMember(id: $id, input: { version: $v, address: "温州市鹿城区五马街1号" }) { id } }`, { id: ours.id, v: member.body.data?.member.version }, other.accessToken);
    expect(saved.body.errors).toBeUndefined();
    await page.locator('textarea').fill('在界面中填写的备注');
    await page.getByTestId('member-save').click();
    await page.getByText('该会员已被他人修改').waitFor();
    await page.getByText('温州市鹿城区五马街1号').waitFor();
    await shot('07-conflict');
    await page.getByTestId('conflict-reload').click();
    await page.getByText('该会员已被他人修改').waitFor({ state: 'hidden' });
  });

  it('asks to sign in again over the page when the session ended elsewhere, keeping what was typed', async () => {
    await page.goto(`${base}/admin/members/${ours.id}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="field-name"]') as HTMLInputElement | null)?.value === '欧阳建国');
    await page.locator('textarea').fill('尚未保存的备注');
    const other = await login(t, secretary.email, secretary.password);
    const out = await t.gql(`mutation { logout(everywhere: true) }`, {}, other.accessToken);
    expect(out.body.errors).toBeUndefined();
    await page.getByTestId('member-save').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '登录已过期' });
    await dialog.waitFor();
    await shot('08-session-expired');
    await dialog.getByTestId('login-password').fill(secretary.password);
    await dialog.getByTestId('login-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('textarea').inputValue()).toBe('尚未保存的备注');
    await page.getByTestId('member-save').click();
    await page.getByRole('heading', { name: /欧阳建国/ }).waitFor();
    await page.getByText('尚未保存的备注').waitFor();
  });

  it('adds a staff account for its own secretariat and shows the temporary password once', async () => {
    await page.goto(`${base}/admin/staff`);
    await page.getByRole('heading', { name: '工作人员账号' }).waitFor();
    await page.getByRole('button', { name: '添加账号' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '添加本会工作人员账号' });
    await dialog.getByLabel('姓名').fill('王干事');
    await dialog.getByLabel('邮箱（登录名）').fill('wang-ganshi@ui.test');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const password = await page.getByTestId('temporary-password').innerText();
    expect(password.length).toBeGreaterThan(8);
    await shot('11-staff');
    const [row] = (await t.dataSource.query(`SELECT role, chamber_id AS "chamberId", must_change_password AS "must" FROM app_user WHERE email = 'wang-ganshi@ui.test'`)) as { role: string; chamberId: string; must: boolean }[];
    expect(row).toMatchObject({ role: 'CHAMBER_SECRETARY', must: true });
  });

  it('imports a spreadsheet: one bad row shown in Chinese, fixed, committed with progress, the new members found', async () => {
    const header = ['姓名', '身份证号', '手机号码', '籍贯', '所属商会'];
    const good = ['温导入甲', nextIdNumber(), nextMobile(), '鹿城区', '上海市温州商会（界面测试）'];
    const valid = nextIdNumber();
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const bad = ['温导入乙', wrongCheck, nextMobile(), '鹿城区', '上海市温州商会（界面测试）'];
    await page.goto(`${base}/admin/import`);
    await page.getByText('第二步：上传文件（.xlsx 或 .csv）').waitFor();
    await page.locator('.ant-upload input[type=file]').setInputFiles(await writeXlsxFile('ui-import-bad.xlsx', [header, good, bad]));
    await page.getByTestId('import-status').getByText('有错误').waitFor({ timeout: 60_000 });
    const errors = page.locator('.ant-table-tbody').filter({ hasText: '身份证号的校验码不对' });
    await errors.waitFor();
    expect(await errors.innerText()).toContain('3');
    await shot('09-import-errors');
    // Fixed and uploaded again.
    bad[1] = valid;
    await page.locator('.ant-upload input[type=file]').setInputFiles(await writeXlsxFile('ui-import-fixed.xlsx', [header, good, bad]));
    await page.waitForFunction(() => !document.body.innerText.includes('ui-import-bad.xlsx'), undefined, { timeout: 30_000 }).catch(async () => {
      throw new Error(`second upload not shown: ${await page.locator('[data-testid="import-page"]').innerText()}`);
    });
    await page.getByTestId('import-status').getByText('校验通过').waitFor({ timeout: 60_000 }).catch(async () => {
      throw new Error(`not validated: ${await page.locator('[data-testid="import-page"]').innerText()}`);
    });
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').getByText('新增 2 人').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await shot('10-import-done');
    await page.goto(`${base}/admin/members?q=${encodeURIComponent('温导入')}`);
    await tableShowsSoon(['温导入乙', '温导入甲']);
    // Export of the current filter: the same two members in an .xlsx.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('member-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const names: string[] = [];
    workbook.worksheets[0].eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(1).value));
    });
    expect(names.sort()).toEqual(['温导入乙', '温导入甲']);
  });

  it('shows the chamber with the chambers below as a tree, and logs out', async () => {
    await page.goto(`${base}/admin/chamber`);
    await page.getByText('本会及下级商会').waitFor();
    await page.locator('.ant-tree').getByText('上海市温州商会（界面测试）').waitFor();
    await shot('12-chamber');
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/admin\/login/);
    expect((await context.cookies()).find((c) => c.name === 'crm_refresh')).toBeUndefined();
    await page.goto(`${base}/admin/members`);
    await page.waitForURL(/\/admin\/login\?next=/);
  });
});

