import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Role } from '@crm/auth';
import {
  createTestApp,
  createUser,
  errorCode,
  expectData,
  GqlResponse,
  login,
  Session,
  signedInUser,
  TestApp,
  uniqueEmail,
} from '@crm/testing';

/**
 * Sign-in and sessions, driven over HTTP as a client would: login, `me`, forged and stale
 * access tokens, refresh-token rotation and reuse detection, logout, password change,
 * throttling and the audit trail.
 */

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken expiresIn }
}`;
const ME = `query Me { me { id email displayName role active scope { countyCode chamberId partyCommitteeId officialId } } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }
}`;
const LOGOUT = `mutation Logout($refreshToken: String, $everywhere: Boolean! = false) {
  logout(refreshToken: $refreshToken, everywhere: $everywhere)
}`;
const CHANGE_PASSWORD = `mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input) { accessToken refreshToken expiresIn }
}`;
const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id active version }
}`;
const AUDIT_EVENTS = `query AuditEvents($filter: AuditEventFilter, $first: Int) {
  auditEvents(first: $first, filter: $filter) {
    edges { node { id operation actorId actorEmail entityType entityId metadata changes { field before after } } }
  }
}`;

interface AuditNode {
  id: string;
  operation: string;
  actorId: string | null;
  actorEmail: string | null;
  entityType: string;
  entityId: string | null;
  metadata: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}

type AuthPayload = Session & { expiresIn: number };


