import { Role } from '@crm/auth';
import { ChamberStatus } from '@crm/chamber';
import { makeCreditCode, makeIdNumber } from '@crm/member';
import {
  addMembership,
  createChamber,
  createMember,
  createTestApp,
  errorCode,
  expectData,
  expectError,
  GqlResponse,
  nextCreditCode,
  nextIdNumber,
  nextMobile,
  refusalChecker,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

const MEMBER = `id name namePinyin nameInitials gender birthDate idNumber phones wechat email address hometownCode currentRegionCode
  designations tags source sourceNote status note completeness missingFields version registeredById
  memberships { id chamberId joinedOn leftOn current }
  positions { id chamberId termId position holderName memberId startsOn }
  enterprises { enterpriseId roles enterprise { id name creditCode industryCode regionCode size } }
  politicalRoles { kind level regionCode termNumber startsOn endsOn current }`;

const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { ${MEMBER} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { ${MEMBER} } }`;
const JOIN = `mutation($memberId: ID!, $input: JoinChamberInput!) { joinChamber(memberId: $memberId, input: $input) { ${MEMBER} } }`;
const UPDATE_MEMBERSHIP = `mutation($id: ID!, $input: UpdateChamberMembershipInput!) { updateChamberMembership(id: $id, input: $input) { ${MEMBER} } }`;
const LINK = `mutation($memberId: ID!, $input: LinkEnterpriseInput!) { linkEnterprise(memberId: $memberId, input: $input) { ${MEMBER} } }`;
const UNLINK = `mutation($memberId: ID!, $input: UnlinkEnterpriseInput!) { unlinkEnterprise(memberId: $memberId, input: $input) { ${MEMBER} } }`;
const READ = `query($id: ID!) { member(id: $id) { ${MEMBER} } }`;
const ENTERPRISE = 'id name namePinyin creditCode industryCode regionCode size version';
const CREATE_ENTERPRISE = `mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { ${ENTERPRISE} } }`;
const UPDATE_ENTERPRISE = `mutation($id: ID!, $input: UpdateEnterpriseInput!) { updateEnterprise(id: $id, input: $input) { ${ENTERPRISE} } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const MERGE = `mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { id status mergedIntoId } }`;

interface Member {
  id: string;
  name: string;
  namePinyin: string;
  nameInitials: string;
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
  status: string;
  note: string | null;
  completeness: number;
  missingFields: string[];
  version: number;
  registeredById: string | null;
  memberships: { id: string; chamberId: string; joinedOn: string | null; leftOn: string | null; current: boolean }[];
  positions: { id: string; chamberId: string; termId: string; position: string; holderName: string; memberId: string; startsOn: string | null }[];
  enterprises: { enterpriseId: string; roles: string[]; enterprise: { id: string; name: string; creditCode: string | null; industryCode: string | null; regionCode: string | null; size: string | null } }[];
  politicalRoles: { kind: string; level: string; regionCode: string | null; termNumber: number | null; startsOn: string | null; endsOn: string | null; current: boolean }[];
}
interface Enterprise {
  id: string;
  name: string;
  namePinyin: string;
  creditCode: string | null;
  industryCode: string | null;
  regionCode: string | null;
  size: string | null;
  version: number;
}

const TABLES = ['member', 'enterprise', 'member_enterprise', 'chamber_membership', 'chamber_position', 'member_political_role', 'audit_event'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

/** Every completeness item, in the order the database function lists missing ones. */
const ALL_ITEMS = ['GENDER', 'BIRTH_DATE', 'ID_NUMBER', 'PHONE', 'WECHAT', 'ADDRESS', 'HOMETOWN', 'CURRENT_REGION', 'ENTERPRISE', 'CHAMBER'];

describe('members: writes', () => {
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

  const counts = (): Promise<Counts> => rowCounts(t, TABLES);
  /** The call is refused with `code` on `field`, and not one row of the member tables changed. */
  const refused = refusalChecker(counts);
  const create = async (input: Record<string, unknown>, token = admin) => expectData(await t.gql<{ createMember: Member }>(CREATE, { input }, token)).createMember;
  const update = async (id: string, input: Record<string, unknown>, token = admin) => expectData(await t.gql<{ updateMember: Member }>(UPDATE, { id, input }, token)).updateMember;
  const read = async (id: string, token = admin) => expectData(await t.gql<{ member: Member }>(READ, { id }, token)).member;
  const startTerm = async (chamberId: string, startsOn = '2021-01-01') =>
    expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId, input: { number: 1, startsOn } }, admin)).startChamberTerm;
  const createEnterprise = async (input: Record<string, unknown>, token = admin) =>
    expectData(await t.gql<{ createEnterprise: Enterprise }>(CREATE_ENTERPRISE, { input }, token)).createEnterprise;
  const auditOf = async (entityId: string, operation?: string) =>
    (await t.dataSource.query(
      `SELECT operation, actor_id AS "actorId", changes, metadata FROM audit_event WHERE entity_id = $1 ${operation ? 'AND operation = $2' : ''} ORDER BY id`,
      operation ? [entityId, operation] : [entityId],
    )) as { operation: string; actorId: string | null; changes: { field: string; before: unknown; after: unknown }[]; metadata: Record<string, unknown> | null }[];

  describe('createMember', () => {
    it('registers a member with memberships (one with a position in the running term), a new and an existing enterprise, and political roles', async () => {
      const withTerm = await createChamber(t);
      const term = await startTerm(withTerm.id);
      const plain = await createChamber(t);
      const existingCode = nextCreditCode();
      const existing = await createEnterprise({ name: '温州老字号鞋业', creditCode: existingCode, industryCode: 'C' });
      const idNumber = makeIdNumber('330302', '1975-06-15', 11, 'MALE');
      const newCode = nextCreditCode();
      const before = await counts();

      const m = await create({
        name: ' 单建国 ',
        idNumber,
        phones: ['138 0000 5678', '0577-8888 1234'],
        wechat: 'shan_jg',
        email: ' Shan.JG@Example.COM ',
        address: '上海市黄浦区南京东路1号',
        hometownCode: '330302',
        currentRegionCode: '310101',
        designations: ['LEAD_GOOSE', 'LEAD_GOOSE'],
        tags: ['鞋业', '进出口'],
        sourceNote: '2024年鹿城区报送名单',
        note: '重点联系',
        politicalRoles: [
          { kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'COUNTY', regionCode: '330302', termNumber: 9, startsOn: '2012-01-01', endsOn: '2017-01-01' },
          { kind: 'CPPCC_MEMBER', level: 'PREFECTURE', regionCode: '330300', termNumber: 12, startsOn: '2022-01-01' },
        ],
        memberships: [
          { chamberId: withTerm.id, joinedOn: '2015-03-01', position: 'VICE_PRESIDENT', positionStartsOn: '2021-06-01' },
          { chamberId: plain.id.toUpperCase() },
        ],
        enterprises: [
          { enterprise: { name: '温州单氏鞋业有限公司', creditCode: newCode.toLowerCase(), industryCode: '19', regionCode: '330302', size: 'MEDIUM' }, roles: ['LEGAL_REPRESENTATIVE', 'CHAIRMAN'] },
          { enterpriseId: existing.id, roles: ['SHAREHOLDER'] },
        ],
      });

      // Birth date and gender come from the ID number; the name gets its surname reading (单 → shan).
      expect(m).toMatchObject({
        name: '单建国',
        namePinyin: 'shanjianguo',
        nameInitials: 'sjg',
        gender: 'MALE',
        birthDate: '1975-06-15',
        idNumber,
        phones: ['13800005678', '057788881234'],
        email: 'shan.jg@example.com',
        hometownCode: '330302',
        currentRegionCode: '310101',
        designations: ['LEAD_GOOSE'],
        tags: ['鞋业', '进出口'],
        source: 'MANUAL',
        status: 'ACTIVE',
        registeredById: adminId,
        completeness: 100,
        missingFields: [],
        version: 1,
      });
      expect(m.memberships.map((x) => [x.chamberId, x.joinedOn, x.current]).sort()).toEqual(
        [
          [withTerm.id, '2015-03-01', true],
          [plain.id, null, true],
        ].sort(),
      );
      expect(m.positions).toEqual([
        { id: expect.any(String), chamberId: withTerm.id, termId: term.id, position: 'VICE_PRESIDENT', holderName: '单建国', memberId: m.id, startsOn: '2021-06-01' },
      ]);
      expect(m.enterprises).toEqual([
        {
          enterpriseId: expect.any(String),
          roles: ['LEGAL_REPRESENTATIVE', 'CHAIRMAN'],
          enterprise: { id: expect.any(String), name: '温州单氏鞋业有限公司', creditCode: newCode, industryCode: '19', regionCode: '330302', size: 'MEDIUM' },
        },
        { enterpriseId: existing.id, roles: ['SHAREHOLDER'], enterprise: expect.objectContaining({ id: existing.id, creditCode: existingCode }) },
      ]);
      // Latest first; the county term is over.
      expect(m.politicalRoles.map((r) => [r.kind, r.level, r.regionCode, r.termNumber, r.current])).toEqual([
        ['CPPCC_MEMBER', 'PREFECTURE', '330300', 12, true],
        ['PEOPLES_CONGRESS_DEPUTY', 'COUNTY', '330302', 9, false],
      ]);

      // The chamber's leadership now shows the member as 副会长.
      const leadership = expectData(
        await t.gql<{ chamber: { currentLeadership: { positions: { position: string; holderName: string; member: { id: string } | null }[] } } }>(
          `query($id: ID!) { chamber(id: $id) { currentLeadership { positions { position holderName member { id } } } } }`,
          { id: withTerm.id },
          admin,
        ),
      ).chamber.currentLeadership;
      expect(leadership.positions).toEqual([{ position: 'VICE_PRESIDENT', holderName: '单建国', member: { id: m.id } }]);

      const after = await counts();
      expect(after).toEqual({
        member: before.member + 1,
        enterprise: before.enterprise + 1,
        member_enterprise: before.member_enterprise + 2,
        chamber_membership: before.chamber_membership + 2,
        chamber_position: before.chamber_position + 1,
        member_political_role: before.member_political_role + 2,
        // member.create, enterprise.create, chamberPosition.create, and the clear read of the answer.
        audit_event: before.audit_event + 4,
      });

      const [event] = await auditOf(m.id, 'member.create');
      expect(event.actorId).toBe(adminId);
      expect(event.metadata).toEqual({ memberships: 2, enterprises: 2, politicalRoles: 2 });
      const changes = Object.fromEntries(event.changes.map((c) => [c.field, c]));
      expect(changes.name).toEqual({ field: 'name', before: null, after: '单建国' });
      expect(changes.idNumber).toEqual({ field: 'idNumber', before: null, after: `330***********${idNumber.slice(-4)}` });
      expect(changes.phones).toEqual({ field: 'phones', before: null, after: ['138****5678', '057*****1234'] });
      // The trail holds no personal data in clear.
      const trail = JSON.stringify(await auditOf(m.id));
      expect(trail).not.toContain(idNumber);
      expect(trail).not.toContain('13800005678');
      expect(trail).not.toContain('057788881234');
    });

    it('fills birth date and gender from an ID number alone, and scores what is missing', async () => {
      const idNumber = makeIdNumber('330381', '1988-02-29', 24, 'FEMALE');
      const m = await create({ name: '林秀英', idNumber: idNumber.toLowerCase() });
      expect(m).toMatchObject({ gender: 'FEMALE', birthDate: '1988-02-29', idNumber, completeness: 30 });
      expect(m.missingFields).toEqual(['PHONE', 'WECHAT', 'ADDRESS', 'HOMETOWN', 'CURRENT_REGION', 'ENTERPRISE', 'CHAMBER']);

      const bare = await create({ name: '郑无名' });
      expect(bare).toMatchObject({ gender: null, birthDate: null, idNumber: null, phones: [], completeness: 0, missingFields: ALL_ITEMS, version: 1 });
      // Given birth date and gender that agree with the number are kept.
      const agreed = await create({ name: '周国平', idNumber: makeIdNumber('330302', '1969-10-01', 101, 'MALE'), birthDate: '1969-10-01', gender: 'MALE' });
      expect(agreed).toMatchObject({ birthDate: '1969-10-01', gender: 'MALE', completeness: 30 });
    });

    describe('refuses bad input on the field at fault, writing nothing', () => {
      const good = makeIdNumber('330302', '1975-06-15', 201, 'MALE');
      const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const refuseCreate = (input: Record<string, unknown>, code: string, field: string, token?: string) =>
        refused(() => t.gql(CREATE, { input: { name: '王建国', ...input } }, token ?? admin), code, field);

      it('a bad ID number: wrong check digit, impossible date, wrong length', async () => {
        const res = await refuseCreate({ idNumber: wrongCheck }, 'BAD_USER_INPUT', 'input.idNumber');
        expect(res.body.errors?.[0].message).toMatch(/check digit/);
        await refuseCreate({ idNumber: '33030219750230123X' }, 'BAD_USER_INPUT', 'input.idNumber');
        await refuseCreate({ idNumber: good.slice(0, 17) }, 'BAD_USER_INPUT', 'input.idNumber');
        await refuseCreate({ idNumber: `${good}1` }, 'BAD_USER_INPUT', 'input.idNumber');
        await refuseCreate({ idNumber: `${good.slice(0, 16)}X1` }, 'BAD_USER_INPUT', 'input.idNumber');
      });

      it('a birth date that disagrees with the ID number is refused on input.birthDate', async () => {
        await refuseCreate({ idNumber: good, birthDate: '1975-06-16' }, 'BAD_USER_INPUT', 'input.birthDate');
      });

      it('a gender that disagrees with the ID number is refused on input.gender', async () => {
        await refuseCreate({ idNumber: good, gender: 'FEMALE' }, 'BAD_USER_INPUT', 'input.gender');
      });

      it('a bad phone is named by its position', async () => {
        const res = await refuseCreate({ phones: ['13800005678', '12345'] }, 'BAD_USER_INPUT', 'input.phones.1');
        expect(res.body.errors?.[0].message).toContain('12345');
        await refuseCreate({ phones: ['1', '13800005678'] }, 'BAD_USER_INPUT', 'input.phones.0');
        await refuseCreate({ phones: ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005', '13800000006'] }, 'BAD_USER_INPUT', 'input.phones');
      });

      it('a bad credit code in a new enterprise, a taken one, and an unknown enterprise', async () => {
        const code = nextCreditCode();
        const bad = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
        await refuseCreate({ enterprises: [{ enterprise: { name: '坏代码公司', creditCode: bad }, roles: ['CHAIRMAN'] }] }, 'BAD_USER_INPUT', 'input.enterprises.0.enterprise.creditCode');
        const taken = await createEnterprise({ name: '已登记公司', creditCode: code });
        const res = await refuseCreate(
          { enterprises: [{ enterpriseId: taken.id, roles: ['SHAREHOLDER'] }, { enterprise: { name: '重复代码公司', creditCode: code }, roles: ['CHAIRMAN'] }] },
          'CONFLICT',
          'input.enterprises.1.enterprise.creditCode',
        );
        expect(res.body.errors?.[0].extensions?.enterpriseId).toBe(taken.id);
        await refuseCreate({ enterprises: [{ enterpriseId: '00000000-0000-4000-8000-00000000e001', roles: ['CHAIRMAN'] }] }, 'BAD_USER_INPUT', 'input.enterprises.0.enterpriseId');
        await refuseCreate({ enterprises: [{ roles: ['CHAIRMAN'] }] }, 'BAD_USER_INPUT', 'input.enterprises.0');
        await refuseCreate({ enterprises: [{ enterpriseId: taken.id, roles: [] }] }, 'BAD_USER_INPUT', 'input.enterprises.0.roles');
      });

      it('a hometown outside the home city, an unknown current region', async () => {
        await refuseCreate({ hometownCode: '310101' }, 'BAD_USER_INPUT', 'input.hometownCode');
        // The home city itself is not a county, nor is another prefecture of the province.
        await refuseCreate({ hometownCode: '330300' }, 'BAD_USER_INPUT', 'input.hometownCode');
        await refuseCreate({ hometownCode: '330100' }, 'BAD_USER_INPUT', 'input.hometownCode');
        await refuseCreate({ hometownCode: '3303' }, 'BAD_USER_INPUT', 'input.hometownCode');
        await refuseCreate({ currentRegionCode: '999999' }, 'BAD_USER_INPUT', 'input.currentRegionCode');
      });

      it('an unknown chamber, the same chamber twice, a dissolved chamber, a position without a running term', async () => {
        const c = await createChamber(t);
        await refuseCreate({ memberships: [{ chamberId: '00000000-0000-4000-8000-0000000000c1' }] }, 'BAD_USER_INPUT', 'input.memberships.0.chamberId');
        await refuseCreate({ memberships: [{ chamberId: 'not-an-id' }] }, 'BAD_USER_INPUT', 'input.memberships.0.chamberId');
        await refuseCreate({ memberships: [{ chamberId: c.id }, { chamberId: c.id.toUpperCase() }] }, 'BAD_USER_INPUT', 'input.memberships.1.chamberId');
        const gone = await createChamber(t, { status: ChamberStatus.Dissolved });
        await refuseCreate({ memberships: [{ chamberId: c.id }, { chamberId: gone.id }] }, 'BAD_USER_INPUT', 'input.memberships.1.chamberId');
        await refuseCreate({ memberships: [{ chamberId: c.id, position: 'PRESIDENT' }] }, 'BAD_USER_INPUT', 'input.memberships.0.position');
        await refuseCreate({ memberships: [{ chamberId: c.id, joinedOn: '2999-01-01' }] }, 'BAD_USER_INPUT', 'input.memberships.0.joinedOn');
      });

      it('a membership with a position in a chamber outside a secretary\'s subtree', async () => {
        const own = await createChamber(t);
        const other = await createChamber(t);
        await startTerm(other.id);
        const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
        const res = await refuseCreate(
          { memberships: [{ chamberId: own.id }, { chamberId: other.id, position: 'PRESIDENT' }] },
          'BAD_USER_INPUT',
          'input.memberships.1.chamberId',
          secretary,
        );
        // An out-of-scope chamber is not named.
        expect(res.body.errors?.[0].message).not.toContain(other.name);
      });

      it('names of 1 and of 10,000 characters, a MERGED status, a bad political role', async () => {
        await refuseCreate({ name: '王' }, 'BAD_USER_INPUT', 'input.name');
        await refuseCreate({ name: '王'.repeat(10_000) }, 'BAD_USER_INPUT', 'input.name');
        await refuseCreate({ name: '   ' }, 'BAD_USER_INPUT', 'input.name');
        await refuseCreate({ status: 'MERGED' }, 'BAD_USER_INPUT', 'input.status');
        await refuseCreate({ politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'COUNTY', regionCode: '999999' }] }, 'BAD_USER_INPUT', 'input.politicalRoles.0.regionCode');
        await refuseCreate(
          { politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'COUNTY', startsOn: '2020-01-01', endsOn: '2019-01-01' }] },
          'BAD_USER_INPUT',
          'input.politicalRoles.0.endsOn',
        );
      });

      it('a taken ID number: CONFLICT naming the holder for an admin', async () => {
        const holder = await createMember(t);
        const res = await refuseCreate({ idNumber: holder.idNumber }, 'CONFLICT', 'input.idNumber');
        expect(res.body.errors?.[0].extensions?.holderId).toBe(holder.id);
        // Lower-case x and surrounding spaces are the same number.
        const withX = await create({ name: '徐晓东', idNumber: findIdEndingInX() });
        await refuseCreate({ idNumber: ` ${(withX.idNumber as string).toLowerCase()} ` }, 'CONFLICT', 'input.idNumber');
      });

      it('two registrations of the same ID number at once: one member is kept, the other answers CONFLICT on input.idNumber', async () => {
        const idNumber = nextIdNumber({ gender: 'FEMALE' });
        const before = await counts();
        const results = await Promise.all(['同号甲', '同号乙'].map((name) => t.gql<{ createMember: Member }>(CREATE, { input: { name, idNumber } }, admin)));
        expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
        expect(results.find((r) => errorCode(r))?.body.errors?.[0].extensions?.field).toBe('input.idNumber');
        const rows = (await t.dataSource.query('SELECT name FROM member WHERE id_number = $1', [idNumber])) as { name: string }[];
        expect(rows).toEqual([{ name: expectData(results.find((r) => !errorCode(r)) as GqlResponse<{ createMember: Member }>).createMember.name }]);
        expect((await counts()).member).toBe(before.member + 1);
      });

      it('rolls back everything when a late step fails (an unknown enterprise after a membership with a position, a new enterprise and roles)', async () => {
        const c = await createChamber(t);
        await startTerm(c.id);
        await refuseCreate(
          {
            idNumber: nextIdNumber(),
            politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'NATIONAL' }],
            memberships: [{ chamberId: c.id, position: 'DIRECTOR' }],
            enterprises: [
              { enterprise: { name: '回滚测试公司', creditCode: nextCreditCode() }, roles: ['CHAIRMAN'] },
              { enterpriseId: '00000000-0000-4000-8000-00000000e003', roles: ['SHAREHOLDER'] },
            ],
          },
          'BAD_USER_INPUT',
          'input.enterprises.1.enterpriseId',
        );
      });
    });

    describe('likely duplicates (same name and a phone; same name, birth date and hometown)', () => {
      const extensionsOf = (res: GqlResponse) => res.body.errors?.[0].extensions ?? {};

      it('the same name and a phone (written differently) is refused with CONFLICT on input.confirmDuplicate, naming the candidate; nothing is written', async () => {
        const phone = nextMobile();
        const existing = await createMember(t, { name: '黄重名', phones: ['057788880001', phone] });
        const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
        const res = await refused(() => t.gql(CREATE, { input: { name: '黄重名', phones: [spaced] } }, admin), 'CONFLICT', 'input.confirmDuplicate');
        expect(extensionsOf(res)).toMatchObject({
          reason: 'MEMBER_LIKELY_DUPLICATE',
          candidates: [{ memberId: existing.id, rule: 'SAME_NAME_PHONE', certainty: 'LIKELY' }],
        });
        expect(extensionsOf(res).messageZh).toMatch(/^已有 1 位会员可能与此人是同一人/);
        // confirmDuplicate: false is no confirmation.
        await refused(() => t.gql(CREATE, { input: { name: '黄重名', phones: [phone], confirmDuplicate: false } }, admin), 'CONFLICT', 'input.confirmDuplicate');
        // Another name with the same phone (a family's landline) or the same name with another phone is someone else.
        await create({ name: '黄另名', phones: [phone] });
        await create({ name: '黄重名', phones: [nextMobile()] });
      });

      it('with confirmDuplicate: true the member is registered, and the audit event records the candidates confirmed over', async () => {
        const phone = nextMobile();
        const first = await createMember(t, { name: '蔡确认', phones: [phone] });
        const second = await createMember(t, { name: '蔡确认', phones: [nextMobile(), phone] });
        const before = await counts();
        const m = await create({ name: '蔡确认', phones: [phone], confirmDuplicate: true });
        expect(m).toMatchObject({ name: '蔡确认', phones: [phone] });
        expect((await counts()).member).toBe(before.member + 1);
        const [event] = await auditOf(m.id, 'member.create');
        expect(event.metadata).toMatchObject({
          duplicateConfirmed: {
            candidates: 2,
            members: [
              { memberId: first.id, rule: 'SAME_NAME_PHONE' },
              { memberId: second.id, rule: 'SAME_NAME_PHONE' },
            ],
          },
        });
        // Without candidates there is nothing to record, confirmed or not.
        const alone = await create({ name: '蔡独一', phones: [nextMobile()], confirmDuplicate: true });
        expect((await auditOf(alone.id, 'member.create'))[0].metadata).not.toHaveProperty('duplicateConfirmed');
      });

      it('the same name, birth date (from the ID number) and hometown is a POSSIBLE duplicate; another ID number does not make it someone else', async () => {
        const existing = await createMember(t, { name: '邵同乡', idNumber: null, birthDate: '1970-03-08', hometownCode: '330381', phones: [] });
        const res = await refused(
          () => t.gql(CREATE, { input: { name: '邵同乡', idNumber: makeIdNumber('330381', '1970-03-08', 77, 'MALE'), hometownCode: '330381' } }, admin),
          'CONFLICT',
          'input.confirmDuplicate',
        );
        expect(extensionsOf(res).candidates).toEqual([{ memberId: existing.id, rule: 'SAME_NAME_BIRTH_HOMETOWN', certainty: 'POSSIBLE' }]);
        // Another hometown: no candidate.
        await create({ name: '邵同乡', birthDate: '1970-03-08', hometownCode: '330302' });
      });

      it('the same ID number stays ID_NUMBER_TAKEN, confirmed or not', async () => {
        const holder = await createMember(t, { name: '钱同号' });
        const res = await refused(
          () => t.gql(CREATE, { input: { name: '钱同号', idNumber: holder.idNumber, phones: holder.phones, confirmDuplicate: true } }, admin),
          'CONFLICT',
          'input.idNumber',
        );
        expect(extensionsOf(res).holderId).toBe(holder.id);
      });

      it('only members the caller may read count: a duplicate outside a secretary\'s chambers neither blocks nor is named', async () => {
        const own = await createChamber(t);
        const other = await createChamber(t);
        const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
        const phone = nextMobile();
        const outside = await createMember(t, { name: '范跨会', phones: [phone] });
        await addMembership(t, outside.id, other.id);
        // Only the outside one exists: registered, without a word about it.
        const mine = expectData(await t.gql<{ createMember: Member }>(CREATE, { input: { name: '范跨会', phones: [phone] } }, secretary)).createMember;
        expect(mine.memberships.map((x) => x.chamberId)).toEqual([own.id]);
        expect((await auditOf(mine.id, 'member.create'))[0].metadata).not.toHaveProperty('duplicateConfirmed');
        // Now one is in the secretary's chamber too: refused, naming that one only.
        const res = await refused(() => t.gql(CREATE, { input: { name: '范跨会', phones: [phone] } }, secretary), 'CONFLICT', 'input.confirmDuplicate');
        expect(extensionsOf(res).candidates).toEqual([{ memberId: mine.id, rule: 'SAME_NAME_PHONE', certainty: 'LIKELY' }]);
        expect(JSON.stringify(res.body)).not.toContain(outside.id);
        // An administrator reads both.
        const forAdmin = await refused(() => t.gql(CREATE, { input: { name: '范跨会', phones: [phone] } }, admin), 'CONFLICT', 'input.confirmDuplicate');
        expect((extensionsOf(forAdmin).candidates as { memberId: string }[]).map((c) => c.memberId).sort()).toEqual([outside.id, mine.id].sort());
      });

      it('the same form sent twice at once registers one member; the other answers MEMBER_LIKELY_DUPLICATE', async () => {
        const input = { name: '孔双击', phones: [nextMobile()] };
        const before = await counts();
        const results = await Promise.all([0, 1].map(() => t.gql<{ createMember: Member }>(CREATE, { input }, admin)));
        expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
        const loser = results.find((r) => errorCode(r)) as GqlResponse;
        const winner = expectData(results.find((r) => !errorCode(r)) as GqlResponse<{ createMember: Member }>).createMember;
        expect(extensionsOf(loser)).toMatchObject({ reason: 'MEMBER_LIKELY_DUPLICATE', candidates: [{ memberId: winner.id }] });
        expect((await counts()).member).toBe(before.member + 1);
      });
    });
  });

  describe('updateMember', () => {
    it('checks the version: a stale one answers CONFLICT with the current version and writes nothing', async () => {
      const m = await createMember(t);
      await update(m.id, { version: 1, wechat: 'first' });
      const res = await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 1, wechat: 'stale' } }, admin), 'CONFLICT', 'input.version');
      expect(res.body.errors?.[0].extensions?.currentVersion).toBe(2);
      expect((await read(m.id)).wechat).toBe('first');
      await refused(() => t.gql(UPDATE, { id: '00000000-0000-4000-8000-0000000000d1', input: { version: 1, wechat: 'x' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 0, wechat: 'x' } }, admin), 'BAD_USER_INPUT', 'input.version');
    });

    it('two concurrent edits with the same version: one wins, the other gets CONFLICT; the row has the winner\'s value and version + 1', async () => {
      const m = await createMember(t);
      const before = await counts();
      const results = await Promise.all(
        ['甲方微信', '乙方微信'].map((wechat) => t.gql<{ updateMember: Member }>(UPDATE, { id: m.id, input: { version: 1, wechat } }, admin)),
      );
      expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      const winner = results.find((r) => !errorCode(r)) as GqlResponse<{ updateMember: Member }>;
      const loser = results.find((r) => errorCode(r)) as GqlResponse;
      expect(loser.body.errors?.[0].extensions).toMatchObject({ field: 'input.version', currentVersion: 2 });
      const wechat = expectData(winner).updateMember.wechat;
      const [row] = (await t.dataSource.query('SELECT wechat, version FROM member WHERE id = $1', [m.id])) as { wechat: string; version: number }[];
      expect(row).toEqual({ wechat, version: 2 });
      const updates = await auditOf(m.id, 'member.update');
      expect(updates).toHaveLength(1);
      expect(updates[0].changes).toEqual([{ field: 'wechat', before: null, after: wechat }]);
      // One update event and the winner's clear read of its answer.
      expect((await counts()).audit_event).toBe(before.audit_event + 2);
    });

    it('a new ID number brings its birth date and gender; disagreeing ones are refused on their field', async () => {
      const m = await create({ name: '陈志强', idNumber: makeIdNumber('330302', '1970-01-01', 301, 'MALE') });
      expect(m).toMatchObject({ gender: 'MALE', birthDate: '1970-01-01', version: 1 });
      const newId = makeIdNumber('330381', '1982-12-31', 302, 'FEMALE');
      const changed = await update(m.id, { version: 1, idNumber: newId });
      expect(changed).toMatchObject({ idNumber: newId, gender: 'FEMALE', birthDate: '1982-12-31', version: 2 });

      const other = makeIdNumber('330302', '1990-05-05', 303, 'MALE');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, idNumber: other, birthDate: '1990-05-06' } }, admin), 'BAD_USER_INPUT', 'input.birthDate');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, idNumber: other, gender: 'FEMALE' } }, admin), 'BAD_USER_INPUT', 'input.gender');
      // The stored number stays: a birth date or gender against it is refused.
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, birthDate: '1982-12-30' } }, admin), 'BAD_USER_INPUT', 'input.birthDate');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, gender: 'MALE' } }, admin), 'BAD_USER_INPUT', 'input.gender');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, idNumber: other.slice(0, 17) } }, admin), 'BAD_USER_INPUT', 'input.idNumber');
      const taken = await createMember(t);
      const res = await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, idNumber: taken.idNumber } }, admin), 'CONFLICT', 'input.idNumber');
      expect(res.body.errors?.[0].extensions?.holderId).toBe(taken.id);
      // Its own number again is no conflict.
      expect((await update(m.id, { version: 2, idNumber: newId, note: '核对身份证' })).version).toBe(3);

      const updates = await auditOf(m.id, 'member.update');
      const idChange = updates[0].changes.find((c) => c.field === 'idNumber');
      expect(idChange).toEqual({ field: 'idNumber', before: `330***********${m.idNumber?.slice(-4)}`, after: `330***********${newId.slice(-4)}` });
    });

    it('clearing the ID number keeps the birth date and gender (omitted fields stay)', async () => {
      const m = await create({ name: '郑丽华', idNumber: makeIdNumber('330302', '1979-03-08', 401, 'FEMALE') });
      expect(m).toMatchObject({ birthDate: '1979-03-08', gender: 'FEMALE', completeness: 30 });
      const cleared = await update(m.id, { version: 1, idNumber: null });
      expect(cleared).toMatchObject({ idNumber: null, birthDate: '1979-03-08', gender: 'FEMALE', completeness: 20 });
      expect(cleared.missingFields).toEqual(['ID_NUMBER', 'PHONE', 'WECHAT', 'ADDRESS', 'HOMETOWN', 'CURRENT_REGION', 'ENTERPRISE', 'CHAMBER']);
    });

    it('clears optional fields with null, keeps omitted ones, and recomputes completeness', async () => {
      const c = await createChamber(t);
      const m = await create({
        name: '黄海燕',
        idNumber: nextIdNumber({ gender: 'FEMALE' }),
        phones: [nextMobile()],
        wechat: 'hhy',
        email: 'hhy@example.com',
        address: '温州市鹿城区',
        hometownCode: '330302',
        currentRegionCode: '330302',
        tags: ['服装'],
        note: '备注',
        memberships: [{ chamberId: c.id }],
      });
      expect(m).toMatchObject({ completeness: 90, missingFields: ['ENTERPRISE'] });
      const cleared = await update(m.id, { version: 1, wechat: null, email: null, address: null, hometownCode: null, currentRegionCode: null, note: null, phones: [], tags: [] });
      expect(cleared).toMatchObject({
        name: '黄海燕',
        gender: 'FEMALE',
        idNumber: m.idNumber,
        wechat: null,
        email: null,
        address: null,
        hometownCode: null,
        currentRegionCode: null,
        note: null,
        phones: [],
        tags: [],
        completeness: 40,
        missingFields: ['PHONE', 'WECHAT', 'ADDRESS', 'HOMETOWN', 'CURRENT_REGION', 'ENTERPRISE'],
        version: 2,
      });
      expect(await read(m.id)).toMatchObject({ completeness: 40, wechat: null, version: 2 });
      // The name cannot be cleared, nor set to something that is not a name.
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, name: null } }, admin), 'BAD_USER_INPUT', 'input.name');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, hometownCode: '310101' } }, admin), 'BAD_USER_INPUT', 'input.hometownCode');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, status: 'MERGED' } }, admin), 'BAD_USER_INPUT', 'input.status');
      await refused(() => t.gql(UPDATE, { id: m.id, input: { version: 2, phones: ['13800005678', 'abc'] } }, admin), 'BAD_USER_INPUT', 'input.phones.1');
      const refilled = await update(m.id, { version: 2, wechat: 'hhy2', hometownCode: '330381', status: 'LEFT' });
      expect(refilled).toMatchObject({ wechat: 'hhy2', hometownCode: '330381', status: 'LEFT', completeness: 60, version: 3 });
    });

    it('replaces the political roles as a whole', async () => {
      const m = await create({
        name: '吴国平',
        politicalRoles: [
          { kind: 'CPPCC_MEMBER', level: 'COUNTY', regionCode: '330302', startsOn: '2011-01-01', endsOn: '2016-01-01' },
          { kind: 'PEOPLES_CONGRESS_DEPUTY', level: 'PROVINCIAL', regionCode: '330000', startsOn: '2018-01-01' },
        ],
      });
      expect(m.politicalRoles).toHaveLength(2);
      const before = await counts();
      const replaced = await update(m.id, { version: 1, politicalRoles: [{ kind: 'CPPCC_MEMBER', level: 'NATIONAL', termNumber: 14, startsOn: '2023-03-01' }] });
      expect(replaced.politicalRoles).toEqual([{ kind: 'CPPCC_MEMBER', level: 'NATIONAL', regionCode: null, termNumber: 14, startsOn: '2023-03-01', endsOn: null, current: true }]);
      expect((await counts()).member_political_role).toBe(before.member_political_role - 1);
      // Omitted: kept. Empty: all removed.
      expect((await update(m.id, { version: 2, note: '不变' })).politicalRoles).toHaveLength(1);
      expect((await update(m.id, { version: 3, politicalRoles: [] })).politicalRoles).toEqual([]);
      const [event] = (await auditOf(m.id, 'member.update')).slice(-1);
      expect(event.metadata).toEqual({ politicalRoles: 0 });
    });
  });

  describe('memberships', () => {
    it('joinChamber with and without a position; refuses a chamber without running term for a position, and the same chamber twice', async () => {
      const m = await createMember(t);
      expect(m.missingFields).toContain('CHAMBER');
      const a = await createChamber(t);
      const term = await startTerm(a.id, '2020-01-01');
      const b = await createChamber(t);

      const before = await counts();
      const joined = expectData(
        await t.gql<{ joinChamber: Member }>(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: a.id, joinedOn: '2019-05-01', position: 'PRESIDENT' } } }, admin),
      ).joinChamber;
      expect(joined.version).toBe(2);
      expect(joined.memberships).toEqual([{ id: expect.any(String), chamberId: a.id, joinedOn: '2019-05-01', leftOn: null, current: true }]);
      expect(joined.positions).toEqual([{ id: expect.any(String), chamberId: a.id, termId: term.id, position: 'PRESIDENT', holderName: m.name, memberId: m.id, startsOn: null }]);
      expect(joined.missingFields).not.toContain('CHAMBER');
      expect(joined.completeness).toBe(m.completeness + 10);
      const after = await counts();
      expect(after.chamber_membership).toBe(before.chamber_membership + 1);
      expect(after.chamber_position).toBe(before.chamber_position + 1);
      expect((await auditOf(m.id, 'member.joinChamber'))[0].metadata).toMatchObject({ chamberId: a.id, position: 'PRESIDENT' });

      const plain = expectData(await t.gql<{ joinChamber: Member }>(JOIN, { memberId: m.id, input: { version: 2, membership: { chamberId: b.id } } }, admin)).joinChamber;
      expect(plain.memberships.map((x) => x.chamberId).sort()).toEqual([a.id, b.id].sort());
      expect(plain.positions).toHaveLength(1);
      expect(plain.version).toBe(3);

      // b has no running term: a position cannot be recorded there.
      const c = await createChamber(t);
      await refused(
        () => t.gql(JOIN, { memberId: m.id, input: { version: 3, membership: { chamberId: c.id, position: 'VICE_PRESIDENT' } } }, admin),
        'BAD_USER_INPUT',
        'input.membership.position',
      );
      const twice = await refused(() => t.gql(JOIN, { memberId: m.id, input: { version: 3, membership: { chamberId: a.id } } }, admin), 'CONFLICT', 'input.membership.chamberId');
      expect(twice.body.errors?.[0].extensions?.membershipId).toBe(joined.memberships[0].id);
      // A second 会长 in the same term.
      const rival = await createMember(t);
      await refused(
        () => t.gql(JOIN, { memberId: rival.id, input: { version: 1, membership: { chamberId: a.id, position: 'PRESIDENT' } } }, admin),
        'CONFLICT',
        'input.membership.position',
      );
      await refused(
        () => t.gql(JOIN, { memberId: rival.id, input: { version: 1, membership: { chamberId: a.id, position: 'DIRECTOR', positionStartsOn: '2019-12-31' } } }, admin),
        'BAD_USER_INPUT',
        'input.membership.positionStartsOn',
      );
      await refused(() => t.gql(JOIN, { memberId: m.id, input: { version: 2, membership: { chamberId: c.id } } }, admin), 'CONFLICT', 'input.version');
      await refused(() => t.gql(JOIN, { memberId: m.id, input: { version: 3, membership: { chamberId: '00000000-0000-4000-8000-0000000000c3' } } }, admin), 'BAD_USER_INPUT', 'input.membership.chamberId');
    });

    it('updateChamberMembership: leaving, correcting dates, becoming current again; leaving before joining is refused', async () => {
      const m = await createMember(t);
      const a = await createChamber(t);
      const joined = expectData(await t.gql<{ joinChamber: Member }>(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: a.id, joinedOn: '2018-04-01' } } }, admin)).joinChamber;
      const membershipId = joined.memberships[0].id;
      expect(joined.missingFields).not.toContain('CHAMBER');

      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 2, leftOn: '2018-03-31' } }, admin), 'BAD_USER_INPUT', 'input.leftOn');
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 2, leftOn: '2999-01-01' } }, admin), 'BAD_USER_INPUT', 'input.leftOn');
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 1, leftOn: '2023-01-01' } }, admin), 'CONFLICT', 'input.version');
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: '00000000-0000-4000-8000-0000000000c4', input: { version: 2, leftOn: '2023-01-01' } }, admin), 'NOT_FOUND');

      const left = expectData(await t.gql<{ updateChamberMembership: Member }>(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 2, leftOn: '2023-01-01' } }, admin))
        .updateChamberMembership;
      expect(left.memberships).toEqual([{ id: membershipId, chamberId: a.id, joinedOn: '2018-04-01', leftOn: '2023-01-01', current: false }]);
      expect(left.missingFields).toContain('CHAMBER');
      expect(left.completeness).toBe(joined.completeness - 10);
      expect(left.version).toBe(3);

      // Rejoining after leaving: a new membership (the past one is no obstacle); the old one cannot become current beside it.
      const rejoined = expectData(await t.gql<{ joinChamber: Member }>(JOIN, { memberId: m.id, input: { version: 3, membership: { chamberId: a.id, joinedOn: '2024-01-01' } } }, admin)).joinChamber;
      expect(rejoined.memberships.map((x) => [x.joinedOn, x.current])).toEqual([
        ['2024-01-01', true],
        ['2018-04-01', false],
      ]);
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 4, leftOn: null } }, admin), 'CONFLICT', 'input.leftOn');
      const ops = (await auditOf(m.id)).map((e) => e.operation).filter((o) => o !== 'member.personalDataRead');
      expect(ops).toEqual(['member.joinChamber', 'chamberMembership.update', 'member.joinChamber']);
    });
    it('a position goes into the running term, never into a past one', async () => {
      const c = await createChamber(t, { foundedOn: '2005-01-01' });
      const past = expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2005-01-01', endsOn: '2010-01-01' } }, admin))
        .startChamberTerm;
      const running = expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId: c.id, input: { number: 2, startsOn: '2010-01-01' } }, admin)).startChamberTerm;
      const m = await createMember(t);
      const joined = expectData(await t.gql<{ joinChamber: Member }>(JOIN, { memberId: m.id, input: { version: 1, membership: { chamberId: c.id, position: 'DIRECTOR' } } }, admin)).joinChamber;
      expect(joined.positions.map((p) => p.termId)).toEqual([running.id]);
      expect(joined.positions.map((p) => p.termId)).not.toContain(past.id);
    });

    it('a chamber with only past terms has no running term to put a position in', async () => {
      const over = await createChamber(t, { foundedOn: '2005-01-01' });
      expectData(await t.gql(START_TERM, { chamberId: over.id, input: { number: 1, startsOn: '2005-01-01', endsOn: '2010-01-01' } }, admin));
      const other = await createMember(t);
      await refused(
        () => t.gql(JOIN, { memberId: other.id, input: { version: 1, membership: { chamberId: over.id, position: 'DIRECTOR' } } }, admin),
        'BAD_USER_INPUT',
        'input.membership.position',
      );
    });

    it('moving the joining day after the leaving day is refused on input.joinedOn, the field the caller changed', async () => {
      const m = await createMember(t);
      const membershipId = await addMembership(t, m.id, (await createChamber(t)).id, { joinedOn: '2018-04-01', leftOn: '2023-01-01' });
      await refused(() => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: 1, joinedOn: '2023-06-01' } }, admin), 'BAD_USER_INPUT', 'input.joinedOn');
    });
  });

  describe('enterprises', () => {
    it('linkEnterprise (existing or new) and unlinkEnterprise, with completeness following', async () => {
      const m = await createMember(t);
      expect(m.missingFields).toContain('ENTERPRISE');
      const e = await createEnterprise({ name: '瑞安汽配有限公司', creditCode: nextCreditCode(), industryCode: '36', regionCode: '330381', size: 'SMALL' });
      const linked = expectData(await t.gql<{ linkEnterprise: Member }>(LINK, { memberId: m.id, input: { version: 1, link: { enterpriseId: e.id, roles: ['GENERAL_MANAGER', 'GENERAL_MANAGER'] } } }, admin))
        .linkEnterprise;
      expect(linked.enterprises).toEqual([{ enterpriseId: e.id, roles: ['GENERAL_MANAGER'], enterprise: expect.objectContaining({ id: e.id, name: '瑞安汽配有限公司' }) }]);
      expect(linked).toMatchObject({ version: 2, completeness: m.completeness + 10 });
      expect(linked.missingFields).not.toContain('ENTERPRISE');

      const code = nextCreditCode();
      const withNew = expectData(
        await t.gql<{ linkEnterprise: Member }>(LINK, { memberId: m.id, input: { version: 2, link: { enterprise: { name: '新开贸易公司', creditCode: code }, roles: ['SHAREHOLDER'] } } }, admin),
      ).linkEnterprise;
      expect(withNew.enterprises.map((x) => [x.enterprise.name, x.roles])).toEqual([
        ['瑞安汽配有限公司', ['GENERAL_MANAGER']],
        ['新开贸易公司', ['SHAREHOLDER']],
      ]);

      await refused(() => t.gql(LINK, { memberId: m.id, input: { version: 3, link: { enterpriseId: e.id, roles: ['CHAIRMAN'] } } }, admin), 'CONFLICT', 'input.link.enterpriseId');
      const dup = await refused(
        () => t.gql(LINK, { memberId: m.id, input: { version: 3, link: { enterprise: { name: '撞码公司', creditCode: code }, roles: ['CHAIRMAN'] } } }, admin),
        'CONFLICT',
        'input.link.enterprise.creditCode',
      );
      expect(dup.body.errors?.[0].extensions?.enterpriseId).toBe(withNew.enterprises[1].enterpriseId);
      await refused(() => t.gql(LINK, { memberId: m.id, input: { version: 3, link: { enterpriseId: e.id, enterprise: { name: '两者都给' }, roles: ['CHAIRMAN'] } } }, admin), 'BAD_USER_INPUT', 'input.link');
      await refused(() => t.gql(LINK, { memberId: m.id, input: { version: 3, link: { enterprise: { name: '行业错', industryCode: '99' }, roles: ['CHAIRMAN'] } } }, admin), 'BAD_USER_INPUT', 'input.link.enterprise.industryCode');
      await refused(() => t.gql(LINK, { memberId: m.id, input: { version: 2, link: { enterpriseId: e.id, roles: ['CHAIRMAN'] } } }, admin), 'CONFLICT', 'input.version');

      const before = await counts();
      const unlinked = expectData(await t.gql<{ unlinkEnterprise: Member }>(UNLINK, { memberId: m.id, input: { version: 3, enterpriseId: e.id } }, admin)).unlinkEnterprise;
      expect(unlinked.enterprises.map((x) => x.enterpriseId)).toEqual([withNew.enterprises[1].enterpriseId]);
      expect(unlinked.version).toBe(4);
      const after = await counts();
      // The enterprise itself stays.
      expect({ enterprise: after.enterprise, member_enterprise: after.member_enterprise }).toEqual({ enterprise: before.enterprise, member_enterprise: before.member_enterprise - 1 });
      await refused(() => t.gql(UNLINK, { memberId: m.id, input: { version: 4, enterpriseId: e.id } }, admin), 'BAD_USER_INPUT', 'input.enterpriseId');
      const last = expectData(await t.gql<{ unlinkEnterprise: Member }>(UNLINK, { memberId: m.id, input: { version: 4, enterpriseId: withNew.enterprises[1].enterpriseId } }, admin))
        .unlinkEnterprise;
      expect(last.missingFields).toContain('ENTERPRISE');
      expect(last.completeness).toBe(m.completeness);
    });

    it('createEnterprise and updateEnterprise: normalised credit code, version check, a taken code names the enterprise that has it', async () => {
      const code = makeCreditCode(987_654);
      const before = await counts();
      const e = await createEnterprise({ name: ' 温州正泰电器 ', creditCode: code.toLowerCase(), industryCode: '38', regionCode: '330382', size: 'LARGE' });
      expect(e).toMatchObject({ name: '温州正泰电器', creditCode: code, industryCode: '38', regionCode: '330382', size: 'LARGE', version: 1 });
      expect(await counts()).toEqual({ ...before, enterprise: before.enterprise + 1, audit_event: before.audit_event + 1 });

      const taken = await refused(() => t.gql(CREATE_ENTERPRISE, { input: { name: '冒名公司', creditCode: code } }, admin), 'CONFLICT', 'input.creditCode');
      expect(taken.body.errors?.[0].extensions?.enterpriseId).toBe(e.id);
      const bad = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      await refused(() => t.gql(CREATE_ENTERPRISE, { input: { name: '坏码公司', creditCode: bad } }, admin), 'BAD_USER_INPUT', 'input.creditCode');
      await refused(() => t.gql(CREATE_ENTERPRISE, { input: { name: '地区错公司', regionCode: '999999' } }, admin), 'BAD_USER_INPUT', 'input.regionCode');
      await refused(() => t.gql(CREATE_ENTERPRISE, { input: { name: 'x'.repeat(101) } }, admin), 'BAD_USER_INPUT', 'input.name');

      const renamed = expectData(await t.gql<{ updateEnterprise: Enterprise }>(UPDATE_ENTERPRISE, { id: e.id, input: { version: 1, name: '正泰集团股份有限公司', size: null } }, admin)).updateEnterprise;
      expect(renamed).toMatchObject({ name: '正泰集团股份有限公司', creditCode: code, industryCode: '38', size: null, version: 2 });
      const stale = await refused(() => t.gql(UPDATE_ENTERPRISE, { id: e.id, input: { version: 1, name: '过期修改' } }, admin), 'CONFLICT', 'input.version');
      expect(stale.body.errors?.[0].extensions?.currentVersion).toBe(2);

      const other = await createEnterprise({ name: '另一家公司', creditCode: nextCreditCode() });
      const conflict = await refused(() => t.gql(UPDATE_ENTERPRISE, { id: other.id, input: { version: 1, creditCode: code } }, admin), 'CONFLICT', 'input.creditCode');
      expect(conflict.body.errors?.[0].extensions?.enterpriseId).toBe(e.id);
      // Its own code again is no conflict; null clears it.
      expect(expectData(await t.gql<{ updateEnterprise: Enterprise }>(UPDATE_ENTERPRISE, { id: e.id, input: { version: 2, creditCode: code } }, admin)).updateEnterprise.version).toBe(3);
      const cleared = expectData(await t.gql<{ updateEnterprise: Enterprise }>(UPDATE_ENTERPRISE, { id: e.id, input: { version: 3, creditCode: null } }, admin)).updateEnterprise;
      expect(cleared).toMatchObject({ creditCode: null, version: 4 });
      await refused(() => t.gql(UPDATE_ENTERPRISE, { id: '00000000-0000-4000-8000-0000000000e2', input: { version: 1, name: '不存在' } }, admin), 'NOT_FOUND');
      const ops = (await auditOf(e.id)).map((x) => x.operation);
      expect(ops).toEqual(['enterprise.create', 'enterprise.update', 'enterprise.update', 'enterprise.update']);
    });
  });

  describe('chamber merge (并)', () => {
    it('moves current memberships to the survivor; a member of both keeps one; past memberships stay; completeness is unaffected', async () => {
      const merged = await createChamber(t);
      const survivor = await createChamber(t);
      const onlyMerged = await createMember(t);
      const inBoth = await createMember(t);
      const past = await createMember(t);
      const mOnly = await addMembership(t, onlyMerged.id, merged.id, { joinedOn: '2016-01-01' });
      const mBoth = await addMembership(t, inBoth.id, merged.id, { joinedOn: '2014-01-01' });
      const sBoth = await addMembership(t, inBoth.id, survivor.id, { joinedOn: '2012-01-01' });
      const mPast = await addMembership(t, past.id, merged.id, { joinedOn: '2011-01-01', leftOn: '2013-01-01' });
      const completeness = async () =>
        (await t.dataSource.query('SELECT id, completeness, missing_fields AS "missingFields" FROM member WHERE id = ANY($1) ORDER BY id', [[onlyMerged.id, inBoth.id, past.id]])) as unknown[];
      const before = await completeness();

      const on = new Date().toISOString().slice(0, 10);
      const res = expectData(await t.gql<{ mergeChamber: { status: string; mergedIntoId: string } }>(MERGE, { id: merged.id, input: { intoId: survivor.id, on, version: 1 } }, admin)).mergeChamber;
      expect(res).toEqual({ id: merged.id, status: 'MERGED', mergedIntoId: survivor.id });

      const a = await read(onlyMerged.id);
      expect(a.memberships).toEqual([{ id: mOnly, chamberId: survivor.id, joinedOn: '2016-01-01', leftOn: null, current: true }]);
      const b = await read(inBoth.id);
      expect(b.memberships.filter((x) => x.current)).toEqual([{ id: sBoth, chamberId: survivor.id, joinedOn: '2012-01-01', leftOn: null, current: true }]);
      expect(b.memberships.find((x) => x.id === mBoth)).toMatchObject({ chamberId: merged.id, current: false });
      const c = await read(past.id);
      expect(c.memberships).toEqual([{ id: mPast, chamberId: merged.id, joinedOn: '2011-01-01', leftOn: '2013-01-01', current: false }]);
      expect(await completeness()).toEqual(before);

      // The survivor's roll-up counts each of them once.
      const rollup = expectData(await t.gql<{ chamberRollup: { members: { total: number } } }>(`query($id: ID!) { chamberRollup(id: $id) { members { total } } }`, { id: survivor.id }, admin))
        .chamberRollup;
      expect(rollup.members.total).toBe(2);
    });

    it('closes the duplicate membership on the day of the merge, not on the day it is recorded', async () => {
      const merged = await createChamber(t, { foundedOn: '2000-01-01' });
      const survivor = await createChamber(t, { foundedOn: '2000-01-01' });
      const m = await createMember(t);
      const mBoth = await addMembership(t, m.id, merged.id, { joinedOn: '2014-01-01' });
      await addMembership(t, m.id, survivor.id, { joinedOn: '2012-01-01' });
      expectData(await t.gql(MERGE, { id: merged.id, input: { intoId: survivor.id, on: '2024-06-30', version: 1, note: '市经合办〔2024〕12号' } }, admin));
      const b = await read(m.id);
      expect(b.memberships.find((x) => x.id === mBoth)).toMatchObject({ chamberId: merged.id, leftOn: '2024-06-30', current: false });
    });
  });
});

/** A valid ID number whose check character is X (about one in eleven). */
function findIdEndingInX(): string {
  for (let seq = 0; seq < 1000; seq += 2) {
    const id = makeIdNumber('330303', '1980-08-08', seq, 'FEMALE');
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID number ending in X');
}
