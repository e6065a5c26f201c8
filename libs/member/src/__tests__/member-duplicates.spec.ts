import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { makeIdNumber, MemberEntity } from '@crm/member';
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
// scope argument and the caller's scope, masking, keyset paging and the statement count.

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
      expect(res.body.data).toBeNull();
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
