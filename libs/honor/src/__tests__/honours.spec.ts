import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { MemberDesignation, MemberEntity } from '@crm/member';
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

// Honours end to end over HTTP: catalogue, a round, nominations within scope, review, public
// notice, confirmation into awards with certificates and benefits, revocation, the LEAD_GOOSE
// designation kept in step, scopes per role, and every bad input of the issue refused with a
// stable code and field and nothing written.

const TYPE_FIELDS = `id name subjectKind awardingBody level recursYearly quotaPerRound grantsDesignation active version benefits { id name kind yearly retired }`;
const CREATE_TYPE = `mutation($input: CreateHonorTypeInput!) { createHonorType(input: $input) { ${TYPE_FIELDS} } }`;
const UPDATE_TYPE = `mutation($id: ID!, $input: UpdateHonorTypeInput!) { updateHonorType(id: $id, input: $input) { ${TYPE_FIELDS} } }`;
const ROUND_FIELDS = `id name year status version noticeStartsOn noticeEndsOn confirmedOn types { quota used honorType { id name } }`;
const CREATE_ROUND = `mutation($input: CreateHonorRoundInput!) { createHonorRound(input: $input) { ${ROUND_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!, $input: PublishHonorRoundInput!) { publishHonorRound(id: $id, input: $input) { ${ROUND_FIELDS} } }`;
const CONFIRM = `mutation($id: ID!, $input: ConfirmHonorRoundInput!) { confirmHonorRound(id: $id, input: $input) { ${ROUND_FIELDS} } }`;
const NOMINATION_FIELDS = `id status version subjectKind subjectId countyCode nominatingChamberId nominatingCountyCode reason decisionReason reviewer { id email }
  member { id name idNumber phones } chamber { id name } honorType { id name }`;
const NOMINATE = `mutation($input: NominateInput!) { nominateForHonor(input: $input) { ${NOMINATION_FIELDS} } }`;
const step = (name: string) => `mutation($id: ID!, $input: HonorDecisionInput!) { ${name}(id: $id, input: $input) { ${NOMINATION_FIELDS} } }`;
const AWARD_FIELDS = `id honorTypeId status year certificateNo subjectId subjectKind countyCode creditedChamberId revokedOn revokeReason version
  benefits { id name status year version deliveredOn }`;
const RECORD = `mutation($input: RecordHonorAwardInput!) { recordHonorAward(input: $input) { ${AWARD_FIELDS} } }`;
const REVOKE = `mutation($id: ID!, $input: RevokeHonorAwardInput!) { revokeHonorAward(id: $id, input: $input) { ${AWARD_FIELDS} } }`;
const SETTLE = `mutation($id: ID!, $input: SettleHonorBenefitInput!) { settleHonorBenefit(id: $id, input: $input) { id status deliveredOn version } }`;
const NOMINATIONS = `query($first: Int, $filter: HonorNominationFilter) { honorNominations(first: $first, filter: $filter) { totalCount edges { node { ${NOMINATION_FIELDS} } } } }`;
const AWARDS = `query($filter: HonorAwardFilter) { honorAwards(first: 100, filter: $filter) { edges { node { ${AWARD_FIELDS} member { name idNumber } } } } }`;

const TABLES = ['honor_type', 'honor_type_benefit', 'honor_round', 'honor_round_type', 'honor_nomination', 'honor_award', 'honor_benefit', 'audit_event'] as const;

interface Type {
  id: string;
  name: string;
  version: number;
  benefits: { id: string; name: string; yearly: boolean; retired: boolean }[];
}
interface Round {
  id: string;
  status: string;
  version: number;
  types: { quota: number | null; used: number; honorType: { id: string } }[];
}
interface Nomination {
  id: string;
  status: string;
  version: number;
  subjectId: string;
  countyCode: string | null;
  nominatingChamberId: string | null;
  reviewer: { id: string; email: string } | null;
  member: { id: string; name: string; idNumber: string | null; phones: string[] } | null;
  chamber: { id: string; name: string } | null;
  honorType: { id: string; name: string };
}
interface Award {
  id: string;
  honorTypeId: string;
  countyCode: string | null;
  status: string;
  version: number;
  subjectId: string;
  certificateNo: string;
  creditedChamberId: string | null;
  benefits: { id: string; name: string; status: string; version: number }[];
}

