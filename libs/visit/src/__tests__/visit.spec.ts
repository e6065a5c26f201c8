import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { OfficialEntity } from '@crm/official';
import {
  addMembership,
  captureSql,
  createChamber,
  createMember,
  createOfficial,
  createTestApp,
  expectData,
  refusalChecker,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

// Visits, opinions followed to a response, campaigns and reports (docs/visits.md), driven over
// HTTP as clients would, against the real database.

const CREATE_VISIT = `mutation($input: CreateVisitInput!) { createVisit(input: $input) { id visitedOn kind version assignmentId } }`;
const UPDATE_VISIT = `mutation($id: ID!, $input: UpdateVisitInput!) { updateVisit(id: $id, input: $input) { id place version } }`;
const VISIT = `query($id: ID!) { visit(id: $id) {
  id kind direction place summary followUps leader { name } officials { leads official { name } }
  chambers { name } members { name } opinions { text status } } }`;
const RAISE = `mutation($input: RaiseFeedbackInput!) { raiseOpinion(input: $input) { id status version raisedOn } }`;
const ASSIGN = `mutation($id: ID!, $input: AssignFeedbackInput!) { assignOpinion(id: $id, input: $input) { id status version countyCode } }`;
const ANSWER = `mutation($id: ID!, $input: AnswerFeedbackInput!) { answerOpinion(id: $id, input: $input) { id status version firstAnsweredAt } }`;
const CLOSE = `mutation($id: ID!, $input: CloseFeedbackInput!) { closeOpinion(id: $id, input: $input) { id status version satisfaction } }`;
const RATE = `mutation($id: ID!, $input: RateFeedbackInput!) { rateOpinion(id: $id, input: $input) { id satisfaction version } }`;
const REOPEN = `mutation($id: ID!, $input: ReopenFeedbackInput!) { reopenOpinion(id: $id, input: $input) { id status version satisfaction } }`;
const OPINION = `query($id: ID!) { opinion(id: $id) { status satisfaction overdue answers { text authorName answeredOn } history { action fromStatus toStatus } } }`;
const OPINIONS = `query($filter: FeedbackFilter, $first: Int) { opinions(first: $first, filter: $filter) {
  edges { node { id text status overdue visit { id place } raisedByMember { name } assigneeOfficial { name } } } } }`;
const CREATE_CAMPAIGN = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }`;
const ADD_GROUP = `mutation($id: ID!, $input: AddCampaignGroupInput!) { addCampaignGroup(campaignId: $id, input: $input) }`;
const ASSIGN_PEOPLE = `mutation($id: ID!, $input: AddCampaignAssignmentsInput!) { addCampaignAssignments(campaignId: $id, input: $input) }`;
const PROGRESS = `query($id: ID!) { campaignProgress(id: $id) { overall { assigned visited share } groups { name leaders { name } progress { assigned visited } } } }`;
const NOT_REACHED = `query($id: ID!) { campaignAssignments(campaignId: $id, reached: false, first: 50) { edges { node { id personName member { name } chamber { name } } } } }`;

const TODAY = new Date().toISOString().slice(0, 10);
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('visits, opinions and campaigns', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string;
  let lucheng: string;
  let secretary: string;
  let viewer: string;
  let official: { token: string; officialId: string };
  let cityLead: OfficialEntity;
  let ruianOfficial: OfficialEntity;
  let luchengOfficial: OfficialEntity;
  let top: string;
  let child: string;
  let other: string;
  let ruianMember: string;
  let luchengMember: string;
  const refused = refusalChecker(() =>
    rowCounts(t, ['visit', 'visit_official', 'visit_member', 'visit_chamber', 'feedback', 'feedback_answer', 'feedback_event', 'campaign_assignment', 'audit_event']),
  );

  const visitInput = (over: Record<string, unknown> = {}) => ({
    visitedOn: '2014-01-20',
    kind: 'SERVICE',
    direction: 'OUTBOUND',
    place: '上海市温州商会',
    summary: '听取意见',
    officials: [{ officialId: cityLead.id, leads: true }, { officialId: ruianOfficial.id }],
    chamberIds: [child],
    memberIds: [ruianMember],
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    lucheng = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    cityLead = await createOfficial(t, { name: '厉市长', title: '副市长' });
    ruianOfficial = await createOfficial(t, { name: '瑞安干部', countyCode: '330381' });
    luchengOfficial = await createOfficial(t, { name: '鹿城干部', countyCode: '330302' });
    const acting = await signedInUser(t, { role: Role.ProjectOfficial, officialId: luchengOfficial.id });
    official = { token: acting.accessToken, officialId: luchengOfficial.id };
    top = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    child = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top })).id;
    other = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top })).accessToken;
    ruianMember = (await createMember(t, { name: '瑞安温商', hometownCode: '330381' })).id;
    luchengMember = (await createMember(t, { name: '鹿城温商', hometownCode: '330302' })).id;
    await addMembership(t, ruianMember, child);
    await addMembership(t, luchengMember, other);
  });
  afterAll(() => t.close());

  describe('visits', () => {
    it('records a visit with its leader, officials, chambers and members, audited', async () => {
      const v = expectData(await t.gql(CREATE_VISIT, { input: visitInput({ followUps: ['落实用地'] }) }, ruian)).createVisit;
      const read = expectData(await t.gql(VISIT, { id: v.id }, ruian)).visit;
      expect(read).toMatchObject({
        kind: 'SERVICE',
        leader: { name: '厉市长' },
        officials: [{ leads: true, official: { name: '厉市长' } }, { leads: false, official: { name: '瑞安干部' } }],
        members: [{ name: '瑞安温商' }],
        followUps: ['落实用地'],
      });
      expect(read.chambers).toHaveLength(1);
      const [audit] = await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1`, [v.id]);
      expect(audit.operation).toBe('visit.create');
    });

    it('refuses a visit without a leader, with two, with an official twice, or dated in the future; nothing written', async () => {
      const none = await refused(
        () => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id }, { officialId: ruianOfficial.id }] }) }, admin),
        'BAD_USER_INPUT',
        'input.officials',
      );
      expect(none.body.errors?.[0].extensions?.reason).toBe('VISIT_LEADER_COUNT');
      await refused(
        () => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }, { officialId: ruianOfficial.id, leads: true }] }) }, admin),
        'BAD_USER_INPUT',
        'input.officials',
      );
      await refused(
        () => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }, { officialId: cityLead.id }] }) }, admin),
        'BAD_USER_INPUT',
        'input.officials.1.officialId',
      );
      const future = await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ visitedOn: TOMORROW }) }, admin), 'BAD_USER_INPUT', 'input.visitedOn');
      expect(future.body.errors?.[0].extensions?.reason).toBe('VISIT_FUTURE_DATE');
    });

    it('refuses an official or a member outside the caller\'s scope; nothing written', async () => {
      const o = await refused(
        () => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }, { officialId: luchengOfficial.id }] }) }, ruian),
        'FORBIDDEN',
        'input.officials.1.officialId',
      );
      expect(o.body.errors?.[0].extensions?.reason).toBe('VISIT_OFFICIAL_OUTSIDE_SCOPE');
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ memberIds: [ruianMember, luchengMember] }) }, ruian), 'FORBIDDEN', 'input.memberIds.1');
      // A county office records visits its own officials went on.
      await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: cityLead.id, leads: true }] }) }, ruian), 'FORBIDDEN', 'input.officials');
    });

    it('the database holds one leader per visit whatever writes', async () => {
      const v = expectData(await t.gql(CREATE_VISIT, { input: visitInput() }, admin)).createVisit;
      await expect(t.dataSource.query(`UPDATE visit_official SET leads = true WHERE visit_id = $1`, [v.id])).rejects.toThrow(/uq_visit_one_leader/);
      await expect(t.dataSource.query(`UPDATE visit_official SET leads = false WHERE visit_id = $1`, [v.id])).rejects.toThrow(/has no leader/);
      await expect(t.dataSource.query(`UPDATE visit SET visited_on = CURRENT_DATE + 1 WHERE id = $1`, [v.id])).rejects.toThrow(/in the future/);
    });

    it('an edit carries the version read; a stale one is CONFLICT and writes nothing', async () => {
      const v = expectData(await t.gql(CREATE_VISIT, { input: visitInput() }, ruian)).createVisit;
      expect(expectData(await t.gql(UPDATE_VISIT, { id: v.id, input: { version: 1, place: '杭州' } }, ruian)).updateVisit).toMatchObject({ place: '杭州', version: 2 });
      const res = await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: 1, place: '宁波' } }, ruian), 'CONFLICT', 'input.version');
      expect(res.body.errors?.[0].extensions?.reason).toBe('VISIT_STALE_VERSION');
      await refused(() => t.gql(UPDATE_VISIT, { id: v.id, input: { version: 2, visitedOn: TOMORROW } }, ruian), 'BAD_USER_INPUT', 'input.visitedOn');
    });

    it('scope: county offices see their officials\' visits and visits that met their members; secretaries their subtree; project officials their own', async () => {
      const mine = expectData(await t.gql(CREATE_VISIT, { input: visitInput({ officials: [{ officialId: luchengOfficial.id, leads: true }], memberIds: [], chamberIds: [other] }) }, official.token)).createVisit;
      const ids = async (token: string) => expectData(await t.gql(`{ visits(first: 100) { edges { node { id } } } }`, {}, token)).visits.edges.map((e: { node: { id: string } }) => e.node.id);
      const all = await ids(admin);
      expect(await ids(viewer)).toEqual(all);
      expect(await ids(official.token)).toEqual([mine.id]);
      expect(await ids(lucheng)).toEqual([mine.id]);
      expect((await ids(ruian)).sort()).toEqual(all.filter((id: string) => id !== mine.id).sort());
      expect(await ids(secretary)).not.toContain(mine.id);
      expect((await ids(secretary)).length).toBe(all.length - 1);
    });
  });

  describe('opinions', () => {
    let visitId: string;
    beforeAll(async () => {
      visitId = expectData(await t.gql(CREATE_VISIT, { input: visitInput({ place: '南京' }) }, ruian)).createVisit.id;
    });

    it('follows an opinion from raised to closed, with answers, satisfaction, reopening, history and audit', async () => {
      const raised = expectData(await t.gql(RAISE, { input: { visitId, raisedByMemberId: ruianMember, category: 'LAND', text: '项目用地指标紧张', dueOn: '2014-02-28' } }, ruian)).raiseOpinion;
      expect(raised).toMatchObject({ status: 'OPEN', raisedOn: '2014-01-20', version: 1 });
      const assigned = expectData(await t.gql(ASSIGN, { id: raised.id, input: { version: 1, assigneeOfficialId: ruianOfficial.id } }, ruian)).assignOpinion;
      expect(assigned).toMatchObject({ status: 'ASSIGNED', countyCode: '330381', version: 2 });
      expect(expectData(await t.gql(OPINION, { id: raised.id }, ruian)).opinion.overdue).toBe(true);
      const answered = expectData(await t.gql(ANSWER, { id: raised.id, input: { version: 2, text: '已协调国土部门', answeredOn: '2014-02-10' } }, ruian)).answerOpinion;
      expect(answered.status).toBe('ANSWERED');
      const closed = expectData(await t.gql(CLOSE, { id: raised.id, input: { version: 3, satisfaction: 4 } }, ruian)).closeOpinion;
      expect(closed).toMatchObject({ status: 'CLOSED', satisfaction: 4 });
      const reopened = expectData(await t.gql(REOPEN, { id: raised.id, input: { version: 4, note: '仍未落实' } }, ruian)).reopenOpinion;
      expect(reopened).toMatchObject({ status: 'ASSIGNED', satisfaction: null });
      const read = expectData(await t.gql(OPINION, { id: raised.id }, ruian)).opinion;
      expect(read.answers).toEqual([{ text: '已协调国土部门', authorName: expect.any(String), answeredOn: '2014-02-10' }]);
      expect(read.history.map((h: { action: string }) => h.action)).toEqual(['RAISED', 'ASSIGNED', 'ANSWERED', 'CLOSED', 'REOPENED']);
      const audits = await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1 ORDER BY id`, [raised.id]);
      expect(audits.map((a: { operation: string }) => a.operation)).toEqual(['feedback.raise', 'feedback.assign', 'feedback.answer', 'feedback.close', 'feedback.reopen']);
    });

    it('refuses an answer to a closed opinion, a satisfaction on an open one, a stale version; nothing written', async () => {
      const f = expectData(await t.gql(RAISE, { input: { visitId, category: 'FINANCE', text: '融资难' } }, ruian)).raiseOpinion;
      const open = await refused(() => t.gql(RATE, { id: f.id, input: { version: 1, satisfaction: 5 } }, ruian), 'BAD_USER_INPUT', 'input.satisfaction');
      expect(open.body.errors?.[0].extensions?.reason).toBe('VISIT_SATISFACTION_NOT_CLOSED');
      await refused(() => t.gql(CLOSE, { id: f.id, input: { version: 1, satisfaction: 5 } }, ruian), 'CONFLICT', 'id');
      await t.gql(ANSWER, { id: f.id, input: { version: 1, text: '已对接银行', authorName: '市金融办' } }, ruian);
      await t.gql(CLOSE, { id: f.id, input: { version: 2 } }, ruian);
      const closed = await refused(() => t.gql(ANSWER, { id: f.id, input: { version: 3, text: '补充答复' } }, ruian), 'CONFLICT', 'id');
      expect(closed.body.errors?.[0].extensions?.reason).toBe('VISIT_CLOSED');
      await refused(() => t.gql(RATE, { id: f.id, input: { version: 2, satisfaction: 5 } }, ruian), 'CONFLICT', 'input.version');
      expect(expectData(await t.gql(RATE, { id: f.id, input: { version: 3, satisfaction: 5 } }, ruian)).rateOpinion.satisfaction).toBe(5);
      await expect(t.dataSource.query(`UPDATE feedback SET status = 'ANSWERED', closed_at = NULL, satisfaction = NULL WHERE id = $1`, [f.id])).rejects.toThrow(/cannot go from CLOSED to ANSWERED/);
    });

    it('a secretary raises opinions on behalf of its members and reads them with the answers; not others\'', async () => {
      const f = expectData(await t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'RIGHTS', text: '合同纠纷' } }, secretary)).raiseOpinion;
      expect(f.status).toBe('OPEN');
      // Typed in a text box: line breaks kept; any other control character refused.
      const lines = expectData(await t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'RIGHTS', text: '一、合同纠纷\n二、账款拖欠\t待查' } }, secretary)).raiseOpinion;
      expect(((await t.dataSource.query(`SELECT text FROM feedback WHERE id = $1`, [lines.id])) as { text: string }[])[0].text).toBe('一、合同纠纷\n二、账款拖欠\t待查');
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'RIGHTS', text: '合同\u0007纠纷' } }, secretary), 'BAD_USER_INPUT', 'input.text');
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: ruianMember, category: 'RIGHTS', text: '合同\u202E纠纷' } }, secretary), 'BAD_USER_INPUT', 'input.text');
      await refused(() => t.gql(RAISE, { input: { raisedByMemberId: luchengMember, category: 'RIGHTS', text: '合同纠纷' } }, secretary), 'FORBIDDEN', 'input.raisedByMemberId');
      await refused(() => t.gql(RAISE, { input: { category: 'RIGHTS', text: '无来源' } }, secretary), 'BAD_USER_INPUT', 'input.visitId');
      const seen = expectData(await t.gql(OPINIONS, { first: 100 }, secretary)).opinions.edges.map((e: { node: { raisedByMember: { name: string } | null } }) => e.node.raisedByMember?.name);
      expect(new Set(seen)).toEqual(new Set(['瑞安温商']));
    });

    it('a page of open opinions with visit, raiser and assignee costs the same statements for 5 rows as for 50', async () => {
      for (let i = 0; i < 60; i++) {
        const f = expectData(await t.gql(RAISE, { input: { visitId, raisedByMemberId: ruianMember, category: 'POLICY', text: `建议${i}` } }, admin)).raiseOpinion;
        if (i % 6 === 0) await t.gql(ASSIGN, { id: f.id, input: { version: 1, assigneeOfficialId: ruianOfficial.id } }, admin);
      }
      const page = async (first: number) => captureSql(t.dataSource, () => t.gql(OPINIONS, { first, filter: { status: 'OPEN' } }, admin));
      const small = await page(5);
      const large = await page(50);
      const rows = expectData(large.result).opinions.edges;
      expect(rows).toHaveLength(50);
      expect(rows[0].node).toMatchObject({ status: 'OPEN', visit: { place: '南京' }, raisedByMember: { name: '瑞安温商' } });
      const assigned = expectData(await t.gql(OPINIONS, { first: 50, filter: { status: 'ASSIGNED' } }, admin)).opinions.edges;
      expect(assigned[0].node.assigneeOfficial).toEqual({ name: '瑞安干部' });
      expect(large.statements.length).toBe(small.statements.length);
      expect(large.statements.length).toBeLessThanOrEqual(5);
    });
  });

  describe('campaigns', () => {
    let campaignId: string;
    let groupA: string;
    let groupB: string;
    const refusedCampaign = refusalChecker(() => rowCounts(t, ['campaign_assignment', 'audit_event']));

    beforeAll(async () => {
      campaignId = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '温商之春 2014', startsOn: '2014-01-15', endsOn: '2014-02-15' } }, admin)).createCampaign.id;
      groupA = expectData(await t.gql(ADD_GROUP, { id: campaignId, input: { name: '第1慰问组', countyCode: '330381', leaderIds: [ruianOfficial.id, cityLead.id] } }, admin)).addCampaignGroup;
      groupB = expectData(await t.gql(ADD_GROUP, { id: campaignId, input: { name: '第2慰问组', leaderIds: [luchengOfficial.id] } }, admin)).addCampaignGroup;
    });

    it('assigns people and chambers; someone listed twice (in the list or already) is refused and nothing is written', async () => {
      const n = expectData(
        await t.gql(ASSIGN_PEOPLE, { id: campaignId, input: { assignments: [
          { groupId: groupA, memberId: ruianMember },
          { groupId: groupA, personName: '王某某（功勋人物家属）' },
          { groupId: groupB, chamberId: other },
        ] } }, admin),
      ).addCampaignAssignments;
      expect(n).toBe(3);
      const twice = await refusedCampaign(
        () => t.gql(ASSIGN_PEOPLE, { id: campaignId, input: { assignments: [{ groupId: groupB, memberId: luchengMember }, { groupId: groupA, memberId: luchengMember }] } }, admin),
        'CONFLICT',
        'input.assignments.1',
      );
      expect(twice.body.errors?.[0].extensions?.reason).toBe('VISIT_ASSIGNMENT_TWICE');
      await refusedCampaign(() => t.gql(ASSIGN_PEOPLE, { id: campaignId, input: { assignments: [{ groupId: groupB, memberId: luchengMember }, { groupId: groupB, memberId: ruianMember }] } }, admin), 'CONFLICT', 'input.assignments.1');
      await refusedCampaign(() => t.gql(ASSIGN_PEOPLE, { id: campaignId, input: { assignments: [{ groupId: groupB, memberId: luchengMember, personName: '某人' }] } }, admin), 'BAD_USER_INPUT', 'input.assignments.0');
      await expect(
        t.dataSource.query(`INSERT INTO campaign_assignment (campaign_id, group_id, member_id) VALUES ($1, $2, $3)`, [campaignId, groupB, ruianMember]),
      ).rejects.toThrow(/uq_campaign_assignment_member/);
      // The database also holds that a group belongs to the assignment's campaign.
      const otherCampaign = expectData(await t.gql(CREATE_CAMPAIGN, { input: { name: '温商之春 2015', startsOn: '2015-01-15', endsOn: '2015-02-15' } }, admin)).createCampaign.id;
      const foreignGroup = expectData(await t.gql(ADD_GROUP, { id: otherCampaign, input: { name: '第1慰问组', countyCode: '330381', leaderIds: [ruianOfficial.id] } }, admin)).addCampaignGroup;
      await expect(
        t.dataSource.query(`INSERT INTO campaign_assignment (campaign_id, group_id, person_name) VALUES ($1, $2, '某某')`, [campaignId, foreignGroup]),
      ).rejects.toThrow(/fk_campaign_assignment_group_in_campaign/);
    });

    it('a visit recorded against an assignment completes it; progress per group and overall; who was not reached', async () => {
      const before = expectData(await t.gql(PROGRESS, { id: campaignId }, ruian)).campaignProgress;
      expect(before.overall).toEqual({ assigned: 3, visited: 0, share: 0 });
      const open = expectData(await t.gql(NOT_REACHED, { id: campaignId }, admin)).campaignAssignments.edges;
      const target = open.find((e: { node: { member: { name: string } | null } }) => e.node.member?.name === '瑞安温商').node.id;
      const v = expectData(
        await t.gql(CREATE_VISIT, { input: visitInput({ kind: 'CONDOLENCE', visitedOn: '2014-01-28', memberIds: [], chamberIds: [], assignmentId: target }) }, ruian),
      ).createVisit;
      expect(v.assignmentId).toBe(target);
      const read = expectData(await t.gql(VISIT, { id: v.id }, ruian)).visit;
      expect(read.members).toEqual([{ name: '瑞安温商' }]);
      const after = expectData(await t.gql(PROGRESS, { id: campaignId }, ruian)).campaignProgress;
      expect(after.overall).toEqual({ assigned: 3, visited: 1, share: 0.3333 });
      expect(after.groups).toEqual([
        { name: '第1慰问组', leaders: expect.arrayContaining([{ name: '瑞安干部' }, { name: '厉市长' }]), progress: { assigned: 2, visited: 1 } },
        { name: '第2慰问组', leaders: [{ name: '鹿城干部' }], progress: { assigned: 1, visited: 0 } },
      ]);
      const left = expectData(await t.gql(NOT_REACHED, { id: campaignId }, admin)).campaignAssignments.edges;
      expect(left).toHaveLength(2);
      const again = await refused(() => t.gql(CREATE_VISIT, { input: visitInput({ assignmentId: target }) }, ruian), 'CONFLICT', 'input.assignmentId');
      expect(again.body.errors?.[0].extensions?.reason).toBe('VISIT_ASSIGNMENT_DONE');
    });
  });

  describe('reports', () => {
    it('visits by kind, month and official; opinions by category and status with the median time to answer and overdue counts', async () => {
      const visits = expectData(await t.gql(`{ visitReport(from: "2014-01-01", to: "2014-12-31") { total byKind { kind count } byMonth { month count } byOfficial { official { name } visits led } byChamber { chamber { name } visits } } }`, {}, admin)).visitReport;
      expect(visits.total).toBeGreaterThan(3);
      expect(visits.byKind).toHaveLength(6);
      expect(visits.byKind.find((k: { kind: string }) => k.kind === 'CONDOLENCE').count).toBe(1);
      const lead = visits.byOfficial.find((o: { official: { name: string } }) => o.official.name === '厉市长');
      const second = visits.byOfficial.find((o: { official: { name: string } }) => o.official.name === '瑞安干部');
      expect(lead.led).toBe(lead.visits);
      expect(second.led).toBeLessThan(second.visits);
      const opinions = expectData(await t.gql(`{ feedbackReport { total byCategory { category count } byStatus { status count } medianDaysToAnswer overdue meanSatisfaction } }`, {}, admin)).feedbackReport;
      expect(opinions.byStatus.map((s: { status: string }) => s.status)).toEqual(['OPEN', 'ASSIGNED', 'ANSWERED', 'CLOSED']);
      expect(opinions.overdue).toBeGreaterThanOrEqual(0);
      expect(opinions.medianDaysToAnswer).not.toBeNull();
      expect(opinions.meanSatisfaction).toBe(5);
    });

    it('a member\'s contact history: visits, opinions and answers newest first in one statement; NOT_FOUND outside scope', async () => {
      const { result, statements } = await captureSql(t.dataSource, () =>
        t.gql(`query($id: ID) { contactHistory(memberId: $id, first: 100) { type on visitId feedbackId text who } }`, { id: ruianMember }, ruian),
      );
      const history = expectData(result).contactHistory;
      expect(new Set(history.map((h: { type: string }) => h.type))).toEqual(new Set(['VISIT', 'OPINION', 'ANSWER']));
      const days = history.map((h: { on: string }) => h.on);
      expect([...days].sort().reverse()).toEqual(days);
      expect(statements).toHaveLength(1);
      const outside = await t.gql(`query($id: ID) { contactHistory(memberId: $id) { type } }`, { id: luchengMember }, ruian);
      expect(outside.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const chamber = expectData(await t.gql(`query($id: ID) { contactHistory(chamberId: $id) { type } }`, { id: child }, secretary)).contactHistory;
      expect(chamber.length).toBeGreaterThan(0);
    });

    it('chamber roll-ups count the visits of the subtree, each once', async () => {
      const rollup = expectData(await t.gql(`query($id: ID!) { chamber(id: $id) { rollup { visits { total thisYear byKind { kind count } lastVisitedOn } } } }`, { id: top }, admin)).chamber.rollup.visits;
      const [{ n, thisYear }] = await t.dataSource.query(
        `SELECT count(DISTINCT vc.visit_id)::int AS n,
                count(DISTINCT vc.visit_id) FILTER (WHERE extract(year FROM v.visited_on) = extract(year FROM now() AT TIME ZONE 'Asia/Shanghai'))::int AS "thisYear"
         FROM visit_chamber vc JOIN visit v ON v.id = vc.visit_id WHERE vc.chamber_id IN ($1, $2)`,
        [top, child],
      );
      expect(rollup.total).toBe(n);
      expect(n).toBeGreaterThan(0);
      expect(rollup.thisYear).toBe(thisYear);
      expect(rollup.thisYear).toBeLessThanOrEqual(rollup.total);
    });
  });

  describe('merges', () => {
    it('a member merge moves the merged member\'s visits, opinions and assignments to the survivor', async () => {
      const dup = (await createMember(t, { name: '瑞安温商', hometownCode: '330381' })).id;
      const v = expectData(await t.gql(CREATE_VISIT, { input: visitInput({ memberIds: [dup, ruianMember] }) }, admin)).createVisit;
      await t.gql(RAISE, { input: { raisedByMemberId: dup, category: 'OTHER', text: '重复会员的意见' } }, admin);
      const versions = await t.dataSource.query(`SELECT id, version FROM member WHERE id = ANY($1::uuid[])`, [[dup, ruianMember]]);
      const ref = (id: string) => ({ id, version: versions.find((r: { id: string }) => r.id === id).version });
      expectData(await t.gql(`mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { id } }`, { input: { survivor: ref(ruianMember), merged: [ref(dup)] } }, admin));
      const links = await t.dataSource.query(`SELECT member_id FROM visit_member WHERE visit_id = $1`, [v.id]);
      expect(links).toEqual([{ member_id: ruianMember }]);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback WHERE raised_by_member_id = $1`, [dup]);
      expect(n).toBe(0);
    });

    it('a chamber merge moves visits and opinions of the merged chamber to the survivor', async () => {
      const a = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top })).id;
      const b = (await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top })).id;
      const v = expectData(await t.gql(CREATE_VISIT, { input: visitInput({ chamberIds: [a, b] }) }, admin)).createVisit;
      await t.gql(RAISE, { input: { raisedByChamberId: a, category: 'SERVICES', text: '商会意见' } }, admin);
      const [{ version }] = await t.dataSource.query(`SELECT version FROM chamber WHERE id = $1`, [a]);
      expectData(await t.gql(`mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { id status } }`, { id: a, input: { intoId: b, version, on: TODAY } }, admin));
      expect(await t.dataSource.query(`SELECT chamber_id FROM visit_chamber WHERE visit_id = $1`, [v.id])).toEqual([{ chamber_id: b }]);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM feedback WHERE raised_by_chamber_id = $1`, [b]);
      expect(n).toBe(1);
    });
  });
});
