import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { MemberDesignation, MemberEntity, MemberStatus } from '@crm/member';
import {
  addMembership,
  captureSql,
  createChamber,
  createMember,
  createTestApp,
  errorCode,
  expectData,
  expectError,
  GqlResponse,
  nextIdNumber,
  refusalChecker,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

const MEMBER = 'id name idNumber phones personalDataMasked hometownCode version completeness';
const READ = `query($id: ID!) { member(id: $id) { ${MEMBER} } }`;
const LIST = `query($filter: MemberFilter, $first: Int) { members(filter: $filter, first: $first) { edges { node { ${MEMBER} } } } }`;
const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { ${MEMBER} memberships { chamberId current } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { ${MEMBER} } }`;
const JOIN = `mutation($memberId: ID!, $input: JoinChamberInput!) { joinChamber(memberId: $memberId, input: $input) { id version memberships { chamberId current } } }`;
const UPDATE_MEMBERSHIP = `mutation($id: ID!, $input: UpdateChamberMembershipInput!) { updateChamberMembership(id: $id, input: $input) { id version } }`;
const LINK = `mutation($memberId: ID!, $input: LinkEnterpriseInput!) { linkEnterprise(memberId: $memberId, input: $input) { id version } }`;
const CREATE_ENTERPRISE = `mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { id version } }`;
const UPDATE_ENTERPRISE = `mutation($id: ID!, $input: UpdateEnterpriseInput!) { updateEnterprise(id: $id, input: $input) { id version } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const ROLLUP = `query($id: ID!) { chamberRollup(id: $id) { chamberId members { total active newGeneration leadGoose politicalRoles } } }`;

interface Member {
  id: string;
  name: string;
  idNumber: string | null;
  phones: string[];
  personalDataMasked: boolean;
  hometownCode: string | null;
  version: number;
  completeness: number;
}
type Page = { members: { edges: { node: Member }[] } };

const TABLES = ['member', 'enterprise', 'member_enterprise', 'chamber_membership', 'chamber_position', 'member_political_role', 'audit_event'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

const maskedId = (id: string) => `${id.slice(0, 3)}***********${id.slice(-4)}`;

describe('members: scope and personal data', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const counts = (): Promise<Counts> => rowCounts(t, TABLES);
  const refused = refusalChecker(counts);
  const read = async (id: string, token: string) => expectData(await t.gql<{ member: Member }>(READ, { id }, token)).member;
  const list = async (filter: Record<string, unknown>, token: string, first = 50) => expectData(await t.gql<Page>(LIST, { filter, first }, token)).members.edges.map((e) => e.node);
  const personalReads = async () =>
    (await t.dataSource.query(`SELECT entity_id AS "memberId", actor_id AS "actorId", metadata FROM audit_event WHERE operation = 'member.personalDataRead' ORDER BY id`)) as {
      memberId: string;
      actorId: string;
      metadata: { fields: string[] };
    }[];
  /** The personalDataRead rows written while `fn` ran. */
  async function readsDuring(fn: () => Promise<unknown>) {
    const before = (await personalReads()).length;
    await fn();
    return (await personalReads()).slice(before);
  }

  describe('CHAMBER_SECRETARY', () => {
    let top: string;
    let child: string;
    let other: string;
    let otherName: string;
    let secretary: string;
    let inTop: MemberEntity;
    let inChild: MemberEntity;
    let formerly: MemberEntity;
    let inOther: MemberEntity;
    let unattached: MemberEntity;
    const tag = 'sec-scope';
    beforeAll(async () => {
      top = (await createChamber(t, { level: ChamberLevel.Prefecture })).id;
      child = (await createChamber(t, { level: ChamberLevel.County, parentId: top })).id;
      const o = await createChamber(t);
      other = o.id;
      otherName = o.name;
      secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top })).accessToken;
      inTop = await createMember(t, { tags: [tag] });
      await addMembership(t, inTop.id, top);
      inChild = await createMember(t, { tags: [tag] });
      await addMembership(t, inChild.id, child);
      formerly = await createMember(t, { tags: [tag] });
      await addMembership(t, formerly.id, top, { joinedOn: '2010-01-01', leftOn: '2015-01-01' });
      inOther = await createMember(t, { tags: [tag] });
      await addMembership(t, inOther.id, other);
      unattached = await createMember(t, { tags: [tag] });
    });

    it('reads members with a membership (current or past) in its subtree, a child chamber included, and no others', async () => {
      for (const m of [inTop, inChild, formerly]) {
        const seen = await read(m.id, secretary);
        // A secretary keeps its members' personal data, in clear.
        expect(seen).toMatchObject({ id: m.id, idNumber: m.idNumber, phones: m.phones, personalDataMasked: false });
      }
      for (const m of [inOther, unattached]) {
        const res = await t.gql(READ, { id: m.id }, secretary);
        expectError(res, 'NOT_FOUND');
        expect(res.body.data).toEqual({ member: null });
      }
      const ids = (await list({ tag }, secretary)).map((m) => m.id);
      expect(ids.sort()).toEqual([inTop.id, inChild.id, formerly.id].sort());
      // A filter cannot widen the scope.
      expect(await list({ tag, chamberSubtree: other }, secretary)).toEqual([]);
    });

    it('edits its members; members outside are not found; a membership outside its subtree cannot be changed', async () => {
      const edited = expectData(await t.gql<{ updateMember: Member }>(UPDATE, { id: inChild.id, input: { version: inChild.version, address: '秘书处核实地址' } }, secretary)).updateMember;
      expect(edited.version).toBe(inChild.version + 1);
      await refused(() => t.gql(UPDATE, { id: inOther.id, input: { version: 1, address: '越权' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(LINK, { memberId: unattached.id, input: { version: 1, link: { enterprise: { name: '越权公司' }, roles: ['CHAIRMAN'] } } }, secretary), 'NOT_FOUND');

      // A member of its chamber and of another one: the other chamber's membership is not the secretary's to change.
      const both = await createMember(t);
      await addMembership(t, both.id, top);
      const foreign = await addMembership(t, both.id, other);
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: foreign, input: { version: 1, leftOn: '2023-01-01' } }, secretary), 'FORBIDDEN');
      const [ownMembership] = (await t.dataSource.query('SELECT id FROM chamber_membership WHERE member_id = $1 AND chamber_id = $2', [inTop.id, top])) as { id: string }[];
      expectData(await t.gql(UPDATE_MEMBERSHIP, { id: ownMembership.id, input: { version: 1, joinedOn: '2016-09-01' } }, secretary));
      const [outsideMembership] = (await t.dataSource.query('SELECT id FROM chamber_membership WHERE member_id = $1', [inOther.id])) as { id: string }[];
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: outsideMembership.id, input: { version: 1, leftOn: '2023-01-01' } }, secretary), 'NOT_FOUND');
    });

    it('creates members only with a membership in its subtree (none given: its own chamber, as the import does)', async () => {
      for (const input of [{ name: '无会籍' }, { name: '无会籍乙', memberships: [] }]) {
        const own = expectData(await t.gql<{ createMember: { memberships: { chamberId: string }[] } }>(CREATE, { input }, secretary)).createMember;
        expect(own.memberships.map((m) => m.chamberId)).toEqual([top]);
      }
      const res = await refused(() => t.gql(CREATE, { input: { name: '外会会员', memberships: [{ chamberId: other }] } }, secretary), 'BAD_USER_INPUT', 'input.memberships.0.chamberId');
      // An out-of-scope chamber is not named.
      expect(res.body.errors?.[0].message).not.toContain(otherName);
      const created = expectData(await t.gql<{ createMember: Member & { memberships: { chamberId: string }[] } }>(CREATE, { input: { name: '子会会员', memberships: [{ chamberId: child }] } }, secretary))
        .createMember;
      expect(created.memberships.map((m) => m.chamberId)).toEqual([child]);
      expect((await read(created.id, secretary)).id).toBe(created.id);

      // A taken ID number held by a member it cannot read: CONFLICT without naming the holder.
      const conflict = await refused(
        () => t.gql(CREATE, { input: { name: '重号会员', idNumber: inOther.idNumber, memberships: [{ chamberId: top }] } }, secretary),
        'CONFLICT',
        'input.idNumber',
      );
      expect(conflict.body.errors?.[0].extensions).not.toHaveProperty('holderId');
      const visible = await refused(
        () => t.gql(CREATE, { input: { name: '重号会员', idNumber: inTop.idNumber, memberships: [{ chamberId: top }] } }, secretary),
        'CONFLICT',
        'input.idNumber',
      );
      expect(visible.body.errors?.[0].extensions?.holderId).toBe(inTop.id);
    });

    it('cannot add a membership (or a position) in a chamber outside its subtree', async () => {
      const m = await createMember(t);
      await addMembership(t, m.id, top);
      await startTerm(other);
      const res = await refused(() => t.gql(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: other } } }, secretary), 'BAD_USER_INPUT', 'input.membership.chamberId');
      expect(res.body.errors?.[0].message).not.toContain(otherName);
      await refused(
        () => t.gql(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: other, position: 'DIRECTOR' } } }, secretary),
        'BAD_USER_INPUT',
        'input.membership.chamberId',
      );
      const joined = expectData(await t.gql<{ joinChamber: { memberships: { chamberId: string; current: boolean }[] } }>(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: child } } }, secretary))
        .joinChamber;
      expect(joined.memberships.map((x) => x.chamberId).sort()).toEqual([top, child].sort());
    });

    it('edits enterprises linked to its members or to nobody, not those linked only to members outside', async () => {
      const create = async (name: string) => expectData(await t.gql<{ createEnterprise: { id: string } }>(CREATE_ENTERPRISE, { input: { name } }, admin)).createEnterprise.id;
      const theirs = await create('外会企业');
      const shared = await create('共有企业');
      const free = await create('无人企业');
      for (const [memberId, enterpriseId] of [
        [inOther.id, theirs],
        [inOther.id, shared],
        [inTop.id, shared],
      ]) {
        await t.dataSource.query(`INSERT INTO member_enterprise (member_id, enterprise_id, roles) VALUES ($1, $2, '{SHAREHOLDER}')`, [memberId, enterpriseId]);
      }
      await refused(() => t.gql(UPDATE_ENTERPRISE, { id: theirs, input: { version: 1, name: '越权改名' } }, secretary), 'FORBIDDEN');
      expectData(await t.gql(UPDATE_ENTERPRISE, { id: shared, input: { version: 1, name: '共有企业改名' } }, secretary));
      expectData(await t.gql(UPDATE_ENTERPRISE, { id: free, input: { version: 1, industryCode: 'C' } }, secretary));
      // Enterprises are business data: the secretary reads even the one it may not change.
      const read = expectData(await t.gql<{ enterprise: { name: string } }>(`query($id: ID!) { enterprise(id: $id) { name } }`, { id: theirs }, secretary)).enterprise;
      expect(read.name).toBe('外会企业');
    });

    it('ChamberRollup.members counts the members with a current membership in its subtree, each once', async () => {
      const root = (await createChamber(t, { level: ChamberLevel.Prefecture })).id;
      const below = (await createChamber(t, { level: ChamberLevel.County, parentId: root })).id;
      const mine = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: root })).accessToken;
      const a = await createMember(t, { designations: [MemberDesignation.NewGeneration] });
      await addMembership(t, a.id, root);
      const b = await createMember(t, { designations: [MemberDesignation.LeadGoose] });
      await addMembership(t, b.id, root);
      await addMembership(t, b.id, below);
      await t.dataSource.query(`INSERT INTO member_political_role (member_id, kind, level, region_code, starts_on) VALUES ($1, 'CPPCC_MEMBER', 'PREFECTURE', '330300', '2022-01-01')`, [b.id]);
      await t.dataSource.query(`INSERT INTO member_political_role (member_id, kind, level, starts_on, ends_on) VALUES ($1, 'CPPCC_MEMBER', 'NATIONAL', '2001-01-01', '2006-01-01')`, [a.id]);
      const gone = await createMember(t, { status: MemberStatus.Left });
      await addMembership(t, gone.id, below);
      const former = await createMember(t);
      await addMembership(t, former.id, root, { joinedOn: '2001-01-01', leftOn: '2002-01-01' });
      const duplicate = await createMember(t, { idNumber: null });
      await addMembership(t, duplicate.id, below);
      await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $2 WHERE id = $1`, [duplicate.id, a.id]);

      const rollup = expectData(await t.gql<{ chamberRollup: { chamberId: string; members: Record<string, number> } }>(ROLLUP, { id: root }, mine)).chamberRollup;
      expect(rollup).toEqual({ chamberId: root, members: { total: 3, active: 2, newGeneration: 1, leadGoose: 1, politicalRoles: 1 } });
      const sub = expectData(await t.gql<{ chamberRollup: { members: Record<string, number> } }>(ROLLUP, { id: below }, mine)).chamberRollup;
      expect(sub.members).toEqual({ total: 2, active: 1, newGeneration: 0, leadGoose: 1, politicalRoles: 1 });
      const viaChamber = expectData(await t.gql<{ chamber: { rollup: { members: { total: number } } } }>(`query($id: ID!) { chamber(id: $id) { rollup { members { total } } } }`, { id: root }, mine)).chamber;
      expect(viaChamber.rollup.members.total).toBe(3);
      expectError(await t.gql(ROLLUP, { id: other }, mine), 'NOT_FOUND');
    });
  });

  describe('COUNTY_OFFICER', () => {
    const county = '330381';
    let officer: string;
    let own: MemberEntity;
    let outside: MemberEntity;
    const tag = 'county-scope';
    beforeAll(async () => {
      officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: county })).accessToken;
      own = await createMember(t, { hometownCode: county, tags: [tag] });
      outside = await createMember(t, { hometownCode: '330302', tags: [tag] });
      await createMember(t, { hometownCode: null, tags: [tag] });
    });

    it('reads and edits the members whose hometown is its county, and only those', async () => {
      expect(await read(own.id, officer)).toMatchObject({ id: own.id, idNumber: own.idNumber, personalDataMasked: false });
      expectError(await t.gql(READ, { id: outside.id }, officer), 'NOT_FOUND');
      expect((await list({ tag }, officer)).map((m) => m.id)).toEqual([own.id]);
      expect(await list({ tag, hometownCode: '330302' }, officer)).toEqual([]);

      const edited = expectData(await t.gql<{ updateMember: Member }>(UPDATE, { id: own.id, input: { version: own.version, wechat: 'ruian-office' } }, officer)).updateMember;
      expect(edited.version).toBe(own.version + 1);
      await refused(() => t.gql(UPDATE, { id: outside.id, input: { version: outside.version, wechat: '越权' } }, officer), 'NOT_FOUND');
    });

    it('registers members of its county: the hometown is filled in, another county is FORBIDDEN', async () => {
      const created = expectData(await t.gql<{ createMember: Member }>(CREATE, { input: { name: '瑞安新会员', idNumber: nextIdNumber({ regionCode: county }) } }, officer)).createMember;
      expect(created.hometownCode).toBe(county);
      const explicit = expectData(await t.gql<{ createMember: Member }>(CREATE, { input: { name: '瑞安老乡', hometownCode: county } }, officer)).createMember;
      expect(explicit.hometownCode).toBe(county);
      await refused(() => t.gql(CREATE, { input: { name: '鹿城会员', hometownCode: '330302' } }, officer), 'FORBIDDEN', 'input.hometownCode');
      await refused(() => t.gql(CREATE, { input: { name: '外省会员', hometownCode: '310101' } }, officer), 'FORBIDDEN', 'input.hometownCode');
      // A taken ID number held outside its county is not named.
      const conflict = await refused(() => t.gql(CREATE, { input: { name: '重号会员', idNumber: outside.idNumber } }, officer), 'CONFLICT', 'input.idNumber');
      expect(conflict.body.errors?.[0].extensions).not.toHaveProperty('holderId');
    });

    it('a member of another county is refused with the member catalogue’s reason and a Chinese message', async () => {
      const res = await refused(() => t.gql(CREATE, { input: { name: '鹿城新会员', hometownCode: '330302' } }, officer), 'FORBIDDEN', 'input.hometownCode');
      expect(res.body.errors?.[0].message).toBe(`You keep members whose hometown is your county (${county})`);
      expect(res.body.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'MEMBER_HOMETOWN_OUTSIDE_COUNTY',
        field: 'input.hometownCode',
        messageZh: `您只能管理籍贯为本县（${county}）的会员`,
      });
      // Moving an own member out of the county: the writer's refusal, from the same catalogue.
      const m = await createMember(t, { hometownCode: county });
      const moved = await refused(() => t.gql(UPDATE, { id: m.id, input: { version: m.version, hometownCode: '330302' } }, officer), 'FORBIDDEN', 'input.hometownCode');
      expect(moved.body.errors?.[0].extensions).toMatchObject({ reason: 'MEMBER_WOULD_LEAVE_SCOPE', messageZh: `这项修改会使${m.name}超出您的管辖范围` });
    });

    it('cannot move a member out of its county', async () => {
      const m = await createMember(t, { hometownCode: county });
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: m.version, hometownCode: '330302' } }, officer), 'FORBIDDEN', 'input.hometownCode');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: m.version, hometownCode: null } }, officer), 'FORBIDDEN', 'input.hometownCode');
      expect((await read(m.id, admin)).hometownCode).toBe(county);
      // It may record memberships, but positions are the chambers' business.
      const c = await createChamber(t);
      await startTerm(c.id);
      await refused(
        () => t.gql(JOIN, { memberId: m.id, input: { version: m.version, membership: { chamberId: c.id, position: 'DIRECTOR' } } }, officer),
        'FORBIDDEN',
        'input.membership.position',
      );
      expectData(await t.gql(JOIN, { memberId: m.id, input: { version: m.version, membership: { chamberId: c.id } } }, officer));
    });
  });

  describe('VIEWER', () => {
    let viewer: string;
    let viewerId: string;
    let m: MemberEntity;
    const tag = 'viewer-scope';
    beforeAll(async () => {
      const v = await signedInUser(t, { role: Role.Viewer });
      viewer = v.accessToken;
      viewerId = v.user.id;
      m = await createMember(t, { phones: ['13812345678', '057788881234'], tags: [tag] });
      const c = await createChamber(t);
      await addMembership(t, m.id, c.id);
      await createMember(t, { hometownCode: '330381', tags: [tag] });
      await createMember(t, { hometownCode: null, tags: [tag] });
    });

    it('reads every member with personal data masked, and leaves no personal-data-read trail', async () => {
      const writes = await readsDuring(async () => {
        const one = await read(m.id, viewer);
        expect(one).toMatchObject({ personalDataMasked: true, idNumber: maskedId(m.idNumber as string), phones: ['138****5678', '057*****1234'] });
        expect(one.idNumber).toMatch(/^330\*{11}[0-9X]{4}$/);
        const all = await list({ tag }, viewer);
        expect(all).toHaveLength(3);
        for (const x of all) {
          expect(x.personalDataMasked).toBe(true);
          expect(x.idNumber).toMatch(/^\d{3}\*{11}[0-9X]{4}$/);
          for (const p of x.phones) expect(p).toMatch(/^\d{3}\*+\d{4}$/);
        }
      });
      expect(writes).toEqual([]);
      const mine = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_id = $1 AND operation = 'member.personalDataRead'`, [viewerId])) as { n: number }[];
      expect(mine[0].n).toBe(0);
    });

    it('searches by the last four digits of a phone only; not by more, nor by ID number', async () => {
      expect((await list({ tag, phone: '5678' }, viewer)).map((x) => x.id)).toEqual([m.id]);
      expectError(await t.gql(LIST, { filter: { phone: '45678' } }, viewer), 'FORBIDDEN', 'filter.phone');
      expectError(await t.gql(LIST, { filter: { phone: '13812345678' } }, viewer), 'FORBIDDEN', 'filter.phone');
      expectError(await t.gql(LIST, { filter: { idNumber: m.idNumber } }, viewer), 'FORBIDDEN', 'filter.idNumber');
      // The same searches are fine with the permission.
      expect((await list({ phone: '12345678' }, admin)).map((x) => x.id)).toEqual([m.id]);
      expect((await list({ idNumber: m.idNumber }, admin)).map((x) => x.id)).toEqual([m.id]);
    });

    it('cannot change anything (FORBIDDEN, nothing written)', async () => {
      const c = await createChamber(t);
      const e = expectData(await t.gql<{ createEnterprise: { id: string } }>(CREATE_ENTERPRISE, { input: { name: '只读测试公司' } }, admin)).createEnterprise;
      await refused(() => t.gql(CREATE, { input: { name: '只读用户' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: m.version, wechat: 'x' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(JOIN, { memberId: m.id, input: { version: m.version, membership: { chamberId: c.id } } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(LINK, { memberId: m.id, input: { version: m.version, link: { enterpriseId: e.id, roles: ['CHAIRMAN'] } } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(CREATE_ENTERPRISE, { input: { name: '只读公司' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(UPDATE_ENTERPRISE, { id: e.id, input: { version: 1, name: '只读改名' } }, viewer), 'FORBIDDEN');
    });
  });

  describe('ADMIN: clear reads, each audited', () => {
    it('one personalDataRead row per member read in clear, naming the fields; none when nothing personal is selected or there is nothing to show', async () => {
      const m = await createMember(t);
      const reads = await readsDuring(() => read(m.id, admin));
      expect(reads).toEqual([{ memberId: m.id, actorId: expect.any(String), metadata: { fields: ['idNumber', 'phones'] } }]);

      const idOnly = await readsDuring(async () => expectData(await t.gql(`query($id: ID!) { member(id: $id) { idNumber } }`, { id: m.id }, admin)));
      expect(idOnly.map((r) => r.metadata)).toEqual([{ fields: ['idNumber'] }]);
      const none = await readsDuring(async () => expectData(await t.gql(`query($id: ID!) { member(id: $id) { name personalDataMasked } }`, { id: m.id }, admin)));
      expect(none).toEqual([]);
      const empty = await createMember(t, { idNumber: null, phones: [] });
      expect(await readsDuring(() => read(empty.id, admin))).toEqual([]);
    });

    it('audits reads nested in other results: chamber → currentLeadership → positions → member, and member → positions → member', async () => {
      const c = await createChamber(t);
      await startTerm(c.id);
      const m = await createMember(t);
      expectData(await t.gql(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: c.id, position: 'PRESIDENT' } } }, admin));

      const viaChamber = await readsDuring(async () => {
        const data = expectData(
          await t.gql<{ chamber: { currentLeadership: { positions: { member: { idNumber: string } }[] } } }>(
            `query($id: ID!) { chamber(id: $id) { currentLeadership { positions { member { id idNumber } } } } }`,
            { id: c.id },
            admin,
          ),
        );
        expect(data.chamber.currentLeadership.positions[0].member.idNumber).toBe(m.idNumber);
      });
      expect(viaChamber).toEqual([{ memberId: m.id, actorId: expect.any(String), metadata: { fields: ['idNumber'] } }]);

      const nested = await readsDuring(async () =>
        expectData(await t.gql(`query($id: ID!) { member(id: $id) { id positions { member { id idNumber phones } } } }`, { id: m.id }, admin)),
      );
      expect(nested).toEqual([{ memberId: m.id, actorId: expect.any(String), metadata: { fields: ['idNumber', 'phones'] } }]);

      // The same member read in clear at two depths is still one row.
      const twice = await readsDuring(async () =>
        expectData(await t.gql(`query($id: ID!) { member(id: $id) { idNumber phones positions { member { idNumber phones } } } }`, { id: m.id }, admin)),
      );
      expect(twice).toHaveLength(1);

      // A viewer following the same path gets masks and leaves no row.
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
      const masked = await readsDuring(async () => {
        const data = expectData(
          await t.gql<{ chamber: { currentLeadership: { positions: { member: { idNumber: string; personalDataMasked: boolean } }[] } } }>(
            `query($id: ID!) { chamber(id: $id) { currentLeadership { positions { member { idNumber personalDataMasked } } } } }`,
            { id: c.id },
            viewer,
          ),
        );
        expect(data.chamber.currentLeadership.positions[0].member).toEqual({ idNumber: maskedId(m.idNumber as string), personalDataMasked: true });
      });
      expect(masked).toEqual([]);
    });

    it('fields read at different depths are each audited once (one row per member per batch of reads)', async () => {
      const c = await createChamber(t);
      await startTerm(c.id);
      const m = await createMember(t);
      expectData(await t.gql(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: c.id, position: 'PRESIDENT' } } }, admin));
      // Reads are batched per tick of the GraphQL execution, and the audit row is written before
      // the value is returned: the nested phones come a tick later than the top-level idNumber,
      // so they get a row of their own. A field read twice in one request is audited once.
      const rows = await readsDuring(async () =>
        expectData(await t.gql(`query($id: ID!) { member(id: $id) { idNumber positions { member { idNumber phones } } } }`, { id: m.id }, admin)),
      );
      expect(rows.map((r) => r.metadata.fields).sort()).toEqual([['idNumber'], ['phones']]);
      expect(rows.every((r) => r.memberId === m.id)).toBe(true);
    });

    it('a page of 20 members read in clear writes 20 rows in one statement', async () => {
      const tag = 'page-of-20';
      const members = [];
      for (let i = 0; i < 20; i += 1) members.push(await createMember(t, { tags: [tag] }));
      const before = (await personalReads()).length;
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<Page>(LIST, { filter: { tag }, first: 20 }, admin));
      const page = expectData(result).members.edges.map((e) => e.node);
      expect(page).toHaveLength(20);
      const stored = new Map(members.map((x) => [x.id, x]));
      for (const x of page) expect({ idNumber: x.idNumber, phones: x.phones, personalDataMasked: x.personalDataMasked }).toEqual({ idNumber: stored.get(x.id)?.idNumber, phones: stored.get(x.id)?.phones, personalDataMasked: false });
      const rows = (await personalReads()).slice(before);
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.memberId))).toEqual(new Set(members.map((x) => x.id)));
      expect(rows.every((r) => r.metadata.fields.join() === 'idNumber,phones')).toBe(true);
      expect(statements.filter((s) => /^\s*INSERT INTO "audit_event"/i.test(s))).toHaveLength(1);
    });
  });

  describe('roles without member access', () => {
    it.each([Role.PartyOfficer, Role.ProjectOfficial])('%s gets FORBIDDEN on member and members', async (role) => {
      const m = await createMember(t);
      const token = (await signedInUser(t, { role })).accessToken;
      const one = await t.gql(READ, { id: m.id }, token);
      expectError(one, 'FORBIDDEN');
      expect(one.body.data).toEqual({ member: null });
      const many = await t.gql(LIST, { filter: {} }, token);
      expectError(many, 'FORBIDDEN');
      await refused(() => t.gql(CREATE, { input: { name: '无权会员' } }, token), 'FORBIDDEN');
    });
  });

  async function startTerm(chamberId: string) {
    expectData(await t.gql(START_TERM, { chamberId, input: { number: 1, startsOn: '2021-01-01' } }, admin));
  }
});

