import { randomUUID } from 'node:crypto';
import { Caller, Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { makeIdNumber, MemberDuplicatesService, MemberEntity } from '@crm/member';
import {
  addMembership,
  captureSql,
  createChamber,
  createMember,
  createTestApp,
  expectData,
  expectError,
  MemberOverrides,
  nextMobile,
  signedInUser,
  TestApp,
} from '@crm/testing';

// Duplicate detection (docs/member-exchange.md, "Duplicates and merge"): the three rules, the
// scope argument and the caller's scope, masking, keyset paging and the statement count; and
// the same rules asked before registering a member (memberDuplicateCandidates, docs/members.md).

const GROUP = `rule certainty key size members { id name idNumber phones birthDate personalDataMasked status }`;
const LIST = `query($scope: MemberDuplicateScope, $rule: DuplicateRule, $first: Int! = 100, $after: String) {
  memberDuplicates(scope: $scope, rule: $rule, first: $first, after: $after) {
    edges { cursor node { ${GROUP} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTED = LIST.replace('pageInfo {', 'totalCount pageInfo {');

interface GroupMember {
  id: string;
  name: string;
  idNumber: string | null;
  phones: string[];
  birthDate: string | null;
  personalDataMasked: boolean;
  status: string;
}
interface Group {
  rule: string;
  certainty: string;
  key: string;
  size: number;
  members: GroupMember[];
}
interface Page {
  memberDuplicates: { edges: { cursor: string; node: Group }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount?: number };
}

let nameSequence = 0;
/** A name no other test of this file uses (2–30 characters). */
const uniqueName = () => `查重${'甲乙丙丁戊己庚辛壬癸'[nameSequence % 10]}${++nameSequence}号`;

/** An ID number whose check character is X (so a legacy lower-case x can stand next to it). */
function idNumberEndingInX(birthDate: string): string {
  for (let seq = 0; seq < 1000; seq++) {
    const id = makeIdNumber('330302', birthDate, seq, 'MALE');
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID number ending in X');
}

describe('members: duplicates', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const page = async (vars: Record<string, unknown>, token = admin) => expectData(await t.gql<Page>(LIST, vars, token)).memberDuplicates;
  /** Every group the arguments select, following the cursors. */
  async function allGroups(vars: Record<string, unknown> = {}, token = admin, first = 100): Promise<Group[]> {
    const out: Group[] = [];
    let after: string | null = null;
    for (;;) {
      const p: Page['memberDuplicates'] = await page({ ...vars, first, after }, token);
      out.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) return out;
      after = p.pageInfo.endCursor;
    }
  }
  /** The groups that hold any of these members, as sorted id lists with their rule. */
  async function groupsOf(ids: string[], vars: Record<string, unknown> = {}, token = admin) {
    return (await allGroups(vars, token))
      .filter((g) => g.members.some((m) => ids.includes(m.id)))
      .map((g) => ({ rule: g.rule, certainty: g.certainty, size: g.size, ids: g.members.map((m) => m.id).sort() }));
  }
  const member = (overrides: MemberOverrides = {}) => createMember(t, overrides);
  const sorted = (...ms: MemberEntity[]) => ms.map((m) => m.id).sort();

  describe('rules', () => {
    it('SAME_ID_NUMBER (CERTAIN): the same number, compared in upper case; merged members never count', async () => {
      const id = idNumberEndingInX('1971-03-04');
      const a = await member({ name: uniqueName(), idNumber: id });
      // Legacy data: a lower-case check character gets past the unique index.
      const b = await member({ name: uniqueName(), idNumber: id.toLowerCase() });
      const alone = await member({ name: uniqueName() });
      // A tombstone with the same number is no duplicate any more.
      const c = await member({ name: uniqueName(), idNumber: null });
      await t.dataSource.query(`UPDATE member SET id_number = $1, status = 'MERGED', merged_into_id = $2 WHERE id = $3`, [id, a.id, c.id]);

      const groups = await groupsOf([a.id, b.id, c.id, alone.id]);
      expect(groups).toEqual([{ rule: 'SAME_ID_NUMBER', certainty: 'CERTAIN', size: 2, ids: sorted(a, b) }]);
      const [group] = (await allGroups({ rule: 'SAME_ID_NUMBER' })).filter((g) => g.members.some((m) => m.id === a.id));
      // Members in registration order; the key is opaque: no trace of the number in it.
      expect(group.members.map((m) => m.id)).toEqual([a.id, b.id]);
      expect(group.key).toMatch(/^[0-9a-f]{32}$/);
      expect(group.key).not.toContain(id.slice(6, 14));
      // The key is stable: the same on every call and under any rule filter.
      expect((await allGroups()).find((g) => g.members.some((m) => m.id === a.id))?.key).toBe(group.key);
    });

    it('SAME_NAME_PHONE (LIKELY): the same name and a phone in common; two shared phones make one group', async () => {
      const name = uniqueName();
      const [p1, p2, p3, p4] = [nextMobile(), nextMobile(), nextMobile(), nextMobile()];
      const a = await member({ name, phones: [p1, p2] });
      const b = await member({ name, phones: [p3, p1] });
      const otherPhone = await member({ name, phones: [p4] });
      const otherName = await member({ name: uniqueName(), phones: [p1] });
      expect(await groupsOf([a.id, b.id, otherPhone.id, otherName.id], { rule: 'SAME_NAME_PHONE' })).toEqual([
        { rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 2, ids: sorted(a, b) },
      ]);

      const twice = uniqueName();
      const [q1, q2] = [nextMobile(), nextMobile()];
      const c = await member({ name: twice, phones: [q1, q2] });
      const d = await member({ name: twice, phones: [q2, q1] });
      // A legacy row listing a phone twice is still one member.
      const e = await member({ name: uniqueName(), phones: [q1, q1] });
      expect(await groupsOf([c.id, d.id, e.id], { rule: 'SAME_NAME_PHONE' })).toEqual([{ rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 2, ids: sorted(c, d) }]);
    });

    it('SAME_NAME_BIRTH_HOMETOWN (POSSIBLE): all three known and equal', async () => {
      const name = uniqueName();
      const a = await member({ name, idNumber: null, birthDate: '1966-06-06', hometownCode: '330381' });
      const b = await member({ name, idNumber: null, birthDate: '1966-06-06', hometownCode: '330381' });
      const noHometown = await member({ name, idNumber: null, birthDate: '1966-06-06', hometownCode: null });
      const otherCounty = await member({ name, idNumber: null, birthDate: '1966-06-06', hometownCode: '330382' });
      const noBirth = await member({ name, idNumber: null, birthDate: null, hometownCode: '330381' });
      expect(await groupsOf([a.id, b.id, noHometown.id, otherCounty.id, noBirth.id])).toEqual([
        { rule: 'SAME_NAME_BIRTH_HOMETOWN', certainty: 'POSSIBLE', size: 2, ids: sorted(a, b) },
      ]);
    });

    it('lists the same members found by several rules once, under the strongest rule; a rule filter still finds them', async () => {
      const name = uniqueName();
      const phone = nextMobile();
      const a = await member({ name, idNumber: null, birthDate: '1970-07-07', hometownCode: '330302', phones: [phone] });
      const b = await member({ name, idNumber: null, birthDate: '1970-07-07', hometownCode: '330302', phones: [phone] });
      expect(await groupsOf([a.id, b.id])).toEqual([{ rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 2, ids: sorted(a, b) }]);
      expect(await groupsOf([a.id, b.id], { rule: 'SAME_NAME_BIRTH_HOMETOWN' })).toEqual([
        { rule: 'SAME_NAME_BIRTH_HOMETOWN', certainty: 'POSSIBLE', size: 2, ids: sorted(a, b) },
      ]);
    });
  });

  describe('scope', () => {
    let top: string;
    let child: string;
    let inTop: MemberEntity;
    let inChild: MemberEntity;
    let formerly: MemberEntity;
    let outside: MemberEntity;
    let inCounty: MemberEntity[];
    beforeAll(async () => {
      top = (await createChamber(t, { level: ChamberLevel.Prefecture })).id;
      child = (await createChamber(t, { level: ChamberLevel.County, parentId: top })).id;
      const name = uniqueName();
      const phone = nextMobile();
      inTop = await member({ name, phones: [phone], hometownCode: '330302' });
      await addMembership(t, inTop.id, top);
      inChild = await member({ name, phones: [phone], hometownCode: '330381' });
      await addMembership(t, inChild.id, child);
      formerly = await member({ name, phones: [phone], hometownCode: '330381' });
      await addMembership(t, formerly.id, top, { joinedOn: '2010-01-01', leftOn: '2015-01-01' });
      outside = await member({ name, phones: [phone], hometownCode: '330381' });
      const countyName = uniqueName();
      const countyPhone = nextMobile();
      inCounty = [await member({ name: countyName, phones: [countyPhone], hometownCode: '330382' }), await member({ name: countyName, phones: [countyPhone], hometownCode: '330382' })];
    });
    const ids = () => [inTop.id, inChild.id, formerly.id, outside.id];

    it('narrows to a chamber subtree (current memberships) or a home county, both together ANDed', async () => {
      expect(await groupsOf(ids())).toEqual([{ rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 4, ids: sorted(inTop, inChild, formerly, outside) }]);
      expect(await groupsOf(ids(), { scope: { chamberId: top } })).toEqual([{ rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 2, ids: sorted(inTop, inChild) }]);
      // One member of the group in the child chamber: no group there.
      expect(await groupsOf(ids(), { scope: { chamberId: child } })).toEqual([]);
      expect(await groupsOf(ids(), { scope: { countyCode: '330381' } })).toEqual([{ rule: 'SAME_NAME_PHONE', certainty: 'LIKELY', size: 3, ids: sorted(inChild, formerly, outside) }]);
      expect(await groupsOf(ids(), { scope: { chamberId: top, countyCode: '330381' } })).toEqual([]);
      expect(await groupsOf(ids(), { scope: { chamberId: top.toUpperCase(), countyCode: '330302' } })).toEqual([]);
    });

    it('a secretary sees groups of the members it may read (memberships current or past in its subtree), only those members', async () => {
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top })).accessToken;
      const groups = await allGroups({}, secretary);
      expect(groups.map((g) => g.members.map((m) => m.id).sort())).toEqual([sorted(inTop, inChild, formerly)]);
      expect(groups[0].size).toBe(3);
      // Secretaries keep their members' personal data in clear.
      expect(groups[0].members.every((m) => !m.personalDataMasked && m.phones[0] === inTop.phones[0])).toBe(true);
      // The child chamber's secretary reads only one of them: no group.
      const childSecretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: child })).accessToken;
      expect(await allGroups({}, childSecretary)).toEqual([]);
      // A chamber outside its subtree is refused like an unknown one.
      const other = (await createChamber(t)).id;
      expectError(await t.gql(LIST, { scope: { chamberId: other } }, secretary), 'BAD_USER_INPUT', 'scope.chamberId');
    });

    it('a county officer sees only groups of its county', async () => {
      const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330382' })).accessToken;
      const groups = await allGroups({}, officer);
      expect(groups.map((g) => g.members.map((m) => m.id).sort())).toEqual([sorted(...inCounty)]);
      // Asking for another county finds nothing: the scope argument never widens the caller's.
      expect(await allGroups({ scope: { countyCode: '330381' } }, officer)).toEqual([]);
    });

    it('needs the merge permission: a viewer (personal data masked) is refused', async () => {
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
      const res = await t.gql(LIST, {}, viewer);
      expectError(res, 'FORBIDDEN');
      expect(res.body.data).toEqual({ memberDuplicates: null });
    });

    it('resolves members as the Member type: personal data goes through the masking field resolvers (clear reads audited)', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'member.personalDataRead'`)) as { n: number }[];
      const [group] = (await allGroups({ scope: { countyCode: '330382' } })).filter((g) => g.members.some((m) => m.id === inCounty[0].id));
      expect(group.members.map((m) => [m.personalDataMasked, m.phones])).toEqual(inCounty.map((m) => [false, m.phones]));
      const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'member.personalDataRead'`)) as { n: number }[];
      expect(after[0].n).toBeGreaterThan(before[0].n);
    });

    it('refuses an unknown chamber or a county outside the home city on the field at fault', async () => {
      expectError(await t.gql(LIST, { scope: { chamberId: '00000000-0000-4000-8000-00000000abcd' } }, admin), 'BAD_USER_INPUT', 'scope.chamberId');
      expectError(await t.gql(LIST, { scope: { countyCode: '310101' } }, admin), 'BAD_USER_INPUT', 'scope.countyCode');
      expectError(await t.gql(LIST, { scope: { countyCode: '3303' } }, admin), 'BAD_USER_INPUT', 'scope.countyCode');
      expectError(await t.gql(LIST, { after: 'bm90IGEgY3Vyc29y' }, admin), 'BAD_USER_INPUT', 'after');
      expectError(await t.gql(LIST, { first: 101 }, admin), 'BAD_USER_INPUT', 'first');
    });
  });

  describe('candidates before registering (memberDuplicateCandidates)', () => {
    const CANDIDATES = `query($input: MemberDuplicateCandidatesInput!) {
      memberDuplicateCandidates(input: $input) { rule certainty member { id name phones idNumber personalDataMasked hometown { name } memberships { id } } }
    }`;
    type Candidate = { rule: string; certainty: string; member: { id: string; name: string; phones: string[]; idNumber: string | null; personalDataMasked: boolean } };
    const candidates = async (input: Record<string, unknown>, token = admin) =>
      expectData(await t.gql<{ memberDuplicateCandidates: Candidate[] }>(CANDIDATES, { input }, token)).memberDuplicateCandidates;
    const summary = (cs: Candidate[]) => cs.map((c) => ({ id: c.member.id, rule: c.rule, certainty: c.certainty }));

    it('finds an existing member by the same name and a shared phone (LIKELY), however the phone is typed', async () => {
      const name = uniqueName();
      const phone = nextMobile();
      const existing = await member({ name, phones: [nextMobile(), phone] });
      await member({ name: uniqueName(), phones: [phone] }); // the phone, another name
      await member({ name, phones: [nextMobile()] }); // the name, another phone
      const typed = `${phone.slice(0, 3)} ${phone.slice(3, 7)}-${phone.slice(7)}`;
      const found = await candidates({ name, phones: [nextMobile(), `+86 ${typed}`] });
      expect(summary(found)).toEqual([{ id: existing.id, rule: 'SAME_NAME_PHONE', certainty: 'LIKELY' }]);
      // A Member through the normal field resolvers: an admin reads the phones in clear.
      expect(found[0].member).toMatchObject({ name, phones: existing.phones, personalDataMasked: false });
      expect(await candidates({ name: uniqueName(), phones: [phone.slice(0, 10) + ((Number(phone[10]) + 1) % 10)] })).toEqual([]);
    });

    it('finds the same ID number (CERTAIN, x or X), the same name, birth date and hometown (POSSIBLE); each member once, strongest first', async () => {
      const id = idNumberEndingInX('1972-05-06');
      const name = uniqueName();
      const phone = nextMobile();
      const sameId = await member({ name: uniqueName(), idNumber: id.toLowerCase() }); // legacy spelling
      const samePhone = await member({ name, idNumber: null, phones: [phone], birthDate: '1972-05-06', hometownCode: '330302' });
      const sameBirth = await member({ name, idNumber: null, birthDate: '1972-05-06', hometownCode: '330302' });
      await member({ name, idNumber: null, birthDate: '1972-05-06', hometownCode: '330381' }); // another county
      // The birth date comes from the ID number; samePhone passes two rules and is listed under the stronger.
      expect(summary(await candidates({ name, idNumber: id, phones: [phone], hometownCode: '330302' }))).toEqual([
        { id: sameId.id, rule: 'SAME_ID_NUMBER', certainty: 'CERTAIN' },
        { id: samePhone.id, rule: 'SAME_NAME_PHONE', certainty: 'LIKELY' },
        { id: sameBirth.id, rule: 'SAME_NAME_BIRTH_HOMETOWN', certainty: 'POSSIBLE' },
      ]);
      // Nothing known but the name: no rule applies.
      expect(await candidates({ name })).toEqual([]);
      // Merged members never count.
      await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [samePhone.id, sameBirth.id]);
      expect(summary(await candidates({ name, birthDate: '1972-05-06', hometownCode: '330302' }))).toEqual([
        { id: samePhone.id, rule: 'SAME_NAME_BIRTH_HOMETOWN', certainty: 'POSSIBLE' },
      ]);
    });

    it('finds nothing outside the caller\'s scope', async () => {
      const name = uniqueName();
      const phone = nextMobile();
      const chamber = (await createChamber(t)).id;
      const inChamber = await member({ name, phones: [phone], hometownCode: '330381' });
      await addMembership(t, inChamber.id, chamber);
      const inCounty = await member({ name, phones: [phone], hometownCode: '330382' });
      const input = { name, phones: [phone] };
      expect(summary(await candidates(input)).map((c) => c.id).sort()).toEqual(sorted(inChamber, inCounty));
      const officer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330382' })).accessToken;
      expect(summary(await candidates(input, officer)).map((c) => c.id)).toEqual([inCounty.id]);
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber })).accessToken;
      expect(summary(await candidates(input, secretary)).map((c) => c.id)).toEqual([inChamber.id]);
      const elsewhere = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330324' })).accessToken;
      expect(await candidates(input, elsewhere)).toEqual([]);
      // Reading members is not enough: the question is asked before registering one.
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
      expectError(await t.gql(CANDIDATES, { input }, viewer), 'FORBIDDEN');
    });

    it('checks the values as createMember does, naming the field at fault', async () => {
      expectError(await t.gql(CANDIDATES, { input: { name: '张' } }, admin), 'BAD_USER_INPUT', 'input.name');
      expectError(await t.gql(CANDIDATES, { input: { name: '张三丰', phones: [nextMobile(), '12345'] } }, admin), 'BAD_USER_INPUT', 'input.phones.1');
      expectError(await t.gql(CANDIDATES, { input: { name: '张三丰', idNumber: '330302197205061234' } }, admin), 'BAD_USER_INPUT', 'input.idNumber');
      expectError(await t.gql(CANDIDATES, { input: { name: '张三丰', hometownCode: '3303' } }, admin), 'BAD_USER_INPUT', 'input.hometownCode');
      expectError(await t.gql(CANDIDATES, { input: { name: '张三丰', birthDate: '1972-02-30' } }, admin), 'BAD_USER_INPUT', 'input.birthDate');
    });

    it('sends the same statements for one candidate as for several', async () => {
      const name = uniqueName();
      const phone = nextMobile();
      const one = await member({ name, phones: [phone] });
      const otherName = uniqueName();
      const otherPhone = nextMobile();
      for (let i = 0; i < 6; i++) await member({ name: otherName, phones: [otherPhone] });
      const run = (input: Record<string, unknown>) => captureSql(t.dataSource, () => t.gql<{ memberDuplicateCandidates: Candidate[] }>(CANDIDATES, { input }, admin));
      await run({ name, phones: [phone] }); // warm
      const single = await run({ name, phones: [phone] });
      const several = await run({ name: otherName, phones: [otherPhone] });
      expect(expectData(single.result).memberDuplicateCandidates.map((c) => c.member.id)).toEqual([one.id]);
      expect(expectData(several.result).memberDuplicateCandidates).toHaveLength(6);
      expect(several.statements.length).toBe(single.statements.length);
    });

    it('likelyDuplicatesFor runs inside the caller\'s transaction (the write path\'s use)', async () => {
      const service = t.app.get(MemberDuplicatesService);
      const caller = { id: randomUUID(), role: Role.Admin, countyCode: null, chamberId: null } as unknown as Caller;
      const name = uniqueName();
      const phone = nextMobile();
      const [inside, outside] = await t.dataSource.transaction(async (em) => {
        await em.query(`INSERT INTO member (name, name_pinyin, name_initials, phones) VALUES ($1, 'x', 'x', $2)`, [name, [phone]]);
        return [await service.likelyDuplicatesFor(em, caller, { name, phones: [phone] }), await service.likelyDuplicatesFor(null, caller, { name, phones: [phone] })];
      });
      expect(inside.map((c) => [c.member.name, c.rule, c.certainty])).toEqual([[name, 'SAME_NAME_PHONE', 'LIKELY']]);
      // The row not committed yet is seen through `em` only; once committed, by everyone.
      expect(outside).toEqual([]);
      expect(await service.likelyDuplicatesFor(null, caller, { name, phones: [phone] })).toHaveLength(1);
    });
  });

  describe('paging', () => {
    let chamber: string;
    beforeAll(async () => {
      chamber = (await createChamber(t)).id;
      // Seven groups of each of the first two rules, three of the third, in one chamber.
      for (let i = 0; i < 7; i++) {
        const name = uniqueName();
        const id = idNumberEndingInX(`1950-01-${String(10 + i).padStart(2, '0')}`);
        const phone = nextMobile();
        for (const m of [
          await member({ name: uniqueName(), idNumber: id }),
          await member({ name: uniqueName(), idNumber: id.toLowerCase() }),
          await member({ name, phones: [phone] }),
          await member({ name, phones: [phone, nextMobile()] }),
        ]) {
          await addMembership(t, m.id, chamber);
        }
      }
      for (let i = 0; i < 3; i++) {
        const name = uniqueName();
        for (let k = 0; k < 2 + i; k++) {
          const m = await member({ name, idNumber: null, birthDate: '1960-02-02', hometownCode: '330324' });
          await addMembership(t, m.id, chamber);
        }
      }
    });

    it('walks the groups with keyset cursors: rule order, then key; no group twice, none lost; totalCount when asked', async () => {
      const everything = await page({ scope: { chamberId: chamber }, first: 100 });
      const all = everything.edges.map((e) => e.node);
      expect(all).toHaveLength(17);
      expect(all.map((g) => g.rule)).toEqual([...Array(7).fill('SAME_ID_NUMBER'), ...Array(7).fill('SAME_NAME_PHONE'), ...Array(3).fill('SAME_NAME_BIRTH_HOMETOWN')]);
      for (const rule of ['SAME_ID_NUMBER', 'SAME_NAME_PHONE']) {
        const keys = all.filter((g) => g.rule === rule).map((g) => g.key);
        expect(keys).toEqual([...keys].sort());
      }
      expect(all.filter((g) => g.rule === 'SAME_NAME_BIRTH_HOMETOWN').map((g) => g.size).sort()).toEqual([2, 3, 4]);
      expect(everything.pageInfo.hasNextPage).toBe(false);

      const walked = await allGroups({ scope: { chamberId: chamber } }, admin, 4);
      expect(walked.map((g) => `${g.rule}:${g.key}`)).toEqual(all.map((g) => `${g.rule}:${g.key}`));

      const counted = expectData(await t.gql<Page>(COUNTED, { scope: { chamberId: chamber }, first: 2 }, admin)).memberDuplicates;
      expect(counted.totalCount).toBe(17);
      expect(counted.edges).toHaveLength(2);
      expect(counted.pageInfo.hasNextPage).toBe(true);
      const byRule = expectData(await t.gql<Page>(COUNTED, { scope: { chamberId: chamber }, rule: 'SAME_NAME_PHONE', first: 2 }, admin)).memberDuplicates;
      expect(byRule.totalCount).toBe(7);
      // Past the end: no groups, and the count still right.
      const past = expectData(await t.gql<Page>(COUNTED, { scope: { chamberId: chamber }, first: 5, after: everything.edges[16].cursor }, admin)).memberDuplicates;
      expect([past.edges.length, past.totalCount, past.pageInfo.hasNextPage]).toEqual([0, 17, false]);
      // The count of a non-empty page comes with the page: no second scan.
      const plain = await captureSql(t.dataSource, () => t.gql(LIST, { scope: { chamberId: chamber }, first: 3 }, admin));
      const withCount = await captureSql(t.dataSource, () => t.gql(COUNTED, { scope: { chamberId: chamber }, first: 3 }, admin));
      expect(withCount.statements.length).toBe(plain.statements.length);
    });

    it('loads the members of a page with the same number of statements whatever its size', async () => {
      const DEEP = `query($scope: MemberDuplicateScope, $first: Int!) {
        memberDuplicates(scope: $scope, first: $first) {
          edges { node { rule key members { id name phones hometown { name } memberships { chamber { name } } enterprises { roles } positions { position } mergedInto { id } } } }
        }
      }`;
      const run = (first: number) => captureSql(t.dataSource, () => t.gql<Page>(DEEP, { scope: { chamberId: chamber }, first }, admin));
      await run(2); // warm
      const small = await run(2);
      const large = await run(17);
      expect(expectData(small.result).memberDuplicates.edges).toHaveLength(2);
      const groups = expectData(large.result).memberDuplicates.edges;
      expect(groups).toHaveLength(17);
      expect(groups.reduce((n, e) => n + e.node.members.length, 0)).toBe(7 * 4 + 2 + 3 + 4);
      expect(large.statements.length).toBe(small.statements.length);
      // The groups, their members, then one batch per related kind: never per group or member.
      expect(large.statements.length).toBeLessThanOrEqual(12);
    });
  });
});