describe('honours: catalogue, rounds, nominations, awards, benefits', () => {
  let t: TestApp;
  let admin: string;
  let adminEmail: string;
  let county: string;
  let secretary: string;
  let viewer: string;
  let top: ChamberEntity;
  let child: ChamberEntity;
  let other: ChamberEntity;
  let local: MemberEntity[];
  let outsider: MemberEntity;
  let pioneer: Type;
  let advanced: Type;
  let goose: Type;
  let round: Round;
  const refused = refusalChecker(() => rowCounts(t, TABLES));
  const ok = <T>(res: GqlResponse<T>): T => expectData(res);

  const nominate = (token: string, input: Record<string, unknown>) =>
    t.gql<{ nominateForHonor: Nomination }>(NOMINATE, { input: { roundId: round.id, reason: '回乡投资成效显著', ...input } }, token);

  beforeAll(async () => {
    t = await createTestApp();
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    other = await createChamber(t, { level: ChamberLevel.Provincial });
    local = [];
    for (let i = 0; i < 4; i++) {
      const m = await createMember(t, { hometownCode: '330302' });
      await addMembership(t, m.id, child.id);
      local.push(m);
    }
    outsider = await createMember(t, { hometownCode: '330381' });
    await addMembership(t, outsider.id, other.id);
    const a = await signedInUser(t, { role: Role.Admin });
    admin = a.accessToken;
    adminEmail = a.user.email;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;

    const benefit = (name: string, kind: string, yearly = false) => ({ name, kind, yearly });
    pioneer = ok(
      await t.gql<{ createHonorType: Type }>(
        CREATE_TYPE,
        {
          input: {
            name: '温商回归功勋人物',
            subjectKind: 'MEMBER',
            awardingBody: '温州市委市政府',
            level: 'CITY',
            quotaPerRound: 2,
            benefits: [benefit('列席市两会', 'POLITICAL', true), benefit('优先服务', 'ECONOMIC')],
          },
        },
        admin,
      ),
    ).createHonorType;
    advanced = ok(
      await t.gql<{ createHonorType: Type }>(
        CREATE_TYPE,
        { input: { name: '争先创优先进商会', subjectKind: 'CHAMBER', awardingBody: '温州市经合办', level: 'CITY', benefits: [benefit('授牌', 'SOCIAL')] } },
        admin,
      ),
    ).createHonorType;
    goose = ok(
      await t.gql<{ createHonorType: Type }>(
        CREATE_TYPE,
        {
          input: {
            name: '百名领头雁',
            subjectKind: 'MEMBER',
            awardingBody: '温州市委市政府',
            level: 'CITY',
            grantsDesignation: 'LEAD_GOOSE',
            quotaPerRound: 1,
            benefits: [benefit('应邀出席市两会', 'POLITICAL', true)],
          },
        },
        admin,
      ),
    ).createHonorType;
    round = ok(
      await t.gql<{ createHonorRound: Round }>(
        CREATE_ROUND,
        {
          input: {
            name: '首届温商回归先进表彰会',
            year: 2014,
            heldOn: '2014-02-08',
            types: [{ honorTypeId: pioneer.id }, { honorTypeId: advanced.id }, { honorTypeId: goose.id, quota: 1 }],
          },
        },
        admin,
      ),
    ).createHonorRound;
  });

  afterAll(() => t.close());

  it('keeps an editable catalogue: types with benefits, edits on the version read, retired benefits kept', async () => {
    expect(pioneer).toMatchObject({ subjectKind: 'MEMBER', level: 'CITY', quotaPerRound: 2, grantsDesignation: null, active: true, version: 1 });
    expect(pioneer.benefits.map((b) => [b.name, b.yearly])).toEqual([
      ['列席市两会', true],
      ['优先服务', false],
    ]);
    const edited = ok(
      await t.gql<{ updateHonorType: Type & { benefits: { name: string; retired: boolean }[] } }>(
        UPDATE_TYPE,
        { id: advanced.id, input: { version: 1, description: '每年评选一次', benefits: [{ name: '授牌', kind: 'SOCIAL' }, { name: '宣传报道', kind: 'SOCIAL' }] } },
        admin,
      ),
    ).updateHonorType;
    expect(edited.version).toBe(2);
    expect(edited.benefits.map((b) => [b.name, b.retired])).toEqual([
      ['授牌', false],
      ['宣传报道', false],
    ]);
    advanced = edited;
    // Only the office keeps the catalogue.
    expectError(await t.gql(CREATE_TYPE, { input: { name: '新类型', subjectKind: 'MEMBER', awardingBody: '某单位', level: 'CITY' } }, county), 'FORBIDDEN');
    // A designation is for member honours only; a duplicate name is named.
    await refused(() => t.gql(CREATE_TYPE, { input: { name: '先进商会二', subjectKind: 'CHAMBER', awardingBody: '某单位', level: 'CITY', grantsDesignation: 'LEAD_GOOSE' } }, admin), 'BAD_USER_INPUT', 'input.grantsDesignation');
    await refused(() => t.gql(CREATE_TYPE, { input: { name: '百名领头雁', subjectKind: 'MEMBER', awardingBody: '某单位', level: 'CITY' } }, admin), 'CONFLICT', 'input.name');
  });

  it('county offices and secretariats nominate within their scope; the reviewer and subjects come with the list', async () => {
    const byCounty = ok(await nominate(county, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[0].id, facts: '投资5亿元' })).nominateForHonor;
    expect(byCounty).toMatchObject({ status: 'SUBMITTED', countyCode: '330302', nominatingCountyCode: '330302', nominatingChamberId: null, reviewer: null });
    expect(byCounty.member?.name).toBe(local[0].name);
    // A reason typed in a text box keeps its line breaks; other control characters are still refused.
    await refused(() => nominate(secretary, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[1].id, reason: '回乡投资\u0007成效显著' }), 'BAD_USER_INPUT', 'input.reason');
    const bySecretary = ok(await nominate(secretary, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[1].id, reason: '回乡投资成效显著。\n带动就业三百人。' })).nominateForHonor;
    expect(bySecretary.nominatingChamberId).toBe(top.id);
    expect(((await t.dataSource.query(`SELECT reason FROM honor_nomination WHERE id = $1`, [bySecretary.id])) as { reason: string }[])[0].reason).toBe('回乡投资成效显著。\n带动就业三百人。');
    const chamber = ok(await nominate(secretary, { honorTypeId: advanced.id, subjectKind: 'CHAMBER', subjectId: child.id })).nominateForHonor;
    expect(chamber.chamber).toEqual({ id: child.id, name: child.name });
    const rounds = ok(await t.gql<{ honorRound: Round }>(`query($id: ID!) { honorRound(id: $id) { ${ROUND_FIELDS} } }`, { id: round.id }, county)).honorRound;
    expect(rounds.types.find((x) => x.honorType.id === pioneer.id)).toMatchObject({ quota: 2, used: 2 });
  });

  it('refuses a nomination beyond the quota (CONFLICT on honorTypeId), nothing written', async () => {
    await refused(() => nominate(admin, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[2].id }), 'CONFLICT', 'input.honorTypeId');
  });

  it('holds the quota under concurrent nominations: the database lets exactly the free places through', async () => {
    const res = await Promise.all(local.map((m) => nominate(admin, { honorTypeId: goose.id, subjectKind: 'MEMBER', subjectId: m.id })));
    const passed = res.filter((r) => !r.body.errors);
    expect(passed).toHaveLength(1);
    for (const r of res.filter((x) => x.body.errors)) expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HONOR_QUOTA_EXCEEDED', field: 'input.honorTypeId' });
    const [row] = (await t.dataSource.query(`SELECT live_nominations FROM honor_round_type WHERE round_id = $1 AND honor_type_id = $2`, [round.id, goose.id])) as { live_nominations: number }[];
    expect(row.live_nominations).toBe(1);
  });

  it('refuses an honour for the wrong kind of subject, a subject outside the nominator’s scope, and enterprises from outside the office', async () => {
    await refused(() => nominate(secretary, { honorTypeId: advanced.id, subjectKind: 'MEMBER', subjectId: local[3].id }), 'BAD_USER_INPUT', 'input.subjectKind');
    await refused(() => nominate(county, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: outsider.id }), 'FORBIDDEN', 'input.subjectId');
    await refused(() => nominate(secretary, { honorTypeId: advanced.id, subjectKind: 'CHAMBER', subjectId: other.id }), 'FORBIDDEN', 'input.subjectId');
    await refused(() => nominate(county, { honorTypeId: advanced.id, subjectKind: 'CHAMBER', subjectId: child.id }), 'FORBIDDEN', 'input.subjectId');
    await refused(() => nominate(secretary, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: '00000000-0000-4000-8000-00000000abcd' }), 'BAD_USER_INPUT', 'input.subjectId');
    // Viewers do not nominate at all.
    expectError(await nominate(viewer, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[3].id }), 'FORBIDDEN');
  });

  it('reviews: shortlist, approve, reject with a reason; withdrawal by the nominator; approving a withdrawn nomination is refused', async () => {
    const list = ok(await t.gql<{ honorNominations: { edges: { node: Nomination }[] } }>(NOMINATIONS, { first: 50, filter: { roundId: round.id } }, admin)).honorNominations.edges.map((e) => e.node);
    const first = list.find((n) => n.subjectId === local[0].id && n.honorType.id === pioneer.id) as Nomination;
    const second = list.find((n) => n.subjectId === local[1].id && n.honorType.id === pioneer.id) as Nomination;
    const chamber = list.find((n) => n.subjectId === child.id) as Nomination;
    const gooseN = list.find((n) => n.honorType.id === goose.id) as Nomination;

    const shortlisted = ok(await t.gql<{ shortlistHonorNomination: Nomination }>(step('shortlistHonorNomination'), { id: first.id, input: { version: 1 } }, admin)).shortlistHonorNomination;
    expect(shortlisted).toMatchObject({ status: 'SHORTLISTED', version: 2, reviewer: { email: adminEmail } });
    // Stale version.
    await refused(() => t.gql(step('approveHonorNomination'), { id: first.id, input: { version: 1 } }, admin), 'CONFLICT', 'input.version');
    ok(await t.gql(step('approveHonorNomination'), { id: first.id, input: { version: 2 } }, admin));
    // Decisions are the office's.
    expectError(await t.gql(step('approveHonorNomination'), { id: second.id, input: { version: 1 } }, county), 'FORBIDDEN');
    // A county office reads the nomination of a member of its county made by a chamber, but only the chamber withdraws it.
    const notYours = await refused(() => t.gql(step('withdrawHonorNomination'), { id: second.id, input: { version: 1 } }, county), 'FORBIDDEN', 'id');
    expect(notYours.body.errors?.[0]?.extensions?.reason).toBe('HONOR_NOT_YOUR_NOMINATION');
    // Withdrawn by the secretariat that made it; then approving it is refused.
    const withdrawn = ok(await t.gql<{ withdrawHonorNomination: Nomination }>(step('withdrawHonorNomination'), { id: second.id, input: { version: 1, reason: '本人谦让' } }, secretary))
      .withdrawHonorNomination;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', reviewer: null, decisionReason: '本人谦让' });
    const res = await refused(() => t.gql(step('approveHonorNomination'), { id: second.id, input: { version: 2 } }, admin), 'CONFLICT', 'id');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ reason: 'HONOR_NOMINATION_STATUS', status: 'WITHDRAWN' });
    // A county office cannot withdraw what it cannot reach.
    expectError(await t.gql(step('withdrawHonorNomination'), { id: chamber.id, input: { version: 1 } }, county), 'NOT_FOUND', 'id');
    // Rejection needs a reason.
    await refused(() => t.gql(step('rejectHonorNomination'), { id: gooseN.id, input: { version: 1 } }, admin), 'BAD_USER_INPUT', 'input.reason');
    ok(await t.gql(step('approveHonorNomination'), { id: chamber.id, input: { version: 1 } }, admin));
    ok(await t.gql(step('approveHonorNomination'), { id: gooseN.id, input: { version: 1 } }, admin));
    // The withdrawn place is free again: another member can be nominated.
    ok(await nominate(county, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[2].id }));
    const third = ok(await t.gql<{ honorNominations: { edges: { node: Nomination }[] } }>(NOMINATIONS, { first: 50, filter: { roundId: round.id, status: 'SUBMITTED' } }, admin))
      .honorNominations.edges[0].node;
    ok(await t.gql(step('rejectHonorNomination'), { id: third.id, input: { version: 1, reason: '材料不全' } }, admin));
  });

  it('scopes the list: a county office its county, a secretariat its chambers, a viewer nothing before publication', async () => {
    const ids = async (token: string) =>
      ok(await t.gql<{ honorNominations: { edges: { node: Nomination }[] } }>(NOMINATIONS, { first: 50 }, token)).honorNominations.edges.map((e) => e.node.subjectId).sort();
    const countyIds = await ids(county);
    expect(countyIds).toEqual(expect.arrayContaining([local[0].id, local[1].id, local[2].id]));
    expect(countyIds).not.toContain(child.id);
    expect(await ids(secretary)).toEqual(expect.arrayContaining([local[1].id, child.id]));
    // Its own members' nominations too, whoever made them (the office nominated local[2], a member of child).
    expect(await ids(secretary)).toContain(local[2].id);
    expect(await ids(viewer)).toEqual([]);
  });

  it('publishes for public notice only once every nomination is decided; confirms after the notice with certificates', async () => {
    let current = ok(await t.gql<{ honorRound: Round }>(`query($id: ID!) { honorRound(id: $id) { ${ROUND_FIELDS} } }`, { id: round.id }, admin)).honorRound;
    await refused(() => t.gql(PUBLISH, { id: round.id, input: { version: current.version, noticeStartsOn: '2014-01-20', noticeEndsOn: '2014-01-10' } }, admin), 'BAD_USER_INPUT', 'input.noticeEndsOn');
    current = ok(await t.gql<{ publishHonorRound: Round }>(PUBLISH, { id: round.id, input: { version: current.version, noticeStartsOn: '2014-01-20', noticeEndsOn: '2014-01-27' } }, admin))
      .publishHonorRound;
    expect(current.status).toBe('PUBLISHED');
    // Nominations are closed now.
    await refused(() => nominate(county, { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[3].id }), 'CONFLICT', 'input.roundId');
    // Viewers read the published list, personal data masked.
    const published = ok(await t.gql<{ honorNominations: { edges: { node: Nomination }[] } }>(NOMINATIONS, { first: 50 }, viewer)).honorNominations.edges.map((e) => e.node);
    expect(published.map((n) => n.status).sort()).toEqual(['APPROVED', 'APPROVED', 'APPROVED']);
    const member = published.find((n) => n.member)?.member;
    expect(member?.idNumber).toMatch(/^\d{3}\*+\w{4}$/);
    expect(member?.phones[0]).toMatch(/^\d{3}\*+\d{4}$/);

    const approved = ok(await t.gql<{ honorNominations: { edges: { node: Nomination }[] } }>(NOMINATIONS, { first: 50, filter: { status: 'APPROVED' } }, admin)).honorNominations.edges.map(
      (e) => e.node,
    );
    const certificates = approved.map((n, i) => ({ nominationId: n.id, certificateNo: `WZ2014-${i + 1}`, citation: '为家乡发展作出突出贡献' }));
    // Before the notice ends; a certificate missing.
    await refused(() => t.gql(CONFIRM, { id: round.id, input: { version: current.version, awardedOn: '2014-01-25', certificates } }, admin), 'CONFLICT', 'input.awardedOn');
    await refused(() => t.gql(CONFIRM, { id: round.id, input: { version: current.version, awardedOn: '2014-02-08', certificates: certificates.slice(1) } }, admin), 'BAD_USER_INPUT', 'input.certificates');
    // A certificate number already used for the same honour type (recorded earlier by hand).
    const gooseNomination = approved.find((n) => n.honorType.id === goose.id) as Nomination;
    ok(await t.gql(RECORD, { input: { honorTypeId: goose.id, subjectKind: 'MEMBER', subjectId: outsider.id, year: 2013, awardedOn: '2013-06-01', certificateNo: 'LTY-001' } }, admin));
    const clash = certificates.map((c) => (c.nominationId === gooseNomination.id ? { ...c, certificateNo: 'LTY-001' } : c));
    await refused(() => t.gql(CONFIRM, { id: round.id, input: { version: current.version, awardedOn: '2014-02-08', certificates: clash } }, admin), 'CONFLICT', 'input.certificates');

    current = ok(await t.gql<{ confirmHonorRound: Round }>(CONFIRM, { id: round.id, input: { version: current.version, awardedOn: '2014-02-08', certificates } }, admin)).confirmHonorRound;
    expect(current).toMatchObject({ status: 'CONFIRMED', confirmedOn: '2014-02-08' });
    const awards = ok(await t.gql<{ honorAwards: { edges: { node: Award }[] } }>(AWARDS, { filter: { roundId: round.id } }, admin)).honorAwards.edges.map((e) => e.node);
    expect(awards).toHaveLength(3);
    const chamberAward = awards.find((a) => a.subjectId === child.id) as Award;
    expect(chamberAward.creditedChamberId).toBe(child.id);
    expect(chamberAward.benefits.map((b) => b.name).sort()).toEqual(['宣传报道', '授牌']);
    const pioneerAward = awards.find((a) => a.honorTypeId === pioneer.id) as Award;
    expect(pioneerAward.benefits.map((b) => [b.name, b.status]).sort()).toEqual([
      ['优先服务', 'DUE'],
      ['列席市两会', 'DUE'],
    ]);
    // The 百名领头雁 award set the member's LEAD_GOOSE designation, through the member write path (audited there).
    const goosed = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: gooseNomination.subjectId });
    expect(goosed.designations).toContain(MemberDesignation.LeadGoose);
    const [event] = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_type = 'Member' AND entity_id = $1 AND operation = 'member.designationsFromHonours'`, [
      goosed.id,
    ])) as unknown[];
    expect(event).toBeDefined();
    // Nominations are AWARDED; the round's export and the member's record show them.
    const onRecord = ok(await t.gql<{ member: { honors: { certificateNo: string }[] } }>(`query($id: ID!) { member(id: $id) { honors { certificateNo } } }`, { id: local[0].id }, county)).member;
    expect(onRecord.honors.map((h) => h.certificateNo)).toContain(pioneerAward.certificateNo);
    const rollup = ok(await t.gql<{ chamberRollup: { honors: { active: number } } }>(`query($id: ID!) { chamberRollup(id: $id) { honors { active revoked byType { key count } } } }`, { id: top.id }, admin));
    expect(rollup.chamberRollup.honors.active).toBe(1);
    // The chamber's record; honourees by type, county and year.
    const record = ok(await t.gql<{ chamber: { honors: { certificateNo: string }[] } }>(`query($id: ID!) { chamber(id: $id) { honors { certificateNo } } }`, { id: child.id }, secretary)).chamber;
    expect(record.honors.map((h) => h.certificateNo)).toEqual([chamberAward.certificateNo]);
    const counts = async (by: string, token = admin) =>
      ok(await t.gql<{ honorAwardCounts: { key: string; count: number }[] }>(`query($by: HonorAwardGrouping!) { honorAwardCounts(by: $by, year: 2014) { key count } }`, { by }, token)).honorAwardCounts;
    expect(await counts('TYPE')).toEqual(
      expect.arrayContaining([
        { key: pioneer.id, count: 1 },
        { key: advanced.id, count: 1 },
        { key: goose.id, count: 1 },
      ]),
    );
    expect(await counts('COUNTY')).toEqual([
      { key: '', count: 1 },
      { key: '330302', count: 2 },
    ]);
    expect(await counts('COUNTY', county)).toEqual([{ key: '330302', count: 2 }]);
    expect(await counts('YEAR')).toEqual([{ key: '2014', count: 3 }]);
  });

  it('tracks benefits to delivery and answers what is outstanding by county', async () => {
    const due = ok(
      await t.gql<{ honorBenefits: { edges: { node: { id: string; name: string; version: number; countyCode: string } }[] } }>(
        `query { honorBenefits(first: 50, filter: { status: DUE }) { edges { node { id name version countyCode } } } }`,
        {},
        admin,
      ),
    ).honorBenefits.edges.map((e) => e.node);
    const outstanding = ok(await t.gql<{ honorBenefitsOutstanding: { countyCode: string | null; benefits: number; awards: number }[] }>(`{ honorBenefitsOutstanding { countyCode benefits awards } }`, {}, admin))
      .honorBenefitsOutstanding;
    expect(outstanding.reduce((s, r) => s + r.benefits, 0)).toBe(due.length);
    const first = due.find((b) => b.countyCode === '330302') as { id: string; version: number };
    await refused(() => t.gql(SETTLE, { id: first.id, input: { version: first.version, status: 'DELIVERED' } }, admin), 'BAD_USER_INPUT', 'input.on');
    const delivered = ok(await t.gql<{ settleHonorBenefit: { status: string; deliveredOn: string } }>(SETTLE, { id: first.id, input: { version: first.version, status: 'DELIVERED', on: '2014-03-01' } }, admin))
      .settleHonorBenefit;
    expect(delivered).toMatchObject({ status: 'DELIVERED', deliveredOn: '2014-03-01' });
    const after = ok(await t.gql<{ honorBenefitsOutstanding: { benefits: number }[] }>(`{ honorBenefitsOutstanding { benefits } }`, {}, admin)).honorBenefitsOutstanding;
    expect(after.reduce((s, r) => s + r.benefits, 0)).toBe(due.length - 1);
    // A county office sees its county only; viewers no benefits at all.
    const countyRows = ok(await t.gql<{ honorBenefitsOutstanding: { countyCode: string | null }[] }>(`{ honorBenefitsOutstanding { countyCode } }`, {}, county)).honorBenefitsOutstanding;
    expect(countyRows.map((r) => r.countyCode)).toEqual(['330302']);
    expect(ok(await t.gql<{ honorBenefitsOutstanding: unknown[] }>(`{ honorBenefitsOutstanding { countyCode } }`, {}, viewer)).honorBenefitsOutstanding).toEqual([]);
    // The yearly benefits come again for the next year.
    const added = ok(await t.gql<{ addYearlyHonorBenefits: number }>(`mutation { addYearlyHonorBenefits(year: 2015) }`, {}, admin)).addYearlyHonorBenefits;
    expect(added).toBe(3);
    // The 2015 invitation list to the 两会 of the 功勋人物: one benefit of the catalogue, one year.
    const invitation = pioneer.benefits.find((b) => b.name === '列席市两会') as { id: string };
    const invited = ok(
      await t.gql<{ honorBenefits: { edges: { node: { awardId: string; year: number; status: string } }[] } }>(
        `query($filter: HonorBenefitFilter) { honorBenefits(first: 50, filter: $filter) { edges { node { awardId year status } } } }`,
        { filter: { typeBenefitId: invitation.id, year: 2015 } },
        admin,
      ),
    ).honorBenefits.edges.map((e) => e.node);
    expect(invited).toEqual([expect.objectContaining({ year: 2015, status: 'DUE' })]);
  });

  it('revokes once, keeping the award; lapses what is due; takes the designation back; refuses delivering a revoked award’s benefit', async () => {
    const awards = ok(await t.gql<{ honorAwards: { edges: { node: Award }[] } }>(AWARDS, { filter: { honorTypeId: goose.id, year: 2014 } }, admin)).honorAwards.edges.map((e) => e.node);
    const award = awards[0];
    const dueBenefit = award.benefits.find((b) => b.status === 'DUE') as { id: string; version: number };
    await refused(() => t.gql(REVOKE, { id: award.id, input: { version: award.version + 5, revokedOn: '2015-05-01', reason: '违法经营' } }, admin), 'CONFLICT', 'input.version');
    expectError(await t.gql(REVOKE, { id: award.id, input: { version: award.version, revokedOn: '2015-05-01', reason: '违法经营' } }, county), 'FORBIDDEN');
    const revoked = ok(await t.gql<{ revokeHonorAward: Award & { revokedOn: string; revokeReason: string } }>(REVOKE, { id: award.id, input: { version: award.version, revokedOn: '2015-05-01', reason: '违法经营' } }, admin))
      .revokeHonorAward;
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedOn: '2015-05-01', revokeReason: '违法经营', certificateNo: award.certificateNo });
    // What was still due lapsed; what was delivered stays on record.
    expect(revoked.benefits.filter((b) => b.status === 'DUE')).toEqual([]);
    expect(revoked.benefits.filter((b) => b.status === 'LAPSED').length).toBeGreaterThanOrEqual(1);
    const member = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: award.subjectId });
    expect(member.designations).not.toContain(MemberDesignation.LeadGoose);
    // Revoking twice; delivering a benefit of the revoked award.
    await refused(() => t.gql(REVOKE, { id: award.id, input: { version: revoked.version, revokedOn: '2015-05-02', reason: '重复' } }, admin), 'CONFLICT', 'id');
    const res = await refused(() => t.gql(SETTLE, { id: dueBenefit.id, input: { version: dueBenefit.version + 1, status: 'DELIVERED', on: '2015-06-01' } }, admin), 'CONFLICT', 'id');
    expect(res.body.errors?.[0]?.extensions?.reason).toBe('HONOR_AWARD_REVOKED');
    // The outsider's earlier 领头雁 award still holds their designation.
    expect((await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: outsider.id })).designations).toContain(MemberDesignation.LeadGoose);
  });

  it('scopes awards: viewers read all (masked), a secretariat its subtree’s, a county office its county’s, party officers none', async () => {
    const party = (await signedInUser(t, { role: Role.PartyOfficer })).accessToken;
    const subjects = async (token: string) =>
      ok(await t.gql<{ honorAwards: { edges: { node: Award & { member: { idNumber: string | null } | null } }[] } }>(AWARDS, { filter: {} }, token)).honorAwards.edges.map((e) => e.node);
    const all = await subjects(admin);
    const seen = await subjects(viewer);
    expect(seen.map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
    for (const a of seen.filter((x) => x.member?.idNumber)) expect(a.member?.idNumber).toMatch(/\*/);
    expect(seen.every((a) => a.benefits.length === 0)).toBe(true);
    const bySecretary = await subjects(secretary);
    expect(bySecretary.map((a) => a.subjectId)).toContain(child.id);
    expect(bySecretary.map((a) => a.subjectId)).not.toContain(outsider.id);
    const byCounty = await subjects(county);
    expect(byCounty.length).toBeGreaterThan(0);
    expect(byCounty.every((a) => a.countyCode === '330302')).toBe(true);
    expectError(await t.gql(AWARDS, { filter: {} }, party), 'FORBIDDEN');
  });

  it('refuses a duplicate certificate number and a second active award of the same honour and year', async () => {
    const [{ certificate_no: taken }] = (await t.dataSource.query(`SELECT certificate_no FROM honor_award WHERE honor_type_id = $1`, [pioneer.id])) as { certificate_no: string }[];
    await refused(
      () => t.gql(RECORD, { input: { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[3].id, year: 2014, awardedOn: '2014-02-08', certificateNo: taken } }, admin),
      'CONFLICT',
      'input.certificateNo',
    );
    await refused(
      () => t.gql(RECORD, { input: { honorTypeId: pioneer.id, subjectKind: 'MEMBER', subjectId: local[0].id, year: 2014, awardedOn: '2014-02-08', certificateNo: 'WZ2014-X' } }, admin),
      'CONFLICT',
      'input.subjectId',
    );
    await refused(
      () => t.gql(RECORD, { input: { honorTypeId: advanced.id, subjectKind: 'MEMBER', subjectId: local[3].id, year: 2014, awardedOn: '2014-02-08', certificateNo: 'Q-1' } }, admin),
      'BAD_USER_INPUT',
      'input.subjectKind',
    );
  });

  it('reads a page of 50 nominations with subjects, types and reviewers in a constant number of statements', async () => {
    // One statement for the page (the reviewer is in its row), one per subject kind on the page
    // (members, chambers), one for the honour types: the same for 2 rows as for 50.
    const read = async (first: number) => {
      const { result, statements } = await captureSql(t.dataSource, () => t.gql(NOMINATIONS.replace('totalCount ', ''), { first }, admin));
      const nodes = expectData(result as GqlResponse<{ honorNominations: { edges: { node: Nomination }[] } }>).honorNominations.edges.map((e) => e.node);
      return { nodes, statements };
    };
    const { nodes, statements } = await read(50);
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    expect(nodes.filter((n) => n.member).length).toBeGreaterThanOrEqual(4);
    expect(nodes.every((n) => n.member || n.chamber)).toBe(true);
    expect(statements.filter((s) => /honor_nomination/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM "member"/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM "chamber"/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM honor_type t/.test(s))).toHaveLength(1);
    // The fifth: the audit of the ID numbers and phones the administrator read in clear (one INSERT per request).
    expect(statements.filter((s) => /audit_event/.test(s))).toHaveLength(1);
    expect(statements).toHaveLength(5);
    expect((await read(2)).statements.length).toBeLessThanOrEqual(5);
  });

  it('pages through nominations with keyset cursors, filtered or not, without skipping or repeating', async () => {
    const PAGE = `query($filter: HonorNominationFilter, $after: String) { honorNominations(first: 2, filter: $filter, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    for (const filter of [{}, { roundId: round.id }, { status: 'AWARDED' }]) {
      const all = ok(await t.gql<{ honorNominations: { totalCount: number; edges: { node: { id: string } }[] } }>(NOMINATIONS, { first: 100, filter }, admin)).honorNominations;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = ok(
          await t.gql<{ honorNominations: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(PAGE, { filter, after }, admin),
        ).honorNominations;
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all.edges.map((e) => e.node.id));
      expect(all.totalCount).toBe(seen.length);
    }
    // A cursor of one order is refused by another.
    const roundPage = ok(await t.gql<{ honorNominations: { pageInfo: { endCursor: string } } }>(PAGE, { filter: { roundId: round.id } }, admin)).honorNominations;
    expectError(await t.gql(PAGE, { filter: {}, after: roundPage.pageInfo.endCursor }, admin), 'BAD_USER_INPUT', 'after');
  });

  it('exports the published list and the certificates as .xlsx, masked for viewers, audited', async () => {
    const get = (list: string, token: string) => t.http().get(`/honours/rounds/${round.id}/export?list=${list}`).set('Authorization', `Bearer ${token}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'honorRound.export'`)) as { n: number }[];
    const res = await get('certificates', viewer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(2).text).toBe('证书编号');
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(row.values ? (row.values as unknown[]).join('|') : ''));
    expect(texts.join('\n')).toContain('WZ2014-');
    expect(texts.join('\n')).toMatch(/\d{3}\*{4}\d{4}/);
    expect(texts.join('\n')).not.toContain(local[0].idNumber as string);
    const published = await get('published', admin);
    expect(published.status).toBe(200);
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'honorRound.export'`)) as { n: number }[];
    expect(after[0].n).toBe(before[0].n + 2);
    expect((await get('everything', admin)).status).toBe(400);
  });

  it('moves nominations and awards to the survivor of a member merge', async () => {
    const survivor = await createMember(t, { hometownCode: '330302' });
    const mergedAway = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: local[0].id });
    const [had] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM honor_award WHERE member_id = $1`, [mergedAway.id])) as { n: number }[];
    expect(had.n).toBeGreaterThanOrEqual(1);
    const res = await t.gql(
      `mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { id } }`,
      { input: { survivor: { id: survivor.id, version: survivor.version }, merged: [{ id: mergedAway.id, version: mergedAway.version }] } },
      admin,
    );
    expectData(res);
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM honor_award WHERE member_id = $1`, [survivor.id])) as { n: number }[];
    expect(row.n).toBe(had.n);
    const [left] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM honor_nomination WHERE member_id = $1`, [mergedAway.id])) as { n: number }[];
    expect(left.n).toBe(0);
  });

  it('moves a merged chamber’s honours, nominations and credits to the survivor (history of duplicates kept as revoked)', async () => {
    const survivor = await createChamber(t, { level: ChamberLevel.Prefecture, foundedOn: '2000-01-01' });
    const merged = await createChamber(t, { level: ChamberLevel.Prefecture, foundedOn: '2000-01-01' });
    const record = (subjectId: string, certificateNo: string) =>
      t.gql(RECORD, { input: { honorTypeId: advanced.id, subjectKind: 'CHAMBER', subjectId, year: 2020, awardedOn: '2020-03-01', certificateNo } }, admin);
    ok(await record(survivor.id, 'CM-1'));
    ok(await record(merged.id, 'CM-2'));
    ok(await t.gql(RECORD, { input: { honorTypeId: advanced.id, subjectKind: 'CHAMBER', subjectId: merged.id, year: 2019, awardedOn: '2019-03-01', certificateNo: 'CM-3' } }, admin));
    expectData(
      await t.gql(`mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { id status } }`, { id: merged.id, input: { version: 1, intoId: survivor.id, on: '2023-03-01' } }, admin),
    );
    const rows = (await t.dataSource.query(`SELECT certificate_no AS no, status, chamber_id = $1 AS moved, revoke_reason AS reason FROM honor_award WHERE certificate_no LIKE 'CM-%' ORDER BY 1`, [
      survivor.id,
    ])) as { no: string; status: string; moved: boolean; reason: string | null }[];
    expect(rows).toEqual([
      { no: 'CM-1', status: 'ACTIVE', moved: true, reason: null },
      { no: 'CM-2', status: 'REVOKED', moved: true, reason: '合并：与保留记录的荣誉重复' },
      { no: 'CM-3', status: 'ACTIVE', moved: true, reason: null },
    ]);
  });
});
