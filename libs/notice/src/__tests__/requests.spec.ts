import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { createChamber, createTestApp, expectData, expectError, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// Requests upward end to end: routing by category to a desk, the thread, the opinions' follow-up
// rules (shared), status history, time to answer, scope, and every bad input refused with
// nothing written.

const DETAIL = `id category title desk status dueOn overdue version hoursToAnswer firstAnsweredAt closedAt raiserKind chamberId countyCode
  messages { fromOffice text } history { action fromStatus toStatus note } attachmentIds`;
const RAISE = `mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { ${DETAIL} } }`;
const step = (name: string) => `mutation($id: ID!, $input: RequestStepInput!) { ${name}(id: $id, input: $input) { ${DETAIL} } }`;
const LIST = `query($filter: RequestFilter) { requests(first: 50, filter: $filter) { totalCount edges { node { id status overdue } } } }`;
const SET_DESK = `mutation($input: SetRequestDeskInput!) { setRequestDesk(input: $input) { category desk dueDays } }`;
const TABLES = ['request', 'request_message', 'request_event', 'request_attachment', 'request_desk_route', 'audit_event'] as const;

interface Detail {
  id: string;
  status: string;
  desk: string;
  version: number;
  overdue: boolean;
  hoursToAnswer: number | null;
  messages: { fromOffice: boolean; text: string }[];
  history: { action: string; fromStatus: string | null; toStatus: string }[];
}

describe('requests upward: routing, thread, follow-up, history', () => {
  let t: TestApp;
  let admin: string;
  let county: string;
  let secTop: string;
  let secChild: string;
  let secOther: string;
  let viewer: string;
  let top: ChamberEntity;
  let child: ChamberEntity;
  const refused = refusalChecker(() => rowCounts(t, TABLES));
  const ok = <T>(res: GqlResponse<T>): T => expectData(res);
  const raise = (token: string, input: Record<string, unknown> = {}) =>
    t.gql<{ raiseRequest: Detail }>(RAISE, { input: { category: 'LAND', title: '项目用地指标', text: '请协调回归项目用地指标。', ...input } }, token);
  const run = (name: string, token: string, id: string, input: Record<string, unknown>) => t.gql<Record<string, Detail>>(step(name), { id, input }, token);

  beforeAll(async () => {
    t = await createTestApp();
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const other = await createChamber(t, { level: ChamberLevel.Provincial });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    secTop = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    secChild = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: child.id })).accessToken;
    secOther = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: other.id })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    ok(await t.gql(SET_DESK, { input: { category: 'LAND', desk: '项目服务处', dueDays: 5 } }, admin));
  });

  afterAll(() => t.close());

  it('keeps the routing table (the office only) and routes a new request to its category’s desk', async () => {
    expect(ok(await t.gql<{ setRequestDesk: { desk: string } }>(SET_DESK, { input: { category: 'POLICY', desk: '政策法规处', dueDays: 10 } }, admin)).setRequestDesk.desk).toBe('政策法规处');
    expectError(await t.gql(SET_DESK, { input: { category: 'POLICY', desk: '别处' } }, secTop), 'FORBIDDEN');
    const r = ok(await raise(secChild)).raiseRequest;
    expect(r).toMatchObject({ status: 'OPEN', desk: '项目服务处', overdue: false, version: 1, raiserKind: 'CHAMBER', chamberId: child.id });
    expect(r.history).toEqual([{ action: 'RAISED', fromStatus: null, toStatus: 'OPEN', note: '项目服务处' }]);
    const c = ok(await raise(county, { category: 'POLICY' })).raiseRequest;
    expect(c).toMatchObject({ raiserKind: 'COUNTY', countyCode: '330302', desk: '政策法规处' });
  });

  it('follows a request to its close: assigned, answered in the thread, closed, reopened; time to answer kept', async () => {
    let r = ok(await raise(secChild, { title: '子女入学' })).raiseRequest;
    r = ok(await run('assignRequest', admin, r.id, { version: 1, desk: '社会事务处' })).assignRequest;
    expect(r).toMatchObject({ status: 'ASSIGNED', desk: '社会事务处', version: 2 });
    r = ok(await run('replyToRequest', secChild, r.id, { version: 2, text: '补充：共三名子女。' })).replyToRequest;
    expect(r.status).toBe('ASSIGNED');
    r = ok(await run('replyToRequest', admin, r.id, { version: 3, text: '已协调教育局办理。' })).replyToRequest;
    expect(r).toMatchObject({ status: 'ANSWERED', version: 4 });
    expect(r.hoursToAnswer).not.toBeNull();
    expect(r.messages.map((m) => [m.fromOffice, m.text])).toEqual([
      [false, '补充：共三名子女。'],
      [true, '已协调教育局办理。'],
    ]);
    r = ok(await run('closeRequest', admin, r.id, { version: 4 })).closeRequest;
    expect(r.status).toBe('CLOSED');
    // A reply to a closed request: refused, nothing written.
    await refused(() => run('replyToRequest', secChild, r.id, { version: 5, text: '还有一事' }), 'CONFLICT', 'id');
    await refused(() => run('replyToRequest', admin, r.id, { version: 5, text: '再答复' }), 'CONFLICT', 'id');
    r = ok(await run('reopenRequest', secChild, r.id, { version: 5, text: '问题未解决' })).reopenRequest;
    expect(r.status).toBe('ASSIGNED');
    expect(r.history.map((h) => h.action)).toEqual(['RAISED', 'ASSIGNED', 'REPLIED', 'ANSWERED', 'CLOSED', 'REOPENED']);
  });

  it('refuses bad steps with a stable code and field, nothing written', async () => {
    const r = ok(await raise(secChild)).raiseRequest;
    await refused(() => run('closeRequest', admin, r.id, { version: 1 }), 'CONFLICT', 'id');
    await refused(() => run('assignRequest', admin, r.id, { version: 9, desk: '别处' }), 'CONFLICT', 'input.version');
    await refused(() => run('assignRequest', admin, r.id, { version: 1 }), 'BAD_USER_INPUT', 'input.desk');
    await refused(() => run('replyToRequest', secChild, r.id, { version: 1, text: '  ' }), 'BAD_USER_INPUT', 'input.text');
    await refused(() => raise(secChild, { category: 'UNROUTED' }), 'BAD_USER_INPUT', 'input.category');
    await refused(() => raise(admin), 'FORBIDDEN', 'input');
    await refused(() => raise(secChild, { attachmentIds: ['00000000-0000-4000-8000-000000000000'] }), 'BAD_USER_INPUT', 'input.attachmentIds.0');
    // A parent chamber reads its children's requests but does not write in their threads.
    await refused(() => run('replyToRequest', secTop, r.id, { version: 1, text: '代答' }), 'FORBIDDEN', 'id');
    await refused(() => run('replyToRequest', secOther, r.id, { version: 1, text: '?' }), 'NOT_FOUND', 'id');
  });

  it('shows each unit its own requests (a secretariat also those below it), the office and viewers all, and flags overdue ones', async () => {
    const late = ok(await raise(secChild, { title: '逾期事项' })).raiseRequest;
    await t.dataSource.query(`UPDATE request SET due_on = CURRENT_DATE - 1 WHERE id = $1`, [late.id]);
    const ids = async (token: string, filter?: Record<string, unknown>) =>
      ok(await t.gql<{ requests: { edges: { node: { id: string; overdue: boolean } }[] } }>(LIST, { filter }, token)).requests.edges.map((e) => e.node);
    expect((await ids(admin, { overdue: true })).map((n) => n.id)).toEqual([late.id]);
    expect((await ids(secTop)).some((n) => n.id === late.id)).toBe(true);
    expect(await ids(secOther)).toEqual([]);
    expect((await ids(county)).every((n) => n.id !== late.id)).toBe(true);
    expect((await ids(viewer)).length).toBeGreaterThan(0);
    const todos = ok(await t.gql<{ myTodos: { kind: string; id: string; overdue: boolean }[] }>(`{ myTodos { kind id overdue } }`, {}, admin)).myTodos;
    expect(todos[0]).toMatchObject({ kind: 'ANSWER_REQUEST', id: late.id, overdue: true });
  });

  it('moves a merged chamber’s requests to the survivor (并)', async () => {
    const gone = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const secGone = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: gone.id })).accessToken;
    const r = ok(await raise(secGone, { title: '合并前的请示' })).raiseRequest;
    ok(
      await t.gql(`mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { id status } }`, { id: gone.id, input: { version: 1, intoId: child.id, on: '2023-03-01' } }, admin),
    );
    const moved = ok(await t.gql<{ request: Detail & { chamberId: string } }>(`query($id: ID!) { request(id: $id) { id chamberId version } }`, { id: r.id }, secChild)).request;
    expect(moved.chamberId).toBe(child.id);
  });
});
