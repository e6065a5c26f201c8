import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { OfficialEntity } from '@crm/official';
import { addMembership, createChamber, createMember, createOfficial, createTestApp, errorCode, expectData, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// A hostile pass over issue 13's API (officials, visits, opinions, campaigns, reports): wrong
// types, empty, huge and control-character text, dates out of range, unknown and foreign ids,
// stale versions, duplicates, the same change twice at once, and every role of the issue's
// Scope section against the new queries and mutations. Each case states what a user sees (a
// stable code and the field at fault) and that nothing was written.

const TABLES = [
  'official',
  'visit',
  'visit_official',
  'visit_member',
  'visit_chamber',
  'visit_enterprise',
  'feedback',
  'feedback_answer',
  'feedback_event',
  'campaign',
  'campaign_group',
  'campaign_group_leader',
  'campaign_assignment',
  'audit_event',
] as const;

const CREATE_VISIT = `mutation($input: CreateVisitInput!) { createVisit(input: $input) { id version } }`;
const UPDATE_VISIT = `mutation($id: ID!, $input: UpdateVisitInput!) { updateVisit(id: $id, input: $input) { id version place } }`;
const VISITS = `{ visits(first: 50) { edges { node { id } } } }`;
const RAISE = `mutation($input: RaiseFeedbackInput!) { raiseOpinion(input: $input) { id status version } }`;
const ASSIGN = `mutation($id: ID!, $input: AssignFeedbackInput!) { assignOpinion(id: $id, input: $input) { id status version countyCode } }`;
const ANSWER = `mutation($id: ID!, $input: AnswerFeedbackInput!) { answerOpinion(id: $id, input: $input) { id status version } }`;
const CLOSE = `mutation($id: ID!, $input: CloseFeedbackInput!) { closeOpinion(id: $id, input: $input) { id status version } }`;
const RATE = `mutation($id: ID!, $input: RateFeedbackInput!) { rateOpinion(id: $id, input: $input) { id version } }`;
const CREATE_CAMPAIGN = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`;
const ADD_GROUP = `mutation($id: ID!, $input: AddCampaignGroupInput!) { addCampaignGroup(campaignId: $id, input: $input) }`;
const ASSIGN_PEOPLE = `mutation($id: ID!, $input: AddCampaignAssignmentsInput!) { addCampaignAssignments(campaignId: $id, input: $input) }`;
const PROGRESS = `query($id: ID!) { campaignProgress(id: $id) { overall { assigned visited } } }`;
const HISTORY = `query($memberId: ID, $chamberId: ID, $first: Int) { contactHistory(memberId: $memberId, chamberId: $chamberId, first: $first) { type who } }`;
const REPORT = `query($from: String, $to: String) { visitReport(from: $from, to: $to) { total } }`;
const CREATE_OFFICIAL = `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }`;

const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const firstField = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.field as string | undefined;
const codes = (answers: GqlResponse[]) => answers.map((a) => errorCode(a) ?? 'OK').sort();

describe('visits, opinions and campaigns, attacked', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string; // county officer of 330381
  let lucheng: string; // county officer of 330302
  let secretary: string; // secretariat of `home` (and the chamber below it)
  let viewer: string;
  let party: string;
  let acting: string; // a project official acting as `luchengOfficial`
  let cityLead: OfficialEntity;
  let ruianOfficial: OfficialEntity;
  let luchengOfficial: OfficialEntity;
  let home: string;
  let below: string;
  let away: string;
  let ruianMember: string;
  let luchengMember: string;
  const refused = refusalChecker(() => rowCounts(t, TABLES));

  const visitInput = (over: Record<string, unknown> = {}) => ({
    visitedOn: '2014-01-20',
    kind: 'SERVICE',
    direction: 'OUTBOUND',
    place: '上海市温州商会',
    officials: [{ officialId: cityLead.id, leads: true }, { officialId: ruianOfficial.id }],
    chamberIds: [below],
    memberIds: [ruianMember],
    ...over,
  });
  const newVisit = async (token = admin, over: Record<string, unknown> = {}) => expectData(await t.gql(CREATE_VISIT, { input: visitInput(over) }, token)).createVisit as { id: string; version: number };
  const newOpinion = async (token = admin, over: Record<string, unknown> = {}) =>
    expectData(await t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'LAND', text: '用地指标紧张', ...over } }, token)).raiseOpinion as { id: string; version: number; status: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    lucheng = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    party = (await signedInUser(t, { role: Role.PartyOfficer })).accessToken;
    cityLead = await createOfficial(t, { name: '敌测市长' });
    ruianOfficial = await createOfficial(t, { name: '敌测瑞安', countyCode: '330381' });
    luchengOfficial = await createOfficial(t, { name: '敌测鹿城', countyCode: '330302' });
    acting = (await signedInUser(t, { role: Role.ProjectOfficial, officialId: luchengOfficial.id })).accessToken;
    home = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    below = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: home })).id;
    away = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: home })).accessToken;
    ruianMember = (await createMember(t, { name: '敌测瑞商', hometownCode: '330381' })).id;
    luchengMember = (await createMember(t, { name: '敌测鹿商', hometownCode: '330302' })).id;
    await addMembership(t, ruianMember, below);
    await addMembership(t, luchengMember, away);
  });
  afterAll(() => t.close());

  describe('recording a visit', () => {
    it.each([
      ['a date before 1990 (the register starts then)', { visitedOn: '1950-06-01' }, 'input.visitedOn'],
      ['an impossible date', { visitedOn: '2014-02-30' }, 'input.visitedOn'],
      ['a date in the future', { visitedOn: TOMORROW }, 'input.visitedOn'],
      ['a date written another way', { visitedOn: '20/01/2014' }, 'input.visitedOn'],
      ['an empty place', { place: '   ' }, 'input.place'],
      ['a huge place', { place: '地'.repeat(201) }, 'input.place'],
      ['a control character in the place', { place: '上海\u0000商会' }, 'input.place'],
      ['a control character in a follow-up', { followUps: ['落实\u0007用地'] }, 'input.followUps'],
      ['a huge follow-up', { followUps: ['跟'.repeat(501)] }, 'input.followUps'],
      ['a huge summary', { summary: '纪'.repeat(5001) }, 'input.summary'],
      ['no officials', { officials: [] }, 'input.officials'],
      ['an official id that is not an id', { officials: [{ officialId: 'x', leads: true }] }, 'input.officials.0.officialId'],
      ['a member id that is not an id', { memberIds: ['42'] }, 'input.memberIds'],
      ['an unknown kind', { kind: 'PICNIC' }, 'input.kind'],
    ])('refuses %s with BAD_USER_INPUT, nothing written', async (_what, over, field) => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput(over) }, admin), 'BAD_USER_INPUT', field);
    });

    it('refuses an unknown official, naming the entry', async () => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }, { officialId: UNKNOWN }] }) }, admin), 'BAD_USER_INPUT', 'input.officials.1');
    });

    it('refuses an unknown enterprise (the visit is rolled back with it)', async () => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ enterpriseIds: [UNKNOWN] }) }, admin), 'BAD_USER_INPUT', 'input.enterpriseIds');
    });

    it('refuses an unknown member or chamber as outside the scope, naming the entry', async () => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ memberIds: [ruianMember, UNKNOWN] }) }, admin), 'FORBIDDEN', 'input.memberIds.1');
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ chamberIds: [UNKNOWN] }) }, admin), 'FORBIDDEN', 'input.chamberIds.0');
    });

    it('a county office cannot name another county\'s official or member', async () => {
      const official = visitInput({ officials: [{ officialId: ruianOfficial.id, leads: true }, { officialId: luchengOfficial.id }] });
      await refused(() => t.gql(CREATE_VISIT, { input: official }, ruian), 'FORBIDDEN', 'input.officials.1.officialId');
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ memberIds: [luchengMember] }) }, ruian), 'FORBIDDEN', 'input.memberIds.0');
    });

    it('a county office cannot record a visit none of its officials went on', async () => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }], memberIds: [] }) }, ruian), 'FORBIDDEN', 'input.officials');
    });

    it('a project official records only visits they went on', async () => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ memberIds: [] }) }, acting), 'FORBIDDEN', 'input.officials');
    });

    it.each([
      ['a secretariat', () => secretary],
      ['a viewer', () => viewer],
      ['a party officer', () => party],
    ])('%s cannot record a visit', async (_who, token) => {
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput() }, token()), 'FORBIDDEN');
    });

    it('a party officer reads no visits (null and FORBIDDEN, not a list)', async () => {
      const res = await t.gql(VISITS, {}, party);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.body.data?.visits ?? null).toBeNull();
    });
  });

  describe('editing a visit', () => {
    it('refuses a stale version, an early date, an id that is not an id and an unknown id; nothing written', async () => {
      const v = await newVisit();
      expectData(await t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version, place: '杭州' } }, admin));
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version, place: '宁波' } }, admin), 'CONFLICT', 'input.version');
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version + 1, visitedOn: '1989-12-31' } }, admin), 'BAD_USER_INPUT', 'input.visitedOn');
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: 0 } }, admin), 'BAD_USER_INPUT', 'input.version');
      await refused(() => t.gql(UPDATE_VISIT, { id: 'abc', input: { version: 1 } }, admin), 'BAD_USER_INPUT', 'id');
      await refused(() => t.gql(UPDATE_VISIT, { id: UNKNOWN, input: { version: 1 } }, admin), 'NOT_FOUND');
    });

    it('the same edit twice at once: one wins, the other is CONFLICT', async () => {
      const v = await newVisit();
      const answers = await Promise.all(['甲', '乙'].map((place) => t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version, place } }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      const [row] = await t.dataSource.query('SELECT version FROM visit WHERE id = $1', [v.id]);
      expect(row.version).toBe(v.version + 1);
    });

    it('another county\'s office does not see the visit (NOT_FOUND); a viewer may read but not change it', async () => {
      const v = await newVisit(ruian, { memberIds: [] });
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version, place: '温州' } }, lucheng), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: v.version, place: '温州' } }, viewer), 'FORBIDDEN');
    });
  });

  describe('opinions', () => {
    it.each([
      ['no raiser', { raisedByMemberId: undefined }, 'input.visitId'],
      ['an empty text', { text: ' ' }, 'input.text'],
      ['a huge text', { text: '意'.repeat(5001) }, 'input.text'],
      ['a control character in the text', { text: '意见\u001b[31m' }, 'input.text'],
      ['a raising date in the future', { raisedOn: TOMORROW }, 'input.raisedOn'],
      ['a due date before it was raised', { raisedOn: '2014-03-01', dueOn: '2014-02-01' }, 'input.dueOn'],
      ['an unknown category', { category: 'GOSSIP' }, 'input.category'],
      ['an unknown visit', { visitId: UNKNOWN }, 'input.visitId'],
    ])('refuses %s with BAD_USER_INPUT, nothing written', async (_what, over, field) => {
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'LAND', text: '用地指标紧张', ...over } }, admin), 'BAD_USER_INPUT', field);
    });

    it('a secretariat raises on behalf of its own members and chambers only', async () => {
      expect((await newOpinion(secretary)).status).toBe('OPEN');
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: luchengMember, category: 'LAND', text: '外会会员' } }, secretary), 'FORBIDDEN', 'input.raisedByMemberId');
      await refused(() => t.gql(RAISE, { input: { raisedByChamberId: away, category: 'LAND', text: '外会' } }, secretary), 'FORBIDDEN', 'input.raisedByChamberId');
    });

    it.each([
      ['a viewer', () => viewer],
      ['a project official', () => acting],
      ['a party officer', () => party],
    ])('%s cannot raise an opinion', async (_who, token) => {
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'LAND', text: '用地' } }, token()), 'FORBIDDEN');
    });

    it('assigning: no assignee, an unknown official, a county that is not one of the home city\'s; nothing written', async () => {
      const f = await newOpinion();
      await refused(() => t.gql(ASSIGN, { id: f.id, input: { version: f.version } }, admin), 'BAD_USER_INPUT', 'input.assigneeUnit');
      await refused(() => t.gql(ASSIGN, { id: f.id, input: { version: f.version, assigneeOfficialId: UNKNOWN } }, admin), 'BAD_USER_INPUT', 'input.assigneeOfficialId');
      await refused(() => t.gql(ASSIGN, { id: f.id, input: { version: f.version, assigneeUnit: '市国土局', countyCode: '999999' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
      await refused(() => t.gql(ASSIGN, { id: f.id, input: { version: f.version, assigneeUnit: '市国土局', countyCode: '110101' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
      await refused(() => t.gql(ASSIGN, { id: f.id, input: { version: f.version, assigneeUnit: '市国土局', dueOn: '2014-02-30' } }, admin), 'BAD_USER_INPUT', 'input.dueOn');
    });

    it('answering a closed opinion, rating an open one, out-of-range ratings, closing an open one', async () => {
      const open = await newOpinion();
      await refused(() => t.gql(RATE, { id: open.id, input: { version: open.version, satisfaction: 4 } }, admin), 'BAD_USER_INPUT', 'input.satisfaction');
      await refused(() => t.gql(CLOSE, { id: open.id, input: { version: open.version } }, admin), 'CONFLICT', 'id');
      const answered = expectData(await t.gql(ANSWER, { id: open.id, input: { version: open.version, text: '已协调' } }, admin)).answerOpinion;
      for (const satisfaction of [0, 6, -1]) {
        await refused(() => t.gql(CLOSE, { id: open.id, input: { version: answered.version, satisfaction } }, admin), 'BAD_USER_INPUT', 'input.satisfaction');
      }
      const closed = expectData(await t.gql(CLOSE, { id: open.id, input: { version: answered.version, satisfaction: 5 } }, admin)).closeOpinion;
      await refused(() => t.gql(ANSWER, { id: open.id, input: { version: closed.version, text: '再答复' } }, admin), 'CONFLICT', 'id');
      await refused(() => t.gql(ANSWER, { id: open.id, input: { version: closed.version, text: '补充', answeredOn: TOMORROW } }, admin), 'BAD_USER_INPUT', 'input.answeredOn');
    });

    it('an answer dated before the opinion was raised is refused; one dated on that day is taken', async () => {
      const f = await newOpinion(admin, { raisedOn: '2014-03-01' });
      await refused(() => t.gql(ANSWER, { id: f.id, input: { version: f.version, text: '已协调', answeredOn: '2014-02-28' } }, admin), 'BAD_USER_INPUT', 'input.answeredOn');
      const answered = expectData(await t.gql(ANSWER, { id: f.id, input: { version: f.version, text: '已协调', answeredOn: '2014-03-01' } }, admin)).answerOpinion;
      expect(answered.status).toBe('ANSWERED');
    });

    it('an answer given without a named author does not show the account\'s e-mail to a secretariat', async () => {
      const f = await newOpinion(secretary);
      expectData(await t.gql(ANSWER, { id: f.id, input: { version: f.version, text: '已转交相关部门' } }, admin));
      const read = expectData(await t.gql(`query($id: ID!) { opinion(id: $id) { assigneeUnit answers { authorName } } }`, { id: f.id }, secretary)).opinion;
      const history = expectData(await t.gql(HISTORY, { memberId: ruianMember, first: 200 }, secretary)).contactHistory as { who: string | null }[];
      expect(JSON.stringify([read, history])).not.toContain('@');
      expect(read.answers).toEqual([{ authorName: '办公室工作人员' }]);
    });

    it('two answers on the same version at once: one is recorded, the other is CONFLICT', async () => {
      const f = await newOpinion();
      const answers = await Promise.all(['答复甲', '答复乙'].map((text) => t.gql(ANSWER, { id: f.id, input: { version: f.version, text } }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      const [row] = await t.dataSource.query('SELECT count(*)::int AS n FROM feedback_answer WHERE feedback_id = $1', [f.id]);
      expect(row.n).toBe(1);
    });

    it('handling by roles the issue does not let handle: secretariat, viewer (FORBIDDEN); another county, an unassigned project official (NOT_FOUND)', async () => {
      const f = await newOpinion(ruian);
      const assigned = expectData(await t.gql(ASSIGN, { id: f.id, input: { version: f.version, assigneeOfficialId: ruianOfficial.id } }, ruian)).assignOpinion;
      expect(assigned.countyCode).toBe('330381');
      await refused(() => t.gql(ANSWER, { id: f.id, input: { version: assigned.version, text: '越权' } }, secretary), 'FORBIDDEN');
      await refused(() => t.gql(ANSWER, { id: f.id, input: { version: assigned.version, text: '越权' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(ANSWER, { id: f.id, input: { version: assigned.version, text: '越权' } }, lucheng), 'NOT_FOUND');
      await refused(() => t.gql(ANSWER, { id: f.id, input: { version: assigned.version, text: '越权' } }, acting), 'NOT_FOUND');
    });
  });

  describe('campaigns', () => {
    it('only the office creates campaigns; a reversed period and empty names are refused', async () => {
      const input = { name: '敌测之春', startsOn: '2014-01-10', endsOn: '2014-02-10' };
      for (const token of [ruian, secretary, viewer, acting]) await refused(() => t.gql(CREATE_CAMPAIGN, { input }, token), 'FORBIDDEN');
      await refused(() => t.gql(CREATE_CAMPAIGN, { input: { ...input, endsOn: '2014-01-01' } }, admin), 'BAD_USER_INPUT', 'input.endsOn');
      await refused(() => t.gql(CREATE_CAMPAIGN, { input: { ...input, name: ' ' } }, admin), 'BAD_USER_INPUT', 'input.name');
    });

    it('the same campaign created twice at once: one is created, the other is CONFLICT on the name', async () => {
      const input = { name: '并发之春', startsOn: '2014-01-10', endsOn: '2014-02-10' };
      const answers = await Promise.all([1, 2].map(() => t.gql(CREATE_CAMPAIGN, { input }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      expect(answers.map(firstField).filter(Boolean)).toEqual(['input.name']);
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign WHERE name = $1`, [input.name]);
      expect(row.n).toBe(1);
    });

    it('groups: an unknown leader, a county not of the home city, the same group twice at once', async () => {
      const c = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '分组之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      await refused(() => t.gql(ADD_GROUP, { id: c.id, input: { name: '第1组', leaderIds: [UNKNOWN] } }, admin), 'BAD_USER_INPUT', 'input.leaderIds.0');
      await refused(() => t.gql(ADD_GROUP, { id: c.id, input: { name: '第1组', leaderIds: [cityLead.id], countyCode: '999999' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
      await refused(() => t.gql(ADD_GROUP, { id: UNKNOWN, input: { name: '第1组', leaderIds: [cityLead.id] } }, admin), 'NOT_FOUND');
      const answers = await Promise.all([1, 2].map(() => t.gql(ADD_GROUP, { id: c.id, input: { name: '第2组', leaderIds: [cityLead.id] } }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
    });

    it('assignments: listed twice (also after trimming), another campaign\'s group, two targets; the same list twice at once', async () => {
      const c = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '名单之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      const group = expectData(await t.gql(ADD_GROUP, { id: c.id, input: { name: '第1组', leaderIds: [cityLead.id] } }, admin)).addCampaignGroup;
      const c2 = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '别的之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      const foreign = expectData(await t.gql(ADD_GROUP, { id: c2.id, input: { name: '第1组', leaderIds: [cityLead.id] } }, admin)).addCampaignGroup;
      const add = (assignments: unknown[]) => t.gql(ASSIGN_PEOPLE, { id: c.id, input: { assignments } }, admin);
      await refused(() => add([{ groupId: group, personName: '张三' }, { groupId: group, personName: ' 张三 ' }]), 'CONFLICT', 'input.assignments.1');
      await refused(() => add([{ groupId: group, memberId: ruianMember }, { groupId: group, memberId: ruianMember }]), 'CONFLICT', 'input.assignments.1');
      await refused(() => add([{ groupId: foreign, memberId: ruianMember }]), 'BAD_USER_INPUT', 'input.assignments.0.groupId');
      await refused(() => add([{ groupId: group, memberId: ruianMember, personName: '张三' }]), 'BAD_USER_INPUT', 'input.assignments.0');
      await refused(() => add([{ groupId: group, personName: '名'.repeat(101) }]), 'BAD_USER_INPUT', 'input.assignments.0.personName');
      await refused(() => add([]), 'BAD_USER_INPUT', 'input.assignments');
      const answers = await Promise.all([1, 2].map(() => add([{ groupId: group, memberId: ruianMember }, { groupId: group, personName: '李四' }])));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      const [row] = await t.dataSource.query('SELECT count(*)::int AS n FROM campaign_assignment WHERE campaign_id = $1', [c.id]);
      expect(row.n).toBe(2);
    });

    it('one assignment completed by two visits at once: one visit, the other CONFLICT', async () => {
      const c = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '完成之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      const group = expectData(await t.gql(ADD_GROUP, { id: c.id, input: { name: '第1组', leaderIds: [cityLead.id] } }, admin)).addCampaignGroup;
      expectData(await t.gql(ASSIGN_PEOPLE, { id: c.id, input: { assignments: [{ groupId: group, personName: '王五' }] } }, admin));
      const [a] = await t.dataSource.query('SELECT id FROM campaign_assignment WHERE campaign_id = $1', [c.id]);
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ kind: 'CONDOLENCE', assignmentId: UNKNOWN }) }, admin), 'BAD_USER_INPUT', 'input.assignmentId');
      const answers = await Promise.all([1, 2].map(() => t.gql(CREATE_VISIT, { input: visitInput({ kind: 'CONDOLENCE', assignmentId: a.id }) }, admin)));
      expect(codes(answers)).toEqual(['CONFLICT', 'OK']);
      expect(expectData(await t.gql(PROGRESS, { id: c.id }, admin)).campaignProgress.overall).toEqual({ assigned: 1, visited: 1 });
    });

    it('a county office ticks off only its own groups\' lists; a project official only the groups they lead', async () => {
      const c = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '分县之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      const ruianGroup = expectData(await t.gql(ADD_GROUP, { id: c.id, input: { name: '瑞安组', countyCode: '330381', leaderIds: [ruianOfficial.id] } }, admin)).addCampaignGroup;
      // The project official leads another group of the campaign: they read it, but not the Ruian group's list.
      expectData(await t.gql(ADD_GROUP, { id: c.id, input: { name: '鹿城组', countyCode: '330302', leaderIds: [luchengOfficial.id] } }, admin));
      expectData(await t.gql(ASSIGN_PEOPLE, { id: c.id, input: { assignments: [{ groupId: ruianGroup, personName: '赵六' }, { groupId: ruianGroup, personName: '钱七' }] } }, admin));
      const [a, b] = await t.dataSource.query('SELECT id FROM campaign_assignment WHERE campaign_id = $1 ORDER BY person_name', [c.id]);
      const luchengVisit = visitInput({ kind: 'CONDOLENCE', officials: [{ officialId: luchengOfficial.id, leads: true }], memberIds: [], chamberIds: [] });
      await refused(() => t.gql(CREATE_VISIT, { input: { ...luchengVisit, assignmentId: a.id } }, lucheng), 'FORBIDDEN', 'input.assignmentId');
      await refused(() => t.gql(CREATE_VISIT, { input: { ...luchengVisit, assignmentId: b.id } }, acting), 'FORBIDDEN', 'input.assignmentId');
      const ruianVisit = visitInput({ kind: 'CONDOLENCE', officials: [{ officialId: ruianOfficial.id, leads: true }], memberIds: [], chamberIds: [], assignmentId: a.id });
      expectData(await t.gql(CREATE_VISIT, { input: ruianVisit }, ruian));
      expect(expectData(await t.gql(PROGRESS, { id: c.id }, admin)).campaignProgress.overall).toEqual({ assigned: 2, visited: 1 });
    });

    it('progress of an unknown campaign, or one a secretariat does not see, is NOT_FOUND', async () => {
      const c = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '可见之春', startsOn: '2014-01-10', endsOn: '2014-02-10' } }, admin)).createCampaign;
      expect(errorCode(await t.gql(PROGRESS, { id: UNKNOWN }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(PROGRESS, { id: c.id }, secretary))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(PROGRESS, { id: c.id }, party))).toBe('FORBIDDEN');
    });
  });

  describe('reports and the directory', () => {
    it('contact history: neither or both subjects, a page size out of range, a member outside the scope', async () => {
      const bad = async (vars: Record<string, unknown>, code: string, field?: string) => {
        const res = await t.gql(HISTORY, vars, ruian);
        expect({ code: errorCode(res), field: firstField(res) }).toEqual({ code, field });
      };
      await bad({}, 'BAD_USER_INPUT', 'memberId');
      await bad({ memberId: ruianMember, chamberId: home }, 'BAD_USER_INPUT', 'memberId');
      await bad({ memberId: ruianMember, first: 0 }, 'BAD_USER_INPUT', 'first');
      await bad({ memberId: ruianMember, first: 201 }, 'BAD_USER_INPUT', 'first');
      await bad({ memberId: luchengMember }, 'NOT_FOUND', undefined);
    });

    it('a visit report with a date that is not one is BAD_USER_INPUT on that argument', async () => {
      const res = await t.gql(REPORT, { from: '2014-13-01' }, admin);
      expect({ code: errorCode(res), field: firstField(res) }).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    });

    it('filtering visits by a member the caller cannot read finds nothing, so the filter tells nothing', async () => {
      // A visit of the acting official's that met a member the official may not read.
      const v = await newVisit(admin, { officials: [{ officialId: cityLead.id, leads: true }, { officialId: luchengOfficial.id }] });
      const ids = async (token: string, filter?: Record<string, unknown>) =>
        (expectData(await t.gql(`query($f: VisitFilter) { visits(first: 50, filter: $f) { edges { node { id } } } }`, { f: filter ?? null }, token)).visits as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
      expect(await ids(acting)).toContain(v.id);
      expect(await ids(admin, { memberId: ruianMember })).toContain(v.id);
      expect(await ids(acting, { memberId: ruianMember })).toEqual([]);
      expect(await ids(admin, { chamberId: below })).toContain(v.id);
      // Chambers are read by every role (the directory), so the chamber filter finds the visit for both.
      expect(await ids(acting, { chamberId: below })).toContain(v.id);
    });

    it('officials: another county\'s official, a name of one character, control characters; nothing written', async () => {
      await refused(() => t.gql(CREATE_OFFICIAL, { input: { name: '外县干部', title: '副县长', unit: '县政府', level: 'COUNTY', countyCode: '330302' } }, ruian), 'FORBIDDEN', 'input.countyCode');
      await refused(() => t.gql(CREATE_OFFICIAL, { input: { name: '张', title: '副县长', unit: '县政府' } }, ruian), 'BAD_USER_INPUT', 'input.name');
      await refused(() => t.gql(CREATE_OFFICIAL, { input: { name: '张\u0000三', title: '副县长', unit: '县政府' } }, ruian), 'BAD_USER_INPUT', 'input.name');
      await refused(() => t.gql(CREATE_OFFICIAL, { input: { name: '张三丰', title: '副县长', unit: '县政府' } }, secretary), 'FORBIDDEN');
    });
  });
});
