/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { addMembership, createChamber, createMember, createTestApp, createUser, expectData, login, rowCounts, TestApp } from '@crm/testing';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * Hostile pass over issue 18 phase 2's pages, in one real Chromium against the real app: a chamber
 * secretary opens the party unit, visit, opinion, notice, request, meeting and project of another
 * chamber by URL (未找到, and none of their text reaches the page), garbage ids in the URLs, huge and
 * control-character input in the new forms (the API's Chinese message on the form, nothing
 * written), a double-clicked submit (one row in the database), a session that ends while a new
 * form is filled (signed in again over the page, the typed text kept and saved once), and the
 * office's pages by URL (not in the menu, 无权, no data). Screenshots: phase2-hostile-*.png.
 */
jest.setTimeout(180_000);

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
/** Text of the other chamber's records: none of it may reach the secretary's page. */
const THEIRS = {
  unit: '中共苏州市温州商会支部（对抗）',
  visit: '苏州对抗走访地点',
  opinion: '苏州会员的对抗用地问题',
  notice: '仅发给苏州商会的对抗通知',
  request: '苏州商会的对抗请示',
  meeting: '仅邀请苏州商会的对抗会议',
  project: '苏州商会引荐的对抗项目',
  nominee: '钱对抗',
};
const OUR_NOTICE = '请南京商会报送对抗测试情况';

