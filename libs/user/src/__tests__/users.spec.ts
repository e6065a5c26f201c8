import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@crm/auth';
import {
  createChamber,
  createOfficial,
  CreatedUser,
  createTestApp,
  createUser,
  errorCode,
  expectData,
  GqlResponse,
  login,
  signedInUser,
  TestApp,
  uniqueEmail,
} from '@crm/testing';
import { UserEntity } from '../entities/user.entity';

const USER_FIELDS = `id email displayName role active mustChangePassword version createdAt
  scope { countyCode chamberId partyCommitteeId officialId }`;

interface GqlUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  mustChangePassword: boolean;
  version: number;
  createdAt: string;
  scope: { countyCode: string | null; chamberId: string | null; partyCommitteeId: string | null; officialId: string | null };
}

const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { temporaryPassword user { ${USER_FIELDS} } }
}`;
const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { ${USER_FIELDS} }
}`;
const RESET_PASSWORD = `mutation Reset($id: ID!) {
  resetUserPassword(id: $id) { temporaryPassword user { ${USER_FIELDS} } }
}`;
const USER = `query User($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`;
const ME = `query { me { ${USER_FIELDS} } }`;
const USERS = `query Users($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${USER_FIELDS} } }
  }
}`;
const AUDIT_EVENTS = `query { auditEvents(first: 5) { edges { node { id } } } }`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const REFRESH = `mutation Refresh($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`;

interface CreatePayload {
  createUser: { temporaryPassword: string | null; user: GqlUser };
}
interface UsersPayload {
  users: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: GqlUser }[];
  };
}


function cursorOf(values: unknown): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

