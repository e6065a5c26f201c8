import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { MemberEntity } from '@crm/member';
import { addMembership, createChamber, createMember, createTestApp, expectData, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// Meetings end to end: invitation by target, registration of each unit's own delegates until
// the deadline, capacity held under concurrent registrations with a waiting list and promotion,
// check-in, attendance in the member's contact history, delegate list and sign-in sheet, and
// every bad input refused with nothing written.

const MEETING = `id title capacity registeredCount waitlistedCount inviteeCount version`;
const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING} } }`;
const REG = `id memberId memberName unit status role arrival checkedInAt version`;
const REGISTER = `mutation($id: ID!, $input: RegisterDelegatesInput!) { registerDelegates(meetingId: $id, input: $input) { ${REG} } }`;
const CANCEL = `mutation($id: ID!, $version: Int!) { cancelRegistration(id: $id, input: { version: $version }) { ${REG} } }`;
const CHECK_IN = `mutation($id: ID!) { checkInDelegate(id: $id) { ${REG} } }`;
const CAPACITY = `mutation($id: ID!, $input: SetMeetingCapacityInput!) { setMeetingCapacity(id: $id, input: $input) { ${MEETING} } }`;
const REGS = `query($id: ID!) { meetingRegistrations(meetingId: $id, first: 100) { totalCount edges { node { ${REG} } } } }`;
const GET = `query($id: ID!) { meeting(id: $id) { ${MEETING} } }`;
const TABLES = ['meeting', 'meeting_invitee', 'meeting_registration', 'audit_event'] as const;

interface Meeting {
  id: string;
  capacity: number;
  registeredCount: number;
  waitlistedCount: number;
  inviteeCount: number;
  version: number;
}
interface Reg {
  id: string;
  memberId: string;
  memberName: string;
  unit: string;
  status: string;
  checkedInAt: string | null;
  version: number;
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);
const day = (d: number) => inDays(d).toISOString().slice(0, 10);

describe('meetings: invitation, registration with capacity and waiting list, check-in', () => {
  let t: TestApp;
  let admin: string;
  let secTop: string;
  let secChild: string;
  let secOther: string;
  let top: ChamberEntity;
  let child: ChamberEntity;
  let topMembers: MemberEntity[];
  let childMembers: MemberEntity[];
  let outsider: MemberEntity;
  let annual: Meeting;
  const refused = refusalChecker(() => rowCounts(t, TABLES));
  const ok = <T>(res: GqlResponse<T>): T => expectData(res);
  const create = (input: Record<string, unknown> = {}) =>
    t.gql<{ createMeeting: Meeting }>(
      CREATE,
      {
        input: {
          title: '全国温州商会年会',
          kind: 'ANNUAL_MEETING',
          startsOn: day(30),
          endsOn: day(31),
          place: '温州国际会展中心',
          capacity: 3,
          registrationDeadline: inDays(20).toISOString(),
          target: { kind: 'CHAMBER_SUBTREE', chamberId: top.id },
          ...input,
        },
      },
      admin,
    );
  const register = (token: string, id: string, members: MemberEntity[], extra: Record<string, unknown> = {}) =>
    t.gql<{ registerDelegates: Reg[] }>(REGISTER, { id, input: { delegates: members.map((m) => ({ memberId: m.id, role: '会长', arrival: '高铁 G7311', ...extra })) } }, token);
  const regs = async (id: string, token = admin) => ok(await t.gql<{ meetingRegistrations: { edges: { node: Reg }[] } }>(REGS, { id }, token)).meetingRegistrations.edges.map((e) => e.node);

  beforeAll(async () => {
    t = await createTestApp();
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const other = await createChamber(t, { level: ChamberLevel.Provincial });
    topMembers = [];
    childMembers = [];
    for (let i = 0; i < 3; i++) {
      const a = await createMember(t);
      await addMembership(t, a.id, top.id);
      topMembers.push(a);
      const b = await createMember(t);
      await addMembership(t, b.id, child.id);
      childMembers.push(b);
    }
    outsider = await createMember(t);
    await addMembership(t, outsider.id, other.id);
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    secTop = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    secChild = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: child.id })).accessToken;
    secOther = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: other.id })).accessToken;
    annual = ok(await create()).createMeeting;
  });

  afterAll(() => t.close());

  it('invites by target and lists the open registration in the invited units’ to-do', async () => {
    expect(annual).toMatchObject({ inviteeCount: 2, capacity: 3, registeredCount: 0, version: 1 });
    const todos = ok(await t.gql<{ myTodos: { kind: string; id: string }[] }>(`{ myTodos { kind id } }`, {}, secChild)).myTodos;
    expect(todos).toEqual(expect.arrayContaining([{ kind: 'REGISTER_MEETING', id: annual.id }]));
    expect((await t.gql(GET, { id: annual.id }, secOther)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('holds the capacity under concurrent registrations: places first come, the rest wait (候补), not an error', async () => {
    const [a, b] = await Promise.all([register(secTop, annual.id, topMembers), register(secChild, annual.id, childMembers)]);
    const made = [...ok(a).registerDelegates, ...ok(b).registerDelegates];
    expect(made.filter((r) => r.status === 'REGISTERED')).toHaveLength(3);
    expect(made.filter((r) => r.status === 'WAITLISTED')).toHaveLength(3);
    const m = ok(await t.gql<{ meeting: Meeting }>(GET, { id: annual.id }, admin)).meeting;
    expect(m).toMatchObject({ registeredCount: 3, waitlistedCount: 3 });
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM meeting_registration WHERE meeting_id = $1 AND status = 'REGISTERED'`, [annual.id])) as { n: number }[];
    expect(n).toBe(3);
    // Each unit sees its own registrations; a parent also its children's.
    expect((await regs(annual.id, secChild)).every((r) => r.unit === child.name)).toBe(true);
    expect(await regs(annual.id, secTop)).toHaveLength(6);
  });

  it('promotes the first waiting when a place frees or the capacity grows', async () => {
    const all = await regs(annual.id);
    const placed = all.find((r) => r.status === 'REGISTERED') as Reg;
    const firstWaiting = all.find((r) => r.status === 'WAITLISTED') as Reg;
    const mine = placed.unit === top.name ? secTop : secChild;
    await refused(() => t.gql(CANCEL, { id: placed.id, version: placed.version + 5 }, mine), 'CONFLICT', 'input.version');
    expect(ok(await t.gql<{ cancelRegistration: Reg }>(CANCEL, { id: placed.id, version: placed.version }, mine)).cancelRegistration.status).toBe('CANCELLED');
    expect((await regs(annual.id)).find((r) => r.id === firstWaiting.id)?.status).toBe('REGISTERED');
    await refused(() => t.gql(CANCEL, { id: placed.id, version: placed.version + 1 }, mine), 'CONFLICT', 'id');

    await refused(() => t.gql(CAPACITY, { id: annual.id, input: { version: 1, capacity: 2 } }, admin), 'CONFLICT', 'input.capacity');
    await refused(() => t.gql(CAPACITY, { id: annual.id, input: { version: 9, capacity: 10 } }, admin), 'CONFLICT', 'input.version');
    const bigger = ok(await t.gql<{ setMeetingCapacity: Meeting }>(CAPACITY, { id: annual.id, input: { version: 1, capacity: 4 } }, admin)).setMeetingCapacity;
    expect(bigger).toMatchObject({ capacity: 4, registeredCount: 4, waitlistedCount: 1, version: 2 });
  });

  it('refuses delegates outside the unit, twice registered, uninvited units and late registrations, nothing written', async () => {
    const extra = await create({ title: '秘书长培训班', kind: 'TRAINING', capacity: 200 });
    const id = ok(extra).createMeeting.id;
    await refused(() => register(secChild, id, [childMembers[0], outsider]), 'BAD_USER_INPUT', 'input.delegates.1.memberId');
    await refused(() => register(secChild, id, [topMembers[0]]), 'BAD_USER_INPUT', 'input.delegates.0.memberId');
    // A parent chamber registers members of the chambers below it.
    ok(await register(secTop, id, [childMembers[0]]));
    const again = await refused(() => register(secChild, id, [childMembers[0]]), 'CONFLICT', 'input.delegates.0.memberId');
    // The refusal names the delegate as a person reads it, not by id.
    expect(again.body.errors?.[0]?.extensions?.messageZh).toBe(`${childMembers[0].name}已报名该会议`);
    const twice = await refused(() => register(secChild, id, [childMembers[1], childMembers[1]]), 'CONFLICT', 'input.delegates.1.memberId');
    expect(twice.body.errors?.[0]?.extensions?.messageZh).toBe(`${childMembers[1].name}已报名该会议`);
    await refused(() => register(secOther, id, [outsider]), 'NOT_FOUND', 'meetingId');
    // A role or journey with control characters (a reversing U+202E would show the registrations list backwards).
    await refused(() => register(secChild, id, [childMembers[2]], { role: '会长\u202E' }), 'BAD_USER_INPUT', 'input.delegates.0.role');
    await refused(() => register(secChild, id, [childMembers[2]], { arrival: '高铁\u0007G7311' }), 'BAD_USER_INPUT', 'input.delegates.0.arrival');
    await refused(() => register(admin, id, [childMembers[2]]), 'FORBIDDEN', 'meetingId');
    await t.dataSource.query(`UPDATE meeting SET registration_deadline = now() - interval '1 minute' WHERE id = $1`, [id]);
    await refused(() => register(secChild, id, [childMembers[2]]), 'CONFLICT', 'meetingId');
    await refused(() => create({ startsOn: day(10), endsOn: day(9) }), 'BAD_USER_INPUT', 'input.endsOn');
    await refused(() => create({ registrationDeadline: inDays(40).toISOString() }), 'BAD_USER_INPUT', 'input.registrationDeadline');
    await refused(() => create({ target: { kind: 'CHAMBER_SUBTREE' } }), 'BAD_USER_INPUT', 'input.target.chamberId');
    expect((await t.gql(CREATE, { input: {} }, secTop)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('checks registered delegates in; attendance shows in the member’s contact history', async () => {
    const all = await regs(annual.id);
    const placed = all.find((r) => r.status === 'REGISTERED') as Reg;
    const waiting = all.find((r) => r.status === 'WAITLISTED') as Reg;
    await refused(() => t.gql(CHECK_IN, { id: waiting.id }, admin), 'CONFLICT', 'id');
    expect((await t.gql(CHECK_IN, { id: placed.id }, secTop)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A month before the meeting: not yet (the day before it opens, its last day closes).
    const early = await refused(() => t.gql(CHECK_IN, { id: placed.id }, admin), 'CONFLICT', 'id');
    expect(early.body.errors?.[0]?.extensions?.reason).toBe('EVENT_CHECK_IN_CLOSED');
    // The meeting's first day comes (moved to tomorrow, Beijing time: today is the day before).
    await t.dataSource.query(
      `UPDATE meeting SET starts_on = (now() AT TIME ZONE 'Asia/Shanghai')::date + 1, ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date + 2 WHERE id = $1`,
      [annual.id],
    );
    const checked = ok(await t.gql<{ checkInDelegate: Reg }>(CHECK_IN, { id: placed.id }, admin)).checkInDelegate;
    expect(checked.checkedInAt).not.toBeNull();
    const history = ok(await t.gql<{ contactHistory: { type: string; text: string }[] }>(`query($m: ID) { contactHistory(memberId: $m) { type on text } }`, { m: placed.memberId }, admin))
      .contactHistory;
    expect(history).toEqual([expect.objectContaining({ type: 'MEETING', text: expect.stringContaining('全国温州商会年会') })]);
  });

  it('exports the delegate list and the sign-in sheet as .xlsx with Chinese headers', async () => {
    const ExcelJS = await import('exceljs');
    const get = async (path: string) => {
      const res = await t
        .http()
        .get(`/meetings/${annual.id}/${path}`)
        .set('authorization', `Bearer ${admin}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const delegates = await get('delegates.xlsx');
    expect(delegates[0]).toEqual(['序号', '单位', '姓名', '职务', '报名状态', '抵达信息', '签到时间']);
    expect(delegates).toHaveLength(7);
    expect(delegates.map((r) => r[4])).toEqual(expect.arrayContaining(['已报名', '候补', '已取消']));
    const signIn = await get('sign-in.xlsx');
    expect(signIn[0]).toEqual(['序号', '单位', '姓名', '职务', '签名']);
    expect(signIn).toHaveLength(5);
    expect((await t.http().get(`/meetings/${annual.id}/sign-in.xlsx`).set('authorization', `Bearer ${secTop}`)).status).toBe(403);
  });

  it('moves registrations on a member merge: the survivor’s duplicate is cancelled and its place goes to the first waiting', async () => {
    const tour = ok(await create({ title: '回乡投资考察团', kind: 'INSPECTION_TOUR', capacity: 1 })).createMeeting;
    const [a, b] = [childMembers[1], childMembers[2]];
    const made = ok(await register(secChild, tour.id, [a, b])).registerDelegates;
    expect(made.map((r) => r.status)).toEqual(['REGISTERED', 'WAITLISTED']);
    const version = async (id: string) => ((await t.dataSource.query(`SELECT version FROM member WHERE id = $1`, [id])) as { version: number }[])[0].version;
    ok(
      await t.gql(
        `mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { id } }`,
        { input: { survivor: { id: b.id, version: await version(b.id) }, merged: [{ id: a.id, version: await version(a.id) }] } },
        admin,
      ),
    );
    const rows = await regs(tour.id);
    expect(rows.map((r) => [r.memberId, r.status]).sort()).toEqual([
      [b.id, 'CANCELLED'],
      [b.id, 'REGISTERED'],
    ]);
    expect(ok(await t.gql<{ meeting: Meeting }>(GET, { id: tour.id }, admin)).meeting).toMatchObject({ registeredCount: 1, waitlistedCount: 0 });
  });
});
