import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { MemberDesignation, MemberEntity } from '@crm/member';
import { FlowEvent, FlowEvents } from '@crm/notice';
import {
  addMembership,
  captureSql,
  createChamber,
  createMember,
  createTestApp,
  expectData,
  expectError,
  GqlResponse,
  refusalChecker,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

// Notices end to end over HTTP: targeting within the sender's scope resolved into kept
// recipients, receipts (read, acknowledged, overdue), reminders, returns checked by type and
// scope until the deadline and exported, attachments (type, size, who may download), the
// inbox and to-do list, the in-process event hook; every bad input refused with nothing written.

const NOTICE = `id title priority deadline senderKind recipientCount returnForm { key label type required options } attachmentIds version`;
const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { ${NOTICE} } }`;
const RECIPIENT = `id label kind chamberId countyCode state overdue readAt acknowledgedAt reminderCount returned memberCount`;
const RECIPIENTS = `query($id: ID!, $first: Int, $after: String, $filter: NoticeRecipientFilter) {
  noticeRecipients(noticeId: $id, first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECIPIENT} } } } }`;
const STATS = `query($id: ID!) { noticeStats(noticeId: $id) { recipients read acknowledged overdue returned } }`;
const OPEN = `mutation($id: ID!) { openNotice(id: $id) { id } }`;
const ACK = `mutation($id: ID!) { acknowledgeNotice(id: $id) { ${RECIPIENT} } }`;
const REMIND = `mutation($id: ID!) { remindNotice(id: $id) }`;
const RETURN = `id recipientId recipientLabel late version answers { key value fileId members { id name } }`;
const SUBMIT = `mutation($id: ID!, $input: SubmitReturnInput!) { submitNoticeReturn(noticeId: $id, input: $input) { ${RETURN} } }`;
const RETURNS = `query($id: ID!) { noticeReturns(noticeId: $id) { ${RETURN} } }`;
const NOTICES = `query { notices(first: 50) { totalCount edges { node { id title } } } }`;
const INBOX = `query { myInbox(first: 20) { edges { node { noticeId title state asksReturn returned } } } }`;
const TODOS = `query { myTodos { kind id title overdue } }`;

const TABLES = ['notice', 'notice_recipient', 'notice_return', 'notice_reminder', 'notice_attachment', 'stored_file', 'audit_event'] as const;

interface Notice {
  id: string;
  title: string;
  recipientCount: number;
  senderKind: string;
  version: number;
  attachmentIds: string[];
  returnForm: { key: string }[] | null;
}
interface Recipient {
  id: string;
  label: string;
  kind: string;
  chamberId: string | null;
  countyCode: string | null;
  state: string;
  overdue: boolean;
  reminderCount: number;
  returned: boolean;
  memberCount: number;
}
interface Return {
  id: string;
  recipientLabel: string;
  late: boolean;
  version: number;
  answers: { key: string; value: string | null; fileId: string | null; members: { id: string; name: string }[] | null }[];
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const FORM = [
  { key: 'staff', label: '专职人员数', type: 'NUMBER', required: true },
  { key: 'founded', label: '成立日期', type: 'DATE' },
  { key: 'hasParty', label: '是否建立党组织', type: 'CHOICE', options: ['是', '否'], required: true },
  { key: 'delegates', label: '参会代表', type: 'MEMBERS' },
  { key: 'summary', label: '工作总结', type: 'FILE' },
  { key: 'note', label: '备注', type: 'TEXT' },
];

describe('notices: targeting, receipts, reminders, returns, attachments', () => {
  let t: TestApp;
  let admin: string;
  let county: string;
  let secTop: string;
  let secChild: string;
  let secOther: string;
  let viewer: string;
  let top: ChamberEntity;
  let child: ChamberEntity;
  let grandchild: ChamberEntity;
  let other: ChamberEntity;
  let goose: MemberEntity;
  let plain: MemberEntity;
  let outsider: MemberEntity;
  let all: Notice;
  const events: FlowEvent[] = [];
  const refused = refusalChecker(() => rowCounts(t, TABLES));
  const ok = <T>(res: GqlResponse<T>): T => expectData(res);
  const send = (token: string, input: Record<string, unknown>) =>
    t.gql<{ sendNotice: Notice }>(SEND, { input: { title: '关于报送商会基本情况的通知', body: '各商会：\n\n请于截止日前报送。', ...input } }, token);
  const recipients = async (token: string, id: string, vars: Record<string, unknown> = {}) =>
    ok(await t.gql<{ noticeRecipients: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Recipient }[] } }>(RECIPIENTS, { id, first: 100, ...vars }, token))
      .noticeRecipients;
  const upload = (token: string, name: string, bytes: Buffer) => t.http().post('/attachments').set('authorization', `Bearer ${token}`).attach('file', bytes, { filename: name });

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_MB: '1' });
    t.app.get(FlowEvents).subscribe((e) => void events.push(e));
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    grandchild = await createChamber(t, { level: ChamberLevel.County, parentId: child.id });
    other = await createChamber(t, { level: ChamberLevel.Provincial });
    goose = await createMember(t, { hometownCode: '330302', designations: [MemberDesignation.LeadGoose] });
    plain = await createMember(t, { hometownCode: '330302' });
    outsider = await createMember(t, { hometownCode: '330381' });
    await addMembership(t, goose.id, child.id);
    await addMembership(t, plain.id, child.id);
    await addMembership(t, outsider.id, other.id);
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    secTop = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    secChild = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: child.id })).accessToken;
    secOther = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: other.id })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
  });

  afterAll(() => t.close());

  it('sends a notice to all chambers: every active chamber kept as a recipient, in one statement, audited and published', async () => {
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM chamber WHERE status = 'ACTIVE'`)) as { n: number }[];
    const { result, statements } = await captureSql(t.dataSource, () => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: inDays(7), returnForm: FORM, priority: 'URGENT' }));
    all = ok(result).sendNotice;
    expect(all).toMatchObject({ senderKind: 'OFFICE', recipientCount: n, version: 1 });
    expect(all.returnForm?.map((f) => f.key)).toEqual(FORM.map((f) => f.key));
    expect(statements.filter((s) => /INSERT INTO notice_recipient/.test(s))).toHaveLength(1);
    const page = await recipients(admin, all.id);
    expect(page.totalCount).toBe(n);
    expect(page.edges.map((e) => e.node.chamberId)).toEqual(expect.arrayContaining([top.id, child.id, grandchild.id, other.id]));
    expect(page.edges.every((e) => e.node.state === 'UNREAD' && !e.node.overdue)).toBe(true);
    const [audit] = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1`, [all.id])) as { operation: string }[];
    expect(audit.operation).toBe('notice.send');
    expect(events.find((e) => e.type === 'notice.sent' && e.subjectId === all.id)?.data).toMatchObject({ recipientCount: n, asksReturn: true });
  });

  it('keeps receipts: opened → read, acknowledged (签收), overdue once the deadline passes; the sender pages them with a constant statement count', async () => {
    ok(await t.gql(OPEN, { id: all.id }, secChild));
    const acked = ok(await t.gql<{ acknowledgeNotice: Recipient }>(ACK, { id: all.id }, secOther)).acknowledgeNotice;
    expect(acked).toMatchObject({ chamberId: other.id, state: 'ACKNOWLEDGED' });
    const byId = new Map((await recipients(admin, all.id)).edges.map((e) => [e.node.chamberId, e.node]));
    expect(byId.get(child.id)?.state).toBe('READ');
    expect(byId.get(other.id)?.state).toBe('ACKNOWLEDGED');
    expect(byId.get(top.id)?.state).toBe('UNREAD');
    expect((await recipients(admin, all.id, { filter: { state: 'ACKNOWLEDGED' } })).edges.map((e) => e.node.chamberId)).toEqual([other.id]);

    // Pages of 2 and of 50 read with the same number of statements.
    const small = await captureSql(t.dataSource, () => t.gql(RECIPIENTS, { id: all.id, first: 2 }, admin));
    const big = await captureSql(t.dataSource, () => t.gql(RECIPIENTS, { id: all.id, first: 50 }, admin));
    expect(big.statements.length).toBe(small.statements.length);
    const first = await recipients(admin, all.id, { first: 2 });
    const second = await recipients(admin, all.id, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges[0].node.label >= first.edges[1].node.label).toBe(true);

    const late = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, deadline: inDays(1) })).sendNotice;
    await t.dataSource.query(`UPDATE notice SET deadline = now() - interval '1 hour' WHERE id = $1`, [late.id]);
    ok(await t.gql(ACK, { id: late.id }, secChild));
    const rows = (await recipients(admin, late.id)).edges.map((e) => e.node);
    expect(rows.find((r) => r.chamberId === grandchild.id)).toMatchObject({ state: 'UNREAD', overdue: true });
    expect(rows.find((r) => r.chamberId === child.id)).toMatchObject({ state: 'ACKNOWLEDGED', overdue: false });
    expect(ok(await t.gql<{ noticeStats: Record<string, number> }>(STATS, { id: late.id }, admin)).noticeStats).toEqual({ recipients: 2, read: 1, acknowledged: 1, overdue: 1, returned: 0 });
  });

  it('reminds those that have not acknowledged, records it, and refuses a second reminder within the hour', async () => {
    const before = (await recipients(admin, all.id)).edges.filter((e) => e.node.state !== 'ACKNOWLEDGED').length;
    expect(ok(await t.gql<{ remindNotice: number }>(REMIND, { id: all.id }, admin)).remindNotice).toBe(before);
    const byId = new Map((await recipients(admin, all.id)).edges.map((e) => [e.node.chamberId, e.node]));
    expect(byId.get(top.id)?.reminderCount).toBe(1);
    expect(byId.get(other.id)?.reminderCount).toBe(0);
    await refused(() => t.gql(REMIND, { id: all.id }, admin), 'TOO_MANY_REQUESTS', 'id');
    // Only the sender reminds.
    expect((await t.gql(REMIND, { id: all.id }, secTop)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sends only within the sender’s scope: a secretariat to the chambers below it, a county office to itself; anything else refused with the field', async () => {
    const down = ok(await send(secTop, { target: { kind: 'CHAMBER_SUBTREE', chamberId: top.id } })).sendNotice;
    expect(down.senderKind).toBe('CHAMBER');
    expect((await recipients(secTop, down.id)).edges.map((e) => e.node.chamberId).sort()).toEqual([child.id, grandchild.id].sort());
    await refused(() => send(secTop, { target: { kind: 'ALL_CHAMBERS' } }), 'FORBIDDEN', 'input.target.kind');
    await refused(() => send(secTop, { target: { kind: 'CHAMBER_SUBTREE', chamberId: other.id } }), 'FORBIDDEN', 'input.target.chamberId');
    await refused(() => send(secTop, { target: { kind: 'COUNTIES', countyCodes: ['330302'] } }), 'FORBIDDEN', 'input.target.countyCodes.0');
    await refused(() => send(county, { target: { kind: 'COUNTIES', countyCodes: ['330302', '330381'] } }), 'FORBIDDEN', 'input.target.countyCodes.1');
    await refused(() => send(county, { target: { kind: 'PROVINCE', provinceCode: '44' } }), 'FORBIDDEN', 'input.target.kind');
    await refused(() => send(admin, { target: { kind: 'PROVINCE' } }), 'BAD_USER_INPUT', 'input.target.provinceCode');
    await refused(() => send(admin, { target: { kind: 'COUNTIES', countyCodes: ['110101'] } }), 'BAD_USER_INPUT', 'input.target.countyCodes.0');
    await refused(() => send(admin, { target: { kind: 'PROVINCE', provinceCode: '99' } }), 'BAD_USER_INPUT', 'input.target');
    await refused(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: inDays(-1) }), 'BAD_USER_INPUT', 'input.deadline');
    await refused(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, returnForm: FORM }), 'BAD_USER_INPUT', 'input.deadline');
    await refused(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: inDays(3), returnForm: [{ key: 'a', label: '甲', type: 'CHOICE', options: ['只有一个'] }] }), 'BAD_USER_INPUT', 'input.returnForm.0.options');
    await refused(() => send(viewer, { target: { kind: 'ALL_CHAMBERS' } }), 'FORBIDDEN');

    const own = ok(await send(county, { target: { kind: 'COUNTIES', countyCodes: ['330302'] } })).sendNotice;
    expect((await recipients(county, own.id)).edges.map((e) => [e.node.kind, e.node.countyCode])).toEqual([['COUNTY', '330302']]);
  });

  it('resolves member-based rules to the members’ chambers, each listing its matched members', async () => {
    const n = ok(await send(admin, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'LEAD_GOOSE' } })).sendNotice;
    const rows = (await recipients(admin, n.id)).edges.map((e) => e.node);
    expect(rows.find((r) => r.chamberId === child.id)?.memberCount).toBe(1);
    expect(rows.some((r) => r.chamberId === other.id)).toBe(false);
    // A county office reaches the chambers of members from its county only.
    const c = ok(await send(county, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'LEAD_GOOSE' } })).sendNotice;
    expect((await recipients(county, c.id)).edges.map((e) => e.node.chamberId)).toContain(child.id);
  });

  it('shows recipients only what was sent to them (and their chambers below), the sender everything', async () => {
    const toOther = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: other.id } })).sendNotice;
    expect((await t.gql(`query($id: ID!) { notice(id: $id) { id } }`, { id: toOther.id }, secChild)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const topList = ok(await t.gql<{ notices: { edges: { node: { id: string } }[] } }>(NOTICES, {}, secTop)).notices.edges.map((e) => e.node.id);
    expect(topList).toContain(all.id);
    expect(topList).not.toContain(toOther.id);
    // secTop reads the receipts of its own chamber and those below, not the other province's.
    const seen = (await recipients(secTop, all.id)).edges.map((e) => e.node.chamberId);
    expect(seen.sort()).toEqual([top.id, child.id, grandchild.id].sort());
    // Its own receipt, asked for as such, wherever the label sorts it in the table.
    expect((await recipients(secTop, all.id, { filter: { mine: true }, first: 1 })).edges.map((e) => e.node.chamberId)).toEqual([top.id]);
    expect((await recipients(admin, all.id, { filter: { mine: true } })).edges).toEqual([]);
    // …but acknowledges for its own chamber only.
    await refused(() => t.gql(ACK, { id: toOther.id }, secTop), 'NOT_FOUND', 'id');
    expect(ok(await t.gql<{ notice: { id: string } }>(`query($id: ID!) { notice(id: $id) { id } }`, { id: toOther.id }, viewer)).notice.id).toBe(toOther.id);
  });

  it('takes returns checked by type and by the recipient’s own members, correctable with the version read until the deadline', async () => {
    const answers = (extra: Record<string, unknown>[] = []) => [{ key: 'staff', value: '3' }, { key: 'hasParty', value: '是' }, ...extra];
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: [{ key: 'staff', value: '三个' }, { key: 'hasParty', value: '是' }] } }, secChild), 'BAD_USER_INPUT', 'input.answers.0');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'founded', value: '2014-02-30' }]) } }, secChild), 'BAD_USER_INPUT', 'input.answers.2');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: [{ key: 'staff', value: '3' }, { key: 'hasParty', value: '也许' }] } }, secChild), 'BAD_USER_INPUT', 'input.answers.1');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: [{ key: 'staff', value: '3' }] } }, secChild), 'BAD_USER_INPUT', 'input.answers');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'nope', value: 'x' }]) } }, secChild), 'BAD_USER_INPUT', 'input.answers.2.key');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'note', memberIds: [plain.id] }]) } }, secChild), 'BAD_USER_INPUT', 'input.answers.2');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'delegates', memberIds: [goose.id, outsider.id] }]) } }, secChild), 'BAD_USER_INPUT', 'input.answers.2.memberIds');

    const saved = ok(await t.gql<{ submitNoticeReturn: Return }>(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'delegates', memberIds: [goose.id, plain.id] }]) } }, secChild))
      .submitNoticeReturn;
    expect(saved.version).toBe(1);
    expect(saved.answers.find((a) => a.key === 'delegates')?.members?.map((m) => m.name).sort()).toEqual([goose.name, plain.name].sort());
    // It was reminded before it answered: marked late (催报后报送).
    expect(saved.late).toBe(true);
    // A parent chamber's members field reaches the members of the chambers below it.
    ok(await t.gql(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'delegates', memberIds: [plain.id] }]) } }, secTop));

    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers(), version: 7 } }, secChild), 'CONFLICT', 'input.version');
    await refused(() => t.gql(SUBMIT, { id: all.id, input: { answers: answers() } }, secChild), 'CONFLICT', 'input.version');
    const fixed = ok(await t.gql<{ submitNoticeReturn: Return }>(SUBMIT, { id: all.id, input: { answers: answers([{ key: 'note', value: '已更正' }]), version: 1 } }, secChild))
      .submitNoticeReturn;
    expect(fixed.version).toBe(2);
    expect(fixed.answers.find((a) => a.key === 'note')?.value).toBe('已更正');

    // One that acknowledged before the reminder went out is not.
    const onTime = ok(await t.gql<{ submitNoticeReturn: Return }>(SUBMIT, { id: all.id, input: { answers: answers() } }, secOther)).submitNoticeReturn;
    expect(onTime.late).toBe(false);
    const lateTop = (await t.gql<{ noticeReturns: Return[] }>(RETURNS, { id: all.id }, admin)).body.data?.noticeReturns.find((r) => r.recipientLabel === top.name);
    expect(lateTop?.late).toBe(true);

    // The sender reads them all; a recipient its own only.
    expect(ok(await t.gql<{ noticeReturns: Return[] }>(RETURNS, { id: all.id }, admin)).noticeReturns).toHaveLength(3);
    expect(ok(await t.gql<{ noticeReturns: Return[] }>(RETURNS, { id: all.id }, secOther)).noticeReturns.map((r) => r.recipientLabel)).toEqual([other.name]);
    expect((await recipients(admin, all.id, { filter: { missingReturn: true } })).edges.some((e) => e.node.chamberId === grandchild.id)).toBe(true);

    // After the deadline: refused with a code, nothing changed.
    const closing = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, deadline: inDays(1), returnForm: FORM })).sendNotice;
    await t.dataSource.query(`UPDATE notice SET deadline = now() - interval '1 minute' WHERE id = $1`, [closing.id]);
    await refused(() => t.gql(SUBMIT, { id: closing.id, input: { answers: answers() } }, secChild), 'CONFLICT', 'noticeId');
  });

  it('exports the returns as one .xlsx table with Chinese headers, missing returns marked, audited', async () => {
    const res = await t
      .http()
      .get(`/notices/${all.id}/returns.xlsx`)
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const ExcelJS = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['序号', '报送单位', '签收状态', '报送状态', '报送时间', '专职人员数', '成立日期']);
    const rows: string[] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).join('|')));
    expect(rows.find((r) => r.includes(child.name))).toContain('已更正');
    expect(rows.find((r) => r.includes(grandchild.name))).toContain('未报送');
    expect(rows.find((r) => r.includes(top.name))).toContain('催报后报送');
    expect(rows.find((r) => r.includes(other.name))).toContain('|已报送|');
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'noticeReturn.export' AND entity_id = $1`, [all.id])) as { n: number }[];
    expect(n).toBe(1);
    // Not for a recipient.
    expect((await t.http().get(`/notices/${all.id}/returns.xlsx`).set('authorization', `Bearer ${secChild}`)).status).toBe(403);
  });

  it('takes attachments of allowed types within the size limit, serves them only to those who may read the notice', async () => {
    const before = await rowCounts(t, TABLES);
    const exe = await upload(admin, 'setup.exe', Buffer.from('MZ...'));
    expect({ status: exe.status, code: exe.body.errors?.[0]?.extensions?.code, field: exe.body.errors?.[0]?.extensions?.field }).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
    const big = await upload(admin, '大文件.pdf', Buffer.alloc(1024 * 1024 + 10, 1));
    expect({ code: big.body.errors?.[0]?.extensions?.code, reason: big.body.errors?.[0]?.extensions?.reason, field: big.body.errors?.[0]?.extensions?.field }).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'STORAGE_FILE_TOO_LARGE',
      field: 'file',
    });
    expect(await rowCounts(t, TABLES)).toEqual(before);

    const pdf = await upload(admin, '会议通知.pdf', Buffer.from('%PDF-1.4 年会通知'));
    expect(pdf.status).toBe(201);
    const fileId = pdf.body.data.attachment.id as string;
    // Someone else's upload cannot be attached.
    const theirs = (await upload(secTop, '下级.pdf', Buffer.from('%PDF-1.4'))).body.data.attachment.id as string;
    await refused(() => send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, attachmentIds: [fileId, theirs] }), 'BAD_USER_INPUT', 'input.attachmentIds.1');

    const withFile = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, attachmentIds: [fileId] })).sendNotice;
    expect(withFile.attachmentIds).toEqual([fileId]);
    const get = (token: string) => t.http().get(`/attachments/${fileId}`).set('authorization', `Bearer ${token}`).buffer(true);
    const got = await get(secChild);
    expect(got.status).toBe(200);
    expect(String(got.headers['content-disposition'])).toContain(encodeURIComponent('会议通知.pdf'));
    expect((await get(secTop)).status).toBe(200);
    expect((await get(secOther)).status).toBe(404);
  });

  it('lists the inbox and to-do items of the signed-in unit', async () => {
    const inbox = ok(await t.gql<{ myInbox: { edges: { node: { noticeId: string; state: string; asksReturn: boolean; returned: boolean } }[] } }>(INBOX, {}, secChild)).myInbox.edges.map(
      (e) => e.node,
    );
    expect(inbox.find((n) => n.noticeId === all.id)).toMatchObject({ state: 'READ', asksReturn: true, returned: true });
    const todos = ok(await t.gql<{ myTodos: { kind: string; id: string }[] }>(TODOS, {}, secChild)).myTodos;
    expect(todos).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ACKNOWLEDGE_NOTICE', id: all.id })]));
    expect(todos.some((x) => x.kind === 'SUBMIT_RETURN' && x.id === all.id)).toBe(false);
    const grand = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: grandchild.id })).accessToken;
    expect(ok(await t.gql<{ myTodos: { kind: string; id: string }[] }>(TODOS, {}, grand)).myTodos).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'SUBMIT_RETURN', id: all.id })]),
    );
    expectError(await t.gql(ACK, { id: all.id }, viewer), 'FORBIDDEN');
  });
});