/** A password that satisfies the policy and appears nowhere else. */
function freshPassword(): string {
  return `Np${randomBytes(6).toString('hex')}7x`;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('sign-in and sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  // ---- helpers ---------------------------------------------------------------------------

  const loginRaw = (email: string, password: string) => t.gql<{ login: AuthPayload }>(LOGIN, { email, password });
  const me = (token?: string) => t.gql<{ me: Record<string, any> }>(ME, {}, token);
  const refresh = (refreshToken: string) => t.gql<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken });
  const logout = (token: string, variables: { refreshToken?: string; everywhere?: boolean }) =>
    t.gql<{ logout: boolean }>(LOGOUT, variables, token);
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    t.gql<{ changePassword: AuthPayload }>(CHANGE_PASSWORD, { input: { currentPassword, newPassword } }, token);

  /** A login from a given client address (the app trusts X-Forwarded-For from loopback only). */
  async function loginFrom(ip: string, email: string, password: string): Promise<GqlResponse<{ login: AuthPayload }>> {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-forwarded-for', ip)
      .send({ query: LOGIN, variables: { email, password } });
    return { status: res.status, body: res.body as GqlResponse<{ login: AuthPayload }>['body'] };
  }

  /** A test-only client address, so throttling tests do not share the per-address counter. */
  function testIp(): string {
    const b = randomBytes(2);
    return `198.51.${b[0]}.${(b[1] % 250) + 1}`;
  }

  /** Asserts `me` with this token is refused as UNAUTHENTICATED and returns no user. */
  async function expectRefused(token: string | undefined, message?: RegExp): Promise<GqlResponse> {
    const res = await me(token);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.body.data?.me ?? null).toBeNull();
    if (message) expect(res.body.errors?.[0]?.message).toMatch(message);
    return res;
  }

  /** Asserts `me` with this token answers this user. */
  async function expectWorks(token: string, userId: string): Promise<void> {
    const data = expectData(await me(token));
    expect(data.me.id).toBe(userId);
  }

  /** Polls `me` until this token is refused; fails after a second. */
  async function refusedWithinASecond(token: string): Promise<void> {
    const deadline = Date.now() + 1000;
    while (errorCode(await me(token)) !== 'UNAUTHENTICATED') {
      if (Date.now() > deadline) throw new Error('the token was still accepted a second after the change');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function expectRefreshRefused(refreshToken: string): Promise<void> {
    const res = await refresh(refreshToken);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.body.data?.refreshToken ?? null).toBeNull();
  }

  function signToken(
    claims: Record<string, unknown>,
    options: { secret?: string; algorithm?: jwt.Algorithm; issuer?: string; audience?: string; expiresIn?: number } = {},
  ): string {
    const { secret = t.config.JWT_SECRET as string, algorithm = 'HS256', issuer = t.config.JWT_ISSUER, audience = t.config.JWT_AUDIENCE } = options;
    const hasExp = typeof claims.exp === 'number';
    return jwt.sign(claims, secret, {
      algorithm,
      issuer,
      audience,
      ...(hasExp ? {} : { expiresIn: options.expiresIn ?? 300 }),
    });
  }

  async function auditEvents(adminToken: string, filter: Record<string, unknown>, first = 100): Promise<AuditNode[]> {
    const data = expectData(await t.gql<{ auditEvents: { edges: { node: AuditNode }[] } }>(AUDIT_EVENTS, { filter, first }, adminToken));
    return data.auditEvents.edges.map((e) => e.node);
  }

  // ---- sign-in ---------------------------------------------------------------------------

  describe('login and me', () => {
    it('signs in and `me` returns the user with role and scope', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('county'), role: Role.CountyOfficer, displayName: '林海燕' });

      const session = expectData(await loginRaw(user.email, password)).login;
      expect(session.accessToken).toEqual(expect.any(String));
      expect(session.refreshToken).toEqual(expect.any(String));
      expect(session.refreshToken).not.toBe(session.accessToken);
      expect(session.expiresIn).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);

      const data = expectData(await me(session.accessToken));
      expect(data.me).toEqual({
        id: user.id,
        email: user.email,
        displayName: '林海燕',
        role: 'COUNTY_OFFICER',
        active: true,
        scope: { countyCode: '330381', chamberId: null, partyCommitteeId: null, officialId: null },
      });
    });

    it('issues an HS256 access token for the user, with issuer, audience and the configured lifetime', async () => {
      const { user, accessToken } = await signedInUser(t, { email: uniqueEmail('claims') });
      const decoded = jwt.decode(accessToken, { complete: true });
      expect(decoded).not.toBeNull();
      expect(decoded!.header.alg).toBe('HS256');
      const payload = decoded!.payload as jwt.JwtPayload;
      expect(payload.sub).toBe(user.id);
      expect(payload.iss).toBe(t.config.JWT_ISSUER);
      expect(payload.aud).toBe(t.config.JWT_AUDIENCE);
      expect(payload.exp! - payload.iat!).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);
      // The token carries no secret or personal data beyond the user id.
      expect(JSON.stringify(payload)).not.toContain(user.email);
    });

    it('accepts the email regardless of case and surrounding spaces', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('case') });
      const session = expectData(await loginRaw(`  ${user.email.toUpperCase()} `, password)).login;
      await expectWorks(session.accessToken, user.id);
    });

    it('refuses `me` without a token', async () => {
      await expectRefused(undefined, /sign in/i);
    });

    it('answers a wrong password and an unknown email alike, without echoing the password', async () => {
      const { user } = await createUser(t, { email: uniqueEmail('wrongpw') });
      const wrongPassword = freshPassword();
      const unknownPassword = freshPassword();

      const wrong = await loginRaw(user.email, wrongPassword);
      const unknown = await loginRaw(uniqueEmail('nobody'), unknownPassword);

      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
      expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
      expect(wrong.body.data?.login ?? null).toBeNull();
      expect(unknown.body.data?.login ?? null).toBeNull();
      expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
      expect(wrong.body.errors?.[0]?.extensions).toEqual(unknown.body.errors?.[0]?.extensions);
      expect(wrong.status).toBe(unknown.status);
      expect(JSON.stringify(wrong.body)).not.toContain(wrongPassword);
      expect(JSON.stringify(unknown.body)).not.toContain(unknownPassword);
    });
  });

  // ---- disabled accounts -----------------------------------------------------------------

  describe('disabled accounts', () => {
    it('a disabled user cannot sign in, and a wrong password does not reveal that it is disabled', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('disabled'), active: false });

      const res = await loginRaw(user.email, password);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.body.data?.login ?? null).toBeNull();
      expect(res.body.errors?.[0]?.message).toMatch(/disabled/i);

      const wrong = await loginRaw(user.email, freshPassword());
      const unknown = await loginRaw(uniqueEmail('nobody'), freshPassword());
      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
      expect(wrong.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
    });

    it('disabling a user through updateUser ends their access and refresh tokens at once', async () => {
      const admin = await signedInUser(t, { email: uniqueEmail('admin'), role: Role.Admin });
      const target = await signedInUser(t, { email: uniqueEmail('tobedisabled') });
      await expectWorks(target.accessToken, target.user.id);

      const updated = expectData(
        await t.gql<{ updateUser: { id: string; active: boolean; version: number } }>(
          UPDATE_USER,
          { id: target.user.id, input: { version: target.user.version, active: false } },
          admin.accessToken,
        ),
      ).updateUser;
      expect(updated).toEqual({ id: target.user.id, active: false, version: target.user.version + 1 });

      await expectRefused(target.accessToken);
      await expectRefreshRefused(target.refreshToken);
      const again = await loginRaw(target.user.email, target.password);
      expect(errorCode(again)).toBe('UNAUTHENTICATED');
      expect(again.body.errors?.[0]?.message).toMatch(/disabled/i);
      // The administrator's own session is unaffected.
      await expectWorks(admin.accessToken, admin.user.id);

      // Re-enabled, the user signs in afresh; the token from before stays dead.
      expectData(
        await t.gql(UPDATE_USER, { id: target.user.id, input: { version: updated.version, active: true } }, admin.accessToken),
      );
      await expectRefused(target.accessToken);
      await expectRefreshRefused(target.refreshToken);
      const session = await login(t, target.user.email, target.password);
      await expectWorks(session.accessToken, target.user.id);
    });

    // A change written past the services reaches the caller check through the app_user
    // trigger's NOTIFY (test/caller-cache.spec.ts): within a second, not necessarily at once.
    it('disabling the row directly (active=false, token_version bumped) also ends access tokens', async () => {
      const target = await signedInUser(t, { email: uniqueEmail('rowdisabled') });
      await expectWorks(target.accessToken, target.user.id);
      await t.dataSource.query('UPDATE app_user SET active = false, token_version = token_version + 1 WHERE id = $1', [target.user.id]);
      await refusedWithinASecond(target.accessToken);
      await expectRefused(target.accessToken);
    });

    it('a disabled account is refused even with a token whose version still matches', async () => {
      const target = await signedInUser(t, { email: uniqueEmail('activeonly') });
      await expectWorks(target.accessToken, target.user.id);
      await t.dataSource.query('UPDATE app_user SET active = false WHERE id = $1', [target.user.id]);
      await refusedWithinASecond(target.accessToken);
      await expectRefused(target.accessToken, /disabled/i);
    });
  });

  // ---- access tokens -----------------------------------------------------------------------

  describe('access tokens', () => {
    it('accepts a token signed exactly as the server does (control for the forgeries below)', async () => {
      const { user } = await createUser(t, { email: uniqueEmail('control') });
      await expectWorks(signToken({ sub: user.id, ver: user.tokenVersion }), user.id);
    });

    it('refuses an expired access token', async () => {
      const { user } = await createUser(t, { email: uniqueEmail('expired') });
      const now = Math.floor(Date.now() / 1000);
      const expired = signToken({ sub: user.id, ver: user.tokenVersion, iat: now - 3600, exp: now - 60 });
      await expectRefused(expired, /expired/i);
    });

    it('refuses forged tokens', async () => {
      const { user } = await createUser(t, { email: uniqueEmail('forged') });
      const claims = { sub: user.id, ver: user.tokenVersion };
      const now = Math.floor(Date.now() / 1000);
      const unsigned = [
        base64url({ alg: 'none', typ: 'JWT' }),
        base64url({ ...claims, iat: now, exp: now + 300, iss: t.config.JWT_ISSUER, aud: t.config.JWT_AUDIENCE }),
        '',
      ].join('.');
      const validToken = signToken(claims);
      const [, validPayload, validSignature] = validToken.split('.');

      const forgeries: Record<string, string> = {
        'wrong secret': signToken(claims, { secret: 'another-secret-that-is-long-enough-9876543210' }),
        'alg none (unsigned)': unsigned,
        'alg none header over a valid signature': `${base64url({ alg: 'none', typ: 'JWT' })}.${validPayload}.${validSignature}`,
        'wrong issuer': signToken(claims, { issuer: 'someone-else' }),
        'wrong audience': signToken(claims, { audience: 'another-api' }),
        'HS512 with the right secret': signToken(claims, { algorithm: 'HS512' }),
        'HS384 with the right secret': signToken(claims, { algorithm: 'HS384' }),
        'tampered payload': `${validToken.split('.')[0]}.${base64url({ ...claims, sub: randomUUID(), iat: now, exp: now + 300, iss: t.config.JWT_ISSUER, aud: t.config.JWT_AUDIENCE })}.${validSignature}`,
        garbage: 'not-a-jwt',
        'three dots of garbage': 'a.b.c',
      };
      for (const [name, token] of Object.entries(forgeries)) {
        const res = await me(token);
        expect({ name, code: errorCode(res), data: res.body.data?.me ?? null }).toEqual({ name, code: 'UNAUTHENTICATED', data: null });
      }
      // The genuine token still works, so the refusals above were about the forgery.
      await expectWorks(validToken, user.id);
    });

    it('refuses a well-signed token for an unknown user, a stale version, or missing claims', async () => {
      const { user } = await createUser(t, { email: uniqueEmail('claims2') });
      await expectRefused(signToken({ sub: randomUUID(), ver: 0 }));
      await expectRefused(signToken({ sub: user.id, ver: user.tokenVersion + 1 }));
      await expectRefused(signToken({ sub: user.id }));
      await expectRefused(signToken({ sub: user.id, ver: String(user.tokenVersion) }));
      await expectRefused(signToken({ ver: user.tokenVersion }));
      // A subject that is not an id at all is refused as such, not answered as a server error.
      await expectRefused(signToken({ sub: 'not-a-uuid', ver: 0 }));
      await expectRefused(signToken({ sub: `${user.id}'--`, ver: user.tokenVersion }));
    });
  });

  // ---- refresh -----------------------------------------------------------------------------

  describe('refresh tokens', () => {
    it('rotates: each refresh answers a new working pair, and reusing a spent token ends that whole session only', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('rotate') });
      const first = await login(t, user.email, password);
      const otherDevice = await login(t, user.email, password);

      const second = expectData(await refresh(first.refreshToken)).refreshToken;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(second.expiresIn).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);
      await expectWorks(second.accessToken, user.id);

      const third = expectData(await refresh(second.refreshToken)).refreshToken;
      await expectWorks(third.accessToken, user.id);

      // The first refresh token was spent: presenting it again is refused...
      await expectRefreshRefused(first.refreshToken);
      // ...and revokes the whole family, so the newest refresh token of that login fails too.
      await expectRefreshRefused(third.refreshToken);
      await expectRefreshRefused(second.refreshToken);

      // The other login is another family and carries on.
      const otherNext = expectData(await refresh(otherDevice.refreshToken)).refreshToken;
      await expectWorks(otherNext.accessToken, user.id);
      expectData(await refresh(otherNext.refreshToken));
    });

    it('refuses unknown refresh tokens, and an access token used as a refresh token', async () => {
      const { accessToken } = await signedInUser(t, { email: uniqueEmail('badrefresh') });
      await expectRefreshRefused(randomBytes(32).toString('base64url'));
      await expectRefreshRefused('garbage');
      // An access token is no refresh token (cut to the argument's 200-character limit).
      await expectRefreshRefused(accessToken.slice(0, 200));
    });

    it('refuses a refresh token past its expiry', async () => {
      const { refreshToken, user } = await signedInUser(t, { email: uniqueEmail('stale') });
      await t.dataSource.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      await expectRefreshRefused(refreshToken);
    });

    it('never lets two concurrent uses of one refresh token both succeed', async () => {
      const { refreshToken } = await signedInUser(t, { email: uniqueEmail('race') });
      const results = await Promise.all([refresh(refreshToken), refresh(refreshToken), refresh(refreshToken)]);
      const successes = results.filter((r) => r.body.data?.refreshToken);
      expect(successes.length).toBeLessThanOrEqual(1);
      for (const r of results.filter((x) => !x.body.data?.refreshToken)) {
        expect(errorCode(r)).toBe('UNAUTHENTICATED');
      }
    });
  });

  // ---- sessions ended while a refresh is in flight ------------------------------------------

  describe('ending a session while a refresh is in flight', () => {
    /** Waits until `n` sessions of this test database wait on a lock, or `settled` resolves. */
    async function waitForLockWaiters(n: number, settled: Promise<unknown>): Promise<void> {
      let done = false;
      void settled.then(
        () => (done = true),
        () => (done = true),
      );
      const deadline = Date.now() + 10000;
      while (!done && Date.now() < deadline) {
        const [row] = (await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )) as { n: number }[];
        if (row.n >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    }

    /**
     * Runs a refresh and pauses it inside its transaction (its audit insert waits on a table
     * lock held here), starts `other` and lets it run into whatever the refresh holds, then lets
     * both finish. This is the interleaving a client's background refresh and a user's action
     * (or an attacker's replay) can take by chance.
     */
    async function withRefreshMidway(
      refreshToken: string,
      other: () => Promise<GqlResponse>,
    ): Promise<{ refreshed: GqlResponse<{ refreshToken: AuthPayload }>; other: GqlResponse }> {
      const qr = t.dataSource.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        await qr.query('LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE');
        const refreshed = refresh(refreshToken);
        await waitForLockWaiters(1, refreshed);
        const otherRes = other();
        await waitForLockWaiters(2, otherRes);
        await qr.commitTransaction();
        return { refreshed: await refreshed, other: await otherRes };
      } finally {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
        await qr.release();
      }
    }

    it('a password change ends the session a concurrent refresh just extended', async () => {
      const { user, password, accessToken, refreshToken } = await signedInUser(t, { email: uniqueEmail('racechpw') });
      const newPassword = freshPassword();
      const { refreshed, other } = await withRefreshMidway(refreshToken, () => changePassword(accessToken, password, newPassword));
      const fresh = expectData(other as GqlResponse<{ changePassword: AuthPayload }>).changePassword;
      await expectWorks(fresh.accessToken, user.id);
      // The refresh went first, so it succeeded; the password change then ended what it issued.
      const extended = expectData(refreshed).refreshToken;
      await expectRefused(extended.accessToken);
      await expectRefreshRefused(extended.refreshToken);
      expectData(await refresh(fresh.refreshToken));
    });

    it('logout with a refresh token ends the session even while it is being refreshed', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('racelogout') });
      const session = await login(t, user.email, password);
      const { refreshed, other } = await withRefreshMidway(session.refreshToken, () =>
        logout(session.accessToken, { refreshToken: session.refreshToken }),
      );
      expect(expectData(other as GqlResponse<{ logout: boolean }>).logout).toBe(true);
      const extended = expectData(refreshed).refreshToken;
      await expectRefreshRefused(extended.refreshToken);
    });

    it('a replayed refresh token revokes the token a concurrent refresh of the same session just issued', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('racereuse') });
      const first = await login(t, user.email, password);
      const second = expectData(await refresh(first.refreshToken)).refreshToken;
      // The victim refreshes `second` while the attacker replays the spent `first`.
      const { refreshed, other } = await withRefreshMidway(second.refreshToken, () => refresh(first.refreshToken));
      expect(errorCode(other)).toBe('UNAUTHENTICATED');
      const extended = expectData(refreshed).refreshToken;
      await expectRefreshRefused(extended.refreshToken);
    });

    it('disabling a user ends the session a concurrent refresh just extended', async () => {
      const admin = await signedInUser(t, { email: uniqueEmail('raceadmin'), role: Role.Admin });
      const target = await signedInUser(t, { email: uniqueEmail('racedisable') });
      const { refreshed, other } = await withRefreshMidway(target.refreshToken, () =>
        t.gql(UPDATE_USER, { id: target.user.id, input: { version: target.user.version, active: false } }, admin.accessToken),
      );
      expect(expectData(other as GqlResponse<{ updateUser: { active: boolean } }>).updateUser.active).toBe(false);
      // The refresh went first, so it succeeded; the password change then ended what it issued.
      const extended = expectData(refreshed).refreshToken;
      await expectRefused(extended.accessToken);
      await expectRefreshRefused(extended.refreshToken);
    });
  });

  // ---- logout ------------------------------------------------------------------------------

  describe('sign-in racing a change that ends sessions', () => {
    it('a login whose password check predates a password reset gets no session', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('loginrace') });
      const blocker = t.dataSource.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      try {
        // Hold the user's row: the login checks the password, then waits for this lock.
        await blocker.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [user.id]);
        const pending = loginRaw(user.email, password);
        await new Promise((r) => setTimeout(r, 400));
        // Meanwhile an administrator resets the password (as resetUserPassword does).
        await blocker.query(`UPDATE app_user SET password_hash = 'reset', token_version = token_version + 1 WHERE id = $1`, [user.id]);
        await blocker.commitTransaction();
        const res = await pending;
        expect(errorCode(res)).toBe('UNAUTHENTICATED');
        expect(res.body.data?.login ?? null).toBeNull();
        const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1', [user.id])) as { n: number }[];
        expect(n).toBe(0);
      } finally {
        if (blocker.isTransactionActive) await blocker.rollbackTransaction();
        await blocker.release();
      }
    });

    it('a reused refresh token also ends the access token issued from the stolen copy', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('thief') });
      const session = await login(t, user.email, password);
      const thief = expectData(await refresh(session.refreshToken)).refreshToken;
      await expectWorks(thief.accessToken, user.id);
      await expectRefreshRefused(session.refreshToken); // the user's copy, replayed: reuse detected
      await expectRefused(thief.accessToken);
      await expectRefreshRefused(thief.refreshToken);
    });
  });

  describe('logout', () => {
    it('with a refresh token ends that session only', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('logout') });
      const phone = await login(t, user.email, password);
      const laptop = await login(t, user.email, password);

      expect(expectData(await logout(phone.accessToken, { refreshToken: phone.refreshToken })).logout).toBe(true);
      await expectRefreshRefused(phone.refreshToken);

      const next = expectData(await refresh(laptop.refreshToken)).refreshToken;
      await expectWorks(next.accessToken, user.id);
    });

    it('refuses to end someone else\'s session, and without a token', async () => {
      const alice = await signedInUser(t, { email: uniqueEmail('alice') });
      const bob = await signedInUser(t, { email: uniqueEmail('bob') });

      const res = await logout(alice.accessToken, { refreshToken: bob.refreshToken });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.extensions?.field).toBe('refreshToken');
      expectData(await refresh(bob.refreshToken));

      const anonymous = await t.gql(LOGOUT, { refreshToken: alice.refreshToken });
      expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
      expectData(await refresh(alice.refreshToken));
    });

    it('everywhere ends every session, access tokens included', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('everywhere') });
      const phone = await login(t, user.email, password);
      const laptop = await login(t, user.email, password);
      await expectWorks(phone.accessToken, user.id);
      await expectWorks(laptop.accessToken, user.id);

      expect(expectData(await logout(laptop.accessToken, { everywhere: true })).logout).toBe(true);

      await expectRefused(phone.accessToken);
      await expectRefused(laptop.accessToken);
      await expectRefreshRefused(phone.refreshToken);
      await expectRefreshRefused(laptop.refreshToken);

      // Signing in again works.
      const fresh = await login(t, user.email, password);
      await expectWorks(fresh.accessToken, user.id);
    });
  });

  // ---- change password ---------------------------------------------------------------------

  describe('changePassword', () => {
    it('names the field at fault for a wrong current password or a weak new one', async () => {
      const { user, password, accessToken } = await signedInUser(t, { email: uniqueEmail('chpwfields') });

      const wrongCurrent = freshPassword();
      const wrong = await changePassword(accessToken, wrongCurrent, freshPassword());
      expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
      expect(wrong.body.errors?.[0]?.extensions?.field).toBe('input.currentPassword');
      expect(JSON.stringify(wrong.body)).not.toContain(wrongCurrent);

      for (const weak of ['short1', 'onlyletterslongenough', '12345678901234']) {
        const res = await changePassword(accessToken, password, weak);
        expect({ weak, code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({
          weak,
          code: 'BAD_USER_INPUT',
          field: 'input.newPassword',
        });
        expect(JSON.stringify(res.body)).not.toContain(weak);
      }

      const same = await changePassword(accessToken, password, password);
      expect(errorCode(same)).toBe('BAD_USER_INPUT');
      expect(same.body.errors?.[0]?.extensions?.field).toBe('input.newPassword');

      const withName = await changePassword(accessToken, password, `${user.email.split('@')[0]}X9`);
      expect(errorCode(withName)).toBe('BAD_USER_INPUT');
      expect(withName.body.errors?.[0]?.extensions?.field).toBe('input.newPassword');

      // Nothing changed: the session and the password still work.
      await expectWorks(accessToken, user.id);
      await login(t, user.email, password);
    });

    it('on success returns working tokens and ends every earlier session', async () => {
      const { user, password } = await createUser(t, { email: uniqueEmail('chpw') });
      const here = await login(t, user.email, password);
      const elsewhere = await login(t, user.email, password);
      const newPassword = freshPassword();

      const fresh = expectData(await changePassword(here.accessToken, password, newPassword)).changePassword;
      expect(fresh.expiresIn).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);
      await expectWorks(fresh.accessToken, user.id);

      await expectRefused(here.accessToken);
      await expectRefused(elsewhere.accessToken);
      await expectRefreshRefused(here.refreshToken);
      await expectRefreshRefused(elsewhere.refreshToken);

      // The fresh refresh token works (and the old ones failing did not take it down).
      const next = expectData(await refresh(fresh.refreshToken)).refreshToken;
      await expectWorks(next.accessToken, user.id);

      const old = await loginRaw(user.email, password);
      expect(errorCode(old)).toBe('UNAUTHENTICATED');
      const session = await login(t, user.email, newPassword);
      await expectWorks(session.accessToken, user.id);
    });
  });

  // ---- throttling --------------------------------------------------------------------------

  describe('throttling', () => {
    it(`refuses even the right password after LOGIN_MAX_FAILURES failures for an email; other emails are unaffected`, async () => {
      const max = t.config.LOGIN_MAX_FAILURES;
      expect(max).toBe(5);
      const ip = testIp();
      const { user, password } = await createUser(t, { email: uniqueEmail('throttled') });
      const bystander = await createUser(t, { email: uniqueEmail('bystander') });

      for (let i = 0; i < max; i += 1) {
        // Case does not make a new counter.
        const email = i % 2 ? user.email.toUpperCase() : user.email;
        const res = await loginFrom(ip, email, freshPassword());
        expect({ attempt: i + 1, code: errorCode(res) }).toEqual({ attempt: i + 1, code: 'UNAUTHENTICATED' });
      }

      const blocked = await loginFrom(ip, user.email, password);
      expect(errorCode(blocked)).toBe('TOO_MANY_REQUESTS');
      expect(blocked.body.data?.login ?? null).toBeNull();
      const retryAfter = blocked.body.errors?.[0]?.extensions?.retryAfterSeconds;
      expect(typeof retryAfter).toBe('number');
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(t.config.LOGIN_FAILURE_WINDOW_SECONDS);
      expect(JSON.stringify(blocked.body)).not.toContain(password);

      // From another address too: the limit is per email.
      expect(errorCode(await loginFrom(testIp(), user.email, password))).toBe('TOO_MANY_REQUESTS');

      // A different email, from the same address, signs in.
      const ok = expectData(await loginFrom(ip, bystander.user.email, bystander.password)).login;
      await expectWorks(ok.accessToken, bystander.user.id);
    });

    it('lets the right password in below the limit, and a success clears the count', async () => {
      const max = t.config.LOGIN_MAX_FAILURES;
      const ip = testIp();
      const { user, password } = await createUser(t, { email: uniqueEmail('belowlimit') });
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < max - 1; i += 1) {
          expect(errorCode(await loginFrom(ip, user.email, freshPassword()))).toBe('UNAUTHENTICATED');
        }
        expect(expectData(await loginFrom(ip, user.email, password)).login.accessToken).toEqual(expect.any(String));
      }
    });

    it('cannot be outrun by firing many attempts at once', async () => {
      const max = t.config.LOGIN_MAX_FAILURES;
      const { user, password } = await createUser(t, { email: uniqueEmail('burst') });
      // Each guess from its own address, so only the per-email limit is in play.
      const results = await Promise.all(Array.from({ length: max * 3 }, () => loginFrom(testIp(), user.email, freshPassword())));
      const codes = results.map(errorCode);
      expect(codes.every((c) => c === 'UNAUTHENTICATED' || c === 'TOO_MANY_REQUESTS')).toBe(true);
      // No more than the limit of guesses were actually checked against the password.
      expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(max);
      expect(errorCode(await loginFrom(testIp(), user.email, password))).toBe('TOO_MANY_REQUESTS');
    });

    it('counts wrong current passwords in changePassword against the same limit', async () => {
      const { user, password, accessToken } = await signedInUser(t, { email: uniqueEmail('chpwguess') });
      for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) {
        const res = await changePassword(accessToken, freshPassword(), freshPassword());
        expect(res.body.errors?.[0]?.extensions?.field).toBe('input.currentPassword');
      }
      // Guessing through a stolen session is now blocked, and so is signing in.
      const blocked = await changePassword(accessToken, password, freshPassword());
      expect(errorCode(blocked)).toBe('TOO_MANY_REQUESTS');
      expect(errorCode(await loginRaw(user.email, password))).toBe('TOO_MANY_REQUESTS');
      // Nothing changed: the password is still the old one.
      const [row] = (await t.dataSource.query('SELECT version FROM app_user WHERE id = $1', [user.id])) as { version: number }[];
      expect(row.version).toBe(user.version);
    });

    it('throttles an unknown email the same way as a known one', async () => {
      const ip = testIp();
      const email = uniqueEmail('ghost');
      for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i += 1) {
        expect(errorCode(await loginFrom(ip, email, freshPassword()))).toBe('UNAUTHENTICATED');
      }
      expect(errorCode(await loginFrom(ip, email, freshPassword()))).toBe('TOO_MANY_REQUESTS');
    });

    it('throttles one address after four times the limit across emails; other addresses are unaffected', async () => {
      const max = t.config.LOGIN_MAX_FAILURES;
      const ip = testIp();
      const { user, password } = await createUser(t, { email: uniqueEmail('sameip') });
      for (let i = 0; i < max * 4; i += 1) {
        expect(errorCode(await loginFrom(ip, uniqueEmail(`spray${i}`), freshPassword()))).toBe('UNAUTHENTICATED');
      }
      expect(errorCode(await loginFrom(ip, user.email, password))).toBe('TOO_MANY_REQUESTS');
      expectData(await loginFrom(testIp(), user.email, password));
    }, 60000);
  });

  // ---- audit -------------------------------------------------------------------------------

  describe('audit trail', () => {
    it('records a successful and a failed sign-in, without the password', async () => {
      const admin = await signedInUser(t, { email: uniqueEmail('auditor'), role: Role.Admin });
      const { user, password } = await createUser(t, { email: uniqueEmail('audited') });
      const wrongPassword = freshPassword();

      const session = await login(t, user.email, password);
      expect(errorCode(await loginRaw(user.email, wrongPassword))).toBe('UNAUTHENTICATED');
      const unknownEmail = uniqueEmail('unknown');
      const unknownPassword = freshPassword();
      expect(errorCode(await loginRaw(unknownEmail, unknownPassword))).toBe('UNAUTHENTICATED');

      const logins = await auditEvents(admin.accessToken, { operation: 'auth.login', entityId: user.id }, 20);
      expect(logins).toHaveLength(1);
      expect(logins[0]).toMatchObject({ operation: 'auth.login', actorId: user.id, entityType: 'User', entityId: user.id });

      const failures = await auditEvents(admin.accessToken, { operation: 'auth.loginFailed', entityId: user.id }, 20);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ operation: 'auth.loginFailed', actorId: null, entityType: 'User', entityId: user.id });
      expect(JSON.parse(failures[0].metadata ?? '{}')).toEqual({ email: user.email });

      // The brief's query shape, by operation only, finds it too.
      const data = expectData(
        await t.gql<{ auditEvents: { edges: { node: { operation: string; actorId: string | null; entityId: string | null } }[] } }>(
          `{ auditEvents(first: 20, filter: { operation: "auth.login" }) { edges { node { operation actorId entityId } } } }`,
          {},
          admin.accessToken,
        ),
      );
      expect(data.auditEvents.edges.map((e) => e.node)).toContainEqual({ operation: 'auth.login', actorId: user.id, entityId: user.id });

      // An unknown email is recorded without a user.
      const allFailures = await auditEvents(admin.accessToken, { operation: 'auth.loginFailed' });
      const unknown = allFailures.filter((e) => JSON.parse(e.metadata ?? '{}').email === unknownEmail);
      expect(unknown).toHaveLength(1);
      expect(unknown[0]).toMatchObject({ actorId: null, entityId: null });

      // Change the password, so that event is checked as well.
      const newPassword = freshPassword();
      expectData(await changePassword(session.accessToken, password, newPassword));
      const changes = await auditEvents(admin.accessToken, { operation: 'auth.changePassword', entityId: user.id });
      expect(changes).toHaveLength(1);

      const everything = JSON.stringify([
        ...(await auditEvents(admin.accessToken, { entityId: user.id })),
        ...allFailures,
      ]);
      for (const secret of [password, wrongPassword, unknownPassword, newPassword]) {
        expect(everything).not.toContain(secret);
      }
      // And in the table itself, every column of every event.
      for (const secret of [password, wrongPassword, unknownPassword, newPassword]) {
        const [row] = (await t.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_event e WHERE strpos(row_to_json(e)::text, $1) > 0`,
          [secret],
        )) as { n: number }[];
        expect(row.n).toBe(0);
      }
    });

    it('keeps a password typed into the email box out of the audit trail and the throttle table', async () => {
      const admin = await signedInUser(t, { email: uniqueEmail('auditor2'), role: Role.Admin });
      const typedInWrongBox = `Secret ${freshPassword()}`;
      expect(errorCode(await loginRaw(typedInWrongBox, 'whatever-1'))).toBe('UNAUTHENTICATED');
      const failures = await auditEvents(admin.accessToken, { operation: 'auth.loginFailed' });
      const secretPart = typedInWrongBox.split(' ')[1];
      expect(JSON.stringify(failures)).not.toContain(secretPart);
      expect(failures.some((e) => /^sha256:[0-9a-f]{64}$/.test(JSON.parse(e.metadata ?? '{}').email))).toBe(true);
      const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE strpos(email, $1) > 0`, [secretPart])) as { n: number }[];
      expect(row.n).toBe(0);
    });

    it('shows a non-admin only their own events (their sign-ins, nobody else\'s)', async () => {
      const viewer = await signedInUser(t, { email: uniqueEmail('viewer') });
      const res = await t.gql<{ auditEvents: { edges: { node: { actorEmail: string | null } }[] } }>(AUDIT_EVENTS, { filter: { operation: 'auth.login' }, first: 20 }, viewer.accessToken);
      const emails = expectData(res).auditEvents.edges.map((e) => e.node.actorEmail);
      expect(emails.length).toBeGreaterThan(0);
      expect(new Set(emails)).toEqual(new Set([viewer.user.email]));
    });
  });
});
