import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { createChamber, createUser, errorCode, expectData, login, signedInUser, TestApp, createTestApp, uniqueEmail } from '@crm/testing';

/**
 * A chamber secretariat keeps its own staff accounts: it adds secretaries of exactly its chamber
 * (temporary password, changed at first sign-in), lists them, disables and enables them — never
 * an account of a chamber below or elsewhere, never its own, never another role. Audited.
 */
const STAFF = `{ staffAccounts { id email displayName role active mustChangePassword version scope { chamberId } } }`;
const CREATE = `mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { temporaryPassword user { id email role mustChangePassword version scope { chamberId } } } }`;
const SET_ACTIVE = `mutation($id: ID!, $input: SetStaffAccountActiveInput!) { setStaffAccountActive(id: $id, input: $input) { id active version } }`;
const ME = `{ me { id mustChangePassword } }`;

describe('staff accounts of a chamber secretariat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function secretariat() {
    const top = await createChamber(t, { level: ChamberLevel.Provincial });
    const below = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const me = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
    return { top, below, me };
  }

  it('adds a secretary of exactly its own chamber with a temporary password, audited, who must change it', async () => {
    const { top, me } = await secretariat();
    const email = uniqueEmail('staff');
    const res = await t.gql(CREATE, { input: { email, displayName: '王干事' } }, me.accessToken);
    const created = expectData(res).createStaffAccount;
    expect(created.user).toMatchObject({ email, role: 'CHAMBER_SECRETARY', mustChangePassword: true, scope: { chamberId: top.id } });
    expect(created.temporaryPassword).toEqual(expect.any(String));
    const session = await login(t, email, created.temporaryPassword);
    expect(expectData(await t.gql(ME, {}, session.accessToken)).me.mustChangePassword).toBe(true);
    const [event] = (await t.dataSource.query(`SELECT operation, actor_id AS "actorId", metadata FROM audit_event WHERE entity_type = 'User' AND entity_id = $1`, [created.user.id])) as {
      operation: string;
      actorId: string;
      metadata: Record<string, unknown>;
    }[];
    expect(event).toMatchObject({ operation: 'user.create', actorId: me.user.id, metadata: { by: 'secretariat' } });
    const list = expectData(await t.gql(STAFF, {}, me.accessToken)).staffAccounts.map((u: { email: string }) => u.email);
    expect(list).toEqual(expect.arrayContaining([me.user.email, email]));
  });

  it('lets an account with a temporary password do nothing but read itself, change the password and sign out, on the server', async () => {
    const { me } = await secretariat();
    const email = uniqueEmail('staff');
    const { temporaryPassword } = expectData(await t.gql(CREATE, { input: { email, displayName: '周干事' } }, me.accessToken)).createStaffAccount;
    const first = await login(t, email, temporaryPassword);
    // Not only the UI's redirect: the API itself refuses work (a query, a mutation, a file route).
    const members = await t.gql(`{ members(first: 1) { totalCount } }`, {}, first.accessToken);
    expect(errorCode(members)).toBe('FORBIDDEN');
    expect(members.body.errors?.[0]?.extensions).toMatchObject({ reason: 'AUTH_PASSWORD_CHANGE_REQUIRED', messageZh: expect.stringContaining('临时密码') });
    const create = await t.gql(CREATE, { input: { email: uniqueEmail('staff'), displayName: '吴干事' } }, first.accessToken);
    expect(errorCode(create)).toBe('FORBIDDEN');
    const file = await t.http().get('/member-imports/template.xlsx').set('Authorization', `Bearer ${first.accessToken}`);
    expect(file.status).toBe(403);
    expect(expectData(await t.gql(ME, {}, first.accessToken)).me.mustChangePassword).toBe(true);
    const changed = expectData(
      await t.gql(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`, { input: { currentPassword: temporaryPassword, newPassword: 'Zhou-Ganshi-2026' } }, first.accessToken),
    ).changePassword;
    expect(expectData(await t.gql(ME, {}, changed.accessToken)).me.mustChangePassword).toBe(false);
    expect(expectData(await t.gql(`{ members(first: 1) { totalCount } }`, {}, changed.accessToken)).members.totalCount).toEqual(expect.any(Number));
  });

  it('lists only its own chamber\'s secretaries, not those of the chambers below or elsewhere', async () => {
    const { below, me } = await secretariat();
    const belowSecretary = await createUser(t, { role: Role.ChamberSecretary, chamberId: below.id });
    const elsewhere = await createUser(t, { role: Role.ChamberSecretary });
    const list = expectData(await t.gql(STAFF, {}, me.accessToken)).staffAccounts.map((u: { id: string }) => u.id);
    expect(list).toEqual([me.user.id]);
    expect(list).not.toContain(belowSecretary.user.id);
    expect(list).not.toContain(elsewhere.user.id);
  });

  it('disables and enables a colleague (sessions end at once), refusing a stale version', async () => {
    const { top, me } = await secretariat();
    const colleague = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
    const version = colleague.user.version;
    const off = expectData(await t.gql(SET_ACTIVE, { id: colleague.user.id, input: { active: false, version } }, me.accessToken)).setStaffAccountActive;
    expect(off).toMatchObject({ active: false, version: version + 1 });
    expect(errorCode(await t.gql(ME, {}, colleague.accessToken))).toBe('UNAUTHENTICATED');
    const stale = await t.gql(SET_ACTIVE, { id: colleague.user.id, input: { active: true, version } }, me.accessToken);
    expect(errorCode(stale)).toBe('CONFLICT');
    const on = expectData(await t.gql(SET_ACTIVE, { id: colleague.user.id, input: { active: true, version: version + 1 } }, me.accessToken)).setStaffAccountActive;
    expect(on.active).toBe(true);
    const ops = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_type = 'User' AND entity_id = $1 ORDER BY id`, [colleague.user.id])) as { operation: string }[];
    expect(ops.map((o) => o.operation)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  it('never reaches wider: the chambers below, other chambers, other roles and itself are refused, nothing written', async () => {
    const { below, me } = await secretariat();
    const belowSecretary = await createUser(t, { role: Role.ChamberSecretary, chamberId: below.id });
    const elsewhere = await createUser(t, { role: Role.ChamberSecretary });
    const officer = await createUser(t, { role: Role.CountyOfficer });
    for (const target of [belowSecretary, elsewhere, officer]) {
      const res = await t.gql(SET_ACTIVE, { id: target.user.id, input: { active: false, version: target.user.version } }, me.accessToken);
      expect(errorCode(res)).toBe('NOT_FOUND');
      const [row] = (await t.dataSource.query(`SELECT active FROM app_user WHERE id = $1`, [target.user.id])) as { active: boolean }[];
      expect(row.active).toBe(true);
    }
    const self = await t.gql(SET_ACTIVE, { id: me.user.id, input: { active: false, version: me.user.version } }, me.accessToken);
    expect(self.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'USER_STAFF_NOT_SELF' });
    const badEmail = await t.gql(CREATE, { input: { email: 'not-an-email', displayName: '某' } }, me.accessToken);
    expect(badEmail.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  });

  it('is refused to roles without a secretariat', async () => {
    for (const role of [Role.CountyOfficer, Role.Viewer, Role.PartyOfficer]) {
      const caller = await signedInUser(t, { role });
      expect(errorCode(await t.gql(CREATE, { input: { email: uniqueEmail('x'), displayName: '某' } }, caller.accessToken))).toBe('FORBIDDEN');
      const list = await t.gql(STAFF, {}, caller.accessToken);
      expect(list.body.data?.staffAccounts).toBeNull();
      expect(errorCode(list)).toBe('FORBIDDEN');
    }
    // An administrator holds every permission but has no secretariat of its own.
    const admin = await signedInUser(t, { role: Role.Admin });
    expect(expectData(await t.gql(STAFF, {}, admin.accessToken)).staffAccounts).toEqual([]);
    expect(await t.gql(CREATE, { input: { email: uniqueEmail('x'), displayName: '某' } }, admin.accessToken)).toMatchObject({
      body: { errors: [{ extensions: { code: 'FORBIDDEN', reason: 'USER_STAFF_NO_CHAMBER' } }] },
    });
  });
});
