import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { MemberEntity } from '@crm/member';
import { addMembership, createChamber, createMember, createTestApp, expectData, expectError, GqlResponse, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// Found by a hostile pass over issue 14's surfaces (honours); each test states what a user should get.

const TABLES = ['honor_type', 'honor_type_benefit', 'honor_round', 'honor_round_type', 'honor_nomination', 'honor_award', 'honor_benefit', 'member', 'audit_event'] as const;
const CREATE_TYPE = `mutation($input: CreateHonorTypeInput!) { createHonorType(input: $input) { id name } }`;
const CREATE_ROUND = `mutation($input: CreateHonorRoundInput!) { createHonorRound(input: $input) { id version status } }`;
const NOMINATE = `mutation($input: NominateInput!) { nominateForHonor(input: $input) { id status version } }`;
const step = (name: string) => `mutation($id: ID!, $input: HonorDecisionInput!) { ${name}(id: $id, input: $input) { id status version } }`;
const AWARD = `id status version awardedOn certificateNo benefits { id status version }`;
const RECORD = `mutation($input: RecordHonorAwardInput!) { recordHonorAward(input: $input) { ${AWARD} } }`;
const REVOKE = `mutation($id: ID!, $input: RevokeHonorAwardInput!) { revokeHonorAward(id: $id, input: $input) { ${AWARD} } }`;
const SETTLE = `mutation($id: ID!, $input: SettleHonorBenefitInput!) { settleHonorBenefit(id: $id, input: $input) { id status version } }`;
const UPDATE_MEMBER = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id designations version } }`;

type Award = { id: string; status: string; version: number; awardedOn: string; benefits: { id: string; status: string; version: number }[] };

describe('hostile pass over honours (issue 14)', () => {
  let t: TestApp;
  let admin: string;
  let county: string;
  let secretary: string;
  let otherSecretary: string;
  let viewer: string;
  let top: ChamberEntity;
  let other: ChamberEntity;
  let local: MemberEntity[];
  let outsider: MemberEntity;
  let pioneer: string;
  let chamberType: string;
  let goose: string;
  let roundId: string;
  const refused = refusalChecker(() => rowCounts(t, TABLES));
  const nominate = (token: string, input: Record<string, unknown>) => t.gql<{ nominateForHonor: { id: string; version: number } }>(NOMINATE, { input: { roundId, reason: '回乡投资成效显著', ...input } }, token);
  const record = (input: Record<string, unknown>, token = admin) =>
    t.gql<{ recordHonorAward: Award }>(RECORD, { input: { honorTypeId: pioneer, subjectKind: 'MEMBER', year: 2020, awardedOn: '2020-05-01', ...input } }, token);
  const errors = (res: GqlResponse[]) => res.filter((r) => r.body.errors).map((r) => ({ code: r.body.errors?.[0]?.extensions?.code, field: r.body.errors?.[0]?.extensions?.field }));

  beforeAll(async () => {
    t = await createTestApp();
    top = await createChamber(t, { level: ChamberLevel.Provincial });
    other = await createChamber(t, { level: ChamberLevel.Provincial });
    local = [];
    for (let i = 0; i < 8; i++) {
      const m = await createMember(t, { hometownCode: '330302' });
      await addMembership(t, m.id, top.id);
      local.push(m);
    }
    outsider = await createMember(t, { hometownCode: '330381' });
    await addMembership(t, outsider.id, other.id);
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id })).accessToken;
    otherSecretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: other.id })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    const type = async (input: Record<string, unknown>) => expectData(await t.gql<{ createHonorType: { id: string } }>(CREATE_TYPE, { input: { awardingBody: '温州市委市政府', level: 'CITY', ...input } }, admin)).createHonorType.id;
    pioneer = await type({ name: '温商回归先进人物', subjectKind: 'MEMBER', quotaPerRound: 2, benefits: [{ name: '优先服务', kind: 'ECONOMIC' }] });
    chamberType = await type({ name: '争先创优先进商会', subjectKind: 'CHAMBER' });
    goose = await type({ name: '百名领头雁', subjectKind: 'MEMBER', grantsDesignation: 'LEAD_GOOSE', benefits: [{ name: '应邀出席市两会', kind: 'POLITICAL', yearly: true }] });
    roundId = expectData(
      await t.gql<{ createHonorRound: { id: string } }>(
        CREATE_ROUND,
        { input: { name: '首届温商回归先进表彰会', year: 2014, types: [{ honorTypeId: pioneer }, { honorTypeId: chamberType }, { honorTypeId: goose }] } },
        admin,
      ),
    ).createHonorRound.id;
  });
  afterAll(() => t.close());

  it('nomination text: empty, huge, control characters and NUL are refused on their field, nothing written', async () => {
    const subject = { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[0].id };
    await refused(() => nominate(county, { ...subject, reason: '   ' }), 'BAD_USER_INPUT', 'input.reason');
    await refused(() => nominate(county, { ...subject, reason: '理'.repeat(2001) }), 'BAD_USER_INPUT', 'input.reason');
    await refused(() => nominate(county, { ...subject, reason: '回乡\u0007投资' }), 'BAD_USER_INPUT', 'input.reason');
    await refused(() => nominate(county, { ...subject, facts: '投资\u0000五亿元' }), 'BAD_USER_INPUT', 'input.facts');
    await refused(() => nominate(county, { ...subject, facts: '事'.repeat(5001) }), 'BAD_USER_INPUT', 'input.facts');
  });

  it('nomination ids: malformed, unknown round and type, wrong kind, enum outside the list', async () => {
    await refused(() => nominate(county, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[0].id, roundId: 'round-1' }), 'BAD_USER_INPUT', 'input.roundId');
    await refused(() => nominate(county, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[0].id, roundId: '00000000-0000-4000-8000-000000000001' }), 'BAD_USER_INPUT', 'input.roundId');
    await refused(() => nominate(county, { honorTypeId: '00000000-0000-4000-8000-000000000002', subjectKind: 'MEMBER', subjectId: local[0].id }), 'BAD_USER_INPUT', 'input.honorTypeId');
    await refused(() => nominate(county, { honorTypeId: pioneer, subjectKind: 'CHAMBER', subjectId: top.id }), 'BAD_USER_INPUT', 'input.subjectKind');
    const res = await nominate(county, { honorTypeId: pioneer, subjectKind: 'PERSON', subjectId: local[0].id });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("another chamber's rows: nominating its member or as it, withdrawing its nomination, are refused", async () => {
    await refused(() => nominate(secretary, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: outsider.id }), 'FORBIDDEN', 'input.subjectId');
    await refused(() => nominate(secretary, { honorTypeId: chamberType, subjectKind: 'CHAMBER', subjectId: top.id, nominatingChamberId: other.id }), 'FORBIDDEN', 'input.nominatingChamberId');
    const mine = expectData(await nominate(secretary, { honorTypeId: chamberType, subjectKind: 'CHAMBER', subjectId: top.id })).nominateForHonor;
    await refused(() => t.gql(step('withdrawHonorNomination'), { id: mine.id, input: { version: 1 } }, otherSecretary), 'NOT_FOUND', 'id');
    expectError(await t.gql(`query($id: ID!) { honorNomination(id: $id) { id } }`, { id: mine.id }, otherSecretary), 'NOT_FOUND', 'id');
    // Viewers see nothing of a round still taking nominations.
    expectError(await t.gql(`query($id: ID!) { honorNomination(id: $id) { id } }`, { id: mine.id }, viewer), 'NOT_FOUND', 'id');
    const list = expectData(await t.gql<{ honorNominations: { totalCount: number } }>(`{ honorNominations(first: 10) { totalCount } }`, {}, viewer)).honorNominations;
    expect(list.totalCount).toBe(0);
  });

  it('the same subject nominated three times at once: one nomination, the others CONFLICT on subjectId', async () => {
    const before = await rowCounts(t, ['honor_nomination']);
    const res = await Promise.all([0, 1, 2].map(() => nominate(admin, { honorTypeId: chamberType, subjectKind: 'CHAMBER', subjectId: other.id })));
    expect(res.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(errors(res)).toEqual([
      { code: 'CONFLICT', field: 'input.subjectId' },
      { code: 'CONFLICT', field: 'input.subjectId' },
    ]);
    expect((await rowCounts(t, ['honor_nomination'])).honor_nomination).toBe(before.honor_nomination + 1);
  });

  it('quota of 2 under six concurrent nominators (county and secretariat): exactly two places taken, counter equal to the rows', async () => {
    const res = await Promise.all(local.slice(0, 6).map((m, i) => nominate(i % 2 ? county : secretary, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: m.id })));
    expect(res.filter((r) => !r.body.errors)).toHaveLength(2);
    expect(new Set(errors(res).map((e) => `${e.code} ${e.field}`))).toEqual(new Set(['CONFLICT input.honorTypeId']));
    const [row] = (await t.dataSource.query(
      `SELECT rt.live_nominations AS counter, (SELECT count(*)::int FROM honor_nomination n WHERE n.round_id = rt.round_id AND n.honor_type_id = rt.honor_type_id
              AND n.status IN ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED')) AS live FROM honor_round_type rt WHERE rt.round_id = $1 AND rt.honor_type_id = $2`,
      [roundId, pioneer],
    )) as { counter: number; live: number }[];
    expect(row).toEqual({ counter: 2, live: 2 });
    // A withdrawal and a new nomination racing for the freed place: the quota still holds.
    const [taken] = (await t.dataSource.query(`SELECT id, version FROM honor_nomination WHERE round_id = $1 AND honor_type_id = $2 AND status = 'SUBMITTED' LIMIT 1`, [roundId, pioneer])) as {
      id: string;
      version: number;
    }[];
    const raced = await Promise.all([
      t.gql(step('withdrawHonorNomination'), { id: taken.id, input: { version: taken.version } }, admin),
      nominate(admin, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[6].id }),
      nominate(admin, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[7].id }),
    ]);
    expect(raced[0].body.errors).toBeUndefined();
    const [after] = (await t.dataSource.query(
      `SELECT count(*)::int AS live FROM honor_nomination WHERE round_id = $1 AND honor_type_id = $2 AND status IN ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED')`,
      [roundId, pioneer],
    )) as { live: number }[];
    expect(after.live).toBeLessThanOrEqual(2);
  });

  it('the same decision twice at once: one succeeds, the other is refused as stale (CONFLICT input.version)', async () => {
    const n = expectData(await nominate(admin, { honorTypeId: goose, subjectKind: 'MEMBER', subjectId: local[7].id })).nominateForHonor;
    const res = await Promise.all([0, 1].map(() => t.gql(step('approveHonorNomination'), { id: n.id, input: { version: n.version } }, admin)));
    expect(res.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(errors(res)).toEqual([{ code: 'CONFLICT', field: 'input.version' }]);
    // Version 0, negative, and a string are refused before anything is read.
    await refused(() => t.gql(step('rejectHonorNomination'), { id: n.id, input: { version: -1, reason: '有异议' } }, admin), 'BAD_USER_INPUT', 'input.version');
    const typed = await t.gql(step('rejectHonorNomination'), { id: n.id, input: { version: 'two', reason: '有异议' } }, admin);
    expect(typed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An unknown nomination is NOT_FOUND on id.
    await refused(() => t.gql(step('approveHonorNomination'), { id: '00000000-0000-4000-8000-0000000000aa', input: { version: 1 } }, admin), 'NOT_FOUND', 'id');
  });

  it('each role against the office’s mutations: FORBIDDEN, nothing written', async () => {
    for (const token of [county, secretary, viewer]) {
      await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-X' }, token), 'FORBIDDEN');
      await refused(() => t.gql(CREATE_ROUND, { input: { name: '越权批次', year: 2020, types: [{ honorTypeId: pioneer }] } }, token), 'FORBIDDEN');
      await refused(() => t.gql(`mutation { addYearlyHonorBenefits(year: 2020) }`, {}, token), 'FORBIDDEN');
    }
    await refused(() => nominate(viewer, { honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[0].id }), 'FORBIDDEN');
  });

  it('recorded awards: year, dates, certificate number and an unknown credited chamber refused on their field', async () => {
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', year: 1800 }), 'BAD_USER_INPUT', 'input.year');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', year: 99999999999 }), 'BAD_USER_INPUT', 'input.year');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', awardedOn: '2099-01-01' }), 'BAD_USER_INPUT', 'input.awardedOn');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', awardedOn: '2020-02-30' }), 'BAD_USER_INPUT', 'input.awardedOn');
    await refused(() => record({ subjectId: local[0].id, certificateNo: '' }), 'BAD_USER_INPUT', 'input.certificateNo');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R'.repeat(41) }), 'BAD_USER_INPUT', 'input.certificateNo');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', citation: '表彰\u0000' }), 'BAD_USER_INPUT', 'input.citation');
    await refused(() => record({ subjectId: local[0].id, certificateNo: 'R-1', creditedChamberId: '00000000-0000-4000-8000-0000000000cc' }), 'BAD_USER_INPUT', 'input.creditedChamberId');
    await refused(() => record({ subjectId: '00000000-0000-4000-8000-0000000000dd', certificateNo: 'R-1' }), 'BAD_USER_INPUT', 'input.subjectId');
  });

  it('the same certificate number recorded twice at once: one award, the other CONFLICT on certificateNo', async () => {
    const res = await Promise.all([local[1], local[2]].map((m) => record({ subjectId: m.id, certificateNo: 'R-DUP' })));
    expect(res.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(errors(res)).toEqual([{ code: 'CONFLICT', field: 'input.certificateNo' }]);
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM honor_award WHERE certificate_no = 'R-DUP'`)) as { n: number }[];
    expect(row.n).toBe(1);
  });

  it('revocation: before the award, twice at once; a benefit settled before the award or of a revoked award', async () => {
    const award = expectData(await record({ subjectId: local[3].id, certificateNo: 'R-REV' })).recordHonorAward;
    await refused(() => t.gql(REVOKE, { id: award.id, input: { version: award.version, revokedOn: '2019-01-01', reason: '违法经营' } }, admin), 'BAD_USER_INPUT', 'input.revokedOn');
    const benefit = award.benefits[0];
    await refused(() => t.gql(SETTLE, { id: benefit.id, input: { version: benefit.version, status: 'DELIVERED', on: '2019-12-31' } }, admin), 'BAD_USER_INPUT', 'input.on');
    await refused(() => t.gql(SETTLE, { id: benefit.id, input: { version: benefit.version, status: 'LAPSED' } }, admin), 'BAD_USER_INPUT', 'input.status');
    await refused(() => t.gql(SETTLE, { id: benefit.id, input: { version: benefit.version, status: 'DECLINED' } }, county), 'FORBIDDEN');
    const res = await Promise.all([0, 1].map(() => t.gql(REVOKE, { id: award.id, input: { version: award.version, revokedOn: '2021-01-01', reason: '违法经营' } }, admin)));
    expect(res.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(errors(res)).toEqual([{ code: 'CONFLICT', field: 'input.version' }]);
    const [b] = (await t.dataSource.query(`SELECT status, version FROM honor_benefit WHERE id = $1`, [benefit.id])) as { status: string; version: number }[];
    expect(b.status).toBe('LAPSED');
    await refused(() => t.gql(SETTLE, { id: benefit.id, input: { version: b.version, status: 'DELIVERED', on: '2021-02-01' } }, admin), 'CONFLICT', 'id');
  });

  it('LEAD_GOOSE follows the 百名领头雁 award through the member write path: a member edit cannot drop it while the award stands', async () => {
    const m = local[4];
    const award = expectData(await record({ honorTypeId: goose, subjectId: m.id, certificateNo: 'G-1' })).recordHonorAward;
    const [held] = (await t.dataSource.query(`SELECT designations::text[] AS d, version FROM member WHERE id = $1`, [m.id])) as { d: string[]; version: number }[];
    expect(held.d).toContain('LEAD_GOOSE');
    // The secretariat that keeps the member, and the office, edit its designations away: refused, named.
    await refused(() => t.gql(UPDATE_MEMBER, { id: m.id, input: { version: held.version, designations: [] } }, secretary), 'CONFLICT', 'input.designations');
    await refused(() => t.gql(UPDATE_MEMBER, { id: m.id, input: { version: held.version, designations: ['NEW_GENERATION'] } }, admin), 'CONFLICT', 'input.designations');
    // Other edits keep it.
    const edited = expectData(await t.gql<{ updateMember: { designations: string[] } }>(UPDATE_MEMBER, { id: m.id, input: { version: held.version, note: '备注' } }, admin)).updateMember;
    expect(edited.designations).toContain('LEAD_GOOSE');
    // Once revoked, the designation goes with it, and an edit may set it by hand again.
    expectData(await t.gql(REVOKE, { id: award.id, input: { version: award.version, revokedOn: '2021-01-01', reason: '违法经营' } }, admin));
    const [gone] = (await t.dataSource.query(`SELECT designations::text[] AS d, version FROM member WHERE id = $1`, [m.id])) as { d: string[]; version: number }[];
    expect(gone.d).not.toContain('LEAD_GOOSE');
  });

  it('export: unknown round NOT_FOUND-like 400, malformed id 400, a nominating round refused; out-of-scope rows left out; masked for viewers', async () => {
    const get = (id: string, list: string, token: string) => t.http().get(`/honours/rounds/${id}/export?list=${list}`).set('Authorization', `Bearer ${token}`);
    expect((await get('not-an-id', 'published', admin)).status).toBe(400);
    expect((await get('00000000-0000-4000-8000-0000000000ee', 'published', admin)).status).toBe(400);
    const nominating = await get(roundId, 'published', viewer);
    expect(nominating.status).toBe(409);
    expect((await t.http().get(`/honours/rounds/${roundId}/export?list=published`)).status).toBe(401);
  });
  it('a published round: the export keeps each caller to its scope and masks for viewers; viewers see the published list only, without the reviewer', async () => {
    const round2 = expectData(
      await t.gql<{ createHonorRound: { id: string; version: number } }>(CREATE_ROUND, { input: { name: '第二届温商回归先进表彰会', year: 2016, types: [{ honorTypeId: pioneer }] } }, admin),
    ).createHonorRound;
    const mine = expectData(await t.gql<{ nominateForHonor: { id: string; version: number } }>(NOMINATE, { input: { roundId: round2.id, honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: local[5].id, reason: '回乡投资' } }, county)).nominateForHonor;
    const theirs = expectData(await t.gql<{ nominateForHonor: { id: string; version: number } }>(NOMINATE, { input: { roundId: round2.id, honorTypeId: pioneer, subjectKind: 'MEMBER', subjectId: outsider.id, reason: '回乡投资' } }, admin)).nominateForHonor;
    for (const n of [mine, theirs]) expectData(await t.gql(step('approveHonorNomination'), { id: n.id, input: { version: n.version } }, admin));
    const NOMS = `query($f: HonorNominationFilter) { honorNominations(first: 10, filter: $f) { totalCount edges { node { id status reviewer { email } member { idNumber } } } } }`;
    // Approved but not yet published: nothing for viewers.
    expect(expectData(await t.gql<{ honorNominations: { totalCount: number } }>(NOMS, { f: { roundId: round2.id } }, viewer)).honorNominations.totalCount).toBe(0);
    expectData(await t.gql(`mutation($id: ID!, $input: PublishHonorRoundInput!) { publishHonorRound(id: $id, input: $input) { id } }`, { id: round2.id, input: { version: round2.version, noticeStartsOn: '2016-01-01', noticeEndsOn: '2016-01-10' } }, admin));
    const seen = expectData(await t.gql<{ honorNominations: { totalCount: number; edges: { node: { reviewer: unknown; member: { idNumber: string | null } | null } }[] } }>(NOMS, { f: { roundId: round2.id } }, viewer)).honorNominations;
    expect(seen.totalCount).toBe(2);
    for (const e of seen.edges) {
      expect(e.node.reviewer).toBeNull();
      if (e.node.member?.idNumber) expect(e.node.member.idNumber).toMatch(/\*/);
    }

    const rowsOf = async (token: string) => {
      const res = await t
        .http()
        .get(`/honours/rounds/${round2.id}/export?list=published`)
        .set('Authorization', `Bearer ${token}`)
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
      const rows: string[][] = [];
      book.worksheets[0].eachRow((row, n) => {
        if (n > 1) rows.push([4, 6].map((c) => row.getCell(c).text));
      });
      return rows;
    };
    const audits = async () => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'honorRound.export' AND entity_id = $1`, [round2.id])) as { n: number }[])[0].n;
    const before = await audits();
    // County offices and secretariats: only their rows, in clear (their members, audited).
    expect(await rowsOf(county)).toEqual([[local[5].name, local[5].idNumber]]);
    expect(await rowsOf(otherSecretary)).toEqual([[outsider.name, outsider.idNumber]]);
    // The secretariat of the member's chamber reads its member's nomination, whoever made it.
    expect(await rowsOf(secretary)).toEqual([[local[5].name, local[5].idNumber]]);
    // A member who has since left the county's scope (hometown corrected) is no longer printed in clear to it.
    await t.dataSource.query(`UPDATE member SET hometown_code = '330381' WHERE id = $1`, [local[5].id]);
    const moved = await rowsOf(county);
    expect(moved).toHaveLength(1);
    expect(moved[0][1]).not.toBe(local[5].idNumber);
    expect(moved[0][1]).toMatch(/\*{4}/);
    await t.dataSource.query(`UPDATE member SET hometown_code = '330302' WHERE id = $1`, [local[5].id]);
    const forViewer = await rowsOf(viewer);
    expect(forViewer.map((r) => r[0]).sort()).toEqual([local[5].name, outsider.name].sort());
    for (const r of forViewer) {
      expect(r[1]).toMatch(/\*{4}/);
      expect([local[5].idNumber, outsider.idNumber]).not.toContain(r[1]);
    }
    const forAdmin = await rowsOf(admin);
    expect(forAdmin.map((r) => r[1]).sort()).toEqual([local[5].idNumber, outsider.idNumber].sort());
    expect(await audits()).toBe(before + 6);
  });
});
