import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { MemberDesignation, MemberEntity } from '@crm/member';
import { addMembership, createChamber, createMember, createTestApp, expectData, expectError, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// Hostile pass over the information flow (issue 16): senders reaching beyond their scope through
// each targeting rule, recipients reading what was not sent to them (inbox, to-do, receipts,
// returns, exports, attachments), attachments by guessed id and by type tricks, returns and
// delegates naming members outside the unit, capacity and promotion under concurrent calls,
// stale versions, closed threads, no backdating, bad strings and dates. Each refusal: a stable
// code, the field, and nothing written.

const NOTICE = `id title deadline senderKind recipientCount attachmentIds version`;
const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { ${NOTICE} } }`;
const RECIPIENTS = `query($id: ID!) { noticeRecipients(noticeId: $id, first: 100) { totalCount edges { node { id chamberId state } } } }`;
const STATS = `query($id: ID!) { noticeStats(noticeId: $id) { recipients read acknowledged } }`;
const RETURNS = `query($id: ID!) { noticeReturns(noticeId: $id) { id recipientLabel version answers { key value fileId members { id name } } } }`;
const SUBMIT = `mutation($id: ID!, $input: SubmitReturnInput!) { submitNoticeReturn(noticeId: $id, input: $input) { id version answers { key value fileId } } }`;
const ACK = `mutation($id: ID!) { acknowledgeNotice(id: $id) { id state } }`;
const REMIND = `mutation($id: ID!) { remindNotice(id: $id) }`;
const INBOX = `query { myInbox(first: 50) { edges { node { noticeId } } } }`;
const TODOS = `query { myTodos { kind id } }`;
const NOTICE_TABLES = ['notice', 'notice_recipient', 'notice_return', 'notice_reminder', 'notice_attachment', 'stored_file', 'audit_event'] as const;

const MEETING = `id capacity registeredCount waitlistedCount version`;
const CREATE_MEETING = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING} } }`;
const REGISTER = `mutation($id: ID!, $input: RegisterDelegatesInput!) { registerDelegates(meetingId: $id, input: $input) { id memberId status version } }`;
const CANCEL = `mutation($id: ID!, $version: Int!) { cancelRegistration(id: $id, input: { version: $version }) { id status version } }`;
const MEETING_TABLES = ['meeting', 'meeting_invitee', 'meeting_registration', 'audit_event'] as const;

const RAISE = `mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { id status version attachmentIds } }`;
const step = (name: string) => `mutation($id: ID!, $input: RequestStepInput!) { ${name}(id: $id, input: $input) { id status version messages { text } } }`;
const REQUEST_TABLES = ['request', 'request_message', 'request_event', 'request_attachment', 'audit_event'] as const;

const FORM = [
  { key: 'staff', label: '专职人员数', type: 'NUMBER', required: true },
  { key: 'delegates', label: '参会代表', type: 'MEMBERS' },
  { key: 'summary', label: '工作总结', type: 'FILE' },
];

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);
const day = (d: number) => inDays(d).toISOString().slice(0, 10);

interface Notice {
  id: string;
  recipientCount: number;
  attachmentIds: string[];
}
interface Reg {
  id: string;
  memberId: string;
  status: string;
  version: number;
}

