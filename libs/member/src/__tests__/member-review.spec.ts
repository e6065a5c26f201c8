/**
 * Review probes for the member module. Each `BUG:` describe asserts the behaviour the design asks
 * for, so it fails while the bug exists; `regression:` describes pin properties that hold today.
 * Everything goes over HTTP against the real app (one database for the file).
 */
import { Role } from '@crm/auth';
import { idNumberCheckChar } from '@crm/member';
import {
  addMembership,
  createChamber,
  createMember,
  createTestApp,
  errorCode,
  expectData,
  GqlResponse,
  nextCreditCode,
  nextIdNumber,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { id version name } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id version } }`;
const READ = `query($id: ID!) { member(id: $id) { id version idNumber birthDate gender hometownCode personalDataMasked } }`;
const LIST = `query($filter: MemberFilter, $first: Int, $after: String, $sort: MemberSort) {
  members(filter: $filter, first: $first, after: $after, sort: $sort) { edges { cursor node { id } } } }`;
const JOIN = `mutation($memberId: ID!, $input: JoinChamberInput!) { joinChamber(memberId: $memberId, input: $input) { id version } }`;
const UPDATE_MEMBERSHIP = `mutation($id: ID!, $input: UpdateChamberMembershipInput!) { updateChamberMembership(id: $id, input: $input) { id version } }`;
const LINK = `mutation($memberId: ID!, $input: LinkEnterpriseInput!) { linkEnterprise(memberId: $memberId, input: $input) { id version } }`;
const UNLINK = `mutation($memberId: ID!, $input: UnlinkEnterpriseInput!) { unlinkEnterprise(memberId: $memberId, input: $input) { id version } }`;
const CREATE_ENTERPRISE = `mutation($input: CreateEnterpriseInput!) { createEnterprise(input: $input) { id version } }`;
const UPDATE_ENTERPRISE = `mutation($id: ID!, $input: UpdateEnterpriseInput!) { updateEnterprise(id: $id, input: $input) { id version } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const ADD_POSITION = `mutation($termId: ID!, $input: ChamberPositionInput!) { addChamberPosition(termId: $termId, input: $input) { id memberId } }`;
const UPDATE_POSITION = `mutation($id: ID!, $input: UpdateChamberPositionInput!) { updateChamberPosition(id: $id, input: $input) { id memberId } }`;

const TABLES = ['member', 'enterprise', 'member_enterprise', 'chamber_membership', 'chamber_position', 'member_political_role', 'audit_event'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

const NIL_UUID = '00000000-0000-4000-8000-0000000000ff';
const encodeCursor = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

/** A 500, or an error the server could not classify: what no input may produce. */
function crashed(res: GqlResponse): boolean {
  return res.status >= 500 || !!res.body.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
}

describe('member module review', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let county: string;
  let secretary: string;
  let secretaryChamber: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    county = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    secretaryChamber = (await createChamber(t)).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: secretaryChamber })).accessToken;
  });
  afterAll(() => t.close());

  const counts = (): Promise<Counts> => rowCounts(t, TABLES);
  const fieldOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.field as string | undefined;
  /** Refused with BAD_USER_INPUT on a field matching `field`, nothing written. */
  async function refusedOn(call: () => Promise<GqlResponse>, field: RegExp, code = 'BAD_USER_INPUT'): Promise<void> {
    const before = await counts();
    const res = await call();
    expect({ code: errorCode(res), field: fieldOf(res) }).toEqual({ code, field: expect.stringMatching(field) });
    expect(await counts()).toEqual(before);
  }
  const startTerm = async (chamberId: string, token = admin) =>
    expectData(await t.gql<{ startChamberTerm: { id: string } }>(START_TERM, { chamberId, input: { number: 1, startsOn: '2021-01-01' } }, token)).startChamberTerm.id;
  const versionOf = async (id: string) => ((await t.dataSource.query('SELECT version FROM member WHERE id = $1', [id])) as { version: number }[])[0].version;

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: a one-character enterprise name passed TextRules(min 1) and violated ck_enterprise_name (500)', () => {
    it('createEnterprise { name: "A" } answers BAD_USER_INPUT on input.name', async () => {
      await refusedOn(() => t.gql(CREATE_ENTERPRISE, { input: { name: 'A' } }, admin), /^input\.name$/);
    });
    it('linkEnterprise with a new enterprise named "甲" answers BAD_USER_INPUT on input.link.enterprise.name', async () => {
      const m = await createMember(t);
      await refusedOn(() => t.gql(LINK, { memberId: m.id, input: { version: m.version, link: { enterprise: { name: '甲' }, roles: ['CHAIRMAN'] } } }, admin), /^input\.link\.enterprise\.name$/);
    });
    it('createMember with a new enterprise named "B" answers BAD_USER_INPUT on input.enterprises.0.enterprise.name', async () => {
      await refusedOn(() => t.gql(CREATE, { input: { name: '王企业', enterprises: [{ enterprise: { name: 'B' }, roles: ['SHAREHOLDER'] }] } }, admin), /^input\.enterprises\.0\.enterprise\.name$/);
    });
    it('updateEnterprise { name: "A" } answers BAD_USER_INPUT on input.name', async () => {
      const e = expectData(await t.gql<{ createEnterprise: { id: string; version: number } }>(CREATE_ENTERPRISE, { input: { name: '改名测试公司' } }, admin)).createEnterprise;
      await refusedOn(() => t.gql(UPDATE_ENTERPRISE, { id: e.id, input: { version: e.version, name: 'A' } }, admin), /^input\.name$/);
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: class-validator MaxLength did not count U+FE0F/U+FE0E, so text passed and overflowed varchar (500)', () => {
    // 'a\uFE0F' counts as 1 character for class-validator, 2 for PostgreSQL.
    const vs = (n: number, base = 'a') => `${base}\uFE0F`.repeat(n);
    it.each([
      ['name', { name: vs(30, '王') }, /^input\.name$/],
      ['tags', { name: '王标签', tags: [vs(20)] }, /^input\.tags/],
      ['wechat', { name: '王微信', wechat: vs(50) }, /^input\.wechat$/],
      ['address', { name: '王地址', address: vs(200) }, /^input\.address$/],
      ['sourceNote', { name: '王来源', sourceNote: vs(200) }, /^input\.sourceNote$/],
      ['note', { name: '王备注', note: vs(1000) }, /^input\.note$/],
      ['enterprises.0.enterprise.name', { name: '王公司', enterprises: [{ enterprise: { name: vs(100) }, roles: ['CHAIRMAN'] }] }, /^input\.enterprises\.0\.enterprise\.name$/],
    ])('createMember with an over-long %s is refused as BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async (_label, input, field) => {
      await refusedOn(() => t.gql(CREATE, { input }, admin), field as RegExp);
    });
    it('updateMember { name: 30 × "王\\uFE0F" } is refused on input.name', async () => {
      const m = await createMember(t);
      await refusedOn(() => t.gql(UPDATE, { id: m.id, input: { version: m.version, name: vs(30, '王') } }, admin), /^input\.name$/);
    });
    it('createEnterprise with a 100 × "a\\uFE0F" name is refused on input.name', async () => {
      await refusedOn(() => t.gql(CREATE_ENTERPRISE, { input: { name: vs(100) } }, admin), /^input\.name$/);
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: a forged REGISTERED_AT cursor with an unknown time zone or offset crashed members (500)', () => {
    beforeAll(async () => {
      await createMember(t);
      await createMember(t);
    });
    it.each([
      ['an unknown zone name', '2020-01-01 00:00:00 Mars/Base'],
      ['an offset beyond ±15:59', '2020-01-01 00:00:00+16:00'],
      ['a two-digit offset of 99 hours', '2020-01-01 00:00:00+99'],
      ['a bare negative number (read as a zone offset)', '-32769'],
    ])('%s answers BAD_USER_INPUT on after', async (_label, ts) => {
      for (const filter of [undefined, { phone: '1234' }]) {
        const res = await t.gql(LIST, { sort: 'REGISTERED_AT', first: 5, filter, after: encodeCursor([ts, NIL_UUID]) }, admin);
        expect({ code: errorCode(res), field: fieldOf(res) }).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: a secretary linked any member (outside its scope) as a position holder by id (addChamberPosition / updateChamberPosition memberId)', () => {
    it('refuses a memberId outside the secretary\'s scope exactly like an unknown one, and writes nothing', async () => {
      const termId = await startTerm(secretaryChamber, secretary);
      const outside = await createMember(t, { hometownCode: '330381' });
      // An unknown id: BAD_USER_INPUT on input.memberId (today's behaviour).
      await refusedOn(() => t.gql(ADD_POSITION, { termId, input: { position: 'DIRECTOR', holderName: '未知', memberId: NIL_UUID } }, secretary), /^input\.memberId$/);
      // A member the secretary cannot read must answer the same (no existence oracle, no link).
      await refusedOn(() => t.gql(ADD_POSITION, { termId, input: { position: 'DIRECTOR', holderName: '外人', memberId: outside.id } }, secretary), /^input\.memberId$/);
      // Nor can an existing position be re-pointed at that member.
      const own = expectData(await t.gql<{ addChamberPosition: { id: string } }>(ADD_POSITION, { termId, input: { position: 'SUPERVISOR', holderName: '本会' } }, secretary)).addChamberPosition;
      await refusedOn(() => t.gql(UPDATE_POSITION, { id: own.id, input: { memberId: outside.id } }, secretary), /^input\.memberId$/);
      const linked = (await t.dataSource.query('SELECT count(*)::int AS n FROM chamber_position WHERE member_id = $1', [outside.id])) as { n: number }[];
      expect(linked[0].n).toBe(0);
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: a secretary read the leadership of chambers outside its subtree through Member.positions → term → positions', () => {
    it('does not reveal the holders of another chamber\'s term', async () => {
      const mine = await createMember(t);
      await addMembership(t, mine.id, secretaryChamber);
      const other = await createChamber(t);
      const otherTerm = await startTerm(other.id);
      expectData(await t.gql(ADD_POSITION, { termId: otherTerm, input: { position: 'PRESIDENT', holderName: '外会会长甲' } }, admin));
      expectData(await t.gql(JOIN, { memberId: mine.id, input: { version: await versionOf(mine.id), membership: { chamberId: other.id, position: 'VICE_PRESIDENT' } } }, admin));
      // The chamber itself is out of sight for the secretary …
      expect(errorCode(await t.gql(`query($id: ID!) { chamber(id: $id) { id } }`, { id: other.id }, secretary))).toBe('NOT_FOUND');
      // … so its term's positions must be too.
      const res = await t.gql(`query($id: ID!) { member(id: $id) { positions { chamber { id } term { number positions { position holderName } } } } }`, { id: mine.id }, secretary);
      expect(crashed(res)).toBe(false);
      expect(JSON.stringify(res.body)).not.toContain('外会会长甲');
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: concurrent joinChamber with positions in one chamber deadlocked (FOR SHARE, then FOR UPDATE on the chamber row)', () => {
    it('four members joining one chamber as 副会长 at once all succeed', async () => {
      const c = await createChamber(t);
      await startTerm(c.id);
      const ms = [];
      for (let i = 0; i < 4; i += 1) ms.push(await createMember(t));
      const results = await Promise.all(
        ms.map((m) => t.gql(JOIN, { memberId: m.id, input: { version: m.version, membership: { chamberId: c.id, position: 'VICE_PRESIDENT' } } }, admin)),
      );
      expect(results.map((r) => errorCode(r) ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'OK']);
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: the ID-number mask was reversible for a VIEWER (birthDate in clear + 3 hidden region digits + check digit)', () => {
    it('a viewer cannot recover the clear ID number from what it is shown', async () => {
      const m = await createMember(t, { idNumber: nextIdNumber({ regionCode: '330302', birthDate: '1975-06-15' }), hometownCode: '330302' });
      const seen = expectData(
        await t.gql<{ member: { idNumber: string; birthDate: string | null; birthYear: number; hometownCode: string; personalDataMasked: boolean } }>(
          `query($id: ID!) { member(id: $id) { idNumber birthDate birthYear hometownCode personalDataMasked } }`,
          { id: m.id },
          viewer,
        ),
      ).member;
      expect(seen.personalDataMasked).toBe(true);
      // The full birth date is personal data too: with it, the mask (first 3 and last 4 kept)
      // hid only three region digits, which the hometown and the check digit gave back.
      expect(seen.birthDate).toBeNull();
      expect(seen.birthYear).toBe(1975);
      // The attacker now has the year only: every day of it is a candidate the check digit
      // thins to about one in eleven — dozens of numbers, not one.
      const tail = seen.idNumber.slice(-4);
      const candidates: string[] = [];
      for (let day = new Date(Date.UTC(seen.birthYear, 0, 1)); day.getUTCFullYear() === seen.birthYear; day = new Date(day.getTime() + 86_400_000)) {
        const first17 = `${seen.hometownCode}${day.toISOString().slice(0, 10).replace(/-/g, '')}${tail.slice(0, 3)}`;
        if (idNumberCheckChar(first17) === tail[3]) candidates.push(first17 + tail[3]);
      }
      expect(candidates).toContain(m.idNumber);
      expect(candidates.length).toBeGreaterThan(10);
    });
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe('regression: ids in inputs do not reach members outside the caller\'s scope', () => {
    it('a county officer gets NOT_FOUND for another county\'s member and its membership on every write, and nothing is written', async () => {
      const other = await createMember(t, { hometownCode: '330302' });
      const membershipId = await addMembership(t, other.id, secretaryChamber);
      const e = expectData(await t.gql<{ createEnterprise: { id: string } }>(CREATE_ENTERPRISE, { input: { name: '邻县企业' } }, admin)).createEnterprise;
      expectData(await t.gql(LINK, { memberId: other.id, input: { version: await versionOf(other.id), link: { enterpriseId: e.id, roles: ['CHAIRMAN'] } } }, admin));
      const v = await versionOf(other.id);
      expect(errorCode(await t.gql(READ, { id: other.id }, county))).toBe('NOT_FOUND');
      const calls: (() => Promise<GqlResponse>)[] = [
        () => t.gql(UPDATE, { id: other.id, input: { version: v, note: 'x' } }, county),
        () => t.gql(JOIN, { memberId: other.id, input: { version: v, membership: { chamberId: secretaryChamber } } }, county),
        () => t.gql(LINK, { memberId: other.id, input: { version: v, link: { enterprise: { name: '新公司' }, roles: ['CHAIRMAN'] } } }, county),
        () => t.gql(UNLINK, { memberId: other.id, input: { version: v, enterpriseId: e.id } }, county),
        () => t.gql(UPDATE_MEMBERSHIP, { id: membershipId, input: { version: v, leftOn: '2022-01-01' } }, county),
      ];
      for (const call of calls) {
        const before = await counts();
        const res = await call();
        expect(errorCode(res)).toBe('NOT_FOUND');
        expect(await counts()).toEqual(before);
      }
      expect(await versionOf(other.id)).toBe(v);
    });

    it('a county officer cannot create, or move, a member into another county', async () => {
      await refusedOn(() => t.gql(CREATE, { input: { name: '外县人', hometownCode: '330302' } }, county), /^input\.hometownCode$/, 'FORBIDDEN');
      const own = expectData(await t.gql<{ createMember: { id: string; version: number } }>(CREATE, { input: { name: '本县人' } }, county)).createMember;
      await refusedOn(() => t.gql(UPDATE, { id: own.id, input: { version: own.version, hometownCode: null } }, county), /^input\.hometownCode$/, 'FORBIDDEN');
    });
  });

  describe('regression: hostile filter text is data, not SQL or a pattern', () => {
    it('%, _ and quotes in search, tag and enterprise match nothing and do not fail', async () => {
      await createMember(t, { name: '王百分', tags: ['普通'] });
      for (const filter of [{ search: '%%%' }, { search: '__' }, { search: "' OR '1'='1" }, { tag: '%' }, { enterprise: '%%' }, { enterprise: '_ _' }]) {
        const res = await t.gql<{ members: { edges: unknown[] } }>(LIST, { filter, first: 100 }, admin);
        expect(expectData(res).members.edges).toEqual([]);
      }
    });

    it('a cursor of one sort handed to another answers BAD_USER_INPUT or a page, never a 500', async () => {
      const page = expectData(await t.gql<{ members: { edges: { cursor: string }[] } }>(LIST, { first: 1, sort: 'NAME' }, admin)).members.edges;
      for (const sort of ['COMPLETENESS', 'REGISTERED_AT']) {
        const res = await t.gql(LIST, { first: 5, sort, after: page[0].cursor }, admin);
        expect(crashed(res)).toBe(false);
      }
    });
  });

  describe('regression: races and versions', () => {
    it('two createEnterprise calls with one credit code at once: one enterprise, the other CONFLICT on input.creditCode', async () => {
      const creditCode = nextCreditCode();
      const results = await Promise.all([0, 1].map(() => t.gql(CREATE_ENTERPRISE, { input: { name: '并发公司', creditCode } }, admin)));
      expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      expect(results.map(fieldOf).filter(Boolean)).toEqual(['input.creditCode']);
    });

    it('a stale version on linkEnterprise answers CONFLICT with currentVersion and writes nothing', async () => {
      const m = await createMember(t);
      expectData(await t.gql(UPDATE, { id: m.id, input: { version: m.version, note: 'v2' } }, admin));
      const before = await counts();
      const res = await t.gql(LINK, { memberId: m.id, input: { version: m.version, link: { enterprise: { name: '过期版本公司' }, roles: ['CHAIRMAN'] } } }, admin);
      expect({ code: errorCode(res), currentVersion: res.body.errors?.[0]?.extensions?.currentVersion }).toEqual({ code: 'CONFLICT', currentVersion: m.version + 1 });
      expect(await counts()).toEqual(before);
    });
  });
  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Last, because it registers members with hostile names that other tests' searches would meet.
  describe('fuzz: a few hundred hostile inputs never answer INTERNAL_SERVER_ERROR or a 500', () => {
    // REVIEW_FUZZ_SEED / REVIEW_FUZZ_N replay or widen the run. With REVIEW_FUZZ_SKIP_KNOWN=1 the triggers of the BUGs pinned above (U+FE0F/U+FE0E padding,
    // one-character enterprise names, time-zone cursors) are left out, to see whether anything else crashes.
    const skipKnown = process.env.REVIEW_FUZZ_SKIP_KNOWN === '1';
    // Deterministic PRNG (mulberry32), so a failure can be replayed.
    function rng(seed: number) {
      let a = seed;
      return () => {
        a |= 0;
        a = (a + 0x6d2b79f5) | 0;
        let r = Math.imul(a ^ (a >>> 15), 1 | a);
        r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
        return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
      };
    }
    const HOSTILE = [
      '', ' ', '\u3000', '%', '_', '\\', "'", '"; DROP TABLE member; --', "' OR '1'='1", '%%%%', '\\%\\_', '𠮷', '𠮷𠮷𠮷', '\u202E王五', '\u200B\u200B',
      'e\u0301'.repeat(15), '\uFFFF\uFFFE', '\u2028\u2029', '１３８００１３８０００', '١٢٣٤٥٦٧٨', 'null', 'NaN', '-1', '9'.repeat(40), 'x'.repeat(3000),
      '👨‍👩‍👧‍👦'.repeat(3), '<script>alert(1)</script>', '${7*7}', '\t', '\r\n', '\u0085', '\u00A0王五\u00A0', 'İİİ', 'ß'.repeat(20), '𝟘𝟙𝟚𝟛', '\u0000',
      '\uD83D', 'a\uDC00b', '王'.repeat(30), '王'.repeat(31), 'a'.repeat(200), 'a'.repeat(1001), '¥€$', '\u{E0001}\u{E0041}', '\u0301\u0301', 'ǅǅ',
      ...(skipKnown ? [] : ['a', '王', '王\uFE0F'.repeat(30), 'a\uFE0E'.repeat(50), 'b\uFE0F'.repeat(200), 'c\uFE0F'.repeat(1000), 'd\uFE0F'.repeat(20)]),
    ];
    const DATES = ['', '0000-00-00', '0001-01-01', '1899-12-31', '1900-01-01', '2000-02-29', '2001-02-29', '9999-12-31', '2020-1-1', '+02020-01-01', '2020-01-01T00:00:00Z', 'today', 'infinity', 'epoch', '1975-06-15', '2024-12-31', '2021-01-01', '2020-12-31'];
    const PHONES = ['13800138000', '+8613800138000', '008613800138000', '+1 (415) 555-0100', '0577-88881234', '+', '00', '+86', '+860577', '1'.repeat(30), '１３８００１３８０００', '138 0013 8000', '+0', '-', '()', '8613800138000', '+86 577 8888 1234', '+999999999999999', '0000000000'];
    const IDS = ['', '11010519491231002X', '11010519491231002x', '110105194912310021', 'x'.repeat(18), '000000000000000000', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X ', '110105194912310', '330302190001010017'];
    const CODES = ['330302', '330381', '330300', '000000', '999999', '33030', '3303021', 'abcdef', '', '110000', '310100', '330000', '330327'];
    const CURSORS = ['', 'x', encodeCursor([]), encodeCursor(['a']), encodeCursor(['zhang', NIL_UUID]), encodeCursor(['50', 'not-a-uuid']), encodeCursor([null, null]), encodeCursor([1, 2]), encodeCursor(['2020-01-01', NIL_UUID]), encodeCursor(['\u0000', NIL_UUID]), 'W10', '////', encodeCursor(['9'.repeat(400), NIL_UUID]), encodeCursor(['1e999', NIL_UUID]), ...(skipKnown ? [] : [encodeCursor(['-32769', NIL_UUID])])];
    const NUMBERS = [-1, 0, 1, 2, 5, 20, 99, 100, 101, 1000, 2147483647];
    const E = {
      gender: ['MALE', 'FEMALE'], status: ['ACTIVE', 'LEFT', 'DECEASED', 'MERGED'], designation: ['NEW_GENERATION', 'LEAD_GOOSE'], role: ['CHAIRMAN', 'SHAREHOLDER', 'LEGAL_REPRESENTATIVE', 'GENERAL_MANAGER'],
      position: ['VICE_PRESIDENT', 'DIRECTOR', 'PRESIDENT', 'SUPERVISOR', 'SECRETARY_GENERAL'], size: ['LARGE', 'MICRO'], sort: ['NAME', 'REGISTERED_AT', 'COMPLETENESS'], kind: ['CPPCC_MEMBER', 'PEOPLES_CONGRESS_DEPUTY'], level: ['NATIONAL', 'COUNTY', 'PROVINCIAL'],
    };

    it('createMember / updateMember / members / joinChamber / linkEnterprise', async () => {
      const next = rng(Number(process.env.REVIEW_FUZZ_SEED ?? 20240601));
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      const maybe = (p = 0.5) => next() < p;
      const some = <T>(make: () => T, max: number): T[] => Array.from({ length: Math.floor(next() * (max + 1)) }, make);
      /** Mostly a plausible value (so the call gets deep into the service), sometimes a hostile one. */
      const text = (good: string[], p = 0.4) => (maybe(p) ? pick(HOSTILE) : pick(good));
      const enumOr = (xs: string[]) => (maybe(0.05) ? pick(['BOGUS', 'male', '']) : pick(xs));
      const chambers = [secretaryChamber, (await createChamber(t)).id, (await createChamber(t)).id];
      await startTerm(chambers[1]);
      const subject = await createMember(t);
      const enterprise = expectData(await t.gql<{ createEnterprise: { id: string } }>(CREATE_ENTERPRISE, { input: { name: '模糊测试公司' } }, admin)).createEnterprise.id;
      const idLike = (good: string) => (maybe(0.75) ? good : pick([NIL_UUID, 'not-an-id', '', good.toUpperCase(), ` ${good}`, subject.id, enterprise]));
      const date = () => (maybe(0.4) ? pick(['2021-06-01', '1990-05-05', '2022-02-02']) : pick(DATES));
      const newEnterprise = () => ({
        name: skipKnown ? (maybe(0.4) ? pick(HOSTILE.filter((h) => [...h].length !== 1)) : '测试企业') : text(['测试企业', '温州某某科技有限公司', 'ABC Trading Co.']),
        ...(maybe() ? { creditCode: maybe(0.6) ? nextCreditCode() : pick([nextCreditCode().toLowerCase(), ` ${nextCreditCode()} `, '91330302MA0000000X', ...HOSTILE.slice(0, 10)]) } : {}),
        ...(maybe() ? { industryCode: pick(['C', '36', '00', 'Z', 'c', '361', '', 'T', '97', '98']) } : {}),
        ...(maybe() ? { regionCode: pick(CODES) } : {}),
        ...(maybe() ? { size: enumOr(E.size) } : {}),
      });
      const politicalRole = () => ({
        kind: enumOr(E.kind), level: enumOr(E.level), ...(maybe() ? { regionCode: pick(CODES) } : {}), ...(maybe() ? { termNumber: pick(NUMBERS) } : {}),
        ...(maybe() ? { startsOn: date() } : {}), ...(maybe() ? { endsOn: date() } : {}),
      });
      const memberFields = (forUpdate: boolean): Record<string, unknown> => {
        const input: Record<string, unknown> = {};
        const orNull = <T>(v: T) => (forUpdate && maybe(0.15) ? null : v);
        if (!forUpdate || maybe(0.4)) input.name = orNull(text(['王小明', '欧阳娜娜', '单雄信', 'John Smith', '阿卜杜·热合曼']));
        if (maybe(0.3)) input.gender = orNull(enumOr(E.gender));
        if (maybe(0.3)) input.birthDate = orNull(date());
        if (maybe(0.3)) input.idNumber = orNull(maybe(0.5) ? nextIdNumber() : pick(IDS));
        if (maybe(0.3)) input.phones = orNull(some(() => (maybe(0.8) ? pick(PHONES) : pick(HOSTILE)), 6));
        if (maybe(0.3)) input.wechat = orNull(text(['wx_123', 'abc']));
        if (maybe(0.2)) input.email = orNull(pick(['a@b.cn', 'A@B.CO', 'a@b', `${'x'.repeat(60)}@${'y'.repeat(60)}.cn`, 'İ@example.com', ...HOSTILE.slice(0, 5)]));
        if (maybe(0.3)) input.address = orNull(text(['温州市鹿城区', 'x']));
        if (maybe(0.3)) input.hometownCode = orNull(pick(CODES));
        if (maybe(0.2)) input.currentRegionCode = orNull(pick(CODES));
        if (maybe(0.2)) input.designations = orNull(some(() => enumOr(E.designation), 40));
        if (maybe(0.3)) input.tags = orNull(some(() => text(['标签', 'vip']), 22));
        if (maybe(0.2)) input.sourceNote = orNull(text(['来源']));
        if (maybe(0.2)) input.status = orNull(enumOr(E.status));
        if (maybe(0.2)) input.note = orNull(text(['备注']));
        if (maybe(0.2)) input.politicalRoles = orNull(some(politicalRole, 3));
        if (!forUpdate && maybe(0.3)) {
          input.memberships = some(() => ({ chamberId: idLike(pick(chambers)), ...(maybe() ? { joinedOn: date() } : {}), ...(maybe(0.3) ? { position: enumOr(E.position) } : {}), ...(maybe(0.2) ? { positionStartsOn: date() } : {}) }), 3);
        }
        if (!forUpdate && maybe(0.3)) input.enterprises = some(() => ({ ...(maybe() ? { enterpriseId: idLike(enterprise) } : { enterprise: newEnterprise() }), roles: some(() => enumOr(E.role), 4) }), 3);
        return input;
      };
      const version = async () => (maybe(0.85) ? versionOf(subject.id) : pick(NUMBERS));
      const ops: Record<string, () => Promise<{ res: GqlResponse; sent: unknown }>> = {
        createMember: async () => {
          const input = memberFields(false);
          return { res: await t.gql(CREATE, { input }, pick([admin, admin, county, secretary])), sent: input };
        },
        updateMember: async () => {
          const input = { version: await version(), ...memberFields(true) };
          return { res: await t.gql(UPDATE, { id: idLike(subject.id), input }, admin), sent: input };
        },
        members: async () => {
          const filter: Record<string, unknown> = {};
          if (maybe(0.3)) filter.search = text(['王小', 'wang', 'wxm', '欧阳', 'ou yang']);
          if (maybe(0.2)) filter.phone = maybe() ? pick(['1234', '8000', '13800138000', '0577888812']) : pick([...PHONES, ...HOSTILE.slice(0, 8)]);
          if (maybe(0.1)) filter.idNumber = pick([...IDS, nextIdNumber()]);
          if (maybe(0.2)) filter.enterprise = text(['测试', '温州某某', 'abc']);
          if (maybe(0.2)) filter.tag = text(['标签', 'vip']);
          if (maybe(0.2)) filter.chamberSubtree = idLike(pick(chambers));
          if (maybe(0.2)) filter.hometownCode = pick(CODES);
          if (maybe(0.2)) filter.currentRegionCode = pick(CODES);
          if (maybe(0.1)) filter.designation = enumOr(E.designation);
          if (maybe(0.1)) filter.politicalRole = maybe() ? {} : { kind: enumOr(E.kind), level: enumOr(E.level) };
          if (maybe(0.1)) filter.completenessBelow = pick(NUMBERS);
          if (maybe(0.1)) filter.status = enumOr(E.status);
          const vars = { filter, first: maybe(0.8) ? pick([1, 5, 20, 100]) : pick([...NUMBERS, null]), sort: maybe(0.9) ? pick(E.sort) : pick(['RANDOM', null]), ...(maybe(0.3) ? { after: pick(CURSORS) } : {}) };
          return { res: await t.gql(LIST, vars, pick([admin, viewer, county, secretary])), sent: vars };
        },
        joinChamber: async () => {
          const input = {
            version: await version(),
            membership: { chamberId: idLike(pick(chambers)), ...(maybe() ? { joinedOn: date() } : {}), ...(maybe(0.4) ? { position: enumOr(E.position) } : {}), ...(maybe(0.3) ? { positionStartsOn: date() } : {}) },
          };
          return { res: await t.gql(JOIN, { memberId: idLike(subject.id), input }, admin), sent: input };
        },
        linkEnterprise: async () => {
          const link: Record<string, unknown> = { roles: maybe(0.9) ? some(() => enumOr(E.role), 6) : pick([[], null]) };
          if (maybe(0.7)) link.enterprise = newEnterprise();
          else link.enterpriseId = idLike(enterprise);
          if (maybe(0.1)) link.enterpriseId = idLike(enterprise);
          const input = { version: await version(), link };
          return { res: await t.gql(LINK, { memberId: idLike(subject.id), input }, admin), sent: input };
        },
      };
      const names = Object.keys(ops);
      const failures: { op: string; status: number; sent: string }[] = [];
      let succeeded = 0;
      for (let i = 0; i < Number(process.env.REVIEW_FUZZ_N ?? 350); i += 1) {
        const op = names[i % names.length];
        const { res, sent } = await ops[op]();
        if (crashed(res)) failures.push({ op, status: res.status, sent: JSON.stringify(sent).slice(0, 300) });
        else if (!res.body.errors?.length) succeeded += 1;
      }
      if (failures.length) console.log(`fuzz: ${failures.length} crashes (${succeeded} calls succeeded)\n${failures.slice(0, 12).map((f) => `${f.op} ${f.status} ${f.sent}`).join('\n')}`);
      // Enough calls got through validation to exercise the services, not only the validators.
      expect(succeeded).toBeGreaterThan(Number(process.env.REVIEW_FUZZ_N ?? 350) / 10);
      expect(failures).toEqual([]);
    });
  });
});
