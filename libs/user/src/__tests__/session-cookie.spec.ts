import { createTestApp, createUser, TestApp } from '@crm/testing';

/**
 * The admin UI's session: with `x-crm-session: cookie` the refresh token goes into an httpOnly,
 * SameSite=Strict cookie scoped to /graphql and never into the answer; refresh, logout and
 * password change read and replace the cookie. Without the header nothing changes for GraphQL
 * clients (auth.spec.ts covers the JSON flow), and a cookie alone is never read.
 */
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresIn } }`;
const REFRESH = `mutation { refreshToken { accessToken refreshToken expiresIn } }`;
const REFRESH_JSON = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }`;
const LOGOUT = `mutation($everywhere: Boolean!) { logout(everywhere: $everywhere) }`;
const ME = `{ me { email } }`;

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { extensions?: Record<string, any> }[] };
  cookies: string[];
}

describe('the refresh cookie of the admin UI (x-crm-session: cookie)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function post(query: string, variables: Record<string, unknown>, opts: { cookie?: string; token?: string; mode?: boolean } = {}): Promise<Answer> {
    let req = t.http().post('/graphql').set('content-type', 'application/json');
    if (opts.mode !== false) req = req.set('x-crm-session', 'cookie');
    if (opts.cookie) req = req.set('cookie', opts.cookie);
    if (opts.token) req = req.set('authorization', `Bearer ${opts.token}`);
    const res = await req.send({ query, variables });
    const raw = res.headers['set-cookie'] as unknown;
    const cookies = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
    return { status: res.status, body: res.body as Answer['body'], cookies };
  }
  const cookieValue = (a: Answer) => /^crm_refresh=([^;]*)/.exec(a.cookies.find((c) => c.startsWith('crm_refresh=')) ?? '')?.[1];

  it('signs in with the refresh token in an httpOnly, SameSite=Strict cookie and not in the answer', async () => {
    const { user, password } = await createUser(t);
    const res = await post(LOGIN, { email: user.email, password });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.login.accessToken).toEqual(expect.any(String));
    expect(res.body.data?.login.refreshToken).toBeNull();
    const cookie = res.cookies.find((c) => c.startsWith('crm_refresh='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/graphql/);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    expect(cookieValue(res)).toMatch(/^\S{20,}$/);
  });

  it('refreshes from the cookie, rotates it, and refuses the old one (ending the session)', async () => {
    const { user, password } = await createUser(t);
    const first = cookieValue(await post(LOGIN, { email: user.email, password }));
    const refreshed = await post(REFRESH, {}, { cookie: `other=1; crm_refresh=${first}` });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data?.refreshToken.refreshToken).toBeNull();
    const second = cookieValue(refreshed);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const me = await post(ME, {}, { token: refreshed.body.data?.refreshToken.accessToken });
    expect(me.body.data?.me.email).toBe(user.email);

    // The old cookie again: reuse; the family ends and the cookie is cleared.
    const reused = await post(REFRESH, {}, { cookie: `crm_refresh=${first}` });
    expect(reused.body.errors?.[0].extensions?.reason).toBe('USER_REFRESH_TOKEN_REUSED');
    expect(reused.body.errors?.[0].extensions?.messageZh).toMatch(/请重新登录/);
    expect(reused.cookies.some((c) => /^crm_refresh=;.*Max-Age=0/.test(c))).toBe(true);
    const after = await post(REFRESH, {}, { cookie: `crm_refresh=${second}` });
    expect(after.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads no cookie without the header (a cross-site form cannot send it), and none at all is UNAUTHENTICATED', async () => {
    const { user, password } = await createUser(t);
    const token = cookieValue(await post(LOGIN, { email: user.email, password }));
    const withoutHeader = await post(REFRESH, {}, { cookie: `crm_refresh=${token}`, mode: false });
    expect(withoutHeader.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'refreshToken' });
    const noCookie = await post(REFRESH, {});
    expect(noCookie.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // The cookie is still good: the refusals above did not use it.
    expect((await post(REFRESH, {}, { cookie: `crm_refresh=${token}` })).body.errors).toBeUndefined();
  });

  it('logs out the cookie session and clears the cookie; log out everywhere ends the other sessions', async () => {
    const { user, password } = await createUser(t);
    const a = await post(LOGIN, { email: user.email, password });
    const b = await post(LOGIN, { email: user.email, password });
    const out = await post(LOGOUT, { everywhere: false }, { cookie: `crm_refresh=${cookieValue(a)}`, token: a.body.data?.login.accessToken });
    expect(out.body.data?.logout).toBe(true);
    expect(out.cookies.some((c) => /^crm_refresh=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await post(REFRESH, {}, { cookie: `crm_refresh=${cookieValue(a)}` })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // b still works until it logs out everywhere.
    const bAgain = await post(REFRESH, {}, { cookie: `crm_refresh=${cookieValue(b)}` });
    expect(bAgain.body.errors).toBeUndefined();
    const c = await post(LOGIN, { email: user.email, password });
    await post(LOGOUT, { everywhere: true }, { cookie: `crm_refresh=${cookieValue(bAgain)}`, token: bAgain.body.data?.refreshToken.accessToken });
    expect((await post(REFRESH, {}, { cookie: `crm_refresh=${cookieValue(c)}` })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await post(ME, {}, { token: c.body.data?.login.accessToken })).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the JSON flow for GraphQL clients: no cookie, the refresh token in the answer', async () => {
    const { user, password } = await createUser(t);
    const res = await post(LOGIN, { email: user.email, password }, { mode: false });
    expect(res.cookies.filter((c) => c.startsWith('crm_refresh='))).toEqual([]);
    const refreshToken = res.body.data?.login.refreshToken as string;
    expect(refreshToken).toEqual(expect.any(String));
    const next = await post(REFRESH_JSON, { t: refreshToken }, { mode: false });
    expect(next.body.data?.refreshToken.refreshToken).toEqual(expect.any(String));
    expect(next.cookies).toEqual([]);
  });
});