describe('information flow: hostile input', () => {
  let t: TestApp;
  let admin: string;
  let county: string;
  let secTop: string;
  let secChild: string;
  let secGrand: string;
  let secOther: string;
  let viewer: string;
  let party: string;
  let top: ChamberEntity;
  let child: ChamberEntity;
  let grandchild: ChamberEntity;
  let other: ChamberEntity;
  let topMember: MemberEntity;
  let childMembers: MemberEntity[];
  let grandMember: MemberEntity;
  let outsider: MemberEntity;
  let toChild: Notice;
  const ok = <T>(res: GqlResponse<T>): T => expectData(res);
  const refusedNotice = refusalChecker(() => rowCounts(t, NOTICE_TABLES));
  const refusedMeeting = refusalChecker(() => rowCounts(t, MEETING_TABLES));
  const refusedRequest = refusalChecker(() => rowCounts(t, REQUEST_TABLES));
  const send = (token: string, input: Record<string, unknown>) =>
    t.gql<{ sendNotice: Notice }>(SEND, { input: { title: '关于报送年度工作情况的通知', body: '请按时报送。', ...input } }, token);
  const upload = (token: string, name: string, bytes: Buffer, contentType?: string) =>
    t
      .http()
      .post('/attachments')
      .set('authorization', `Bearer ${token}`)
      .attach('file', bytes, contentType ? { filename: name, contentType } : { filename: name });
  const download = (token: string, id: string) => t.http().get(`/attachments/${id}`).set('authorization', `Bearer ${token}`).buffer(true);
  const restError = (res: { status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }) => ({
    status: res.status,
    code: res.body.errors?.[0]?.extensions?.code,
    field: res.body.errors?.[0]?.extensions?.field,
  });

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_MB: '1' });
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    grandchild = await createChamber(t, { level: ChamberLevel.County, parentId: child.id });
    other = await createChamber(t, { level: ChamberLevel.Provincial });
    topMember = await createMember(t, { hometownCode: '330302', designations: [MemberDesignation.LeadGoose] });
    await addMembership(t, topMember.id, top.id);
    childMembers = [];
    for (let i = 0; i < 4; i++) {
      const m = await createMember(t, { hometownCode: '330302' });
      await addMembership(t, m.id, child.id);
      childMembers.push(m);
    }
    grandMember = await createMember(t, { hometownCode: '330302' });
    await addMembership(t, grandMember.id, grandchild.id);
    outsider = await createMember(t, { hometownCode: '330381', designations: [MemberDesignation.LeadGoose] });
    await addMembership(t, outsider.id, other.id);
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    secTop = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    secChild = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: child.id })).accessToken;
    secGrand = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: grandchild.id })).accessToken;
    secOther = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: other.id })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    party = (await signedInUser(t, { role: Role.PartyOfficer })).accessToken;
    ok(await t.gql(`mutation { setRequestDesk(input: { category: "LAND", desk: "项目服务处", dueDays: 5 }) { category } }`, {}, admin));
    toChild = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, deadline: inDays(5).toISOString(), returnForm: FORM })).sendNotice;
  });

  afterAll(() => t.close());

  describe('targeting beyond the sender’s scope', () => {
    it('a secretariat cannot reach up, sideways or everywhere through any rule', async () => {
      // Its own parent's subtree, a sibling province, the whole network, a province, counties, party units.
      await refusedNotice(() => send(secChild, { target: { kind: 'CHAMBER_SUBTREE', chamberId: top.id } }), 'FORBIDDEN', 'input.target.chamberId');
      await refusedNotice(() => send(secChild, { target: { kind: 'CHAMBER_SUBTREE', chamberId: other.id } }), 'FORBIDDEN', 'input.target.chamberId');
      await refusedNotice(() => send(secChild, { target: { kind: 'ALL_CHAMBERS' } }), 'FORBIDDEN', 'input.target.kind');
      await refusedNotice(() => send(secChild, { target: { kind: 'PROVINCE', provinceCode: '33' } }), 'FORBIDDEN', 'input.target.kind');
      await refusedNotice(() => send(secChild, { target: { kind: 'PARTY_ORGANISATIONS', partyOrganizationIds: ['00000000-0000-4000-8000-000000000001'] } }), 'FORBIDDEN', 'input.target.kind');
      // Member-based rules reach only the chambers strictly below it: a lead goose in its parent or elsewhere is not reached.
      await refusedNotice(() => send(secGrand, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'LEAD_GOOSE' } }), 'BAD_USER_INPUT', 'input.target');
      await refusedNotice(() => send(secTop, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'LEAD_GOOSE' } }), 'BAD_USER_INPUT', 'input.target');
    });

    it('a county office reaches its own office and its county’s merchants only; party and project roles send nothing', async () => {
      await refusedNotice(() => send(county, { target: { kind: 'CHAMBER_SUBTREE', chamberId: top.id } }), 'FORBIDDEN', 'input.target.kind');
      await refusedNotice(() => send(county, { target: { kind: 'ALL_CHAMBERS' } }), 'FORBIDDEN', 'input.target.kind');
      await refusedNotice(() => send(county, { target: { kind: 'COUNTIES', countyCodes: ['330381'] } }), 'FORBIDDEN', 'input.target.countyCodes.0');
      await refusedNotice(() => send(county, { target: { kind: 'PARTY_ORGANISATIONS', partyOrganizationIds: ['00000000-0000-4000-8000-000000000001'] } }), 'FORBIDDEN', 'input.target.kind');
      const geese = ok(await send(county, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'LEAD_GOOSE' } })).sendNotice;
      const reached = ok(await t.gql<{ noticeRecipients: { edges: { node: { chamberId: string } }[] } }>(RECIPIENTS, { id: geese.id }, admin)).noticeRecipients.edges.map((e) => e.node.chamberId);
      // The lead goose from another county (in `other`) is not reached.
      expect(reached).toEqual([top.id]);
      await refusedNotice(() => send(party, { target: { kind: 'ALL_CHAMBERS' } }), 'FORBIDDEN');
      await refusedNotice(() => send(viewer, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id } }), 'FORBIDDEN');
    });

    it('cannot be backdated or post-dated over the API: no sent time in the input, a past deadline refused, sent_at is now', async () => {
      const res = await send(admin, { target: { kind: 'ALL_CHAMBERS' }, sentAt: '2001-01-01T00:00:00Z' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const res2 = await send(admin, { target: { kind: 'ALL_CHAMBERS' }, at: '2001-01-01T00:00:00Z' });
      expect(res2.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      await refusedNotice(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: '1970-01-01T00:00:00Z' }), 'BAD_USER_INPUT', 'input.deadline');
      await refusedNotice(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: new Date(Date.now() - 1000).toISOString() }), 'BAD_USER_INPUT', 'input.deadline');
      await refusedNotice(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: '+275760-09-13T00:00:00Z' }), 'BAD_USER_INPUT', 'input.deadline');
      await refusedNotice(() => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: '9999-12-31T00:00:00Z' }), 'BAD_USER_INPUT', 'input.deadline');
      const [{ skew }] = (await t.dataSource.query(`SELECT abs(extract(epoch FROM now() - sent_at))::float8 AS skew FROM notice WHERE id = $1`, [toChild.id])) as { skew: number }[];
      expect(skew).toBeLessThan(600);
    });

    it('refuses bad strings and targets with the field, nothing written', async () => {
      await refusedNotice(() => send(admin, { title: '   ', target: { kind: 'ALL_CHAMBERS' } }), 'BAD_USER_INPUT', 'input.title');
      await refusedNotice(() => send(admin, { title: '通知\u0007响铃', target: { kind: 'ALL_CHAMBERS' } }), 'BAD_USER_INPUT', 'input.title');
      await refusedNotice(() => send(admin, { title: '通'.repeat(201), target: { kind: 'ALL_CHAMBERS' } }), 'BAD_USER_INPUT', 'input.title');
      await refusedNotice(() => send(admin, { body: '正文\u0000', target: { kind: 'ALL_CHAMBERS' } }), 'BAD_USER_INPUT', 'input.body');
      await refusedNotice(() => send(admin, { body: 'x'.repeat(20001), target: { kind: 'ALL_CHAMBERS' } }), 'BAD_USER_INPUT', 'input.body');
      await refusedNotice(() => send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: 'not-a-uuid' } }), 'BAD_USER_INPUT', 'input.target.chamberId');
      await refusedNotice(() => send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: '00000000-0000-4000-8000-000000000009' } }), 'BAD_USER_INPUT', 'input.target.chamberId');
      await refusedNotice(() => send(admin, { target: { kind: 'COUNTIES', countyCodes: [] } }), 'BAD_USER_INPUT', 'input.target.countyCodes');
      await refusedNotice(() => send(admin, { target: { kind: 'COUNTIES', countyCodes: Array.from({ length: 51 }, () => '330302') } }), 'BAD_USER_INPUT', 'input.target.countyCodes');
      await refusedNotice(() => send(admin, { target: { kind: 'MEMBERS_WITH_HONOUR', honorTypeId: '00000000-0000-4000-8000-000000000009' } }), 'BAD_USER_INPUT', 'input.target.honorTypeId');
      await refusedNotice(() => send(admin, { target: { kind: 'MEMBERS_WITH_DESIGNATION', designation: 'KING' } }), 'BAD_USER_INPUT', 'input.target.designation');
      await refusedNotice(() => send(admin, { target: { kind: 'PARTY_ORGANISATIONS', partyOrganizationIds: ['00000000-0000-4000-8000-000000000009'] } }), 'BAD_USER_INPUT', 'input.target.partyOrganizationIds.0');
      await refusedNotice(
        () => send(admin, { target: { kind: 'ALL_CHAMBERS' }, deadline: inDays(3).toISOString(), returnForm: [FORM[0], { ...FORM[0], label: '重复' }] }),
        'BAD_USER_INPUT',
        'input.returnForm.1.key',
      );
      // Counts with a GraphQL type error: a number where a string is expected.
      expect((await send(admin, { title: 42, target: { kind: 'ALL_CHAMBERS' } })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('recipients see only what was sent to them', () => {
    it('another chamber sees nothing of a notice: not the notice, its receipts, counts, returns, inbox, to-do, export', async () => {
      for (const q of [`query($id: ID!) { notice(id: $id) { id } }`, RECIPIENTS, STATS, RETURNS]) {
        expectError(await t.gql(q, { id: toChild.id }, secOther), 'NOT_FOUND', q.includes('noticeId') ? 'noticeId' : 'id');
      }
      await refusedNotice(() => t.gql(ACK, { id: toChild.id }, secOther), 'NOT_FOUND', 'id');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: { answers: [{ key: 'staff', value: '1' }] } }, secOther), 'NOT_FOUND', 'noticeId');
      await refusedNotice(() => t.gql(REMIND, { id: toChild.id }, secOther), 'NOT_FOUND', 'id');
      expect(ok(await t.gql<{ myInbox: { edges: { node: { noticeId: string } }[] } }>(INBOX, {}, secOther)).myInbox.edges.map((e) => e.node.noticeId)).not.toContain(toChild.id);
      expect(ok(await t.gql<{ myTodos: { id: string }[] }>(TODOS, {}, secOther)).myTodos.map((x) => x.id)).not.toContain(toChild.id);
      for (const token of [secOther, secChild, county, party]) {
        expect((await t.http().get(`/notices/${toChild.id}/returns.xlsx`).set('authorization', `Bearer ${token}`)).status).toBeGreaterThanOrEqual(403);
      }
    });

    it('a parent chamber (not a recipient) neither acknowledges nor answers for a child; the child sees only its subtree of the receipts', async () => {
      // secTop is not a recipient of a notice to child's subtree, but reads it (its chambers below received it).
      await refusedNotice(() => t.gql(ACK, { id: toChild.id }, secTop), 'FORBIDDEN', 'id');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: { answers: [{ key: 'staff', value: '1' }] } }, secTop), 'FORBIDDEN', 'noticeId');
      const all = ok(await send(admin, { target: { kind: 'ALL_CHAMBERS' } })).sendNotice;
      const seen = ok(await t.gql<{ noticeRecipients: { totalCount: number; edges: { node: { chamberId: string } }[] } }>(RECIPIENTS, { id: all.id }, secGrand)).noticeRecipients;
      expect(seen.edges.map((e) => e.node.chamberId)).toEqual([grandchild.id]);
      expect(seen.totalCount).toBe(1);
      expect(ok(await t.gql<{ noticeStats: { recipients: number } }>(STATS, { id: all.id }, secGrand)).noticeStats.recipients).toBe(1);
      // A county office gets nothing of a notice sent to chambers.
      expectError(await t.gql(`query($id: ID!) { notice(id: $id) { id } }`, { id: toChild.id }, county), 'NOT_FOUND', 'id');
    });

    it('the office is no recipient: opening a notice marks no receipt read, it acknowledges and answers for nobody, its inbox and to-do hold no receipts', async () => {
      const n = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id }, deadline: inDays(3).toISOString(), returnForm: FORM })).sendNotice;
      ok(await t.gql(`mutation($id: ID!) { openNotice(id: $id) { id } }`, { id: n.id }, admin));
      const states = ok(await t.gql<{ noticeRecipients: { edges: { node: { state: string } }[] } }>(RECIPIENTS, { id: n.id }, admin)).noticeRecipients.edges.map((e) => e.node.state);
      expect(states).toEqual(['UNREAD', 'UNREAD']);
      await refusedNotice(() => t.gql(ACK, { id: n.id }, admin), 'FORBIDDEN', 'id');
      await refusedNotice(() => t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: '1' }] } }, admin), 'FORBIDDEN', 'noticeId');
      expect(ok(await t.gql<{ myInbox: { edges: unknown[] } }>(INBOX, {}, admin)).myInbox.edges).toEqual([]);
      expect(ok(await t.gql<{ myTodos: { kind: string }[] }>(TODOS, {}, admin)).myTodos.filter((x) => x.kind !== 'ANSWER_REQUEST')).toEqual([]);
      // A viewer neither.
      expect(ok(await t.gql<{ myInbox: { edges: unknown[] } }>(INBOX, {}, viewer)).myInbox.edges).toEqual([]);
    });

    it('the same acknowledgement twice at once: one receipt, one audit row; reminders twice at once: one goes out', async () => {
      const n = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: child.id } })).sendNotice;
      const [a, b] = await Promise.all([t.gql(ACK, { id: n.id }, secChild), t.gql(ACK, { id: n.id }, secChild)]);
      ok(a);
      ok(b);
      const [{ audits }] = (await t.dataSource.query(
        `SELECT count(*)::int AS audits FROM audit_event WHERE operation = 'notice.acknowledge' AND (metadata->>'noticeId') = $1`,
        [n.id],
      )) as { audits: number }[];
      expect(audits).toBe(1);
      const reminded = await Promise.all([t.gql<{ remindNotice: number }>(REMIND, { id: n.id }, admin), t.gql<{ remindNotice: number }>(REMIND, { id: n.id }, admin)]);
      expect(reminded.map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['OK', 'TOO_MANY_REQUESTS']);
      const [{ reminders }] = (await t.dataSource.query(`SELECT count(*)::int AS reminders FROM notice_reminder WHERE notice_id = $1`, [n.id])) as { reminders: number }[];
      expect(reminders).toBe(1);
    });
  });

  describe('returns', () => {
    it('a members field refuses members of the parent, of a sibling province, merged ones and unknown ids; duplicates count once', async () => {
      const answers = (memberIds: string[]) => ({ answers: [{ key: 'staff', value: '2' }, { key: 'delegates', memberIds }] });
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: answers([childMembers[0].id, topMember.id]) }, secChild), 'BAD_USER_INPUT', 'input.answers.1.memberIds');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: answers([outsider.id]) }, secChild), 'BAD_USER_INPUT', 'input.answers.1.memberIds');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: answers(['00000000-0000-4000-8000-000000000009']) }, secChild), 'BAD_USER_INPUT', 'input.answers.1.memberIds');
      // The grandchild answers for itself only: its parent's members are not its own.
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: answers([childMembers[0].id]) }, secGrand), 'BAD_USER_INPUT', 'input.answers.1.memberIds');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: { answers: [{ key: 'staff', value: '-1e400' }] } }, secChild), 'BAD_USER_INPUT', 'input.answers.0');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: { answers: [{ key: 'staff', value: '9'.repeat(40) }] } }, secChild), 'BAD_USER_INPUT', 'input.answers.0');
      await refusedNotice(() => t.gql(SUBMIT, { id: toChild.id, input: { answers: [{ key: 'staff', value: '1' }, { key: 'staff', value: '2' }] } }, secChild), 'BAD_USER_INPUT', 'input.answers.1.key');
      const saved = ok(
        await t.gql<{ submitNoticeReturn: { version: number; answers: { key: string }[] } }>(SUBMIT, { id: toChild.id, input: answers([childMembers[0].id, childMembers[0].id]) }, secChild),
      ).submitNoticeReturn;
      expect(saved.version).toBe(1);
      const [{ ids }] = (await t.dataSource.query(`SELECT member_ids::text[] AS ids FROM notice_return WHERE notice_id = $1`, [toChild.id])) as { ids: string[] }[];
      expect(ids).toEqual([childMembers[0].id]);
    });

    it('the first return sent twice at once: one row, the other refused as stale; a correction needs the version read', async () => {
      const n = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: grandchild.id }, deadline: inDays(3).toISOString(), returnForm: FORM })).sendNotice;
      const both = await Promise.all([1, 2].map((i) => t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: String(i) }] } }, secGrand)));
      expect(both.map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      const [{ rows }] = (await t.dataSource.query(`SELECT count(*)::int AS rows FROM notice_return WHERE notice_id = $1`, [n.id])) as { rows: number }[];
      expect(rows).toBe(1);
      const corrections = await Promise.all([3, 4].map((i) => t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: String(i) }], version: 1 } }, secGrand)));
      expect(corrections.map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      await refusedNotice(() => t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: '5' }], version: -1 } }, secGrand), 'CONFLICT', 'input.version');
    });

    it('a file field takes only the caller’s own upload; the file is served to the sender and the unit, nobody else', async () => {
      const n = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: grandchild.id }, deadline: inDays(3).toISOString(), returnForm: FORM })).sendNotice;
      const theirs = (await upload(secOther, '别人的.pdf', Buffer.from('%PDF-1.4 other'))).body.data.attachment.id as string;
      await refusedNotice(
        () => t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: '1' }, { key: 'summary', fileId: theirs }] } }, secGrand),
        'BAD_USER_INPUT',
        'input.answers.1.fileId',
      );
      const mine = (await upload(secGrand, '总结.pdf', Buffer.from('%PDF-1.4 summary'))).body.data.attachment.id as string;
      ok(await t.gql(SUBMIT, { id: n.id, input: { answers: [{ key: 'staff', value: '1' }, { key: 'summary', fileId: mine }] } }, secGrand));
      expect((await download(admin, mine)).status).toBe(200);
      expect((await download(secGrand, mine)).status).toBe(200);
      for (const token of [secOther, county, party]) expect((await download(token, mine)).status).toBe(404);
    });
  });

  describe('attachments', () => {
    it('refuses disallowed types whatever the content type says, an empty file, a missing part; stores nothing', async () => {
      const before = await rowCounts(t, NOTICE_TABLES);
      expect(restError(await upload(admin, 'page.html', Buffer.from('<script>alert(1)</script>'), 'application/pdf'))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await upload(admin, 'report.pdf.exe', Buffer.from('MZ'), 'application/pdf'))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await upload(admin, 'noextension', Buffer.from('x')))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await upload(admin, '.pdf', Buffer.from('x')))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await upload(admin, '空文件.pdf', Buffer.alloc(0)))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await t.http().post('/attachments').set('authorization', `Bearer ${admin}`).field('other', 'x'))).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect(restError(await upload(admin, '过大.zip', Buffer.alloc(3 * 1024 * 1024, 7)))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', field: 'file' });
      expect((await t.http().post('/attachments').attach('file', Buffer.from('%PDF'), { filename: 'a.pdf' })).status).toBe(401);
      expect(await rowCounts(t, NOTICE_TABLES)).toEqual(before);
    });

    it('serves a file typed by its extension (never the client’s content type) and never sniffed', async () => {
      const up = await upload(admin, '图片.png', Buffer.from('<html><script>alert(1)</script></html>'), 'text/html');
      expect(up.status).toBe(201);
      const got = await download(admin, up.body.data.attachment.id as string);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(String(got.headers['content-disposition'])).toMatch(/^attachment/);
    });

    it('a guessed id, a malformed id, another unit’s notice or request attachment: NOT_FOUND / BAD_USER_INPUT, never the bytes', async () => {
      const file = (await upload(admin, '附件.pdf', Buffer.from('%PDF-1.4 secret'))).body.data.attachment.id as string;
      const n = ok(await send(admin, { target: { kind: 'CHAMBER_SUBTREE', chamberId: grandchild.id }, attachmentIds: [file, file] })).sendNotice;
      expect(n.attachmentIds).toEqual([file]);
      expect((await download(secGrand, file)).status).toBe(200);
      // A parent chamber reads what its chambers below received.
      expect((await download(secTop, file)).status).toBe(200);
      for (const token of [secOther, county, party]) expect((await download(token, file)).status).toBe(404);
      expect((await download(secOther, '00000000-0000-4000-8000-000000000009')).status).toBe(404);
      expect((await download(secOther, 'not-a-uuid')).status).toBe(400);
      // A file stored for another purpose (not an attachment) is not served here.
      const [{ id: foreign }] = (await t.dataSource.query(
        `INSERT INTO stored_file (purpose, file_name, media_type, byte_size, sha256, chunk_count, created_by)
         VALUES ('import-upload', 'x.xlsx', 'application/octet-stream', 0, repeat('0', 64), 0, NULL) RETURNING id`,
      )) as { id: string }[];
      expect((await download(admin, foreign)).status).toBe(404);

      const reqFile = (await upload(secGrand, '请示.pdf', Buffer.from('%PDF-1.4 request'))).body.data.attachment.id as string;
      ok(await t.gql(RAISE, { input: { category: 'LAND', title: '用地', text: '请协调。', attachmentIds: [reqFile] } }, secGrand));
      expect((await download(admin, reqFile)).status).toBe(200);
      expect((await download(secChild, reqFile)).status).toBe(200);
      for (const token of [secOther, county, party]) expect((await download(token, reqFile)).status).toBe(404);
      // Someone else's upload cannot be slipped into one's own request to read it.
      await refusedRequest(() => t.gql(RAISE, { input: { category: 'LAND', title: '借道', text: '…', attachmentIds: [reqFile] } }, secOther), 'BAD_USER_INPUT', 'input.attachmentIds.0');
    });
  });

  describe('requests upward', () => {
    it('a closed request takes no reply; stale and concurrent steps refused; bad strings refused', async () => {
      const r = ok(await t.gql<{ raiseRequest: { id: string; version: number } }>(RAISE, { input: { category: 'LAND', title: '标题', text: '正文' } }, secChild)).raiseRequest;
      await refusedRequest(() => t.gql(RAISE, { input: { category: 'LAND', title: '  ', text: '正文' } }, secChild), 'BAD_USER_INPUT', 'input.title');
      await refusedRequest(() => t.gql(RAISE, { input: { category: 'LAND', title: '标题\u001b[31m', text: '正文' } }, secChild), 'BAD_USER_INPUT', 'input.title');
      await refusedRequest(() => t.gql(RAISE, { input: { category: 'land; drop', title: '标题', text: '正文' } }, secChild), 'BAD_USER_INPUT', 'input.category');
      const answers = await Promise.all([1, 2].map((i) => t.gql(step('replyToRequest'), { id: r.id, input: { version: 1, text: `答复${i}` } }, admin)));
      expect(answers.map((x) => x.body.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      ok(await t.gql(step('closeRequest'), { id: r.id, input: { version: 2 } }, admin));
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: r.id, input: { version: 3, text: '追问' } }, secChild), 'CONFLICT', 'id');
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: r.id, input: { version: 3, text: '再答' } }, admin), 'CONFLICT', 'id');
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: r.id, input: { version: 2, text: '旧版本' } }, secChild), 'CONFLICT', 'input.version');
      // Closing is the office's (by permission: no field).
      await refusedRequest(() => t.gql(step('closeRequest'), { id: r.id, input: { version: 3 } }, secChild), 'FORBIDDEN');
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: r.id, input: { version: 3, text: '看看' } }, viewer), 'FORBIDDEN', 'id');
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: r.id, input: { version: 3, text: '看看' } }, party), 'FORBIDDEN');
      await refusedRequest(() => t.gql(step('reopenRequest'), { id: r.id, input: { version: 3 } }, secOther), 'NOT_FOUND', 'id');
      await refusedRequest(() => t.gql(step('replyToRequest'), { id: '00000000-0000-4000-8000-000000000009', input: { version: 1, text: 'x' } }, admin), 'NOT_FOUND', 'id');
    });
  });

  describe('meetings', () => {
    const createMeeting = (input: Record<string, unknown> = {}, token = admin) =>
      t.gql<{ createMeeting: { id: string; capacity: number; registeredCount: number; waitlistedCount: number; version: number } }>(
        CREATE_MEETING,
        {
          input: {
            title: '年度工作会议',
            kind: 'ANNUAL_MEETING',
            startsOn: day(30),
            endsOn: day(30),
            place: '温州',
            capacity: 2,
            registrationDeadline: inDays(20).toISOString(),
            target: { kind: 'CHAMBER_SUBTREE', chamberId: top.id },
            ...input,
          },
        },
        token,
      );
    const register = (token: string, id: string, members: MemberEntity[]) =>
      t.gql<{ registerDelegates: Reg[] }>(REGISTER, { id, input: { delegates: members.map((m) => ({ memberId: m.id })) } }, token);
    const invariant = async (id: string) => {
      const [row] = (await t.dataSource.query(
        `SELECT m.capacity, m.registered_count AS kept, (SELECT count(*)::int FROM meeting_registration r WHERE r.meeting_id = m.id AND r.status = 'REGISTERED') AS placed,
                (SELECT count(*)::int FROM meeting_registration r WHERE r.meeting_id = m.id AND r.status = 'WAITLISTED') AS waiting
           FROM meeting m WHERE m.id = $1`,
        [id],
      )) as { capacity: number; kept: number; placed: number; waiting: number }[];
      expect(row.kept).toBe(row.placed);
      expect(row.placed).toBeLessThanOrEqual(row.capacity);
      // Nobody waits while a place is free.
      if (row.waiting) expect(row.placed).toBe(row.capacity);
      return row;
    };

    it('refuses bad meeting input with the field, nothing written; only the office creates', async () => {
      await refusedMeeting(() => createMeeting({ capacity: 0 }), 'BAD_USER_INPUT', 'input.capacity');
      await refusedMeeting(() => createMeeting({ capacity: -5 }), 'BAD_USER_INPUT', 'input.capacity');
      await refusedMeeting(() => createMeeting({ capacity: 2 ** 31 }), 'BAD_USER_INPUT', 'input.capacity');
      await refusedMeeting(() => createMeeting({ startsOn: '2026-02-30', endsOn: '2026-03-01' }), 'BAD_USER_INPUT', 'input.startsOn');
      await refusedMeeting(() => createMeeting({ startsOn: '0000-01-01', endsOn: '0000-01-01' }), 'BAD_USER_INPUT', 'input.startsOn');
      await refusedMeeting(() => createMeeting({ registrationDeadline: inDays(-1).toISOString() }), 'BAD_USER_INPUT', 'input.registrationDeadline');
      await refusedMeeting(() => createMeeting({ title: ' ' }), 'BAD_USER_INPUT', 'input.title');
      await refusedMeeting(() => createMeeting({ place: '温州\u0000' }), 'BAD_USER_INPUT', 'input.place');
      await refusedMeeting(() => createMeeting({}, secTop), 'FORBIDDEN');
      await refusedMeeting(() => createMeeting({}, county), 'FORBIDDEN');
    });

    it('delegates only from the registering unit: not the parent’s, not a sibling province’s, not unknown ids', async () => {
      const m = ok(await createMeeting({ capacity: 50 })).createMeeting;
      await refusedMeeting(() => register(secChild, m.id, [topMember]), 'BAD_USER_INPUT', 'input.delegates.0.memberId');
      await refusedMeeting(() => register(secGrand, m.id, [childMembers[0]]), 'BAD_USER_INPUT', 'input.delegates.0.memberId');
      await refusedMeeting(() => register(secChild, m.id, [childMembers[0], outsider]), 'BAD_USER_INPUT', 'input.delegates.1.memberId');
      await refusedMeeting(
        () => t.gql(REGISTER, { id: m.id, input: { delegates: [{ memberId: '00000000-0000-4000-8000-000000000009' }] } }, secChild),
        'BAD_USER_INPUT',
        'input.delegates.0.memberId',
      );
      await refusedMeeting(() => t.gql(REGISTER, { id: m.id, input: { delegates: [] } }, secChild), 'BAD_USER_INPUT', 'input.delegates');
      await refusedMeeting(() => t.gql(REGISTER, { id: m.id, input: { delegates: [{ memberId: childMembers[0].id, role: '会'.repeat(51) }] } }, secChild), 'BAD_USER_INPUT', 'input.delegates.0.role');
      await refusedMeeting(() => register(secOther, m.id, [outsider]), 'NOT_FOUND', 'meetingId');
      await refusedMeeting(() => register(county, m.id, [childMembers[0]]), 'NOT_FOUND', 'meetingId');
      await refusedMeeting(() => register(viewer, m.id, [childMembers[0]]), 'FORBIDDEN');
      expectError(await t.gql(`query($id: ID!) { meetingRegistrations(meetingId: $id, first: 10) { totalCount } }`, { id: m.id }, secOther), 'NOT_FOUND', 'meetingId');
      for (const path of ['delegates.xlsx', 'sign-in.xlsx']) {
        expect((await t.http().get(`/meetings/${m.id}/${path}`).set('authorization', `Bearer ${secChild}`)).status).toBe(403);
      }
    });

    it('the same member registered twice at once: one registration, the other CONFLICT', async () => {
      const m = ok(await createMeeting({ capacity: 5 })).createMeeting;
      const [a, b] = await Promise.all([register(secChild, m.id, [childMembers[0]]), register(secTop, m.id, [childMembers[0]])]);
      expect([a, b].map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM meeting_registration WHERE meeting_id = $1`, [m.id])) as { n: number }[];
      expect(n).toBe(1);
      await invariant(m.id);
    });

    it('holds capacity and promotion under concurrent registrations and cancellations', async () => {
      const m = ok(await createMeeting({ capacity: 2 })).createMeeting;
      // Five single registrations at once from three units: two places, three waiting, in queue order.
      const calls = await Promise.all([
        register(secChild, m.id, [childMembers[0]]),
        register(secChild, m.id, [childMembers[1]]),
        register(secGrand, m.id, [grandMember]),
        register(secTop, m.id, [topMember]),
        register(secChild, m.id, [childMembers[2]]),
      ]);
      const made = calls.flatMap((c) => ok(c).registerDelegates);
      expect(made.filter((r) => r.status === 'REGISTERED')).toHaveLength(2);
      await invariant(m.id);
      // Cancel both places and one waiting at once (each twice: the second is stale).
      const placed = made.filter((r) => r.status === 'REGISTERED');
      // The last in the queue (the calls' order is not the queue's).
      const [{ last }] = (await t.dataSource.query(
        `SELECT id AS last FROM meeting_registration WHERE meeting_id = $1 AND status = 'WAITLISTED' ORDER BY queued_at DESC, id DESC LIMIT 1`,
        [m.id],
      )) as { last: string }[];
      const waiting = made.filter((r) => r.id === last);
      const tokenOf = (r: Reg) => (r.memberId === grandMember.id ? secGrand : r.memberId === topMember.id ? secTop : secChild);
      const targets = [...placed, waiting[waiting.length - 1]];
      const cancels = await Promise.all(targets.flatMap((r) => [t.gql(CANCEL, { id: r.id, version: r.version }, tokenOf(r)), t.gql(CANCEL, { id: r.id, version: r.version }, tokenOf(r))]));
      const codes = cancels.map((c) => c.body.errors?.[0]?.extensions?.code ?? 'OK');
      expect(codes.sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK', 'OK', 'OK']);
      const after = await invariant(m.id);
      // Two places freed, two of the three waiting promoted; the one cancelled while waiting is gone.
      expect(after).toMatchObject({ placed: 2, waiting: 0 });
      const [{ cancelled }] = (await t.dataSource.query(`SELECT count(*)::int AS cancelled FROM meeting_registration WHERE meeting_id = $1 AND status = 'CANCELLED'`, [m.id])) as {
        cancelled: number;
      }[];
      expect(cancelled).toBe(3);
      // Re-registering a cancelled member at once with a capacity change: still consistent.
      const again = await Promise.all([
        register(secChild, m.id, [childMembers[0]]),
        t.gql(`mutation($id: ID!, $input: SetMeetingCapacityInput!) { setMeetingCapacity(id: $id, input: $input) { id } }`, { id: m.id, input: { version: 1, capacity: 3 } }, admin),
      ]);
      ok(again[0]);
      ok(again[1]);
      expect(await invariant(m.id)).toMatchObject({ capacity: 3, placed: 3, waiting: 0 });
    });

    it('refuses a stale or negative version, an unknown registration, a cancellation by another unit', async () => {
      const m = ok(await createMeeting({ capacity: 5 })).createMeeting;
      const [r] = ok(await register(secChild, m.id, [childMembers[3]])).registerDelegates;
      await refusedMeeting(() => t.gql(CANCEL, { id: r.id, version: -1 }, secChild), 'CONFLICT', 'input.version');
      await refusedMeeting(() => t.gql(CANCEL, { id: r.id, version: r.version }, secOther), 'NOT_FOUND', 'id');
      await refusedMeeting(() => t.gql(CANCEL, { id: r.id, version: r.version }, secGrand), 'NOT_FOUND', 'id');
      await refusedMeeting(() => t.gql(CANCEL, { id: '00000000-0000-4000-8000-000000000009', version: 1 }, secChild), 'NOT_FOUND', 'id');
      await refusedMeeting(
        () => t.gql(`mutation($id: ID!) { checkInDelegate(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000009' }, admin),
        'NOT_FOUND',
        'id',
      );
      await refusedMeeting(
        () => t.gql(`mutation($id: ID!, $input: SetMeetingCapacityInput!) { setMeetingCapacity(id: $id, input: $input) { id } }`, { id: m.id, input: { version: 1, capacity: 0 } }, admin),
        'BAD_USER_INPUT',
        'input.capacity',
      );
    });
  });
});
