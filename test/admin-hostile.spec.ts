import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { createChamber, createTestApp, createUser, errorCode, expectData, refusalChecker, rowCounts, signedInUser, TestApp, uniqueEmail } from '@crm/testing';

/**
 * Hostile pass over issue 18 phase 1's API changes: the admin UI's cookie session (cross-site
 * requests, cookie flags, refresh reuse, logout), a secretariat's staff accounts (reaching other
 * chambers, parents, roles, itself; escalation through the inputs; concurrency) and the /admin
 * static serving (path traversal, CSP, the index.html fallback leaving /graphql and /health alone).
 */
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken expiresIn } }`;
const REFRESH = `mutation { refreshToken { accessToken refreshToken expiresIn } }`;
const LOGOUT = `mutation($everywhere: Boolean!) { logout(everywhere: $everywhere) }`;
const STAFF = `{ staffAccounts { id email role active scope { chamberId } } }`;
const CREATE = `mutation($input: CreateStaffAccountInput!) { createStaffAccount(input: $input) { temporaryPassword user { id email role scope { chamberId countyCode } } } }`;
const SET_ACTIVE = `mutation($id: ID!, $input: SetStaffAccountActiveInput!) { setStaffAccountActive(id: $id, input: $input) { id active version } }`;
const USERS = `{ users(first: 50) { edges { node { id } } } }`;
const USER = `query($id: ID!) { user(id: $id) { id email } }`;

describe('admin UI API, hostile', () => {
  let t: TestApp;
  let uiDir: string;
  let base: { host: string; port: number };
  const previousDir = process.env.ADMIN_UI_DIR;

  beforeAll(async () => {
    // A stand-in build (no Vite needed): index.html, one hashed asset, and a secret beside the folder.
    const root = mkdtempSync(join(tmpdir(), 'crm-admin-hostile-'));
    uiDir = join(root, 'ui');
    mkdirSync(join(uiDir, 'assets'), { recursive: true });
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>ADMIN-INDEX</title>');
    writeFileSync(join(uiDir, 'assets', 'app-abc123.js'), 'console.log("ADMIN-ASSET")');
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE-UI');
    process.env.ADMIN_UI_DIR = uiDir;
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = { host: '127.0.0.1', port: (t.app.getHttpServer().address() as { port: number }).port };
  });
  afterAll(async () => {
    await t?.close();
    if (previousDir === undefined) delete process.env.ADMIN_UI_DIR;
    else process.env.ADMIN_UI_DIR = previousDir;
    if (uiDir) rmSync(join(uiDir, '..'), { recursive: true, force: true });
  });

  /** A raw HTTP request: the path goes on the wire exactly as written (no URL normalisation). */
  function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ ...base, agent: false, method, path, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  }

  interface Answer {
    status: number;
    body: { data?: Record<string, any> | null; errors?: { extensions?: Record<string, any> }[] };
    cookies: string[];
  }
  async function post(query: string, variables: Record<string, unknown>, opts: { cookie?: string; token?: string; mode?: string | null; headers?: Record<string, string> } = {}): Promise<Answer> {
    let req = t.http().post('/graphql').set('content-type', 'application/json');
    const mode = opts.mode === undefined ? 'cookie' : opts.mode;
    if (mode !== null) req = req.set('x-crm-session', mode);
    if (opts.cookie) req = req.set('cookie', opts.cookie);
    if (opts.token) req = req.set('authorization', `Bearer ${opts.token}`);
    for (const [k, v] of Object.entries(opts.headers ?? {})) req = req.set(k, v);
    const res = await req.send({ query, variables });
    const rawCookies = res.headers['set-cookie'] as unknown;
    const cookies = Array.isArray(rawCookies) ? (rawCookies as string[]) : typeof rawCookies === 'string' ? [rawCookies] : [];
    return { status: res.status, body: res.body as Answer['body'], cookies };
  }
  const cookieOf = (a: Answer) => /^crm_refresh=([^;]*)/.exec(a.cookies.find((c) => c.startsWith('crm_refresh=')) ?? '')?.[1];
  const liveTokens = async (userId: string) =>
    Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`, [userId])) as { n: number }[])[0].n);
  async function cookieSession(role = Role.Viewer) {
    const { user, password } = await createUser(t, { role });
    const res = await post(LOGIN, { email: user.email, password });
    return { user, password, cookie: cookieOf(res) as string, accessToken: res.body.data?.login.accessToken as string };
  }

  describe('the cookie session', () => {
    it('never reads the cookie without the x-crm-session header, whatever else the request says', async () => {
      const s = await cookieSession();
      for (const mode of [null, '', 'json', 'cookies', 'cookie, cookie']) {
        const res = await post(REFRESH, {}, { cookie: `crm_refresh=${s.cookie}`, mode });
        expect([mode, res.body.errors?.[0].extensions?.code, res.body.errors?.[0].extensions?.field]).toEqual([mode, 'UNAUTHENTICATED', 'refreshToken']);
        expect(res.cookies).toEqual([]);
      }
      // A cross-site form post (a "simple" request: no custom header, form or text content type).
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        const res = await raw('POST', '/graphql', { 'content-type': type, cookie: `crm_refresh=${s.cookie}`, origin: 'https://evil.example' }, JSON.stringify({ query: REFRESH }));
        expect([type, res.status >= 400, res.headers['set-cookie']]).toEqual([type, true, undefined]);
      }
      // A GET link with the mutation: never a mutation, never a cookie.
      const get = await raw('GET', `/graphql?query=${encodeURIComponent(REFRESH)}`, { cookie: `crm_refresh=${s.cookie}`, 'x-crm-session': 'cookie' });
      expect(get.headers['set-cookie']).toBeUndefined();
      expect(get.body).not.toContain('accessToken":"');
      // The cookie is still good: none of the above used it.
      expect((await post(REFRESH, {}, { cookie: `crm_refresh=${s.cookie}` })).body.errors).toBeUndefined();
    });

    it('grants no cross-origin browser the custom header (no CORS for another site)', async () => {
      const res = await raw('OPTIONS', '/graphql', {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-crm-session',
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(String(res.headers['access-control-allow-headers'] ?? '')).not.toMatch(/x-crm-session/i);
    });

    it('sets the cookie httpOnly, SameSite=Strict, on /graphql only, Secure behind an HTTPS proxy, and never hands the token to page scripts', async () => {
      const { user, password } = await createUser(t);
      const plain = await post(LOGIN, { email: user.email, password });
      const cookie = plain.cookies.find((c) => c.startsWith('crm_refresh=')) as string;
      expect(cookie.split(/;\s*/).slice(1).sort()).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/graphql']));
      expect(cookie).not.toMatch(/Domain=/i);
      expect(plain.body.data?.login.refreshToken).toBeNull();
      const https = await post(LOGIN, { email: user.email, password }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(https.cookies.find((c) => c.startsWith('crm_refresh='))).toMatch(/; Secure/);
      // The cookie's Max-Age is the refresh lifetime, not longer.
      const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
      expect(maxAge).toBe(t.config.REFRESH_TOKEN_TTL_SECONDS);
    });

    it('refuses garbage, huge and duplicated cookies as UNAUTHENTICATED, never a 500', async () => {
      for (const value of ['x', 'a'.repeat(201), 'a'.repeat(10_000), '%00%0d%0a', '"quoted"', '../../etc/passwd']) {
        const res = await post(REFRESH, {}, { cookie: `crm_refresh=${value}` });
        expect([value.slice(0, 10), res.status, res.body.errors?.[0].extensions?.code]).toEqual([value.slice(0, 10), 200, 'UNAUTHENTICATED']);
      }
      const empty = await post(REFRESH, {}, { cookie: 'crm_refresh=' });
      expect(empty.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // An explicit empty argument is bad input, not a cookie read.
      const s = await cookieSession();
      const arg = await post(`mutation { refreshToken(refreshToken: "") { accessToken } }`, {}, { cookie: `crm_refresh=${s.cookie}` });
      expect(arg.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await liveTokens(s.user.id)).toBe(1);
    });

    it('lets exactly one of two simultaneous refreshes of the same cookie through; the other is reuse and ends the family', async () => {
      const s = await cookieSession();
      const answers = await Promise.all([0, 1].map(() => post(REFRESH, {}, { cookie: `crm_refresh=${s.cookie}` })));
      const ok = answers.filter((a) => !a.body.errors);
      const refused = answers.filter((a) => a.body.errors);
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'USER_REFRESH_TOKEN_REUSED' });
      expect(refused[0].cookies.some((c) => /^crm_refresh=;.*Max-Age=0/.test(c))).toBe(true);
      // The family is over: the winner's new cookie is refused as well, and nothing is live.
      const after = await post(REFRESH, {}, { cookie: `crm_refresh=${cookieOf(ok[0])}` });
      expect(after.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await liveTokens(s.user.id)).toBe(0);
    });

    it('logout: needs the access token, does not end a session that is not the caller\'s, and clears the cookie', async () => {
      const a = await cookieSession();
      const b = await cookieSession();
      // No access token: refused, the cookie stays usable.
      const anonymous = await post(LOGOUT, { everywhere: false }, { cookie: `crm_refresh=${a.cookie}` });
      expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await liveTokens(a.user.id)).toBe(1);
      // A's access token with B's cookie: B's session is not A's to end.
      const foreign = await post(LOGOUT, { everywhere: false }, { cookie: `crm_refresh=${b.cookie}`, token: a.accessToken });
      expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: expect.any(String), field: 'refreshToken' });
      expect(await liveTokens(b.user.id)).toBe(1);
      // Twice in a row: the second finds no live session but still clears the cookie without a 500.
      const first = await post(LOGOUT, { everywhere: false }, { cookie: `crm_refresh=${a.cookie}`, token: a.accessToken });
      expect(first.body.data?.logout).toBe(true);
      expect(first.cookies.some((c) => /^crm_refresh=;.*Max-Age=0/.test(c))).toBe(true);
      expect(await liveTokens(a.user.id)).toBe(0);
      const refreshAfter = await post(REFRESH, {}, { cookie: `crm_refresh=${a.cookie}` });
      expect(refreshAfter.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('a disabled account\'s cookie is refused and cleared', async () => {
      const s = await cookieSession();
      await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [s.user.id]);
      const res = await post(REFRESH, {}, { cookie: `crm_refresh=${s.cookie}` });
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(res.body.errors?.[0].extensions?.code);
      expect(res.body.data?.refreshToken ?? null).toBeNull();
      expect(res.cookies.some((c) => /^crm_refresh=;.*Max-Age=0/.test(c))).toBe(true);
    });
  });

  describe('staff accounts', () => {
    const counts = () => rowCounts(t, ['app_user', 'audit_event']);
    const refused = refusalChecker(counts);

    async function secretariat() {
      const parent = await createChamber(t, { level: ChamberLevel.Provincial });
      const top = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: parent.id });
      const below = await createChamber(t, { level: ChamberLevel.County, parentId: top.id });
      const sibling = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: parent.id });
      const me = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      return { parent, top, below, sibling, me };
    }

    it('cannot escalate through the input: role, scope, chamber, county or admin fields are refused, nothing written', async () => {
      const { parent, me } = await secretariat();
      for (const extra of [{ role: 'ADMIN' }, { chamberId: parent.id }, { scope: { chamberId: parent.id } }, { countyCode: '330302' }, { active: false }, { mustChangePassword: false }]) {
        const before = await counts();
        const res = await t.gql(CREATE, { input: { email: uniqueEmail('esc'), displayName: '越权', ...extra } }, me.accessToken);
        expect([JSON.stringify(extra), errorCode(res)]).toEqual([JSON.stringify(extra), 'BAD_USER_INPUT']);
        expect(await counts()).toEqual(before);
      }
      // Written inline (not as variables) the same.
      const before = await counts();
      const inline = await t.gql(`mutation { createStaffAccount(input: { email: "${uniqueEmail('esc')}", displayName: "越权", role: ADMIN }) { temporaryPassword } }`, {}, me.accessToken);
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(inline));
      expect(await counts()).toEqual(before);
    });

    it('creates exactly a secretary of the caller\'s own chamber, never of the parent or another', async () => {
      const { top, me } = await secretariat();
      const made = expectData(await t.gql(CREATE, { input: { email: uniqueEmail('own'), displayName: '王干事' } }, me.accessToken)).createStaffAccount;
      expect(made.user).toMatchObject({ role: 'CHAMBER_SECRETARY', scope: { chamberId: top.id, countyCode: null } });
      const [row] = (await t.dataSource.query(`SELECT role, chamber_id AS "chamberId", county_code AS "countyCode", party_committee_id AS p, official_id AS o, must_change_password AS m FROM app_user WHERE id = $1`, [made.user.id])) as Record<string, unknown>[];
      expect(row).toEqual({ role: 'CHAMBER_SECRETARY', chamberId: top.id, countyCode: null, p: null, o: null, m: true });
    });

    it('refuses bad e-mails and display names with the field, nothing written', async () => {
      const { me } = await secretariat();
      const call = (input: Record<string, unknown>) => () => t.gql(CREATE, { input }, me.accessToken);
      for (const email of ['', '   ', 'not-an-email', 'a@b', `${'a'.repeat(320)}@test.crm`, 'a\n@test.crm', 'x@test.crm\r\nBcc: y@test.crm']) {
        await refused(call({ email, displayName: '某' }), 'BAD_USER_INPUT', 'input.email');
      }
      for (const displayName of ['', '    ', 'x'.repeat(101), 'x'.repeat(100_000), '王\u0000秘书', '王\u0007秘书']) {
        const res = await refused(call({ email: uniqueEmail('dn'), displayName }), 'BAD_USER_INPUT', 'input.displayName');
        // The Chinese message a person reads is whole (no missing number).
        expect(res.body.errors?.[0].extensions?.messageZh).not.toMatch(/\s{2}|^$/);
      }
      await refused(call({ email: 12345, displayName: '某' }), 'BAD_USER_INPUT', 'input.email');
      await refused(call({ email: uniqueEmail('dn'), displayName: null }), 'BAD_USER_INPUT', 'input.displayName');
    });

    it('refuses an e-mail already taken (any case, any role) with CONFLICT on input.email', async () => {
      const { me } = await secretariat();
      const admin = await createUser(t, { role: Role.Admin });
      await refused(() => t.gql(CREATE, { input: { email: admin.user.email.toUpperCase(), displayName: '冒充' } }, me.accessToken), 'CONFLICT', 'input.email');
      await refused(() => t.gql(CREATE, { input: { email: `  ${me.user.email}  `, displayName: '冒充' } }, me.accessToken), 'CONFLICT', 'input.email');
    });

    it('the same e-mail created five times at once (case variants too): one account, the others CONFLICT on input.email', async () => {
      const { me } = await secretariat();
      const email = uniqueEmail('race');
      const variants = [email, email.toUpperCase(), ` ${email}`, email, email.replace(/^r/, 'R')];
      const before = await counts();
      const answers = await Promise.all(variants.map((e) => t.gql(CREATE, { input: { email: e, displayName: '并发' } }, me.accessToken)));
      const ok = answers.filter((a) => !a.body.errors);
      expect(ok).toHaveLength(1);
      for (const a of answers.filter((x) => x.body.errors)) expect(a.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.email' });
      const after = await counts();
      expect(after.app_user).toBe(before.app_user + 1);
      expect(after.audit_event).toBe(before.audit_event + 1);
    });

    it('cannot reach the parent\'s, a sibling\'s, a child\'s secretaries, other roles, nor itself; nothing changes', async () => {
      const { parent, below, sibling, top, me } = await secretariat();
      const targets = [
        await createUser(t, { role: Role.ChamberSecretary, chamberId: parent.id }),
        await createUser(t, { role: Role.ChamberSecretary, chamberId: sibling.id }),
        await createUser(t, { role: Role.ChamberSecretary, chamberId: below.id }),
        await createUser(t, { role: Role.Admin }),
        await createUser(t, { role: Role.CountyOfficer }),
        await createUser(t, { role: Role.Viewer }),
      ];
      for (const target of targets) {
        await refused(() => t.gql(SET_ACTIVE, { id: target.user.id, input: { active: false, version: target.user.version } }, me.accessToken), 'NOT_FOUND');
      }
      await refused(() => t.gql(SET_ACTIVE, { id: me.user.id, input: { active: false, version: me.user.version } }, me.accessToken), 'CONFLICT', 'id');
      // The widened read scope of User does not open the administrators' user queries.
      const colleague = await createUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      expect(errorCode(await t.gql(USERS, {}, me.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(USER, { id: colleague.user.id }, me.accessToken))).toBe('FORBIDDEN');
      // The list shows only the own secretariat, never the parent's or a sibling's.
      const listed = expectData(await t.gql(STAFF, {}, me.accessToken)).staffAccounts.map((u: { id: string }) => u.id).sort();
      expect(listed).toEqual([me.user.id, colleague.user.id].sort());
    });

    it('refuses unknown and malformed ids and bad versions with the field', async () => {
      const { top, me } = await secretariat();
      const colleague = await createUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      const set = (id: unknown, input: Record<string, unknown>) => () => t.gql(SET_ACTIVE, { id, input }, me.accessToken);
      await refused(set('00000000-0000-4000-8000-00000000dead', { active: false, version: 1 }), 'NOT_FOUND');
      await refused(set('not-a-uuid', { active: false, version: 1 }), 'BAD_USER_INPUT', 'id');
      await refused(set(`'; DROP TABLE app_user; --`, { active: false, version: 1 }), 'BAD_USER_INPUT', 'id');
      for (const version of [0, -1]) await refused(set(colleague.user.id, { active: false, version }), 'BAD_USER_INPUT', 'input.version');
      for (const version of [2 ** 31, 1.5, '1']) await refused(set(colleague.user.id, { active: false, version }), 'BAD_USER_INPUT', 'input.version');
      await refused(set(colleague.user.id, { active: 'no', version: colleague.user.version }), 'BAD_USER_INPUT', 'input.active');
      await refused(set(colleague.user.id, { active: false, version: colleague.user.version + 7 }), 'CONFLICT', 'input.version');
    });

    it('two secretaries disabling the same colleague at once with the same version: one wins, the other CONFLICT, one audit event', async () => {
      const { top, me } = await secretariat();
      const other = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      const target = await createUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      const before = await counts();
      const answers = await Promise.all([me, other].map((s) => t.gql(SET_ACTIVE, { id: target.user.id, input: { active: false, version: target.user.version } }, s.accessToken)));
      const codes = answers.map((a) => errorCode(a) ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expect((await counts()).audit_event).toBe(before.audit_event + 1);
    });

    it('a disabled secretary\'s tokens and other roles are refused at the door', async () => {
      const { top, me } = await secretariat();
      const colleague = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      expectData(await t.gql(SET_ACTIVE, { id: colleague.user.id, input: { active: false, version: colleague.user.version } }, me.accessToken));
      await refused(() => t.gql(CREATE, { input: { email: uniqueEmail('gone'), displayName: '离职' } }, colleague.accessToken), 'UNAUTHENTICATED');
      for (const role of [Role.CountyOfficer, Role.PartyOfficer, Role.ProjectOfficial, Role.Viewer]) {
        const caller = await signedInUser(t, { role });
        await refused(() => t.gql(CREATE, { input: { email: uniqueEmail('r'), displayName: '某' } }, caller.accessToken), 'FORBIDDEN');
        await refused(() => t.gql(SET_ACTIVE, { id: me.user.id, input: { active: false, version: me.user.version } }, caller.accessToken), 'FORBIDDEN');
      }
      await refused(() => t.gql(CREATE, { input: { email: uniqueEmail('anon'), displayName: '某' } }), 'UNAUTHENTICATED');
    });

    it('cannot re-enable an account an administrator disabled', async () => {
      const { top, me } = await secretariat();
      const colleague = await createUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
      const admin = await signedInUser(t, { role: Role.Admin });
      const off = expectData(
        await t.gql(`mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id active version } }`, { id: colleague.user.id, input: { active: false, version: colleague.user.version } }, admin.accessToken),
      ).updateUser;
      await refused(() => t.gql(SET_ACTIVE, { id: colleague.user.id, input: { active: true, version: off.version } }, me.accessToken), 'FORBIDDEN', 'id');
      const [row] = (await t.dataSource.query(`SELECT active FROM app_user WHERE id = $1`, [colleague.user.id])) as { active: boolean }[];
      expect(row.active).toBe(false);
    });
  });

  describe('the /admin static serving', () => {
    const traversals = [
      '/admin/../../etc/passwd',
      '/admin/../secret.txt',
      '/admin/..%2f..%2fetc%2fpasswd',
      '/admin/%2e%2e/%2e%2e/etc/passwd',
      '/admin/%2e%2e/secret.txt',
      '/admin/%252e%252e/secret.txt',
      '/admin/..%5csecret.txt',
      '/admin/assets/../../secret.txt',
      '/admin/assets/..%2f..%2fsecret.txt',
      '/admin/assets/%2e%2e/%2e%2e/secret.txt',
      '/admin/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/admin/assets/app-abc123.js%00.html',
      '/admin/..;/secret.txt',
      '/admin//etc/passwd',
    ];
    it.each(traversals)('never serves a file outside the UI folder: %s', async (path) => {
      const res = await raw('GET', path);
      expect(res.body).not.toContain('TOP-SECRET-OUTSIDE-UI');
      expect(res.body).not.toMatch(/root:.*:0:0:/);
      expect(res.status).not.toBe(500);
      // No server paths or stack traces in an error page.
      expect(res.body).not.toMatch(/node_modules|at [A-Za-z.]+ \(|\/tmp\//);
    });

    it('sends the CSP and nosniff with every page of the UI, index.html asked for by name included', async () => {
      const bare = await raw('GET', '/admin');
      expect([bare.status, bare.headers.location]).toEqual([301, '/admin/']);
      for (const path of ['/admin/', '/admin/members/123', '/admin/index.html']) {
        const res = await raw('GET', path);
        expect([path, res.status, res.body]).toEqual([path, 200, expect.stringContaining('ADMIN-INDEX')]);
        const csp = String(res.headers['content-security-policy'] ?? '');
        expect([path, csp]).toEqual([path, expect.stringContaining("script-src 'self'")]);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      const asset = await raw('GET', '/admin/assets/app-abc123.js');
      expect(asset.status).toBe(200);
      expect(asset.body).toContain('ADMIN-ASSET');
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      expect(String(asset.headers['cache-control'])).toMatch(/immutable/);
    });

    it('answers a missing asset 404 (not index.html, not a stack trace)', async () => {
      const res = await raw('GET', '/admin/assets/nope-000.js');
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('ADMIN-INDEX');
      expect(res.body).not.toMatch(/node_modules|NotFoundError|\/tmp\//);
    });

    it('leaves /graphql, /health and other paths alone; / redirects to /admin/', async () => {
      const gql = await raw('POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
      expect(gql.status).toBe(200);
      expect(JSON.parse(gql.body)).toEqual({ data: { __typename: 'Query' } });
      const health = await raw('GET', '/health');
      expect(health.body).not.toContain('ADMIN-INDEX');
      expect(health.headers['content-type']).toMatch(/json/);
      for (const path of ['/adminx', '/admins/foo', '/graphql/admin', '/nope']) {
        const res = await raw('GET', path);
        expect([path, res.body.includes('ADMIN-INDEX')]).toEqual([path, false]);
      }
      const post = await raw('POST', '/admin/members', { 'content-type': 'application/json' }, '{}');
      expect(post.body).not.toContain('ADMIN-INDEX');
      const root = await raw('GET', '/');
      expect(root.status).toBe(302);
      expect(root.headers.location).toBe('/admin/');
    });
  });
});