describe('admin UI phase 2, hostile (chamber secretary and administrator in a browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let adminToken: string;
  let admin: { email: string; password: string };
  let secretary: { email: string; password: string };
  const ids: Record<string, string> = {};

  const gql = async <T>(query: string, variables: Record<string, unknown>, token = adminToken): Promise<T> => expectData(await t.gql<T>(query, variables, token));

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    const a = await createUser(t, { role: Role.Admin, displayName: '对抗管理员' });
    admin = { email: a.user.email, password: a.password };
    adminToken = (await login(t, admin.email, admin.password)).accessToken;

    const host = await createChamber(t, { level: ChamberLevel.Provincial, regionCode: '320000', name: '江苏省温州商会（对抗）' });
    const ours = await createChamber(t, { name: '南京市温州商会（对抗）', parentId: host.id });
    const other = await createChamber(t, { name: '苏州市温州商会（对抗）', parentId: host.id });
    ids.ours = ours.id;
    const s = await createUser(t, { role: Role.ChamberSecretary, chamberId: ours.id, displayName: '对抗秘书' });
    secretary = { email: s.user.email, password: s.password };
    const otherSecretary = await createUser(t, { role: Role.ChamberSecretary, chamberId: other.id, displayName: '苏州秘书' });
    const member = await createMember(t, { name: '林对抗', phones: ['13911116666'] });
    await addMembership(t, member.id, ours.id);
    ids.member = member.id;
    const stranger = await createMember(t, { name: THEIRS.nominee });
    await addMembership(t, stranger.id, other.id);

    // 党组织: a unit at each chamber.
    const { createPartyCommittee: committee } = await gql<{ createPartyCommittee: { id: string } }>(
      `mutation($input: CreatePartyCommitteeInput!) { createPartyCommittee(input: $input) { id } }`,
      { input: { name: '中共江苏省温州商会工作委员会（对抗）', hostChamberId: host.id, foundedOn: '2012-07-01' } },
    );
    const unit = async (name: string, chamberId: string) =>
      (
        await gql<{ createPartyOrganization: { id: string } }>(`mutation($input: CreatePartyOrganizationInput!) { createPartyOrganization(input: $input) { id } }`, {
          input: { name, kind: 'BRANCH', committeeId: committee.id, chamberIds: [chamberId], foundedOn: '2013-03-01' },
        })
      ).createPartyOrganization.id;
    await unit('中共南京市温州商会支部（对抗）', ours.id);
    ids.otherUnit = await unit(THEIRS.unit, other.id);

    // 走访 and 意见建议 of the other chamber.
    const official = await gql<{ createOfficial: { id: string } }>(`mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }`, {
      input: { name: '对抗主任', title: '主任', unit: '市经合办' },
    });
    ids.otherVisit = (
      await gql<{ createVisit: { id: string } }>(`mutation($input: CreateVisitInput!) { createVisit(input: $input) { id } }`, {
        input: { visitedOn: '2025-11-20', kind: 'SERVICE', direction: 'OUTBOUND', place: THEIRS.visit, officials: [{ officialId: official.createOfficial.id, leads: true }], chamberIds: [other.id], memberIds: [stranger.id] },
      })
    ).createVisit.id;
    ids.otherOpinion = (
      await gql<{ raiseOpinion: { id: string } }>(`mutation($input: RaiseFeedbackInput!) { raiseOpinion(input: $input) { id } }`, {
        input: { visitId: ids.otherVisit, raisedByMemberId: stranger.id, category: 'LAND', text: THEIRS.opinion },
      })
    ).raiseOpinion.id;

    // 荣誉: an open round; the other chamber has nominated its member.
    const { createHonorType: type } = await gql<{ createHonorType: { id: string } }>(`mutation($input: CreateHonorTypeInput!) { createHonorType(input: $input) { id } }`, {
      input: { name: '对抗先进人物', subjectKind: 'MEMBER', awardingBody: '温州市委市政府', level: 'CITY', quotaPerRound: 20 },
    });
    const { createHonorRound: round } = await gql<{ createHonorRound: { id: string } }>(`mutation($input: CreateHonorRoundInput!) { createHonorRound(input: $input) { id } }`, {
      input: { name: '2026年度对抗评选', year: 2026, types: [{ honorTypeId: type.id }] },
    });
    ids.round = round.id;
    ids.honorType = type.id;
    await gql(`mutation($input: NominateInput!) { nominateForHonor(input: $input) { id } }`, {
      input: { roundId: round.id, honorTypeId: type.id, subjectKind: 'MEMBER', subjectId: stranger.id, reason: '苏州商会的提名理由', nominatingChamberId: other.id },
    });

    // 通知: one to the other chamber, one to ours asking for a return; 会议 for each; a request of theirs.
    const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }`;
    ids.otherNotice = (await gql<{ sendNotice: { id: string } }>(SEND, { input: { title: THEIRS.notice, body: '请做好换届准备。', target: { kind: 'CHAMBER_SUBTREE', chamberId: other.id } } })).sendNotice.id;
    ids.ourNotice = (
      await gql<{ sendNotice: { id: string } }>(SEND, {
        input: {
          title: OUR_NOTICE,
          body: '请报送。',
          deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          target: { kind: 'CHAMBER_SUBTREE', chamberId: ours.id },
          returnForm: [{ key: 'note', label: '情况说明', type: 'TEXT', required: true }],
        },
      })
    ).sendNotice.id;
    const meeting = async (title: string, chamberId: string) =>
      (
        await gql<{ createMeeting: { id: string } }>(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
          input: { title, kind: 'TRAINING', startsOn: day(30), endsOn: day(30), place: '温州', capacity: 10, registrationDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(), target: { kind: 'CHAMBER_SUBTREE', chamberId } },
        })
      ).createMeeting.id;
    ids.otherMeeting = await meeting(THEIRS.meeting, other.id);
    ids.ourMeeting = await meeting('南京商会对抗培训班', ours.id);
    await gql(`mutation($input: SetRequestDeskInput!) { setRequestDesk(input: $input) { desk } }`, { input: { category: 'POLICY', desk: '政策法规处', dueDays: 10 } });
    const otherToken = (await login(t, otherSecretary.user.email, otherSecretary.password)).accessToken;
    ids.otherRequest = (
      await gql<{ raiseRequest: { id: string } }>(`mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { id } }`, { input: { category: 'POLICY', title: THEIRS.request, text: '请示内容' } }, otherToken)
    ).raiseRequest.id;

    // 回归项目 introduced by the other chamber.
    ids.otherProject = (
      await gql<{ createInvestmentProject: { id: string } }>(`mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) { id } }`, {
        input: { name: THEIRS.project, destinationCountyCode: '330381', chamberId: other.id, totalInvestment: '300000000.00', leadOn: '2025-03-01' },
      })
    ).createInvestmentProject.id;

    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(secretary);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(who: { email: string; password: string }) {
    await page.goto(`${base}/admin/login`);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-menu').waitFor();
  }
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `phase2-hostile-${name}.png`), fullPage: true });
  const bodyText = () => page.locator('body').innerText();
  /** The page at `path` shows 未找到 (on timeout: what it shows instead). */
  async function expectNotFound(path: string) {
    await page.goto(`${base}/admin${path}`);
    await page
      .getByTestId('not-found')
      .getByText('未找到')
      .waitFor({ timeout: 20_000 })
      .catch(async () => {
        throw new Error(`${path}: expected 未找到; the page shows: ${(await bodyText()).slice(0, 400)}`);
      });
  }
  /** No English error, no enum code, no raw ISO date where a person reads. */
  async function noRawText() {
    const text = await page.locator('main, .ant-layout-content').first().innerText();
    expect(text).not.toMatch(/\b(NOT_FOUND|FORBIDDEN|BAD_USER_INPUT|INTERNAL_SERVER_ERROR|Unexpected|undefined|null|must|Error)\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  }
  /** Chooses an option of the antd Select marked testId, by the text shown. */
  async function choose(testId: string, text: string, typed?: string) {
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
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
  /** Every request the page sends for a GraphQL operation from now on, to wait for their answers (no sleeps). */
  function sentAnswers(operation: string) {
    const answers: Promise<unknown>[] = [];
    const listener = (r: import('playwright-core').Request) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes(operation)) answers.push(r.response());
    };
    page.on('request', listener);
    return {
      settled: async () => {
        page.off('request', listener);
        await Promise.all(answers);
        return answers.length;
      },
    };
  }
  const count = async (table: string) => (await rowCounts(t, [table]))[table as never] as number;

  it('opens another chamber\'s party unit, visit, opinion, notice, request, meeting and project by URL: 未找到, none of their text on the page', async () => {
    const paths = [
      `/party/${ids.otherUnit}`,
      `/visits/${ids.otherVisit}`,
      `/opinions/${ids.otherOpinion}`,
      `/notices/${ids.otherNotice}`,
      `/notices/requests/${ids.otherRequest}`,
      `/meetings/${ids.otherMeeting}`,
      `/projects/${ids.otherProject}`,
    ];
    const nothingOfTheirs = async (path: string) => {
      const html = await page.content();
      for (const secret of Object.values(THEIRS)) expect([path, html.includes(secret)]).toEqual([path, false]);
      await noRawText();
    };
    for (const path of paths) {
      await expectNotFound(path);
      await nothingOfTheirs(path);
    }
    // Editing a project is the office's: a secretary is refused before anything is read.
    await page.goto(`${base}/admin/projects/${ids.otherProject}/edit`);
    await page.getByText('无权新建或编辑项目').waitFor();
    await nothingOfTheirs('/projects/:id/edit');
    await shot('other-chamber');
    // Their lists: nothing of theirs in ours.
    for (const [path, table] of [
      ['/party', 'party-total'],
      ['/opinions', 'opinion-total'],
      ['/honours', 'nomination-total'],
      ['/notices', 'inbox-table'],
      ['/meetings', 'meetings-table'],
      ['/projects', 'project-total'],
    ] as const) {
      await page.goto(`${base}/admin${path}`);
      await page.getByTestId(table).waitFor();
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
      const text = await bodyText();
      for (const secret of Object.values(THEIRS)) expect([path, text.includes(secret)]).toEqual([path, false]);
    }
  });

  it('garbage ids in the URLs: 未找到, never a blank page, a crash or an English error', async () => {
    const garbage = ['not-a-uuid', '%00', '00000000-0000-0000-0000-000000000000'];
    const worse = ["'%20OR%201=1--", '%E2%80%AEdi', 'x'.repeat(3000), '..%2F..%2Fgraphql', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'];
    const routes = ['/projects/', '/notices/', '/notices/requests/', '/meetings/', '/party/', '/visits/', '/opinions/'];
    for (const route of routes) {
      for (const id of route === '/projects/' || route === '/notices/' ? [...garbage, ...worse] : garbage) {
        await expectNotFound(`${route}${id}`);
        await noRawText();
      }
    }
    await shot('garbage-id');
  });

  describe('huge and control-character input in the new forms: the API\'s Chinese message on the form, nothing written', () => {
    it('raise an opinion', async () => {
      const before = await count('feedback');
      for (const text of ['长'.repeat(5001), '含控制字符\u0007的意见', '反向\u202E文字的意见']) {
        await page.goto(`${base}/admin/opinions/new`);
        await page.getByTestId('opinion-form').waitFor();
        await page.getByTestId('opinion-form').getByText(/^本商会/).click();
        await choose('field-category', '政策');
        await page.getByTestId('field-text').fill(text);
        await page.getByTestId('opinion-save').click();
        await errorBeside('field-text').waitFor();
        expect(await errorBeside('field-text').innerText()).toMatch(/[\u4e00-\u9fa5]/);
        await noRawText();
      }
      await shot('opinion-refused');
      expect(await count('feedback')).toBe(before);
    });

    it('a multi-line opinion typed in the text box is taken as typed', async () => {
      const before = await count('feedback');
      await page.goto(`${base}/admin/opinions/new`);
      await page.getByTestId('opinion-form').waitFor();
      await page.getByTestId('opinion-form').getByText(/^本商会/).click();
      await choose('field-category', '政策');
      await page.getByTestId('field-text').fill('第一条：用地审批慢。\n第二条：希望设立窗口。');
      await page.getByTestId('opinion-save').click();
      await page.waitForURL(/\/admin\/opinions$/);
      expect(await count('feedback')).toBe(before + 1);
      const [row] = (await t.dataSource.query(`SELECT text FROM feedback ORDER BY created_at DESC LIMIT 1`)) as { text: string }[];
      expect(row.text).toBe('第一条：用地审批慢。\n第二条：希望设立窗口。');
    });

    it('nominate', async () => {
      const before = await count('honor_nomination');
      for (const reason of ['理'.repeat(2001), '含控制\u0007字符的理由']) {
        await page.goto(`${base}/admin/honours`);
        await page.getByTestId('nominate').click();
        await choose('field-round', '2026年度对抗评选');
        await choose('field-type', '对抗先进人物');
        await choose('field-subject', '林对抗', '林对抗');
        await page.getByTestId('field-reason').fill(reason);
        await page.locator('.ant-modal').getByRole('button', { name: /提交提名/ }).click();
        await errorBeside('field-reason').waitFor();
        expect(await errorBeside('field-reason').innerText()).toMatch(/[\u4e00-\u9fa5]/);
        await page.keyboard.press('Escape');
      }
      await shot('nominate-refused');
      expect(await count('honor_nomination')).toBe(before);
    });

    it('a notice\'s return', async () => {
      const before = await count('notice_return');
      await page.goto(`${base}/admin/notices/${ids.ourNotice}`);
      await page.getByTestId('return-form').waitFor();
      for (const value of ['说'.repeat(20_001), '含\u0000空字符']) {
        await page.getByTestId('return-field-note').fill(value);
        await page.getByTestId('return-submit').click();
        const message = page.locator('[data-testid="return-form"] .ant-form-item-explain-error, [data-testid="return-error"]').first();
        await message.waitFor();
        expect(await message.innerText()).toMatch(/[\u4e00-\u9fa5]/);
        await noRawText();
      }
      await shot('return-refused');
      expect(await count('notice_return')).toBe(before);
    });

    it('register delegates', async () => {
      const before = await count('meeting_registration');
      for (const [role, arrival] of [['会'.repeat(51), ''], ['会长\u202E', ''], ['会长', '高铁\u0007G7311']]) {
        await page.goto(`${base}/admin/meetings/${ids.ourMeeting}`);
        await page.getByTestId('register-form').waitFor();
        await choose('delegate-0', '林对抗', '林对抗');
        await page.getByPlaceholder('身份，如：会长、秘书长').fill(role);
        await page.getByPlaceholder('行程（车次、航班、到达时间）').fill(arrival);
        await page.getByTestId('register-submit').click();
        const message = page.locator('[data-testid="register-form"] .ant-form-item-explain-error, [data-testid="register-error"]').first();
        await message.waitFor();
        expect(await message.innerText()).toMatch(/[\u4e00-\u9fa5]/);
        await noRawText();
      }
      await shot('register-refused');
      expect(await count('meeting_registration')).toBe(before);
    });
  });

  it('a double-clicked 提交 writes one opinion', async () => {
    const before = await count('feedback');
    await page.goto(`${base}/admin/opinions/new`);
    await page.getByTestId('opinion-form').waitFor();
    await page.getByTestId('opinion-form').getByText(/^本商会/).click();
    await choose('field-category', '政策');
    await page.getByTestId('field-text').fill('双击提交的意见');
    const answered = sentAnswers('AdminRaiseOpinion');
    await page.getByTestId('opinion-save').dblclick();
    await page.waitForURL(/\/admin\/opinions$/);
    await answered.settled();
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback WHERE text = '双击提交的意见'`)) as { n: number }[];
    expect(n).toBe(1);
    expect(await count('feedback')).toBe(before + 1);
  });

  it('a session that ends while a new opinion is typed: sign in over the page, the text kept, saved once', async () => {
    await page.goto(`${base}/admin/opinions/new`);
    await page.getByTestId('opinion-form').waitFor();
    await page.getByTestId('opinion-form').getByText(/^本商会/).click();
    await choose('field-category', '政策');
    await page.getByTestId('field-text').fill('会话过期前写下的意见');
    const other = await login(t, secretary.email, secretary.password);
    expectData(await t.gql(`mutation { logout(everywhere: true) }`, {}, other.accessToken));
    await page.getByTestId('opinion-save').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '登录已过期' });
    await dialog.waitFor();
    await shot('session-expired');
    await dialog.getByTestId('login-password').fill(secretary.password);
    await dialog.getByTestId('login-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('field-text').inputValue()).toBe('会话过期前写下的意见');
    await page.getByTestId('opinion-save').click();
    await page.waitForURL(/\/admin\/opinions$/);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback WHERE text = '会话过期前写下的意见'`)) as { n: number }[];
    expect(n).toBe(1);
  });

  it('the office\'s pages: not in a secretary\'s menu; by URL 无权 and none of their data', async () => {
    await page.goto(`${base}/admin/`);
    const menu = await page.getByTestId('main-menu').innerText();
    for (const label of ['数据看板', '用户', 'API 密钥', '审计日志']) expect([label, menu.includes(label)]).toEqual([label, false]);
    for (const path of ['/dashboards', '/users', '/api-keys', '/audit']) {
      await page.goto(`${base}/admin${path}`);
      await page.getByTestId('forbidden').waitFor();
      const text = await bodyText();
      expect([path, text.includes(admin.email), text.includes('对抗管理员'), text.includes('苏州秘书')]).toEqual([path, false, false, false]);
      await noRawText();
    }
    await shot('office-forbidden');
  });

  describe('as an administrator', () => {
    beforeAll(async () => {
      await page.context().clearCookies();
      await signIn(admin);
    });

    it('create a project: a huge or control-character name refused beside the field, a double click writes one; a garbage id to edit is 未找到', async () => {
      const before = await count('investment_project');
      for (const name of ['项'.repeat(201), '含控制\u0007字符的项目']) {
        await page.goto(`${base}/admin/projects/new`);
        await page.getByTestId('project-form').waitFor();
        await page.getByTestId('field-name').fill(name);
        await choose('field-county', '瑞安');
        await page.getByTestId('field-totalInvestment').fill('1000000');
        await page.getByTestId('field-leadOn').click();
        await page.getByTestId('field-leadOn').fill('2026-01-05');
        await page.getByTestId('field-leadOn').press('Tab');
        await page.getByTestId('project-save').click();
        await errorBeside('field-name').waitFor();
        expect(await errorBeside('field-name').innerText()).toMatch(/[\u4e00-\u9fa5]/);
        await noRawText();
      }
      await shot('project-refused');
      expect(await count('investment_project')).toBe(before);

      await page.getByTestId('field-name').fill('双击登记的项目');
      const answered = sentAnswers('CreateInvestmentProject');
      await page.getByTestId('project-save').dblclick();
      await page.waitForURL(/\/admin\/projects\/[0-9a-f-]{36}$/);
      await answered.settled();
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM investment_project WHERE name = '双击登记的项目'`)) as { n: number }[];
      expect(n).toBe(1);
      // Editing a project that no id names: 未找到, not an empty form that would save over nothing.
      await expectNotFound('/projects/not-a-uuid/edit');
      await expectNotFound(`/projects/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/edit`);
    });

    it('create a user and an API key: huge and control-character names refused on the form, nothing written', async () => {
      const before = await rowCounts(t, ['app_user', 'api_key']);
      await page.goto(`${base}/admin/users`);
      await page.getByTestId('user-add').click();
      await page.getByTestId('user-form').waitFor();
      await page.getByTestId('user-email').fill('hostile-user@ui.test');
      await page.getByTestId('user-display-name').fill('反向\u202E名字');
      await choose('user-role', '只读用户');
      await page.getByTestId('user-save').click();
      const userMessage = page.locator('[data-testid="user-form"] .ant-form-item-explain-error, [data-testid="user-form-error"]').first();
      await userMessage.waitFor();
      expect(await userMessage.innerText()).toMatch(/[\u4e00-\u9fa5]/);
      await page.getByTestId('user-display-name').fill('名'.repeat(5000));
      await page.getByTestId('user-save').click();
      await userMessage.waitFor();
      expect(await userMessage.innerText()).toMatch(/[\u4e00-\u9fa5]/);
      await shot('user-refused');
      await page.keyboard.press('Escape');

      await page.goto(`${base}/admin/api-keys`);
      await page.getByTestId('api-key-add').click();
      await page.getByTestId('api-key-name').fill('钥'.repeat(5000));
      await choose('api-key-scopes', '读取会员');
      await page.getByTestId('api-key-save').click();
      const keyMessage = page.locator('.ant-modal .ant-form-item-explain-error, [data-testid="api-key-form-error"]').first();
      await keyMessage.waitFor();
      expect(await keyMessage.innerText()).toMatch(/[\u4e00-\u9fa5]/);
      await page.getByTestId('api-key-name').fill('含\u0007控制字符');
      await page.getByTestId('api-key-save').click();
      await keyMessage.waitFor();
      expect(await keyMessage.innerText()).toMatch(/[\u4e00-\u9fa5]/);
      await shot('api-key-refused');
      expect(await rowCounts(t, ['app_user', 'api_key'])).toEqual(before);
    });
  });
});
