import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { CallerCache, Role } from '@crm/auth';
import { CallerChangeListener } from '@crm/user';
import { captureSql, createTestApp, errorCode, expectData, GqlResponse, login, signedInUser, TestApp } from '@crm/testing';

/**
 * The caller check answers tokens it has seen from memory (CallerCache) and still ends access
 * at once: after a change made through the services of this process, and within a second
 * after a change made by another process or straight in the database (NOTIFY app_user_changed).
 */

const ME = `query Me { me { id role } }`;
const REGION = `query Region($code: String!) { region(code: $code) { code } }`;
const USERS = `query Users { users(first: 1) { edges { node { id } } } }`;
const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id version } }`;
const CHANGE_PASSWORD = `mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`;
const LOGOUT = `mutation Logout($everywhere: Boolean!) { logout(everywhere: $everywhere) }`;

/** A query that reads no account: any `app_user` statement during it is the caller check's. */
const CITY = '330300';

const DISABLED = /disabled/i;
const SESSION_ENDED = /session has ended/i;

/** SELECTs on app_user among the statements a request sent. */
function accountReads(statements: string[]): string[] {
  return statements.filter((s) => /^\s*SELECT\b/i.test(s) && /\bapp_user\b/.test(s));
}

/** Polls `check` every 20 ms until it holds; fails once `ms` have passed without. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the caller check (CallerCache)', () => {
  let t: TestApp;
  let admin: { accessToken: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signedInUser(t, { role: Role.Admin });
  });
  afterAll(async () => {
    await t?.close();
  });

  const region = (token: string, app: TestApp = t) => app.gql(REGION, { code: CITY }, token);

  /** Uses the token twice so its account is cached, and checks the second use read nothing. */
  async function warm(token: string, app: TestApp = t): Promise<void> {
    expectData(await region(token, app));
    const { result, statements } = await captureSql(app.dataSource, () => region(token, app));
    expectData(result);
    expect(accountReads(statements)).toEqual([]);
  }

  /**
   * Runs `fn` with this process deaf to change notifications, so what it shows is the service's
   * own drop right after its commit, not a NOTIFY that happened to arrive first.
   */
  async function deaf(fn: () => Promise<void>): Promise<void> {
    const listener = t.app.get(CallerChangeListener) as unknown as { heard(): void };
    const muted = jest.spyOn(listener, 'heard').mockImplementation(() => undefined);
    try {
      await fn();
    } finally {
      muted.mockRestore();
    }
  }

  function expectUnauthenticated(res: GqlResponse, message: RegExp): void {
    expect({ code: errorCode(res), message: res.body.errors?.[0]?.message }).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(message) });
  }

  async function version(id: string): Promise<number> {
    const [row] = (await t.dataSource.query('SELECT version FROM app_user WHERE id = $1', [id])) as { version: number }[];
    return row.version;
  }

  it('reads app_user on the first use of a token, and not on the next', async () => {
    const user = await signedInUser(t);
    const first = await captureSql(t.dataSource, () => region(user.accessToken));
    expectData(first.result);
    expect(accountReads(first.statements)).toHaveLength(1);
    const second = await captureSql(t.dataSource, () => region(user.accessToken));
    expectData(second.result);
    expect(accountReads(second.statements)).toEqual([]);
    // The answer from memory is the same caller.
    expect(expectData(await t.gql<{ me: { id: string; role: string } }>(ME, {}, user.accessToken)).me).toEqual({ id: user.user.id, role: Role.Viewer });
  });

  it('(a) refuses a disabled account\'s token at once in the process that disabled it', async () => {
    await deaf(async () => {
      const target = await signedInUser(t);
      await warm(target.accessToken);
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: await version(target.user.id), active: false } }, admin.accessToken));
      expectUnauthenticated(await region(target.accessToken), DISABLED);
    });
  });

  it('(b) a password change and a sign-out everywhere refuse the old token at once', async () => {
    await deaf(async () => {
      const target = await signedInUser(t);
      await warm(target.accessToken);
      const changed = expectData(
        await t.gql<{ changePassword: { accessToken: string } }>(CHANGE_PASSWORD, { input: { currentPassword: target.password, newPassword: 'Fresh-pass-2-the-cache' } }, target.accessToken),
      ).changePassword;
      expectUnauthenticated(await region(target.accessToken), SESSION_ENDED);

      await warm(changed.accessToken);
      expectData(await t.gql(LOGOUT, { everywhere: true }, changed.accessToken));
      expectUnauthenticated(await region(changed.accessToken), SESSION_ENDED);
    });
  });

  it('(c) a role change takes effect at once: a refused operation becomes allowed, an allowed one refused', async () => {
    await deaf(async () => {
      const target = await signedInUser(t);
      await warm(target.accessToken);
      expect(errorCode(await t.gql(USERS, {}, target.accessToken))).toBe('FORBIDDEN');
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: await version(target.user.id), role: Role.Admin } }, admin.accessToken));
      // A role change ends the sessions (UserService): the old token goes at once, a new one has the role.
      expectUnauthenticated(await t.gql(USERS, {}, target.accessToken), SESSION_ENDED);
      const promoted = await login(t, target.user.email, target.password);
      await warm(promoted.accessToken);
      expectData(await t.gql(USERS, {}, promoted.accessToken));

      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: await version(target.user.id), role: Role.Viewer } }, admin.accessToken));
      expectUnauthenticated(await t.gql(USERS, {}, promoted.accessToken), SESSION_ENDED);
      const demoted = await login(t, target.user.email, target.password);
      expect(errorCode(await t.gql(USERS, {}, demoted.accessToken))).toBe('FORBIDDEN');
    });
  });

  it('(e) a cached token still expires on time', async () => {
    const user = await signedInUser(t);
    const exp = Math.floor(Date.now() / 1000) + 3;
    const token = jwt.sign({ sub: user.user.id, ver: user.user.tokenVersion, exp }, t.config.JWT_SECRET as string, {
      algorithm: 'HS256',
      issuer: t.config.JWT_ISSUER,
      audience: t.config.JWT_AUDIENCE,
    });
    await warm(token);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 5));
    const { result, statements } = await captureSql(t.dataSource, () => region(token));
    expectUnauthenticated(result, /expired/i);
    expect(accountReads(statements)).toEqual([]);
    // The same answer as for an expired token never seen before (passport-jwt's).
    expect(result.body.errors?.[0]?.message).toBe('The access token has expired; refresh it or sign in again');
  });

  describe('changes written by another session (straight into the database)', () => {
    let sql: Client;

    beforeAll(async () => {
      sql = new Client({ connectionString: t.databaseUrl });
      await sql.connect();
    });
    afterAll(async () => {
      await sql?.end();
    });

    const refusedWithin = async (token: string, message: RegExp, app: TestApp = t) => {
      await within(1000, async () => errorCode(await region(token, app)) === 'UNAUTHENTICATED');
      expectUnauthenticated(await region(token, app), message);
    };

    it('a disable, a token version bump, a role change and a delete reach the cached caller within 1 s', async () => {
      const disabled = await signedInUser(t);
      await warm(disabled.accessToken);
      await sql.query('UPDATE app_user SET active = false WHERE id = $1', [disabled.user.id]);
      await refusedWithin(disabled.accessToken, DISABLED);

      const bumped = await signedInUser(t);
      await warm(bumped.accessToken);
      await sql.query('UPDATE app_user SET token_version = token_version + 1 WHERE id = $1', [bumped.user.id]);
      await refusedWithin(bumped.accessToken, SESSION_ENDED);

      const promoted = await signedInUser(t);
      await warm(promoted.accessToken);
      expect(errorCode(await t.gql(USERS, {}, promoted.accessToken))).toBe('FORBIDDEN');
      await sql.query(`UPDATE app_user SET role = 'ADMIN' WHERE id = $1`, [promoted.user.id]);
      await within(1000, async () => !errorCode(await t.gql(USERS, {}, promoted.accessToken)));
      await sql.query(`UPDATE app_user SET role = 'VIEWER' WHERE id = $1`, [promoted.user.id]);
      await within(1000, async () => errorCode(await t.gql(USERS, {}, promoted.accessToken)) === 'FORBIDDEN');

      const deleted = await signedInUser(t);
      await warm(deleted.accessToken);
      await sql.query('DELETE FROM app_user WHERE id = $1', [deleted.user.id]);
      await refusedWithin(deleted.accessToken, /not valid/i);
    });

    it('a change made while the listener is disconnected is not missed: the check reads the database until it is back', async () => {
      const target = await signedInUser(t);
      await warm(target.accessToken);
      const cache = t.app.get(CallerCache);
      // End the listening connection (and wait until the server has ended it).
      await sql.query(
        `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name LIKE '%:caller-changes' AND datname = current_database()`,
      );
      await sql.query('UPDATE app_user SET active = false WHERE id = $1', [target.user.id]);
      // Reconnected yet or not, this process does not answer from the row it held.
      expectUnauthenticated(await region(target.accessToken), DISABLED);
      await within(5000, async () => cache.isLive);
      // Connected again: answering from memory once more.
      const user = await signedInUser(t);
      await warm(user.accessToken);
    });
  });

  /**
   * Last in this file: passport keeps one strategy per name for the whole Node process, so the
   * app started last (`other`) verifies every app's new tokens with its own strategy, and
   * `t` cannot authenticate new tokens once `other` is closed. Each process of a deployment
   * has its own passport; here `other` is the process that watches (its cache, its listener)
   * and `t` the one that changes the account.
   */
  describe('(d) two app instances on one database', () => {
    let other: TestApp;

    beforeAll(async () => {
      other = await createTestApp({}, { databaseUrl: t.databaseUrl });
    });
    afterAll(async () => {
      await other?.close();
    });

    it('a user disabled through one instance is refused by the other within 1 s', async () => {
      const target = await signedInUser(other);
      const first = await captureSql(other.dataSource, () => region(target.accessToken, other));
      expectData(first.result);
      expect(accountReads(first.statements)).toHaveLength(1);
      await warm(target.accessToken, other);
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: await version(target.user.id), active: false } }, admin.accessToken));
      await within(1000, async () => errorCode(await region(target.accessToken, other)) === 'UNAUTHENTICATED');
      expectUnauthenticated(await region(target.accessToken, other), DISABLED);
    });

    it('a role changed over one instance\'s connection reaches the other within 1 s', async () => {
      const target = await signedInUser(other);
      await warm(target.accessToken, other);
      expect(errorCode(await other.gql(USERS, {}, target.accessToken))).toBe('FORBIDDEN');
      // Without ending sessions, as a script or a future path might: only the row changes.
      await t.dataSource.query(`UPDATE app_user SET role = 'ADMIN' WHERE id = $1`, [target.user.id]);
      await within(1000, async () => !errorCode(await other.gql(USERS, {}, target.accessToken)));
    });
  });
});
