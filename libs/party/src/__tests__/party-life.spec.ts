import { Role } from '@crm/auth';
import { ChamberLevel, ChamberStatus } from '@crm/chamber';
import { captureSql, createChamber, createTestApp, expectData, expectError, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';
import { PartyFixtures } from './party-fixtures';

const TABLES = ['party_meeting', 'party_meeting_attendance', 'audit_event'] as const;
const RECORD = `mutation($input: RecordPartyMeetingInput!) { recordPartyMeeting(input: $input) { id kind status heldOn attendance { partyMemberId name attendance } } }`;
const COMPLIANCE = `query($org: ID!, $year: Int!, $quarter: Int!) { partyCompliance(organizationId: $org, year: $year, quarter: $quarter) {
  compliant meetingsHeld attendanceEntries attendanceRate accountedRate items { kind frequency required held missingMonths met } } }`;

interface Item {
  kind: string;
  held: number;
  missingMonths: number[];
  met: boolean;
}

describe('organisation life, coverage and roll-ups', () => {
  let t: TestApp;
  let admin: string;
  let f: PartyFixtures;
  let refused: ReturnType<typeof refusalChecker>;
  let committee: { id: string };
  let branch: { id: string; name: string };
  let otherBranch: { id: string };
  let members: { id: string; name: string }[];
  let outsider: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    f = new PartyFixtures(t, admin);
    refused = refusalChecker(() => rowCounts(t, TABLES));
    committee = await f.committee((await f.provincialChamber('42')).id);
    branch = await f.unit({ kind: 'BRANCH', committeeId: committee.id });
    otherBranch = await f.unit({ kind: 'BRANCH', committeeId: committee.id });
    members = [];
    for (let i = 0; i < 4; i += 1) members.push(await f.partyMember({ organizationId: branch.id }));
    outsider = await f.partyMember({ organizationId: otherBranch.id });
  });
  afterAll(() => t.close());

  const meeting = (kind: string, heldOn: string, attendance: { partyMemberId: string; attendance: string }[] = [], status = 'HELD') =>
    t.gql<{ recordPartyMeeting: { id: string; attendance: { name: string; attendance: string }[] } }>(RECORD, { input: { organizationId: branch.id, kind, status, heldOn, topic: `${kind} ${heldOn}`, attendance } }, admin);

  it('records a meeting with the attendance of the unit\'s members', async () => {
    const res = expectData(
      await meeting('GENERAL_ASSEMBLY', '2024-01-15', [
        { partyMemberId: members[0].id, attendance: 'PRESENT' },
        { partyMemberId: members[1].id, attendance: 'PRESENT' },
        { partyMemberId: members[2].id, attendance: 'ON_LEAVE' },
        { partyMemberId: members[3].id, attendance: 'ABSENT' },
      ]),
    );
    expect(res.recordPartyMeeting.attendance.map((a) => a.attendance).sort()).toEqual(['ABSENT', 'ON_LEAVE', 'PRESENT', 'PRESENT']);
  });

  it('refuses attendance for someone not in the unit, a person listed twice, and a held meeting in the future; nothing written', async () => {
    const notInUnit = await refused(() => meeting('PARTY_LECTURE', '2024-02-01', [{ partyMemberId: members[0].id, attendance: 'PRESENT' }, { partyMemberId: outsider.id, attendance: 'PRESENT' }]), 'BAD_USER_INPUT', 'input.attendance.1.partyMemberId');
    expect(notInUnit.body.errors?.[0]?.extensions?.reason).toBe('PARTY_NOT_IN_UNIT');
    await refused(() => meeting('PARTY_LECTURE', '2024-02-01', [{ partyMemberId: members[0].id, attendance: 'PRESENT' }, { partyMemberId: members[0].id, attendance: 'ABSENT' }]), 'BAD_USER_INPUT', 'input.attendance.1.partyMemberId');
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const res = await refused(() => meeting('PARTY_LECTURE', future), 'BAD_USER_INPUT', 'input.heldOn');
    expect(res.body.errors?.[0]?.extensions?.reason).toBe('PARTY_HELD_IN_FUTURE');
    // Planned for the future is fine.
    expectData(await meeting('PARTY_LECTURE', future, [], 'PLANNED'));
    // The database refuses attendance of an outsider written by any path.
    const [{ id }] = await t.dataSource.query(`SELECT id FROM party_meeting WHERE organization_id = $1 LIMIT 1`, [branch.id]);
    await expect(t.dataSource.query(`INSERT INTO party_meeting_attendance (meeting_id, party_member_id, attendance) VALUES ($1, $2, 'PRESENT')`, [id, outsider.id])).rejects.toThrow();
  });

  it('reports 三会一课 compliance per quarter: quarterly assemblies and lectures, monthly committee and group meetings', async () => {
    expectData(await meeting('PARTY_LECTURE', '2024-03-10'));
    for (const month of ['01', '02', '03']) expectData(await meeting('BRANCH_COMMITTEE', `2024-${month}-05`));
    for (const month of ['01', '03']) expectData(await meeting('GROUP_MEETING', `2024-${month}-20`));
    expectData(await meeting('GROUP_MEETING', '2024-02-20', [], 'PLANNED'));
    const report = expectData(await t.gql<{ partyCompliance: { compliant: boolean; meetingsHeld: number; attendanceRate: number; accountedRate: number; items: Item[] } }>(COMPLIANCE, { org: branch.id, year: 2024, quarter: 1 }, admin)).partyCompliance;
    const byKind = Object.fromEntries(report.items.map((i) => [i.kind, i]));
    expect(byKind.GENERAL_ASSEMBLY).toMatchObject({ held: 1, met: true });
    expect(byKind.PARTY_LECTURE).toMatchObject({ held: 1, met: true });
    expect(byKind.BRANCH_COMMITTEE).toMatchObject({ held: 3, missingMonths: [], met: true });
    expect(byKind.GROUP_MEETING).toMatchObject({ held: 2, missingMonths: [2], met: false });
    expect(report).toMatchObject({ compliant: false, meetingsHeld: 7, attendanceRate: 0.5, accountedRate: 0.75 });

    const q2 = expectData(await t.gql<{ partyCompliance: { compliant: boolean; meetingsHeld: number; attendanceRate: number | null } }>(COMPLIANCE, { org: branch.id, year: 2024, quarter: 2 }, admin)).partyCompliance;
    expect(q2).toMatchObject({ compliant: false, meetingsHeld: 0, attendanceRate: null });
    expectError(await t.gql(COMPLIANCE, { org: branch.id, year: 2024, quarter: 5 }, admin), 'BAD_USER_INPUT', 'quarter');
    // The report is one statement.
    const { statements } = await captureSql(t.dataSource, () => t.gql(COMPLIANCE, { org: branch.id, year: 2024, quarter: 1 }, admin));
    expect(statements).toHaveLength(1);
  });

  it('lists units with their active members and a quarter\'s compliance, the same as partyCompliance, in constant SQL', async () => {
    const LIST = `query($committee: ID!) { partyOrganizations(first: 20, filter: { committeeId: $committee }) { edges { node { id activeMemberCount
      compliance(year: 2024, quarter: 1) { compliant meetingsHeld attendanceEntries attendanceRate accountedRate items { kind frequency required held missingMonths met } } } } } }`;
    type Node = { id: string; activeMemberCount: number; compliance: Record<string, unknown> };
    const list = async () => expectData(await t.gql<{ partyOrganizations: { edges: { node: Node }[] } }>(LIST, { committee: committee.id }, admin)).partyOrganizations.edges.map((e) => e.node);
    const units = await list();
    const mine = units.find((u) => u.id === branch.id) as Node;
    const other = units.find((u) => u.id === otherBranch.id) as Node;
    expect(mine.activeMemberCount).toBe(4);
    expect(other.activeMemberCount).toBe(1);
    // Field for field what the single-unit query says, for the unit with meetings and the one without.
    for (const unit of [mine, other]) {
      const single = expectData(await t.gql<{ partyCompliance: Record<string, unknown> }>(COMPLIANCE, { org: unit.id, year: 2024, quarter: 1 }, admin)).partyCompliance;
      expect(unit.compliance).toEqual(single);
    }
    // More units, same statements: the counts and the compliance are grouped per request.
    const { statements: before } = await captureSql(t.dataSource, () => list());
    for (let i = 0; i < 3; i += 1) await f.unit({ kind: 'BRANCH', committeeId: committee.id });
    const { statements: after } = await captureSql(t.dataSource, () => list());
    expect((await list()).length).toBe(units.length + 3);
    expect(after.length).toBe(before.length);
  });

  it('a party-work officer of another committee can neither read nor record this unit\'s life', async () => {
    const other = await f.committee((await f.provincialChamber('43')).id);
    const stranger = (await signedInUser(t, { role: Role.PartyOfficer, partyCommitteeId: other.id })).accessToken;
    expectError(await t.gql(COMPLIANCE, { org: branch.id, year: 2024, quarter: 1 }, stranger), 'NOT_FOUND');
    await refused(() => t.gql(RECORD, { input: { organizationId: branch.id, kind: 'PARTY_LECTURE', status: 'HELD', heldOn: '2024-01-01', topic: '越权' } }, stranger), 'BAD_USER_INPUT', 'input.organizationId');
  });

  it('coverage: share of active chambers with a unit by province and committee; roll-ups count a subtree', async () => {
    const hubei = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '420500' });
    const below = await createChamber(t, { level: ChamberLevel.County, regionCode: '420581', parentId: hubei.id });
    await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '420600' });
    await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '420700', status: ChamberStatus.Dissolved });
    const unit = await f.unit({ kind: 'JOINT_BRANCH', committeeId: committee.id, chamberIds: [hubei.id, below.id] });
    await f.partyMember({ organizationId: unit.id, mobile: true, mobileDestination: '湖北省宜昌市', mobileSince: '2021-01-01' });

    const coverage = expectData(await t.gql<{ partyCoverage: { goal: number; committeeTarget: number; provinces: { provinceCode: string; chambers: number; covered: number; share: number; goalMet: boolean; committeeId: string | null; partyMembers: number; mobileMembers: number }[]; byCommittee: { committeeId: string }[]; unitsByKind: { kind: string; count: number }[] } }>(
      `{ partyCoverage { goal committeeTarget provinces { provinceCode chambers covered share goalMet committeeId partyMembers mobileMembers } byCommittee { committeeId } unitsByKind { kind count } } }`,
      {},
      admin,
    )).partyCoverage;
    expect(coverage).toMatchObject({ goal: 0.8, committeeTarget: 23 });
    // 湖北: the provincial host chamber and three live regional chambers, two of them covered; six members in the committee's branches.
    expect(coverage.provinces.find((p) => p.provinceCode === '42')).toEqual({ provinceCode: '42', chambers: 4, covered: 2, share: 0.5, goalMet: false, committeeId: committee.id, partyMembers: 6, mobileMembers: 1 });
    expect(coverage.byCommittee.map((c) => c.committeeId)).toContain(committee.id);
    expect(coverage.unitsByKind.find((k) => k.kind === 'JOINT_BRANCH')?.count).toBe(1);

    const rollup = expectData(await t.gql<{ chamberRollup: { party: { units: number; chambersWithUnit: number; partyMembers: number; mobileMembers: number } } }>(
      `query($id: ID!) { chamberRollup(id: $id) { party { units chambersWithUnit partyMembers mobileMembers unitsByKind { kind count } } } }`,
      { id: hubei.id },
      admin,
    )).chamberRollup;
    expect(rollup.party).toMatchObject({ units: 1, chambersWithUnit: 2, partyMembers: 1, mobileMembers: 1 });
  });
});
