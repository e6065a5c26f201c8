/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '@crm/auth';
import { addMembership, createChamber, createMember, createTestApp, createUser, expectData, login, TestApp } from '@crm/testing';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * 通知与报送, 待办 and 会议报名 in a real Chromium against the real app: the office sends a notice
 * asking for a return to a chamber (through GraphQL); its secretary finds it in 待办 and the inbox,
 * opens it (read), downloads the attachment, confirms receipt, submits the return without a
 * required answer (the API's Chinese message beside that field), then properly (已提交);
 * registers delegates for a meeting (the second beyond the places waits: 候补); another chamber's
 * notice by URL is 未找到; raises a request upward (向上报送). The office then sees the receipt and
 * the return, checks a delegate in and answers the request.
 */
jest.setTimeout(150_000);

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const NOTICE_TITLE = '关于报送2026年度商会工作情况的通知';
const OTHER_TITLE = '关于北京商会换届工作的通知';

describe('admin UI in a browser: notices, returns, to-dos and meetings', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let admin: { email: string; password: string; token: string };
  let secretary: { email: string; password: string };
  let noticeId: string;
  let otherNoticeId: string;
  let meetingId: string;

  const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => expectData(await t.gql<T>(query, variables, admin.token));

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;

    const chamber = await createChamber(t, { name: '上海市温州商会（流转测试）' });
    const other = await createChamber(t, { name: '北京市温州商会（流转测试）' });
    const sec = await createUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id, displayName: '王秘书' });
    secretary = { email: sec.user.email, password: sec.password };
    const office = await createUser(t, { role: Role.Admin, displayName: '市经合办' });
    admin = { email: office.user.email, password: office.password, token: (await login(t, office.user.email, office.password)).accessToken };
    for (const name of ['欧阳建国', '张晓梅']) {
      const m = await createMember(t, { name });
      await addMembership(t, m.id, chamber.id);
    }

    const upload = await t.http().post('/attachments').set('authorization', `Bearer ${admin.token}`).attach('file', Buffer.from('填报说明：请如实填写。\n'), { filename: '填报说明.txt' });
    expect(upload.status).toBe(201);
    const fileId = (upload.body as { data: { attachment: { id: string } } }).data.attachment.id;

    const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }`;
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    noticeId = (
      await gql<{ sendNotice: { id: string } }>(SEND, {
        input: {
          title: NOTICE_TITLE,
          body: '各商会：\n\n请于截止日前报送本会专职人员数和党组织建立情况。',
          priority: 'URGENT',
          deadline,
          target: { kind: 'CHAMBER_SUBTREE', chamberId: chamber.id },
          attachmentIds: [fileId],
          returnForm: [
            { key: 'staff', label: '专职人员数', type: 'NUMBER', required: true },
            { key: 'hasParty', label: '是否建立党组织', type: 'CHOICE', options: ['是', '否'], required: true },
            { key: 'note', label: '备注', type: 'TEXT' },
          ],
        },
      })
    ).sendNotice.id;
    otherNoticeId = (await gql<{ sendNotice: { id: string } }>(SEND, { input: { title: OTHER_TITLE, body: '请做好换届准备。', target: { kind: 'CHAMBER_SUBTREE', chamberId: other.id } } })).sendNotice.id;
    meetingId = (
      await gql<{ createMeeting: { id: string } }>(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
        input: {
          title: '2026年全国温州商会年会',
          kind: 'ANNUAL_MEETING',
          startsOn: day(30),
          endsOn: day(31),
          place: '温州国际会展中心',
          capacity: 1,
          registrationDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
          target: { kind: 'CHAMBER_SUBTREE', chamberId: chamber.id },
        },
      })
    ).createMeeting.id;

    await gql(`mutation($input: SetRequestDeskInput!) { setRequestDesk(input: $input) { desk } }`, { input: { category: 'POLICY', desk: '政策法规处', dueDays: 10 } });

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `flow-${name}.png`), fullPage: true });
  async function signIn(who: { email: string; password: string }, next: string) {
    await page.goto(`${base}/admin/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(new RegExp(`/admin${next.replace(/[/?]/g, '\\$&')}$`));
  }
  /** Picks an option of an antd Select by the text shown. */
  async function choose(testId: string, text: string, typed?: string) {
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
    // A click that lands while the page re-renders can leave the list closed: open it again.
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId(testId).click();
      if (typed) await page.keyboard.type(typed);
      try {
        await option.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    await option.click();
  }
  const errorBeside = (testId: string) => page.locator('.ant-form-item').filter({ has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

  it('shows the secretary the notice and the meeting in 待办 and the notice, unread, in the inbox', async () => {
    await signIn(secretary, '/todos');
    const items = page.getByTestId('todo-item');
    await items.filter({ hasText: NOTICE_TITLE }).filter({ hasText: '签收通知' }).waitFor();
    await items.filter({ hasText: NOTICE_TITLE }).filter({ hasText: '填报' }).waitFor();
    await items.filter({ hasText: '2026年全国温州商会年会' }).filter({ hasText: '会议报名' }).waitFor();
    expect(await page.getByTestId('todo-list').innerText()).not.toContain(OTHER_TITLE);
    await shot('todos');

    await page.getByRole('link', { name: '通知与报送' }).click();
    const row = page.getByTestId('inbox-table').locator('tr.ant-table-row').filter({ hasText: NOTICE_TITLE });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('未读');
    expect(text).toContain('紧急');
    expect(text).toContain('待报送');
    expect(await page.getByTestId('inbox-table').innerText()).not.toContain(OTHER_TITLE);
    await shot('inbox');
  });

  it('opens the notice (read), downloads its attachment and confirms receipt', async () => {
    await page.getByTestId('inbox-table').getByRole('link', { name: NOTICE_TITLE }).click();
    await page.getByTestId('notice-title').getByText(NOTICE_TITLE).waitFor();
    await page.getByTestId('notice-body').getByText('请于截止日前报送').waitFor();
    await page.getByTestId('receipt-state').getByText('已读').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-attachments').getByTestId('attachment-link').click()]);
    expect(download.suggestedFilename()).toBe('填报说明.txt');

    await page.getByTestId('notice-acknowledge').click();
    await page.getByTestId('receipt-state').getByText('已签收').waitFor();
    expect(await page.getByTestId('notice-acknowledge').count()).toBe(0);
  });

  it('refuses a return without a required answer (the API\'s Chinese message beside the field), then takes it: 已提交', async () => {
    await choose('return-field-hasParty', '是');
    await page.getByTestId('return-field-note').fill('秘书处新增两名专职人员');
    await page.getByTestId('return-submit').click();
    await errorBeside('return-field-staff').getByText('“专职人员数”为必填项').waitFor();
    expect(await page.getByTestId('return-state').count()).toBe(0);
    await shot('return-error');

    await page.getByTestId('return-field-staff').fill('12');
    await page.getByTestId('return-submit').click();
    await page.getByTestId('return-state').getByText('已提交').waitFor();
    const answers = await page.getByTestId('return-answers').innerText();
    expect(answers).toContain('12');
    expect(answers).toContain('秘书处新增两名专职人员');
    expect(await page.getByTestId('return-submitted').innerText()).toContain('按时报送');
    await shot('return-submitted');

    // What the office now reads through the API.
    const returns = await gql<{ noticeReturns: { recipientLabel: string; late: boolean; answers: { key: string; value: string | null }[] }[] }>(
      `query($id: ID!) { noticeReturns(noticeId: $id) { recipientLabel late answers { key value } } }`,
      { id: noticeId },
    );
    expect(returns.noticeReturns).toHaveLength(1);
    expect(returns.noticeReturns[0].answers).toEqual(
      expect.arrayContaining([
        { key: 'staff', value: '12' },
        { key: 'hasParty', value: '是' },
      ]),
    );
  });

  it('registers a delegate for the meeting; the next one beyond the places waits (候补)', async () => {
    await page.getByRole('link', { name: '会议报名' }).click();
    const row = page.getByTestId('meetings-table').locator('tr.ant-table-row').filter({ hasText: '2026年全国温州商会年会' });
    await row.waitFor();
    expect(await row.innerText()).toContain('年会');
    await shot('meetings');
    await row.getByRole('link').click();
    await page.getByTestId('meeting-title').waitFor();

    await choose('delegate-0', '欧阳建国', '欧阳');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-result').getByText('报名成功：欧阳建国').waitFor();
    await page.getByTestId('registrations-table').locator('tr.ant-table-row').filter({ hasText: '欧阳建国' }).filter({ hasText: '已报名' }).waitFor();

    await choose('delegate-0', '张晓梅', '晓梅');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-result').getByText('名额已满，列入候补：张晓梅', { exact: false }).waitFor();
    await page.getByTestId('registrations-table').locator('tr.ant-table-row').filter({ hasText: '张晓梅' }).filter({ hasText: '候补' }).waitFor();

    // The same member twice: the API's refusal, in Chinese, beside the row.
    await choose('delegate-0', '欧阳建国', '欧阳');
    await page.getByTestId('register-submit').click();
    await page.locator('.ant-form-item').filter({ has: page.getByTestId('delegate-0') }).locator('.ant-form-item-explain-error').getByText('已报名该会议', { exact: false }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/REGISTERED|WAITLISTED|ANNUAL_MEETING/);
    await shot('meeting');
  });

  it('raises a request upward (向上报送) to the desk its category names', async () => {
    await page.getByRole('link', { name: '通知与报送' }).click();
    await page.getByRole('tab', { name: '向上报送' }).click();
    await page.getByTestId('request-raise').click();
    await choose('raise-category', '政策咨询');
    await page.getByTestId('raise-title').fill('在沪温商子女回乡就学政策咨询');
    await page.getByTestId('raise-text').fill('请明确在沪温商子女回温就读的办理流程。');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = page.getByTestId('requests-table').locator('tr.ant-table-row').filter({ hasText: '在沪温商子女回乡就学政策咨询' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/政策咨询[\s\S]*政策法规处[\s\S]*待交办/);
    await shot('requests');
  });

  it('gets a not-found page for another chamber\'s notice by URL', async () => {
    await page.goto(`${base}/admin/notices/${otherNoticeId}`);
    await page.getByText('该通知不存在，或不在您的权限范围内。').waitFor();
    expect(await page.content()).not.toContain(OTHER_TITLE);
    await shot('notice-not-found');
  });

  it('shows the office the receipt and the return, checks the delegate in and answers the request', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/admin\/login/);
    await signIn(admin, `/notices/${noticeId}`);
    await page.getByTestId('receipt-stats').getByText('已签收').waitFor();
    const recipient = page.getByTestId('recipients-table').locator('tr.ant-table-row').filter({ hasText: '上海市温州商会（流转测试）' });
    await recipient.waitFor();
    expect(await recipient.innerText()).toMatch(/已签收[\s\S]*已报送/);
    const ret = page.getByTestId('returns-table').locator('tr.ant-table-row').filter({ hasText: '上海市温州商会（流转测试）' });
    await ret.waitFor();
    expect(await ret.innerText()).toContain('12');
    await shot('notice-office');

    // Check-in opens the day before the meeting: the meeting (a month away) moves to tomorrow.
    await t.dataSource.query(
      `UPDATE meeting SET starts_on = (now() AT TIME ZONE 'Asia/Shanghai')::date + 1, ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date + 2 WHERE id = $1`,
      [meetingId],
    );
    await page.goto(`${base}/admin/meetings/${meetingId}`);
    const delegate = page.getByTestId('registrations-table').locator('tr.ant-table-row').filter({ hasText: '欧阳建国' });
    await delegate.getByTestId('checkin').click();
    await page.getByText('欧阳建国 已签到').waitFor();
    await delegate.getByTestId('checkin').waitFor({ state: 'detached' });
    await shot('meeting-office');

    await page.goto(`${base}/admin/notices?tab=requests`);
    await page.getByTestId('requests-table').getByRole('link', { name: '在沪温商子女回乡就学政策咨询' }).click();
    await page.getByTestId('request-status').getByText('待交办').waitFor();
    await page.getByTestId('reply-text').fill('已转政策法规处办理，请联系教育局学籍科。');
    await page.getByTestId('reply-submit').click();
    await page.getByTestId('request-status').getByText('已答复').waitFor();
    await page.getByTestId('request-message').getByText('已转政策法规处办理').waitFor();
    await page.getByRole('button', { name: /办\s*结/ }).click();
    await page.getByTestId('request-status').getByText('已办结').waitFor();
    await page.getByText('不能再回复', { exact: false }).waitFor();
    await shot('request-office');
  });

  it('sends a notice from the form, with the API\'s refusals beside the fields first', async () => {
    await page.goto(`${base}/admin/notices`);
    await page.getByTestId('notice-new').click();
    await page.getByTestId('send-title').fill('关于开展商会秘书长培训报名的通知');
    await page.getByTestId('send-body').fill('请各商会推荐一名秘书长参加培训。');
    await choose('target-kind', '全部商会');
    await page.getByTestId('send-add-field').click();
    await page.getByTestId('send-field-label-0').fill('是否参加');
    await choose('send-field-type-0', '选项');
    await page.getByTestId('send-submit').click();
    const beside = (testId: string) => page.locator('.ant-form-item').filter({ has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
    await beside('send-field-options-0').getByText('至少需要两个选项', { exact: false }).waitFor();
    await page.getByTestId('send-field-options-0').click();
    for (const option of ['是', '否']) {
      await page.keyboard.type(option);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('send-submit').click();
    await beside('send-deadline').getByText('要求报送的通知必须设置截止时间').waitFor();
    // The last attempt's message is gone from the field now fixed.
    await beside('send-field-options-0').waitFor({ state: 'detached', timeout: 5_000 });
    await shot('send-error');
    await page.getByTestId('send-deadline').click();
    await page.keyboard.type(`${day(10)} 18:00`);
    await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
    await page.getByTestId('send-submit').click();
    await page.getByTestId('notice-title').getByText('关于开展商会秘书长培训报名的通知').waitFor();
    await page.getByTestId('receipt-stats').getByText('接收单位').waitFor();
    // The receipt table answers after the stats: wait for its rows, then count them.
    const recipients = page.getByTestId('recipients-table').locator('tr.ant-table-row');
    await recipients.nth(1).waitFor();
    expect(await recipients.count()).toBe(2);
  });
});
