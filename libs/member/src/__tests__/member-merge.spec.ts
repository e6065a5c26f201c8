import { EntityManager } from 'typeorm';
import { Role } from '@crm/auth';
import { Gender, makeIdNumber, MemberDesignation, MemberEntity, MemberMergeContext, MemberMergeParticipants, MemberStatus } from '@crm/member';
import { BadInputError } from '@crm/shared';
import {
  addMembership,
  createChamber,
  createMember,
  createTestApp,
  expectData,
  expectError,
  GqlResponse,
  MemberOverrides,
  nextMobile,
  signedInUser,
  TestApp,
} from '@crm/testing';

// Merging duplicate members (docs/member-exchange.md, "Duplicates and merge"): field choices,
// what moves to the survivor, tombstones, re-pointing, refusals that write nothing, audit.

const MEMBER = `id name namePinyin gender birthDate idNumber phones wechat email address hometownCode currentRegionCode designations tags source
  sourceNote note status version completeness missingFields mergedIntoId mergedInto { id status }
  memberships { id chamberId joinedOn leftOn current }
  positions { id termId chamberId position holderName memberId startsOn }
  enterprises { enterpriseId roles }
  politicalRoles { kind level regionCode termNumber startsOn endsOn }`;
const MERGE = `mutation($input: MergeMembersInput!) { mergeMembers(input: $input) { ${MEMBER} } }`;
const READ = `query($id: ID!) { member(id: $id) { ${MEMBER} } }`;
const LIST = `query($filter: MemberFilter) { members(filter: $filter, first: 100) { edges { node { id status mergedIntoId } } } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const CREATE_ENTERPRISE = `mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { id } }`;

interface Member {
  id: string;
  name: string;
  namePinyin: string;
  gender: string | null;
  birthDate: string | null;
  idNumber: string | null;
  phones: string[];
  wechat: string | null;
  email: string | null;
  address: string | null;
  hometownCode: string | null;
  currentRegionCode: string | null;
  designations: string[];
  tags: string[];
  source: string;
  sourceNote: string | null;
  note: string | null;
  status: string;
  version: number;
  completeness: number;
  missingFields: string[];
  mergedIntoId: string | null;
  mergedInto: { id: string; status: string } | null;
  memberships: { id: string; chamberId: string; joinedOn: string | null; leftOn: string | null; current: boolean }[];
  positions: { id: string; termId: string; chamberId: string; position: string; holderName: string; memberId: string; startsOn: string | null }[];
  enterprises: { enterpriseId: string; roles: string[] }[];
  politicalRoles: { kind: string; level: string; regionCode: string | null; termNumber: number | null; startsOn: string | null; endsOn: string | null }[];
}

/** Every table a merge can write, digested row by row: "nothing written" is checked against it. */
const DIGESTED = ['member', 'chamber_membership', 'member_enterprise', 'chamber_position', 'member_political_role'] as const;

describe('members: merge', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const a = await signedInUser(t, { role: Role.Admin });
    admin = a.accessToken;
    adminId = a.user.id;
  });
  afterAll(() => t.close());

  const member = (overrides: MemberOverrides = {}) => createMember(t, overrides);
  const ref = (m: { id: string; version: number }) => ({ id: m.id, version: m.version });
  const mergeRes = (input: Record<string, unknown>, token = admin) => t.gql<{ mergeMembers: Member }>(MERGE, { input }, token);
  const merge = async (input: Record<string, unknown>, token = admin) => expectData(await mergeRes(input, token)).mergeMembers;
  const read = async (id: string, token = admin) => expectData(await t.gql<{ member: Member }>(READ, { id }, token)).member;
  const enterprise = async (name: string) => expectData(await t.gql<{ createEnterprise: { id: string } }>(CREATE_ENTERPRISE, { input: { name } }, admin)).createEnterprise.id;
  const link = (memberId: string, enterpriseId: string, roles: string[], sortOrder = 0) =>
    t.dataSource.query(`INSERT INTO member_enterprise (member_id, enterprise_id, roles, sort_order) VALUES ($1, $2, $3::enterprise_role[], $4)`, [memberId, enterpriseId, roles, sortOrder]);
  const politicalRole = (memberId: string, r: { kind: string; level: string; regionCode?: string | null; termNumber?: number | null; startsOn?: string | null }) =>
    t.dataSource.query(`INSERT INTO member_political_role (member_id, kind, level, region_code, term_number, starts_on) VALUES ($1, $2, $3, $4, $5, $6)`, [
      memberId,
      r.kind,
      r.level,
      r.regionCode ?? null,
      r.termNumber ?? null,
      r.startsOn ?? null,
    ]);
  const position = async (termId: string, chamberId: string, memberId: string, pos: string, holderName: string) => {
    const [row] = (await t.dataSource.query(
      `INSERT INTO chamber_position (term_id, chamber_id, position, member_id, holder_name, starts_on) VALUES ($1, $2, $3, $4, $5, '2021-02-01') RETURNING id`,
      [termId, chamberId, pos, memberId, holderName],
    )) as { id: string }[];
    return row.id;
  };
  const refresh = (id: string) => t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [[id]]);
  const auditOf = async (entityId: string, operation: string) =>
    (await t.dataSource.query(`SELECT actor_id AS "actorId", changes, metadata FROM audit_event WHERE entity_id = $1 AND operation = $2 ORDER BY id`, [entityId, operation])) as {
      actorId: string;
      changes: { field: string; before: unknown; after: unknown }[];
      metadata: Record<string, any>;
    }[];
  async function digest(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of DIGESTED) {
      const [{ md5 }] = (await t.dataSource.query(`SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x.id), '')) AS md5 FROM ${table} x`)) as { md5: string }[];
      out[table] = md5;
    }
    const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[];
    out.audit_event = String(n);
    return out;
  }
  /** The merge is refused with `code` on `field`, and not one row of any table it touches changed. */
  async function refused(input: Record<string, unknown>, code: string, field?: string, token = admin): Promise<GqlResponse> {
    const before = await digest();
    const res = await mergeRes(input, token);
    expectError(res, code, field);
    expect(res.body.data ?? null).toBeNull();
    expect(await digest()).toEqual(before);
    return res;
  }

  describe('two members', () => {
    let survivor: MemberEntity;
    let dup: MemberEntity;
    let idNumber: string;
    let chamberBoth: string;
    let chamberPast: string;
    let chamberDupOnly: string;
    let termId: string;
    let enterpriseBoth: string;
    let enterpriseDupOnly: string;
    let enterpriseSurvivorOnly: string;
    let positionId: string;
    let keptMembershipId: string;
    let result: Member;

    beforeAll(async () => {
      chamberBoth = (await createChamber(t)).id;
      chamberPast = (await createChamber(t)).id;
      chamberDupOnly = (await createChamber(t)).id;
      termId = expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId: chamberBoth, input: { number: 3, startsOn: '2021-01-01' } }, admin)).startChamberTerm.id;
      idNumber = makeIdNumber('330302', '1968-08-08', 31, 'MALE');
      const p1 = nextMobile();
      survivor = await member({
        name: '郑建国',
        idNumber: null,
        gender: null,
        birthDate: null,
        phones: [p1],
        tags: ['鞋业'],
        designations: [],
        hometownCode: '330302',
        address: null,
      });
      dup = await member({
        name: '郑建囯',
        idNumber,
        phones: [nextMobile(), p1],
        wechat: 'zjg1968',
        tags: ['进出口', '鞋业'],
        designations: [MemberDesignation.LeadGoose],
        hometownCode: '330302',
        address: '温州市鹿城区人民路1号',
        currentRegionCode: '310101',
      });
      // The same chamber, current on both: the earlier joining (the duplicate's) is kept.
      await addMembership(t, survivor.id, chamberBoth, { joinedOn: '2019-05-01' });
      keptMembershipId = await addMembership(t, dup.id, chamberBoth, { joinedOn: '2012-03-01' });
      await addMembership(t, dup.id, chamberPast, { joinedOn: '2005-01-01', leftOn: '2010-01-01' });
      await addMembership(t, dup.id, chamberDupOnly, { joinedOn: '2016-01-01' });
      positionId = await position(termId, chamberBoth, dup.id, 'VICE_PRESIDENT', '郑建囯');
      enterpriseBoth = await enterprise('温州郑氏鞋业有限公司');
      enterpriseDupOnly = await enterprise('上海郑氏贸易有限公司');
      enterpriseSurvivorOnly = await enterprise('瓯海郑氏包装厂');
      await link(survivor.id, enterpriseSurvivorOnly, ['SHAREHOLDER'], 0);
      await link(survivor.id, enterpriseBoth, ['CHAIRMAN'], 1);
      await link(dup.id, enterpriseBoth, ['LEGAL_REPRESENTATIVE', 'CHAIRMAN'], 0);
      await link(dup.id, enterpriseDupOnly, ['GENERAL_MANAGER'], 1);
      await politicalRole(survivor.id, { kind: 'CPPCC_MEMBER', level: 'COUNTY', regionCode: '330302', termNumber: 10, startsOn: '2021-01-01' });
      await politicalRole(dup.id, { kind: 'CPPCC_MEMBER', level: 'COUNTY', regionCode: '330302', termNumber: 10, startsOn: '2021-01-01' });
      await politicalRole(dup.id, { kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'PREFECTURE', regionCode: '330300', termNumber: 14, startsOn: '2022-01-01' });
      await refresh(survivor.id);
      await refresh(dup.id);
      survivor = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: survivor.id });
      dup = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: dup.id });

      result = await merge({ survivor: ref(survivor), merged: [ref(dup)] });
    });

    it('keeps the survivor\'s values, fills its empty ones from the merged member, unites phones, tags and designations', () => {
      expect(result).toMatchObject({
        id: survivor.id,
        name: '郑建国',
        namePinyin: 'zhengjianguo',
        // Taken from the duplicate (the survivor had none); birth date and gender follow the number.
        idNumber,
        birthDate: '1968-08-08',
        gender: 'MALE',
        wechat: 'zjg1968',
        address: '温州市鹿城区人民路1号',
        currentRegionCode: '310101',
        phones: [survivor.phones[0], dup.phones[0]],
        tags: ['鞋业', '进出口'],
        designations: ['LEAD_GOOSE'],
        status: 'ACTIVE',
        version: survivor.version + 1,
        mergedIntoId: null,
        mergedInto: null,
        completeness: 100,
        missingFields: [],
      });
    });

    it('moves the links: enterprise roles united, one current membership per chamber (the earliest), past ones, positions, political roles', () => {
      expect(result.enterprises).toEqual([
        { enterpriseId: enterpriseSurvivorOnly, roles: ['SHAREHOLDER'] },
        { enterpriseId: enterpriseBoth, roles: ['CHAIRMAN', 'LEGAL_REPRESENTATIVE'] },
        { enterpriseId: enterpriseDupOnly, roles: ['GENERAL_MANAGER'] },
      ]);
      const memberships = result.memberships.map((m) => [m.chamberId, m.joinedOn, m.leftOn]).sort();
      expect(memberships).toEqual(
        [
          [chamberBoth, '2012-03-01', null],
          [chamberDupOnly, '2016-01-01', null],
          [chamberPast, '2005-01-01', '2010-01-01'],
        ].sort(),
      );
      expect(result.memberships.find((m) => m.chamberId === chamberBoth)?.id).toBe(keptMembershipId);
      // The position keeps its term; its holder name is its member's (the database keeps them equal).
      expect(result.positions).toEqual([{ id: positionId, termId, chamberId: chamberBoth, position: 'VICE_PRESIDENT', holderName: '郑建国', memberId: survivor.id, startsOn: '2021-02-01' }]);
      expect(result.politicalRoles.map((r) => [r.kind, r.level, r.termNumber]).sort()).toEqual(
        [
          ['CPPCC_MEMBER', 'COUNTY', 10],
          ['PEOPLES_CONGRESS_DEPUTY', 'PREFECTURE', 14],
        ].sort(),
      );
    });

    it('leaves the merged member as a tombstone that still answers, pointing to the survivor, with nothing attached', async () => {
      const tomb = await read(dup.id);
      expect(tomb).toMatchObject({
        status: 'MERGED',
        mergedIntoId: survivor.id,
        mergedInto: { id: survivor.id, status: 'ACTIVE' },
        version: dup.version + 1,
        idNumber,
        memberships: [],
        positions: [],
        enterprises: [],
        politicalRoles: [],
      });
      const counts = (await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM chamber_membership WHERE member_id = $1) AS memberships,
                (SELECT count(*)::int FROM member_enterprise WHERE member_id = $1) AS enterprises,
                (SELECT count(*)::int FROM member_political_role WHERE member_id = $1) AS roles,
                (SELECT chamber_ids FROM member WHERE id = $1) AS chambers`,
        [dup.id],
      )) as { memberships: number; enterprises: number; roles: number; chambers: string[] }[];
      expect(counts[0]).toEqual({ memberships: 0, enterprises: 0, roles: 0, chambers: [] });
      // Lists leave tombstones out unless asked for; chamber filters find the survivor.
      const listed = async (filter: Record<string, unknown>) =>
        expectData(await t.gql<{ members: { edges: { node: { id: string; status: string; mergedIntoId: string | null } }[] } }>(LIST, { filter }, admin)).members.edges.map((e) => e.node);
      expect((await listed({ chamberSubtree: chamberDupOnly })).map((m) => m.id)).toEqual([survivor.id]);
      expect((await listed({ search: '郑建囯' })).map((m) => m.id)).toEqual([]);
      expect(await listed({ search: '郑建囯', status: 'MERGED' })).toEqual([{ id: dup.id, status: 'MERGED', mergedIntoId: survivor.id }]);
      // A tombstone cannot be changed any more.
      const res = await t.gql(`mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`, { id: dup.id, input: { version: dup.version + 1, note: 'x' } }, admin);
      expectError(res, 'CONFLICT', 'id');
    });

    it('writes one member.merge event on the survivor and one member.mergedInto per tombstone, with no personal data in clear', async () => {
      const [event] = await auditOf(survivor.id, 'member.merge');
      expect(event.actorId).toBe(adminId);
      expect(event.metadata).toMatchObject({
        mergedIds: [dup.id],
        values: [],
        takenFrom: { idNumber: dup.id, birthDate: dup.id, gender: dup.id, wechat: dup.id, address: dup.id, currentRegionCode: dup.id },
        repointedIds: [],
        phonesDropped: 0,
        moved: {
          members: {
            membershipsMoved: 3,
            membershipsDropped: 1,
            enterpriseLinksMoved: 1,
            enterpriseLinksCombined: 1,
            positionsMoved: 1,
            politicalRolesMoved: 1,
            politicalRolesDropped: 1,
          },
        },
      });
      const changes = Object.fromEntries(event.changes.map((c) => [c.field, c]));
      expect(changes.idNumber).toEqual({ field: 'idNumber', before: null, after: `330***********${idNumber.slice(-4)}` });
      expect(changes.wechat).toEqual({ field: 'wechat', before: null, after: 'zjg1968' });
      const [tomb] = await auditOf(dup.id, 'member.mergedInto');
      expect(tomb.metadata).toEqual({ survivorId: survivor.id, mergedIds: [dup.id] });
      expect(tomb.changes).toEqual([{ field: 'status', before: 'ACTIVE', after: 'MERGED' }]);
      const trail = JSON.stringify([event, tomb]);
      expect(trail).not.toContain(idNumber);
      expect(trail).not.toContain(dup.phones[0]);
    });
  });

  describe('three members with field choices', () => {
    it('takes each chosen value from its member (an empty one chosen clears), caps phones at five, survivor first', async () => {
      const idNumber = makeIdNumber('330381', '1975-05-05', 40, 'FEMALE');
      const [p1, p2, p3, p4, p5, p6] = [nextMobile(), nextMobile(), nextMobile(), nextMobile(), nextMobile(), nextMobile()];
      const s = await member({ name: '林秀英', idNumber: null, gender: null, birthDate: null, phones: [p1, p2, p3], address: '旧地址', hometownCode: '330381' });
      const m1 = await member({ name: '林秀瑛', idNumber: null, gender: null, birthDate: null, phones: [p4, p2], address: null, status: MemberStatus.Left, hometownCode: '330381' });
      const m2 = await member({ name: '林秀英', idNumber, phones: [p5, p6], address: '新地址', hometownCode: '330381', tags: ['a'] });
      await t.dataSource.query(`UPDATE member SET note = '来自名单B', source = 'IMPORT', source_note = '2014年名单' WHERE id = $1`, [m1.id]);
      const r = await merge({
        survivor: ref(s),
        merged: [ref(m1), ref(m2)],
        values: [
          { field: 'NAME', memberId: m1.id },
          { field: 'ADDRESS', memberId: m1.id },
          { field: 'STATUS', memberId: m1.id },
          { field: 'SOURCE', memberId: m1.id },
          { field: 'ID_NUMBER', memberId: m2.id.toUpperCase() },
        ],
      });
      expect(r).toMatchObject({
        name: '林秀瑛',
        namePinyin: 'linxiuying',
        address: null,
        status: 'LEFT',
        source: 'IMPORT',
        // Not chosen: the survivor had none, so the first merged member's.
        note: '来自名单B',
        sourceNote: '2014年名单',
        idNumber,
        birthDate: '1975-05-05',
        gender: 'FEMALE',
        phones: [p1, p2, p3, p4, p5],
        tags: ['a'],
        version: s.version + 1,
      });
      for (const m of [m1, m2]) expect(await read(m.id)).toMatchObject({ status: 'MERGED', mergedIntoId: s.id, version: m.version + 1 });
      const [event] = await auditOf(s.id, 'member.merge');
      expect(event.metadata).toMatchObject({ mergedIds: [m1.id, m2.id], phonesDropped: 1 });
      expect(event.metadata.values).toEqual(expect.arrayContaining([{ field: 'NAME', memberId: m1.id }, { field: 'ID_NUMBER', memberId: m2.id }]));
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'member.mergedInto' AND entity_id = ANY($1::text[])`, [[m1.id, m2.id]]))[0].n).toBe(2);
    });

    it('lets the survivor take the ID number of a tombstone-to-be (the unique index never sees two live holders)', async () => {
      const idNumber = makeIdNumber('330302', '1980-10-10', 50, 'MALE');
      const s = await member({ name: '王志强', idNumber: makeIdNumber('330302', '1980-10-10', 52, 'MALE') });
      const m = await member({ name: '王志强', idNumber });
      const r = await merge({ survivor: ref(s), merged: [ref(m)], values: [{ field: 'ID_NUMBER', memberId: m.id }] });
      expect(r.idNumber).toBe(idNumber);
      expect(await read(m.id)).toMatchObject({ status: 'MERGED', idNumber });
    });
  });

  describe('chains', () => {
    it('re-points members merged earlier into a merged member, so a tombstone is one hop from a live member', async () => {
      const x = await member({ name: '陈晓东' });
      const y = await member({ name: '陈晓东' });
      const z = await member({ name: '陈晓东' });
      const y1 = await merge({ survivor: ref(y), merged: [ref(x)] });
      const xAfterFirst = await read(x.id);
      expect(xAfterFirst).toMatchObject({ status: 'MERGED', mergedIntoId: y.id });
      await merge({ survivor: ref(z), merged: [{ id: y.id, version: y1.version }] });
      expect(await read(x.id)).toMatchObject({ status: 'MERGED', mergedIntoId: z.id, mergedInto: { id: z.id, status: 'ACTIVE' }, version: xAfterFirst.version + 1 });
      expect(await read(y.id)).toMatchObject({ status: 'MERGED', mergedIntoId: z.id });
      const [event] = await auditOf(z.id, 'member.merge');
      expect(event.metadata.repointedIds).toEqual([x.id]);
    });
  });

  describe('concurrency', () => {
    it('two merges of the same members at once, in opposite directions: one goes through, the other is refused (no deadlock)', async () => {
      for (let round = 0; round < 3; round++) {
        const a = await member({ name: '陈秀英' });
        const b = await member({ name: '陈秀英' });
        const [one, two] = await Promise.all([mergeRes({ survivor: ref(a), merged: [ref(b)] }), mergeRes({ survivor: ref(b), merged: [ref(a)] })]);
        const outcomes = [one, two].map((r) => (r.body.errors?.length ? r.body.errors[0].extensions?.code : 'OK')).sort();
        expect(outcomes).toEqual(['CONFLICT', 'OK']);
        const rows = (await t.dataSource.query(`SELECT status FROM member WHERE id = ANY($1::uuid[]) ORDER BY status`, [[a.id, b.id]])) as { status: string }[];
        expect(rows.map((r) => r.status)).toEqual(['ACTIVE', 'MERGED']);
      }
    });
  });

  describe('refusals write nothing', () => {
    let a: MemberEntity;
    let b: MemberEntity;
    let c: MemberEntity;
    beforeAll(async () => {
      a = await member({ name: '周国平', hometownCode: '330381' });
      b = await member({ name: '周国平', hometownCode: '330381' });
      c = await member({ name: '周国平', hometownCode: '330382' });
      const chamber = (await createChamber(t)).id;
      for (const m of [a, b, c]) await addMembership(t, m.id, chamber);
    });

    it('a stale version: CONFLICT on that member\'s version, with the current one', async () => {
      await t.dataSource.query('UPDATE member SET version = version + 1 WHERE id = $1', [c.id]);
      const res = await refused({ survivor: ref(a), merged: [ref(b), ref(c)] }, 'CONFLICT', 'input.merged.1.version');
      expect(res.body.errors?.[0]?.extensions?.currentVersion).toBe(c.version + 1);
      await refused({ survivor: { id: a.id, version: a.version + 5 }, merged: [ref(b)] }, 'CONFLICT', 'input.survivor.version');
    });

    it('an unknown member: NOT_FOUND on its id', async () => {
      await refused({ survivor: ref(a), merged: [ref(b), { id: '00000000-0000-4000-8000-0000000000ee', version: 1 }] }, 'NOT_FOUND', 'input.merged.1.id');
    });

    it('a member outside the caller\'s scope: NOT_FOUND (not revealed), for a county officer and a secretary', async () => {
      const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
      await refused({ survivor: ref(a), merged: [ref(c)] }, 'NOT_FOUND', 'input.merged.0.id', officer);
      await refused({ survivor: ref(c), merged: [ref(a)] }, 'NOT_FOUND', 'input.survivor.id', officer);
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary })).accessToken;
      await refused({ survivor: ref(a), merged: [ref(b)] }, 'NOT_FOUND', 'input.survivor.id', secretary);
    });

    it('a viewer (no merge permission): FORBIDDEN', async () => {
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
      await refused({ survivor: ref(a), merged: [ref(b)] }, 'FORBIDDEN', undefined, viewer);
    });

    it('an already merged member: CONFLICT naming the survivor it went to', async () => {
      const x = await member({ name: '吴海燕' });
      const y = await member({ name: '吴海燕' });
      await merge({ survivor: ref(y), merged: [ref(x)] });
      const tomb = await read(x.id);
      const res = await refused({ survivor: ref(a), merged: [{ id: x.id, version: tomb.version }] }, 'CONFLICT', 'input.merged.0.id');
      expect(res.body.errors?.[0]?.extensions?.mergedIntoId).toBe(y.id);
    });

    it('bad lists and choices: BAD_USER_INPUT on the field at fault', async () => {
      const eleven = await Promise.all(Array.from({ length: 10 }, () => member({ name: '徐丽华' })));
      await refused({ survivor: ref(a), merged: eleven.map(ref) }, 'BAD_USER_INPUT', 'input.merged');
      await refused({ survivor: ref(a), merged: [] }, 'BAD_USER_INPUT', 'input.merged');
      await refused({ survivor: ref(a), merged: [ref(b), ref(a)] }, 'BAD_USER_INPUT', 'input.merged.1.id');
      await refused({ survivor: ref(a), merged: [ref(b), ref(c), ref(b)] }, 'BAD_USER_INPUT', 'input.merged.2.id');
      await refused({ survivor: ref(a), merged: [{ id: 'not-an-id', version: 1 }] }, 'BAD_USER_INPUT', 'input.merged.0.id');
      await refused({ survivor: ref(a), merged: [ref(b)], values: [{ field: 'NOTE', memberId: c.id }] }, 'BAD_USER_INPUT', 'input.values.0.memberId');
      await refused(
        {
          survivor: ref(a),
          merged: [ref(b)],
          values: [
            { field: 'NOTE', memberId: a.id },
            { field: 'NOTE', memberId: b.id },
          ],
        },
        'BAD_USER_INPUT',
        'input.values.1.field',
      );
      await refused({ survivor: ref(a), merged: [ref(b)], values: [{ field: 'VERSION', memberId: a.id }] }, 'BAD_USER_INPUT', 'input.values.0.field');
    });

    it('a chosen birth date or gender that disagrees with the surviving ID number: BAD_USER_INPUT on that choice', async () => {
      const s = await member({ name: '黄育平', idNumber: null, birthDate: '1970-01-01', gender: Gender.Female });
      const m = await member({ name: '黄育平', idNumber: makeIdNumber('330302', '1971-02-02', 61, 'MALE') });
      await refused({ survivor: ref(s), merged: [ref(m)], values: [{ field: 'BIRTH_DATE', memberId: s.id }] }, 'BAD_USER_INPUT', 'input.values.0.memberId');
      await refused(
        {
          survivor: ref(s),
          merged: [ref(m)],
          values: [
            { field: 'ID_NUMBER', memberId: m.id },
            { field: 'GENDER', memberId: s.id },
          ],
        },
        'BAD_USER_INPUT',
        'input.values.1.memberId',
      );
    });

    it('an ID number another live member holds (legacy lower-case x): CONFLICT on the choice, or on the member it came from', async () => {
      let upper = '';
      for (let seq = 0; !upper.endsWith('X'); seq++) upper = makeIdNumber('330302', '1955-05-05', seq, 'MALE');
      const holder = await member({ name: '郑丽华', idNumber: upper });
      const legacy = await member({ name: '郑丽华', idNumber: upper.toLowerCase() });
      const s = await member({ name: '郑丽华', idNumber: null, birthDate: null, gender: null });
      let res = await refused({ survivor: ref(s), merged: [ref(legacy)], values: [{ field: 'ID_NUMBER', memberId: legacy.id }] }, 'CONFLICT', 'input.values.0.memberId');
      expect(res.body.errors?.[0]?.extensions?.holderId).toBe(holder.id);
      res = await refused({ survivor: ref(s), merged: [ref(legacy)] }, 'CONFLICT', 'input.merged.0.id');
      // Merging the holder too resolves it.
      const r = await merge({ survivor: ref(s), merged: [ref(legacy), ref(holder)] });
      expect(r.idNumber).toBe(upper);
    });

    it('a participant that refuses rolls back everything already moved', async () => {
      const registry = t.app.get(MemberMergeParticipants);
      const x = await member({ name: '李晓东', hometownCode: '330381' });
      const y = await member({ name: '李晓东', hometownCode: '330381' });
      const chamber = (await createChamber(t)).id;
      await addMembership(t, y.id, chamber);
      const seen: MemberMergeContext[] = [];
      registry.register({
        name: 'test-refuser',
        async onMemberMerge(em: EntityManager, ctx: MemberMergeContext) {
          seen.push(ctx);
          // The member module's own participant ran first: the membership is on the survivor now.
          const [{ n }] = (await em.query('SELECT count(*)::int AS n FROM chamber_membership WHERE member_id = $1', [ctx.survivorId])) as { n: number }[];
          if (ctx.survivorId === x.id) throw BadInputError.field('input.merged', `refused by test after ${n} membership(s) moved`);
          return { seen: 1 };
        },
      });
      await refused({ survivor: ref(x), merged: [ref(y)] }, 'BAD_USER_INPUT', 'input.merged');
      expect(seen.map((c) => [c.survivorId, c.mergedIds])).toEqual([[x.id, [y.id]]]);
      // Another merge goes through, and the participant's counts reach the audit event.
      const p = await member({ name: '李晓东' });
      const q = await member({ name: '李晓东' });
      await merge({ survivor: ref(p), merged: [ref(q)] });
      const [event] = await auditOf(p.id, 'member.merge');
      expect(event.metadata.moved['test-refuser']).toEqual({ seen: 1 });
      // The party, visits, honours, investment, notices and meetings modules' participants take part too.
      expect(Object.keys(event.metadata.moved).sort()).toEqual(['honours', 'investment', 'meetings', 'members', 'notices', 'party', 'test-refuser', 'visits']);
    });
  });

  describe('scoped callers', () => {
    it('a county officer merges members of its county; a tombstone still answers it', async () => {
      const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330382' })).accessToken;
      const s = await member({ name: '吴志强', hometownCode: '330382' });
      const m = await member({ name: '吴志强', hometownCode: '330382' });
      const r = await merge({ survivor: ref(s), merged: [ref(m)] }, officer);
      expect(r.id).toBe(s.id);
      expect(await read(m.id, officer)).toMatchObject({ id: m.id, status: 'MERGED', mergedIntoId: s.id, mergedInto: { id: s.id } });
    });

    it('a secretary merges members of its subtree', async () => {
      const chamber = (await createChamber(t)).id;
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber })).accessToken;
      const s = await member({ name: '张海燕' });
      const m = await member({ name: '张海燕' });
      await addMembership(t, s.id, chamber, { joinedOn: '2020-01-01' });
      await addMembership(t, m.id, chamber, { joinedOn: '2018-01-01' });
      const r = await merge({ survivor: ref(s), merged: [ref(m)] }, secretary);
      expect(r.memberships.map((x) => [x.chamberId, x.joinedOn, x.current])).toEqual([[chamber, '2018-01-01', true]]);
      // Its memberships moved to the survivor, yet the tombstone still answers the secretary.
      expect(await read(m.id, secretary)).toMatchObject({ id: m.id, status: 'MERGED', mergedIntoId: s.id, mergedInto: { id: s.id } });
    });
  });
});
