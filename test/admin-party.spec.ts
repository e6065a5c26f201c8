/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ChamberLevel } from '@crm/chamber';
import { Role } from '@crm/auth';
import { addMembership, createChamber, createMember, createOfficial, createTestApp, createUser, expectData, nextIdNumber, signedInUser, TestApp } from '@crm/testing';
import { buildAdminUi, launchChromium, SCREENSHOT_DIR } from './support/browser';

/**
 * The party area of the admin UI (党组织, 走访与意见建议, 荣誉提名) in a real Chromium against the
 * real app, as a chamber secretary uses it: its party unit and not another chamber's, its members
 * masked; a visit to its chamber; an opinion raised with a bad due date (the API's Chinese beside
 * the field), then a good one, listed as 待交办; a member nominated into an open round, listed as
 * 待审核; another chamber's visit and opinion by URL → 未找到. Data is entered through the API as
 * an administrator. Screenshots go to test-output/screenshots (party-*.png).
 */
jest.setTimeout(120_000);

describe('admin UI: party, visits and opinions, honours (chamber secretary)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let secretary: { email: string; password: string };
  let partyOfficer: { email: string; password: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    process.env.ADMIN_UI_DIR = buildAdminUi();
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const gql = async <T>(query: string, variables: Record<string, unknown>) => expectData(await t.gql<T>(query, variables, admin));

    const host = await createChamber(t, { level: ChamberLevel.Provincial, regionCode: '320000', name: '江苏省温州商会（党建界面）' });
    const ours = await createChamber(t, { name: '南京市温州商会（党建界面）', parentId: host.id });
    const other = await createChamber(t, { name: '苏州市温州商会（党建界面）', parentId: host.id });
    const created = await createUser(t, { role: Role.ChamberSecretary, chamberId: ours.id, displayName: '周秘书' });
    secretary = { email: created.user.email, password: created.password };
    const member = await createMember(t, { name: '林志远', phones: ['13911113333'] });
    await addMembership(t, member.id, ours.id);
    const stranger = await createMember(t, { name: '钱多多' });
    await addMembership(t, stranger.id, other.id);

    // 党组织: a committee hosted by the provincial chamber, a branch at each city chamber, a party member and a meeting at ours.
    const { createPartyCommittee: committee } = await gql<{ createPartyCommittee: { id: string } }>(
      `mutation($input: CreatePartyCommitteeInput!) { createPartyCommittee(input: $input) { id } }`,
      { input: { name: '中共江苏省温州商会工作委员会', hostChamberId: host.id, foundedOn: '2012-07-01' } },
    );
    const unit = async (name: string, chamberId: string) =>
      (
        await gql<{ createPartyOrganization: { id: string } }>(`mutation($input: CreatePartyOrganizationInput!) { createPartyOrganization(input: $input) { id } }`, {
          input: { name, kind: 'BRANCH', committeeId: committee.id, chamberIds: [chamberId], foundedOn: '2013-03-01' },
        })
      ).createPartyOrganization.id;
    const officer = await createUser(t, { role: Role.PartyOfficer, partyCommitteeId: committee.id, displayName: '吴干事' });
    partyOfficer = { email: officer.user.email, password: officer.password };
    ids.unit = await unit('中共南京市温州商会支部委员会', ours.id);
    ids.otherUnit = await unit('中共苏州市温州商会支部委员会', other.id);
    await gql(`mutation($id: ID!, $input: PartyLeaderInput!) { addPartyOrganizationLeader(organizationId: $id, input: $input) { id } }`, {
      id: ids.unit,
      input: { name: '陈书记', role: 'SECRETARY', startsOn: '2023-01-01' },
    });
    const { createPartyMember: pm } = await gql<{ createPartyMember: { id: string } }>(
      `mutation($input: CreatePartyMemberInput!) { createPartyMember(input: $input) { id } }`,
      { input: { name: '党员陈红', idNumber: nextIdNumber({ regionCode: '330302' }), phones: ['13912345678'], joinedOn: '2001-07-01', relationCountyCode: '330302', organizationId: ids.unit } },
    );
    await gql(`mutation($input: RecordPartyMeetingInput!) { recordPartyMeeting(input: $input) { id } }`, {
      input: { organizationId: ids.unit, kind: 'PARTY_LECTURE', heldOn: '2025-10-15', status: 'HELD', topic: '学习党章', attendance: [{ partyMemberId: pm.id, attendance: 'PRESENT' }] },
    });

    // 走访: one visit to ours (meeting our member), one to the other chamber with an opinion of theirs.
    const official = await createOfficial(t, { name: '郑主任', title: '主任', unit: '市经合办' });
    const visit = async (place: string, chamberId: string, memberIds: string[]) =>
      (
        await gql<{ createVisit: { id: string } }>(`mutation($input: CreateVisitInput!) { createVisit(input: $input) { id } }`, {
          input: { visitedOn: '2025-11-20', kind: 'SERVICE', direction: 'OUTBOUND', place, summary: '了解会员企业经营情况', officials: [{ officialId: official.id, leads: true }], chamberIds: [chamberId], memberIds },
        })
      ).createVisit.id;
    ids.visit = await visit('南京', ours.id, [member.id]);
    ids.otherVisit = await visit('苏州', other.id, [stranger.id]);
    ids.otherOpinion = (
      await gql<{ raiseOpinion: { id: string } }>(`mutation($input: RaiseFeedbackInput!) { raiseOpinion(input: $input) { id } }`, {
        input: { visitId: ids.otherVisit, raisedByMemberId: stranger.id, category: 'LAND', text: '苏州会员的用地问题' },
      })
    ).raiseOpinion.id;

    // 荣誉: a member honour and an open round.
    const { createHonorType: type } = await gql<{ createHonorType: { id: string } }>(
      `mutation($input: CreateHonorTypeInput!) { createHonorType(input: $input) { id } }`,
      { input: { name: '温商回归先进人物', subjectKind: 'MEMBER', awardingBody: '温州市委市政府', level: 'CITY', quotaPerRound: 5, benefits: [{ name: '列席市两会', kind: 'POLITICAL', yearly: true }] } },
    );
    // An earlier award of our member (with its benefit), to be seen under 获奖.
    await gql(`mutation($input: RecordHonorAwardInput!) { recordHonorAward(input: $input) { id } }`, {
      input: { honorTypeId: type.id, subjectKind: 'MEMBER', subjectId: member.id, year: 2024, awardedOn: '2024-12-20', certificateNo: 'WS-2024-001', creditedChamberId: ours.id },
    });
    await gql(`mutation($input: CreateHonorRoundInput!) { createHonorRound(input: $input) { id } }`, {
      input: { name: '2026年度温商回归先进人物评选', year: 2026, types: [{ honorTypeId: type.id }] },
    });

    page = await signIn(secretary);
  });
  /** A fresh browser context signed in as the account. */
  async function signIn(account: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const p = await context.newPage();
    await p.goto(`${base}/admin/login`);
    await p.getByTestId('login-email').fill(account.email);
    await p.getByTestId('login-password').fill(account.password);
    await p.getByTestId('login-submit').click();
    await p.getByTestId('main-menu').waitFor();
    return p;
  }
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `party-${name}.png`), fullPage: true });
  const rowsOf = (testId: string) => page.getByTestId(testId).locator('.ant-table-tbody tr.ant-table-row');
  /** The not-found page for a record of this kind (on timeout the error says what the page showed instead). */
  const notFound = (what: string) =>
    page
      .locator('.ant-result')
      .filter({ hasText: '未找到' })
      .getByText(`该${what}不存在，或不在您的权限范围内。`)
      .waitFor({ timeout: 20_000 })
      .catch(async () => {
        throw new Error(`expected 未找到; the page shows: ${(await page.locator('body').innerText()).slice(0, 400)}`);
      });
  /** Types a date into an antd DatePicker and leaves the field (Enter would submit the form). */
  const typeDate = async (selector: string, date: string) => {
    await page.locator(selector).click();
    await page.locator(selector).fill(date);
    await page.locator(selector).press('Tab');
  };
  const noEnumCodes = async () => expect(await page.locator('main, .ant-layout-content').first().innerText()).not.toMatch(/\b(ACTIVE|BRANCH|OPEN|SUBMITTED|SERVICE|OUTBOUND|PARTY_LECTURE|HELD|LAND|POLICY)\b/);

  it('lists its own party unit with leader, members and 三会一课, not another chamber\'s; the unit page masks members', async () => {
    await page.getByTestId('main-menu').getByText('党组织').click();
    await page.waitForURL(/\/admin\/party$/);
    const units = rowsOf('party-units');
    await units.filter({ hasText: '中共南京市温州商会支部委员会' }).waitFor();
    await units.filter({ hasText: '党员 1 人' }).waitFor();
    expect(await units.count()).toBe(1);
    const text = await page.getByTestId('party-units').innerText();
    expect(text).toContain('书记 陈书记');
    expect(text).toContain('党支部');
    expect(text).not.toContain('苏州');
    await noEnumCodes();
    await shot('units');

    await units.getByText('中共南京市温州商会支部委员会').click();
    await page.waitForURL(new RegExp(`/admin/party/${ids.unit}$`));
    await rowsOf('party-members').filter({ hasText: '党员陈红' }).waitFor();
    const memberRow = await rowsOf('party-members').first().innerText();
    expect(memberRow).toContain('正式党员');
    expect(memberRow).not.toContain('13912345678'); // a secretariat reads party members masked
    await page.getByTestId('party-compliance').waitFor();
    await page.getByTestId('party-meetings').getByText('学习党章').waitFor();
    expect(await page.getByTestId('party-meetings').innerText()).toContain('党课');
    expect(await page.getByTestId('record-meeting').count()).toBe(0); // party:manage is not a secretariat's
    await noEnumCodes();
    await shot('unit');

    await page.goto(`${base}/admin/party/${ids.otherUnit}`);
    await notFound('党组织');
    expect(await page.content()).not.toContain('苏州');
  });

  it('shows the visit to its chamber with who went and whom they met', async () => {
    await page.goto(`${base}/admin/visits`);
    const visits = rowsOf('visit-table');
    await visits.first().waitFor();
    expect(await visits.count()).toBe(1);
    const row = await visits.first().innerText();
    expect(row).toContain('2025年11月20日');
    expect(row).toContain('走商会、送服务');
    expect(row).toContain('郑主任');
    expect(row).toContain('林志远');
    await shot('visits');
    await visits.first().getByRole('link').click();
    await page.getByTestId('visit-title').waitFor();
    expect(await page.locator('.ant-descriptions').innerText()).toContain('了解会员企业经营情况');
    await noEnumCodes();
    await shot('visit');
  });

  it('raises an opinion: a due date before the day raised is refused beside the field in Chinese, then a good one is listed as 待交办', async () => {
    await page.goto(`${base}/admin/opinions`);
    await page.getByTestId('raise-opinion').click();
    await page.waitForURL(/\/admin\/opinions\/new$/);
    await page.getByTestId('field-member').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '林志远' }).click();
    await page.getByTestId('field-category').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '融资' }).click();
    await page.locator('#text').fill('希望协调银行为会员企业提供转贷支持');
    await typeDate('#dueOn', '2020-01-01');
    expect(await page.locator('#dueOn').inputValue()).toBe('2020-01-01');
    await page.getByTestId('opinion-save').click();
    const dueItem = page.locator('.ant-form-item').filter({ has: page.locator('#dueOn') });
    await dueItem.locator('.ant-form-item-explain-error').getByText(/办理期限（2020-01-01）早于意见提出日期/).waitFor();
    await shot('opinion-error');

    await typeDate('#dueOn', '2099-12-31');
    await page.getByTestId('opinion-save').click();
    await page.waitForURL(/\/admin\/opinions$/);
    const opinions = rowsOf('opinion-table');
    await opinions.filter({ hasText: '希望协调银行' }).waitFor();
    const row = await opinions.filter({ hasText: '希望协调银行' }).innerText();
    expect(row).toContain('待交办');
    expect(row).toContain('林志远');
    expect(row).toContain('融资');
    expect(await opinions.count()).toBe(1); // the other chamber's opinion is not ours
    await page.getByTestId('opinion-summary').getByText(/待交办 1 条/).waitFor();
    await noEnumCodes();
    await shot('opinions');

    await opinions.filter({ hasText: '希望协调银行' }).getByRole('link').click();
    await page.getByTestId('opinion-status').getByText('待交办').waitFor();
    expect(await page.locator('.ant-timeline').innerText()).toContain('提出');
    await shot('opinion');
  });

  it('nominates a member of its chamber into the open round and sees it listed as 待审核', async () => {
    await page.goto(`${base}/admin/honours`);
    await page.getByTestId('open-rounds').getByText('2026年度温商回归先进人物评选').waitFor();
    await page.getByTestId('nominate').click();
    const dialog = page.locator('.ant-modal-content');
    await dialog.getByTestId('field-round').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2026年度温商回归先进人物评选' }).click();
    await dialog.getByTestId('field-type').click();
    await page.locator('.ant-select-item-option[title^="温商回归先进人物（"]').click();
    await dialog.getByTestId('field-subject').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '林志远' }).click();
    await dialog.locator('#reason').fill('带动家乡投资，热心公益');
    await page.getByRole('button', { name: '提交提名' }).click();
    const nominations = rowsOf('nomination-table');
    await nominations.filter({ hasText: '林志远' }).waitFor();
    const row = await nominations.filter({ hasText: '林志远' }).innerText();
    expect(row).toContain('待审核');
    expect(row).toContain('温商回归先进人物');
    await noEnumCodes();
    await shot('honours');

    await page.getByRole('tab', { name: '获奖' }).click();
    await rowsOf('award-table').filter({ hasText: 'WS-2024-001' }).waitFor();
    const award = await rowsOf('award-table').first().innerText();
    expect(award).toContain('林志远');
    expect(award).toContain('有效');
    await rowsOf('benefit-table').filter({ hasText: '列席市两会' }).waitFor();
    expect(await rowsOf('benefit-table').first().innerText()).toContain('待落实');
    await noEnumCodes();
    await shot('awards');
  });

  it('gets 未找到 for another chamber\'s visit and opinion by URL', async () => {
    await page.goto(`${base}/admin/visits/${ids.otherVisit}`);
    await notFound('走访记录');
    expect(await page.content()).not.toContain('苏州');
    await page.goto(`${base}/admin/opinions/${ids.otherOpinion}`);
    await notFound('意见建议');
    expect(await page.content()).not.toContain('用地问题');
    await shot('not-found');
  });

  it('as a party-work officer: coverage and 党工委, every unit of its committee, and recording a meeting (a held meeting in the future refused beside the date)', async () => {
    page = await signIn(partyOfficer);
    await page.goto(`${base}/admin/party`);
    await page.getByTestId('party-coverage').getByText('党组织覆盖').waitFor();
    await page.getByTestId('party-committees').getByText('中共江苏省温州商会工作委员会').waitFor();
    await rowsOf('party-units').nth(1).waitFor();
    expect(await rowsOf('party-units').count()).toBe(2);
    const menu = await page.getByTestId('main-menu').innerText();
    expect(menu).toContain('党组织');
    expect(menu).not.toContain('荣誉提名'); // no honour permission
    await noEnumCodes();
    await shot('coverage');

    await page.goto(`${base}/admin/party/${ids.unit}`);
    await page.getByTestId('record-meeting').click();
    const dialog = page.locator('.ant-modal-content');
    await dialog.locator('#kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '支委会' }).click();
    await typeDate('#heldOn', '2099-01-05');
    await dialog.locator('#topic').fill('研究发展新党员工作');
    await page.getByRole('button', { name: '保 存' }).click();
    const heldItem = dialog.locator('.ant-form-item').filter({ has: page.locator('#heldOn') });
    await heldItem.locator('.ant-form-item-explain-error').waitFor();
    expect(await heldItem.locator('.ant-form-item-explain-error').innerText()).toMatch(/2099-01-05的会议尚未到来，不能标记为已召开/);
    await shot('meeting-error');
    await typeDate('#heldOn', '2025-11-03');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByTestId('party-meetings').getByText('研究发展新党员工作').waitFor();
    expect(await rowsOf('party-meetings').filter({ hasText: '研究发展新党员工作' }).innerText()).toContain('支委会');
  });
});