describe('user administration (users, createUser, updateUser, resetUserPassword)', () => {
  let t: TestApp;

  const SECRETARY_CHAMBER = '5b0c1e9e-6a55-4d43-9a3e-0c7e1f2a3b4c';

  beforeAll(async () => {
    t = await createTestApp();
    await createChamber(t, { id: SECRETARY_CHAMBER });
    await createOfficial(t, { id: 'a7e3c9b2-1f4d-4e8a-b6c5-9d0e1f2a3b4c' });
  });
  afterAll(async () => {
    await t.close();
  });

  const admin = () => signedInUser(t, { role: Role.Admin });

  /** Rows in app_user and audit_event: what "nothing was written" is checked against. */
  async function counts(): Promise<{ users: number; events: number }> {
    const [row] = (await t.dataSource.query(
      `SELECT (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM audit_event)::int AS events`,
    )) as { users: number; events: number }[];
    return row;
  }

  async function userRow(id: string): Promise<UserEntity | null> {
    return t.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  async function usersWithEmail(email: string): Promise<number> {
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE email = $1`, [email])) as { n: number }[];
    return row.n;
  }

  async function createViaApi(token: string, input: Record<string, unknown>): Promise<CreatePayload['createUser']> {
    const res = await t.gql<CreatePayload>(CREATE_USER, { input }, token);
    return expectData(res).createUser;
  }

  async function gqlLogin(email: string, password: string): Promise<GqlResponse> {
    return t.gql(LOGIN, { email, password });
  }

  function expectBadInput(res: GqlResponse, field: string): void {
    expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    // Root queries a role may be refused (users, user) are nullable: they come back null.
    expect(Object.values(res.body.data ?? {}).filter((v) => v !== null)).toEqual([]);
  }

  describe('createUser', () => {
    const scopeCases: { role: Role; scope: Record<string, string> | undefined; expected: Partial<GqlUser['scope']> }[] = [
      { role: Role.Admin, scope: undefined, expected: {} },
      { role: Role.CountyOfficer, scope: { countyCode: '330381' }, expected: { countyCode: '330381' } },
      { role: Role.ChamberSecretary, scope: { chamberId: '5b0c1e9e-6a55-4d43-9a3e-0c7e1f2a3b4c' }, expected: { chamberId: '5b0c1e9e-6a55-4d43-9a3e-0c7e1f2a3b4c' } },
      { role: Role.PartyOfficer, scope: { partyCommitteeId: '0d7d2a51-3c44-4f0e-8d61-2b9a6c5e4f31' }, expected: { partyCommitteeId: '0d7d2a51-3c44-4f0e-8d61-2b9a6c5e4f31' } },
      { role: Role.ProjectOfficial, scope: { officialId: 'a7e3c9b2-1f4d-4e8a-b6c5-9d0e1f2a3b4c' }, expected: { officialId: 'a7e3c9b2-1f4d-4e8a-b6c5-9d0e1f2a3b4c' } },
      { role: Role.Viewer, scope: undefined, expected: {} },
    ];

    it.each(scopeCases)('creates a $role with its scope and a working temporary password', async ({ role, scope, expected }) => {
      const a = await admin();
      const email = uniqueEmail(role.toLowerCase());
      const { user, temporaryPassword } = await createViaApi(a.accessToken, { email, displayName: '林秘书长', role: role, scope });

      expect(user).toMatchObject({ email, displayName: '林秘书长', role: role, active: true, mustChangePassword: true, version: 1 });
      expect(user.scope).toEqual({ countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null, ...expected });
      expect(temporaryPassword).toEqual(expect.stringMatching(/^[A-Za-z0-9]{16}$/));

      const row = await userRow(user.id);
      expect(row).toMatchObject({ email, role, mustChangePassword: true, active: true });
      expect(row?.passwordHash).not.toContain(temporaryPassword as string);

      // The temporary password signs the new user in, and `me` is them.
      const session = await login(t, email, temporaryPassword as string);
      const me = expectData(await t.gql<{ me: GqlUser }>(ME, {}, session.accessToken)).me;
      expect(me).toMatchObject({ id: user.id, role: role, mustChangePassword: true });
      expect(me.scope).toEqual(user.scope);
    });

    it('uses a given password instead of generating one, and normalises the email', async () => {
      const a = await admin();
      const email = uniqueEmail('Given');
      const { user, temporaryPassword } = await createViaApi(a.accessToken, {
        email: `  ${email.toUpperCase()} `,
        displayName: '  陈海燕  ',
        role: Role.Viewer,
        password: 'Chosen-pass-2026',
      });
      expect(temporaryPassword).toBeNull();
      expect(user).toMatchObject({ email: email.toLowerCase(), displayName: '陈海燕', mustChangePassword: true });
      await expect(login(t, email, 'Chosen-pass-2026')).resolves.toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
    });

    it('accepts a display name of exactly 100 characters (Chinese included)', async () => {
      const a = await admin();
      const name = '温'.repeat(100);
      const { user } = await createViaApi(a.accessToken, { email: uniqueEmail(), displayName: name, role: Role.Viewer });
      expect(user.displayName).toBe(name);
      expect((await userRow(user.id))?.displayName).toBe(name);
    });

    const long = 'x'.repeat(101);
    const huge = '王'.repeat(10_000);
    const badInputs: { name: string; input: (email: string) => Record<string, unknown>; field: string }[] = [
      { name: 'a COUNTY_OFFICER without scope', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer }), field: 'input.scope.countyCode' },
      { name: 'a COUNTY_OFFICER with an empty scope', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: {} }), field: 'input.scope.countyCode' },
      { name: 'a CHAMBER_SECRETARY without scope', input: (email) => ({ email, displayName: '王秘书', role: Role.ChamberSecretary }), field: 'input.scope.chamberId' },
      { name: 'a PARTY_OFFICER without scope', input: (email) => ({ email, displayName: '党工委', role: Role.PartyOfficer }), field: 'input.scope.partyCommitteeId' },
      { name: 'a PROJECT_OFFICIAL without scope', input: (email) => ({ email, displayName: '联络', role: Role.ProjectOfficial }), field: 'input.scope.officialId' },
      { name: 'a VIEWER with a countyCode (does not apply)', input: (email) => ({ email, displayName: '观察', role: Role.Viewer, scope: { countyCode: '330381' } }), field: 'input.scope.countyCode' },
      { name: 'an ADMIN with a chamberId (does not apply)', input: (email) => ({ email, displayName: '管理', role: Role.Admin, scope: { chamberId: randomUUID() } }), field: 'input.scope.chamberId' },
      {
        name: 'a COUNTY_OFFICER with a chamberId too',
        input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '330381', chamberId: randomUUID() } }),
        field: 'input.scope.chamberId',
      },
      { name: 'a county of another city (330100, Hangzhou)', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '330100' } }), field: 'input.scope.countyCode' },
      { name: 'a county of another province (110101)', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '110101' } }), field: 'input.scope.countyCode' },
      { name: 'the home city itself, not a county (330300)', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '330300' } }), field: 'input.scope.countyCode' },
      { name: 'a malformed county code', input: (email) => ({ email, displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '3303' } }), field: 'input.scope.countyCode' },
      { name: 'a chamber that does not exist', input: (email) => ({ email, displayName: '王秘书', role: Role.ChamberSecretary, scope: { chamberId: randomUUID() } }), field: 'input.scope.chamberId' },
      { name: 'a chamberId that is not a UUID', input: (email) => ({ email, displayName: '王秘书', role: Role.ChamberSecretary, scope: { chamberId: 'chamber-1' } }), field: 'input.scope.chamberId' },
      { name: 'a bad email', input: () => ({ email: 'not-an-email', displayName: '坏邮箱', role: Role.Viewer }), field: 'input.email' },
      { name: 'an email without a local part', input: () => ({ email: '@test.crm', displayName: '坏邮箱', role: Role.Viewer }), field: 'input.email' },
      { name: 'an empty email', input: () => ({ email: '', displayName: '坏邮箱', role: Role.Viewer }), field: 'input.email' },
      { name: 'an empty display name', input: (email) => ({ email, displayName: '', role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a blank display name', input: (email) => ({ email, displayName: '    ', role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a 101-character display name', input: (email) => ({ email, displayName: long, role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a display name with a NUL character', input: (email) => ({ email, displayName: '王\u0000秘书', role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a display name with a line break', input: (email) => ({ email, displayName: '王\n秘书', role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a 10,000-character display name', input: (email) => ({ email, displayName: huge, role: Role.Viewer }), field: 'input.displayName' },
      { name: 'a too-short password', input: (email) => ({ email, displayName: '短密码', role: Role.Viewer, password: 'abc123' }), field: 'input.password' },
      { name: 'a password without a digit', input: (email) => ({ email, displayName: '弱密码', role: Role.Viewer, password: 'onlyletters-here' }), field: 'input.password' },
    ];

    it.each(badInputs)('refuses $name with BAD_USER_INPUT naming $field, writing nothing', async ({ input, field }) => {
      const a = await admin();
      const email = uniqueEmail('bad');
      const before = await counts();
      const res = await t.gql(CREATE_USER, { input: input(email) }, a.accessToken);
      expectBadInput(res, field);
      // The answer names the field; it does not echo a huge input back.
      expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
      expect(await counts()).toEqual(before);
      expect(await usersWithEmail(email)).toBe(0);
    });

    it('refuses a duplicate email (in any letter case) with CONFLICT, writing nothing', async () => {
      const a = await admin();
      const existing = await createUser(t, { role: Role.Viewer });
      const before = await counts();

      const same = await t.gql(CREATE_USER, { input: { email: existing.user.email, displayName: '重复', role: Role.Viewer } }, a.accessToken);
      expect(errorCode(same)).toBe('CONFLICT');
      expect(same.body.errors?.[0]?.extensions?.field).toBe('input.email');
      const upper = await t.gql(CREATE_USER, { input: { email: existing.user.email.toUpperCase(), displayName: '重复', role: Role.Viewer } }, a.accessToken);
      expect(errorCode(upper)).toBe('CONFLICT');

      expect(await counts()).toEqual(before);
      expect(await usersWithEmail(existing.user.email)).toBe(1);
      // The existing account is untouched: its own password still works.
      await expect(login(t, existing.user.email, existing.password)).resolves.toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
    });
  });

  describe('createUser, concurrently', () => {
    it('creates one account when the same email is submitted three times at once; the others get CONFLICT', async () => {
      const a = await admin();
      const email = uniqueEmail('race');
      const before = await counts();
      const results = await Promise.all(
        ['甲', '乙', '丙'].map((displayName) => t.gql(CREATE_USER, { input: { email, displayName, role: Role.Viewer } }, a.accessToken)),
      );
      expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
      expect(await usersWithEmail(email)).toBe(1);
      expect(await counts()).toEqual({ users: before.users + 1, events: before.events + 1 });
    });
  });

  describe('user(id:)', () => {
    it('reads any user for an admin, and answers NOT_FOUND for an unknown id', async () => {
      const a = await admin();
      const other = await createUser(t, { role: Role.CountyOfficer });
      const res = expectData(await t.gql<{ user: GqlUser }>(USER, { id: other.user.id }, a.accessToken));
      expect(res.user).toMatchObject({ id: other.user.id, email: other.user.email, role: Role.CountyOfficer, scope: { countyCode: '330381' } });
      // An id in capitals is the same id.
      const upper = expectData(await t.gql<{ user: GqlUser }>(USER, { id: other.user.id.toUpperCase() }, a.accessToken));
      expect(upper.user.id).toBe(other.user.id);

      expect(errorCode(await t.gql(USER, { id: randomUUID() }, a.accessToken))).toBe('NOT_FOUND');
    });

    it.each(['123', 'not-a-uuid', "00000000-0000-0000-0000-00000000000' OR 1=1", ''])('refuses the malformed id %j with BAD_USER_INPUT (field id)', async (id) => {
      const a = await admin();
      expectBadInput(await t.gql(USER, { id }, a.accessToken), 'id');
    });

    it('refuses a malformed id to updateUser and resetUserPassword, writing nothing', async () => {
      const a = await admin();
      const before = await counts();
      expectBadInput(await t.gql(UPDATE_USER, { id: 'nope', input: { version: 1, displayName: 'x' } }, a.accessToken), 'id');
      expectBadInput(await t.gql(RESET_PASSWORD, { id: '42' }, a.accessToken), 'id');
      expect(await counts()).toEqual(before);
    });
  });

  describe('updateUser', () => {
    it('changes the display name, role and scope and bumps the version', async () => {
      const a = await admin();
      const { user } = await createViaApi(a.accessToken, { email: uniqueEmail(), displayName: '周国平', role: Role.Viewer });

      const renamed = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: user.id, input: { version: 1, displayName: ' 周国平主任 ' } }, a.accessToken)).updateUser;
      expect(renamed).toMatchObject({ displayName: '周国平主任', version: 2, role: Role.Viewer });

      const promoted = expectData(
        await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: user.id, input: { version: 2, role: Role.CountyOfficer, scope: { countyCode: '330324' } } }, a.accessToken),
      ).updateUser;
      expect(promoted).toMatchObject({ role: Role.CountyOfficer, version: 3, scope: { countyCode: '330324', chamberId: null } });
      expect(await userRow(user.id)).toMatchObject({ role: Role.CountyOfficer, countyCode: '330324', displayName: '周国平主任', version: 3 });
    });

    it('refuses a role change without the scope the new role needs, writing nothing', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer });
      const before = await counts();
      expectBadInput(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, role: Role.ChamberSecretary } }, a.accessToken), 'input.scope.chamberId');
      expectBadInput(
        await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, role: Role.CountyOfficer, scope: { countyCode: '110101' } } }, a.accessToken),
        'input.scope.countyCode',
      );
      expectBadInput(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: 'y'.repeat(101) } }, a.accessToken), 'input.displayName');
      expectBadInput(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '' } }, a.accessToken), 'input.displayName');
      expectBadInput(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: 'a\u0000b' } }, a.accessToken), 'input.displayName');
      expect(await counts()).toEqual(before);
      expect(await userRow(target.user.id)).toMatchObject({ role: Role.Viewer, version: 1, displayName: target.user.displayName });
    });

    it('a new role that needs no scope needs none in the input; the old scope is cleared', async () => {
      const a = await admin();
      const county = await createUser(t, { role: Role.CountyOfficer });
      const demoted = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: county.user.id, input: { version: 1, role: Role.Viewer } }, a.accessToken)).updateUser;
      expect(demoted).toMatchObject({ role: Role.Viewer, version: 2, scope: { countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null } });

      const secretary = await createUser(t, { role: Role.ChamberSecretary });
      const promoted = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: secretary.user.id, input: { version: 1, role: Role.Admin } }, a.accessToken)).updateUser;
      expect(promoted).toMatchObject({ role: Role.Admin, scope: { chamberId: null } });
      expect(await userRow(secretary.user.id)).toMatchObject({ role: Role.Admin, chamberId: null });

      // Moving between two scoped roles still needs the new role's scope, and only that.
      const officer = await createUser(t, { role: Role.CountyOfficer });
      expectBadInput(await t.gql(UPDATE_USER, { id: officer.user.id, input: { version: 1, role: Role.PartyOfficer } }, a.accessToken), 'input.scope.partyCommitteeId');
      const partyCommitteeId = randomUUID();
      const moved = expectData(
        await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: officer.user.id, input: { version: 1, role: Role.PartyOfficer, scope: { partyCommitteeId } } }, a.accessToken),
      ).updateUser;
      expect(moved.scope).toEqual({ countyCode: null, chamberId: null, partyCommitteeId, officialId: null });

      // Giving the same role again, without a scope, keeps the scope.
      const same = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: officer.user.id, input: { version: 2, role: Role.PartyOfficer } }, a.accessToken)).updateUser;
      expect(same.scope.partyCommitteeId).toBe(partyCommitteeId);
    });

    it('refuses a stale version with CONFLICT and overwrites nothing', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer, displayName: '原名' });
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '第一次修改' } }, a.accessToken));
      const before = await counts();

      const stale = await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '过期的修改', active: false } }, a.accessToken);
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(stale.body.errors?.[0]?.extensions).toMatchObject({ field: 'input.version', currentVersion: 2 });
      expect(await counts()).toEqual(before);
      expect(await userRow(target.user.id)).toMatchObject({ displayName: '第一次修改', active: true, version: 2 });
      // The target's sessions were not touched by the refused update.
      await expect(login(t, target.user.email, target.password)).resolves.toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
    });

    it('lets exactly one of two concurrent updates with the same version win', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer, displayName: '并发' });
      const [r1, r2] = await Promise.all([
        t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '甲改的' } }, a.accessToken),
        t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '乙改的' } }, a.accessToken),
      ]);
      const outcomes = [errorCode(r1) ?? 'OK', errorCode(r2) ?? 'OK'].sort();
      expect(outcomes).toEqual(['CONFLICT', 'OK']);
      const winner = (errorCode(r1) ? r2 : r1).body.data?.updateUser;
      expect(winner?.version).toBe(2);
      expect(await userRow(target.user.id)).toMatchObject({ displayName: winner?.displayName, version: 2 });
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND operation = 'user.update'`, [target.user.id])) as { n: number }[];
      expect(n).toBe(1);
    });

    it('answers NOT_FOUND for an unknown user', async () => {
      const a = await admin();
      expect(errorCode(await t.gql(UPDATE_USER, { id: randomUUID(), input: { version: 1, displayName: '无此人' } }, a.accessToken))).toBe('NOT_FOUND');
    });
  });

  describe('an administrator and their own account', () => {
    it.each([
      { name: 'disable themselves', input: { active: false } },
      { name: 'become a VIEWER', input: { role: Role.Viewer } },
      { name: 'become a COUNTY_OFFICER', input: { role: Role.CountyOfficer, scope: { countyCode: '330381' } } },
    ])('cannot $name (CONFLICT), and nothing changes', async ({ input }) => {
      const a = await admin();
      await admin(); // another active admin exists, so only the self-rule can refuse
      const before = await counts();
      const res = await t.gql(UPDATE_USER, { id: a.user.id, input: { version: a.user.version, ...input } }, a.accessToken);
      expect(errorCode(res)).toBe('CONFLICT');
      expect(await counts()).toEqual(before);
      expect(await userRow(a.user.id)).toMatchObject({ role: Role.Admin, active: true, version: a.user.version, tokenVersion: a.user.tokenVersion });
      // Still signed in and still an administrator.
      expect(expectData(await t.gql<{ me: GqlUser }>(ME, {}, a.accessToken)).me).toMatchObject({ role: Role.Admin, active: true });
    });

    it('can rename themselves without losing the session', async () => {
      const a = await admin();
      const res = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: a.user.id, input: { version: a.user.version, displayName: '经合办主任' } }, a.accessToken));
      expect(res.updateUser).toMatchObject({ displayName: '经合办主任', role: Role.Admin });
      expect(expectData(await t.gql<{ me: GqlUser }>(ME, {}, a.accessToken)).me.displayName).toBe('经合办主任');
    });
  });

  describe('an administrator and other administrators', () => {
    it('can disable, re-enable and demote another administrator, ending their sessions', async () => {
      const a = await admin();
      const b = await admin();
      const disabled = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: b.user.id, input: { version: 1, active: false } }, a.accessToken)).updateUser;
      expect(disabled).toMatchObject({ role: Role.Admin, active: false, version: 2 });
      expect(errorCode(await t.gql(ME, {}, b.accessToken))).toBe('UNAUTHENTICATED');

      expectData(await t.gql(UPDATE_USER, { id: b.user.id, input: { version: 2, active: true } }, a.accessToken));
      const again = await login(t, b.user.email, b.password);
      const demoted = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: b.user.id, input: { version: 3, role: Role.Viewer } }, a.accessToken)).updateUser;
      expect(demoted).toMatchObject({ role: Role.Viewer, active: true, version: 4 });
      expect(errorCode(await t.gql(ME, {}, again.accessToken))).toBe('UNAUTHENTICATED');
    });

    it('two administrators disabling each other at once leave one of them active, never failing with a server error', async () => {
      for (let round = 0; round < 3; round += 1) {
        const a = await admin();
        const b = await admin();
        // Make a and b the only active administrators for the race, and put the others back after.
        const others = ((await t.dataSource.query(
          `UPDATE app_user SET active = false WHERE role = 'ADMIN' AND active AND id NOT IN ($1, $2) RETURNING id`,
          [a.user.id, b.user.id],
        )) as [{ id: string }[], number])[0].map((r) => r.id);
        try {
          const [ra, rb] = await Promise.all([
            t.gql(UPDATE_USER, { id: b.user.id, input: { version: 1, active: false } }, a.accessToken),
            t.gql(UPDATE_USER, { id: a.user.id, input: { version: 1, active: false } }, b.accessToken),
          ]);
          const outcomes = [errorCode(ra) ?? 'OK', errorCode(rb) ?? 'OK'];
          // Either both ran at once (the second sees it would remove the last admin) or one after
          // the other (the second caller is already signed out).
          expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
          expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'CONFLICT' || o === 'UNAUTHENTICATED')).toBe(true);
          const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE id IN ($1, $2) AND active`, [a.user.id, b.user.id])) as { n: number }[];
          expect(n).toBe(1);
        } finally {
          if (others.length) await t.dataSource.query(`UPDATE app_user SET active = true WHERE id = ANY($1)`, [others]);
        }
      }
    });
  });

  describe('sessions', () => {
    it('disabling a user ends their sessions; they cannot sign in until enabled again', async () => {
      const a = await admin();
      const target = await signedInUser(t, { role: Role.ChamberSecretary });
      expectData(await t.gql(ME, {}, target.accessToken));

      const disabled = expectData(await t.gql<{ updateUser: GqlUser }>(UPDATE_USER, { id: target.user.id, input: { version: 1, active: false } }, a.accessToken)).updateUser;
      expect(disabled).toMatchObject({ active: false, version: 2 });

      expect(errorCode(await t.gql(ME, {}, target.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql(REFRESH, { t: target.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gqlLogin(target.user.email, target.password))).toBe('UNAUTHENTICATED');

      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 2, active: true } }, a.accessToken));
      const again = await login(t, target.user.email, target.password);
      expect(expectData(await t.gql<{ me: GqlUser }>(ME, {}, again.accessToken)).me).toMatchObject({ id: target.user.id, active: true });
    });

    it('a role change ends the user\'s sessions; a rename does not', async () => {
      const a = await admin();
      const target = await signedInUser(t, { role: Role.Viewer });
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 1, displayName: '只改名字' } }, a.accessToken));
      expectData(await t.gql(ME, {}, target.accessToken));

      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 2, role: Role.CountyOfficer, scope: { countyCode: '330381' } } }, a.accessToken));
      expect(errorCode(await t.gql(ME, {}, target.accessToken))).toBe('UNAUTHENTICATED');
    });

    it('resetUserPassword returns a working temporary password; the old password and sessions stop working', async () => {
      const a = await admin();
      const target = await signedInUser(t, { role: Role.CountyOfficer });
      const hashBefore = (await userRow(target.user.id))?.passwordHash;

      const reset = expectData(await t.gql<{ resetUserPassword: CreatePayload['createUser'] }>(RESET_PASSWORD, { id: target.user.id }, a.accessToken)).resetUserPassword;
      expect(reset.temporaryPassword).toEqual(expect.stringMatching(/^[A-Za-z0-9]{16}$/));
      expect(reset.user).toMatchObject({ id: target.user.id, mustChangePassword: true, version: 2 });
      expect((await userRow(target.user.id))?.passwordHash).not.toBe(hashBefore);

      expect(errorCode(await t.gql(ME, {}, target.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql(REFRESH, { t: target.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gqlLogin(target.user.email, target.password))).toBe('UNAUTHENTICATED');
      const session = await login(t, target.user.email, reset.temporaryPassword as string);
      expect(expectData(await t.gql<{ me: GqlUser }>(ME, {}, session.accessToken)).me).toMatchObject({ id: target.user.id, mustChangePassword: true });
    });

    it('a sign-in with a NUL character in the email is BAD_USER_INPUT, not a server error, and writes nothing', async () => {
      const before = await counts();
      const [{ n: failuresBefore }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`)) as { n: number }[];
      expectBadInput(await gqlLogin('someone\u0000@test.crm', 'Whatever-pass-1'), 'email');
      expect(await counts()).toEqual(before);
      const [{ n: failuresAfter }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`)) as { n: number }[];
      expect(failuresAfter).toBe(failuresBefore);
    });

    it('resetUserPassword of an unknown user is NOT_FOUND and writes nothing', async () => {
      const a = await admin();
      const before = await counts();
      expect(errorCode(await t.gql(RESET_PASSWORD, { id: randomUUID() }, a.accessToken))).toBe('NOT_FOUND');
      expect(await counts()).toEqual(before);
    });
  });

  describe('users list', () => {
    async function page(token: string, variables: Record<string, unknown>): Promise<UsersPayload['users']> {
      return expectData(await t.gql<UsersPayload>(USERS, variables, token)).users;
    }

    /** Walks every page; fails on a page that says more follow but is empty. */
    async function walk(token: string, first: number, filter?: Record<string, unknown>) {
      const nodes: GqlUser[] = [];
      const totals: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 1000; i += 1) {
        const p: UsersPayload['users'] = await page(token, { first, after, filter });
        expect(p.edges.length).toBeLessThanOrEqual(first);
        expect(p.pageInfo.hasPreviousPage).toBe(false);
        if (p.edges.length) {
          expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
          expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
        }
        nodes.push(...p.edges.map((e) => e.node));
        totals.push(p.totalCount);
        if (!p.pageInfo.hasNextPage) return { nodes, totals, pages: i + 1 };
        expect(p.edges.length).toBe(first);
        after = p.pageInfo.endCursor;
      }
      throw new Error('pagination did not end');
    }

    async function marked(marker: string, n: number, overrides: (i: number) => Parameters<typeof createUser>[1] = () => ({})): Promise<CreatedUser[]> {
      const created: CreatedUser[] = [];
      for (let i = 0; i < n; i += 1) {
        created.push(await createUser(t, { email: `${marker}-${i}@test.crm`, ...overrides(i) }));
      }
      return created;
    }

    it('pages through every user exactly once, newest first, with a stable totalCount', async () => {
      const a = await admin();
      const marker = `walk${randomBytes(3).toString('hex')}`;
      const mine = await marked(marker, 7);

      const filtered = await walk(a.accessToken, 3, { search: marker });
      expect(filtered.pages).toBe(3);
      expect(filtered.nodes.map((u) => u.id)).toEqual(mine.map((c) => c.user.id).reverse());
      expect(new Set(filtered.totals)).toEqual(new Set([7]));

      // The whole list, without a filter, agrees with the database row for row.
      const all = await walk(a.accessToken, 4);
      const expected = (await t.dataSource.query(`SELECT id FROM app_user ORDER BY created_at DESC, id DESC`)) as { id: string }[];
      expect(all.nodes.map((u) => u.id)).toEqual(expected.map((r) => r.id));
      expect(new Set(all.nodes.map((u) => u.id)).size).toBe(expected.length);
      expect(new Set(all.totals)).toEqual(new Set([expected.length]));
    });

    it('keeps users created in the same instant apart across page boundaries', async () => {
      const a = await admin();
      const marker = `tie${randomBytes(3).toString('hex')}`;
      // One statement: every row gets the same created_at, so only the id tells them apart.
      const rows = (await t.dataSource.query(
        `INSERT INTO app_user (email, display_name, password_hash, role)
         SELECT $1 || '-' || g || '@test.crm', '同时' || g, 'x', 'VIEWER' FROM generate_series(1, 5) g
         RETURNING id, created_at`,
        [marker],
      )) as { id: string; created_at: Date }[];
      expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBe(1);

      const walked = await walk(a.accessToken, 2, { search: marker });
      expect(walked.nodes.map((u) => u.id)).toEqual(rows.map((r) => r.id).sort().reverse());
    });

    it('filters by role, by active and by search (email or display name, Chinese too)', async () => {
      const a = await admin();
      const marker = `flt${randomBytes(3).toString('hex')}`;
      const [secretary, countyOfficer, disabledViewer, viewer] = await marked(marker, 4, (i) => [
        { role: Role.ChamberSecretary, displayName: '王秘书长' },
        { role: Role.CountyOfficer, displayName: '李县长' },
        { role: Role.Viewer, displayName: '张观察', active: false },
        { role: Role.Viewer, displayName: '秘书处陈干事' },
      ][i]);
      const ids = (nodes: GqlUser[]) => nodes.map((u) => u.id);

      const secretaries = await walk(a.accessToken, 100, { role: Role.ChamberSecretary, search: marker });
      expect(ids(secretaries.nodes)).toEqual([secretary.user.id]);
      const allSecretaries = await walk(a.accessToken, 100, { role: Role.ChamberSecretary });
      expect(allSecretaries.nodes.every((u) => u.role === Role.ChamberSecretary)).toBe(true);
      expect(ids(allSecretaries.nodes)).toContain(secretary.user.id);

      const inactive = await walk(a.accessToken, 100, { active: false, search: marker });
      expect(ids(inactive.nodes)).toEqual([disabledViewer.user.id]);
      const active = await walk(a.accessToken, 100, { active: true, search: marker });
      expect(ids(active.nodes)).toEqual([viewer.user.id, countyOfficer.user.id, secretary.user.id]);
      expect(active.totals[0]).toBe(3);

      const viewers = await walk(a.accessToken, 100, { role: Role.Viewer, active: true, search: marker });
      expect(ids(viewers.nodes)).toEqual([viewer.user.id]);

      // Part of an email, in any case.
      const byEmail = await walk(a.accessToken, 100, { search: `${marker.toUpperCase()}-1@` });
      expect(ids(byEmail.nodes)).toEqual([countyOfficer.user.id]);

      // A Chinese fragment of display names, wherever it sits in the name.
      const bySecretary = await walk(a.accessToken, 100, { search: '秘书' });
      expect(bySecretary.nodes.every((u) => `${u.email} ${u.displayName}`.includes('秘书'))).toBe(true);
      expect(ids(bySecretary.nodes)).toEqual(expect.arrayContaining([secretary.user.id, viewer.user.id]));
      expect(ids(bySecretary.nodes)).not.toContain(countyOfficer.user.id);
      expect(ids(bySecretary.nodes)).not.toContain(disabledViewer.user.id);
      expect(bySecretary.totals[0]).toBe(bySecretary.nodes.length);

      // LIKE wildcards are matched literally.
      const wildcard = await walk(a.accessToken, 100, { search: '%_' });
      expect(wildcard.nodes.every((u) => `${u.email} ${u.displayName}`.includes('%_'))).toBe(true);

      const none = await page(a.accessToken, { filter: { search: `${marker}-nobody` } });
      expect(none).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } });
    });

    it('refuses a page size out of range with BAD_USER_INPUT (field first)', async () => {
      const a = await admin();
      expectBadInput(await t.gql(USERS, { first: 101 }, a.accessToken), 'first');
      expectBadInput(await t.gql(USERS, { first: 0 }, a.accessToken), 'first');
      expectBadInput(await t.gql(USERS, { first: -5 }, a.accessToken), 'first');
      expect(expectData(await t.gql<UsersPayload>(USERS, { first: 100 }, a.accessToken)).users.edges.length).toBeLessThanOrEqual(100);
    });

    it('refuses a one-character search, or one with a NUL character, with BAD_USER_INPUT (field filter.search)', async () => {
      const a = await admin();
      expectBadInput(await t.gql(USERS, { filter: { search: '王' } }, a.accessToken), 'filter.search');
      expectBadInput(await t.gql(USERS, { filter: { search: '王\u0000秘' } }, a.accessToken), 'filter.search');
    });

    it.each([
      ['not base64 at all', 'garbage!!'],
      ['base64 of plain text', Buffer.from('hello world').toString('base64url')],
      ['a cursor of the wrong arity', cursorOf(['2026-01-01 00:00:00+00'])],
      ['a cursor holding numbers', cursorOf([1, 2])],
      ['a forged cursor with a bad timestamp', cursorOf(['yesterday-ish', randomUUID()])],
      ['a forged cursor with a bad id', cursorOf(['2026-01-01 00:00:00+00', 'not-a-uuid'])],
      ['an over-long cursor', 'A'.repeat(501)],
    ])('refuses %s as `after` with BAD_USER_INPUT (field after)', async (_name, after) => {
      const a = await admin();
      expectBadInput(await t.gql(USERS, { first: 2, after }, a.accessToken), 'after');
    });
  });

  describe('scope: only administrators manage users', () => {
    const nonAdmins: { role: Role }[] = [
      { role: Role.ChamberSecretary },
      { role: Role.CountyOfficer },
      { role: Role.Viewer },
      { role: Role.PartyOfficer },
      { role: Role.ProjectOfficial },
    ];

    it.each(nonAdmins)('a $role is FORBIDDEN every user administration and the audit trail, and changes nothing', async ({ role }) => {
      const caller = await signedInUser(t, { role });
      const other = await createUser(t, { role: Role.Viewer });
      const otherBefore = await userRow(other.user.id);
      const callerBefore = await userRow(caller.user.id);
      const before = await counts();
      const newEmail = uniqueEmail('forbidden');

      const attempts: [string, GqlResponse][] = [
        ['users', await t.gql(USERS, { first: 5 }, caller.accessToken)],
        ['user(other)', await t.gql(USER, { id: other.user.id }, caller.accessToken)],
        ['createUser', await t.gql(CREATE_USER, { input: { email: newEmail, displayName: '越权', role: Role.Admin } }, caller.accessToken)],
        ['updateUser(other)', await t.gql(UPDATE_USER, { id: other.user.id, input: { version: 1, active: false } }, caller.accessToken)],
        ['updateUser(self → Admin)', await t.gql(UPDATE_USER, { id: caller.user.id, input: { version: 1, role: Role.Admin, scope: {} } }, caller.accessToken)],
        ['resetUserPassword(other)', await t.gql(RESET_PASSWORD, { id: other.user.id }, caller.accessToken)],
      ];
      // The queries are nullable (null beside a FORBIDDEN), the mutations non-null (no data at all).
      const answered = (res: GqlResponse) => Object.values(res.body.data ?? {}).filter((v) => v !== null);
      expect(attempts.map(([name, res]) => [name, errorCode(res), answered(res)])).toEqual(attempts.map(([name]) => [name, 'FORBIDDEN', []]));

      expect(await counts()).toEqual(before);
      expect(await usersWithEmail(newEmail)).toBe(0);
      expect(await userRow(other.user.id)).toEqual(otherBefore);
      expect(await userRow(caller.user.id)).toEqual(callerBefore);

      // Their own account is theirs to read.
      const me = expectData(await t.gql<{ me: GqlUser }>(ME, {}, caller.accessToken)).me;
      expect(me).toMatchObject({ id: caller.user.id, email: caller.user.email, role: role });
      expect(me.scope).toEqual({
        countyCode: caller.user.countyCode,
        chamberId: caller.user.chamberId,
        partyCommitteeId: caller.user.partyCommitteeId,
        officialId: caller.user.officialId,
      });
    });

    it('without a token (or with a bad one) everything but sign-in is UNAUTHENTICATED', async () => {
      const other = await createUser(t, { role: Role.Viewer });
      const before = await counts();
      const badToken = `${(await admin()).accessToken}x`;
      const afterLogin = await counts();
      for (const token of [undefined, badToken, 'not.a.jwt']) {
        const attempts: [string, GqlResponse][] = [
          ['me', await t.gql(ME, {}, token)],
          ['users', await t.gql(USERS, {}, token)],
          ['user', await t.gql(USER, { id: other.user.id }, token)],
          ['createUser', await t.gql(CREATE_USER, { input: { email: uniqueEmail(), displayName: '匿名', role: Role.Admin } }, token)],
          ['updateUser', await t.gql(UPDATE_USER, { id: other.user.id, input: { version: 1, active: false } }, token)],
          ['resetUserPassword', await t.gql(RESET_PASSWORD, { id: other.user.id }, token)],
          ['auditEvents', await t.gql(AUDIT_EVENTS, {}, token)],
        ];
        expect(attempts.map(([name, res]) => [name, errorCode(res)])).toEqual(attempts.map(([name]) => [name, 'UNAUTHENTICATED']));
      }
      expect(before.users + 1).toBe(afterLogin.users);
      expect(await counts()).toEqual(afterLogin);
      expect(await userRow(other.user.id)).toMatchObject({ active: true, version: 1 });
    });
  });
});
