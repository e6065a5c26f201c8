import { Role } from '@crm/auth';
import { createTestApp, errorCode, signedInUser, TestApp } from '@crm/testing';

/** Nothing a client receives may look like a stack trace or leak SQL. */
function expectNoLeak(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\s+at \S+ \(|stacktrace|node_modules|SELECT |relation "/i);
}

describe('bad requests get a clear 4xx and a stable code', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COMPLEXITY: '500', BODY_LIMIT: '100kb' });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  it('malformed JSON → 400 BAD_USER_INPUT', async () => {
    const res = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query": "{ me { id } ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_JSON', messageZh: '请求内容不是有效的 JSON' });
    expect(res.body.errors[0].message).toBe('The request body is not valid JSON');
  });

  it('an oversize body → 413 with the limit in the message', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(200_000) } }));
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toContain('100kb');
  });

  it('a body without a query → 400', async () => {
    const res = await t.http().post('/graphql').set('content-type', 'application/json').send({ nope: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectNoLeak(res.body);
  });

  it('a syntax error in the query → 400 BAD_USER_INPUT', async () => {
    const res = await t.gql('{ me { id ', {}, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.reason).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('an unknown field → 400 naming it', async () => {
    const res = await t.gql('{ me { id passwordHash } }', {}, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('passwordHash');
  });

  it('a wrong variable type → 400 naming the variable', async () => {
    const res = await t.gql('query($n: Int) { users(first: $n) { totalCount } }', { n: 'ten' }, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('$n');
  });

  it('an unknown input field in variables → 400 naming it', async () => {
    const res = await t.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
      { input: { email: 'x@test.crm', displayName: '王', role: 'VIEWER', isRoot: true } },
      admin,
    );
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('isRoot');
  });

  it('class-validator errors carry the field path', async () => {
    const res = await t.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
      { input: { email: 'not-an-email', displayName: '王'.repeat(101), role: 'VIEWER' } },
      admin,
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const ext = res.body.errors?.[0].extensions ?? {};
    expect(ext.field).toBe('input.email');
    expect(ext.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['input.email', 'input.displayName']));
  });

  it('a NUL character in any string argument → BAD_USER_INPUT naming it', async () => {
    const res = await t.gql('mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: 'abc\u0000def' });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('refreshToken');
    const nested = await t.gql('query($s: String) { users(filter: { search: $s }) { totalCount } }', { s: 'ab\u0000' }, admin);
    expect(errorCode(nested)).toBe('BAD_USER_INPUT');
    expect(nested.body.errors?.[0].extensions?.field).toBe('filter.search');
  });

  it('broken Unicode (a lone surrogate) in any string → BAD_USER_INPUT, not a validator crash', async () => {
    const res = await t.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
      { input: { email: 'a\uD800@b.cn', displayName: '王', role: 'VIEWER' } },
      admin,
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('input.email');
  });

  it('a forged cursor whose values hold NUL → BAD_USER_INPUT on `after`', async () => {
    const after = Buffer.from(JSON.stringify(['a\u0000', '00000000-0000-4000-8000-000000000001'])).toString('base64url');
    const res = await t.gql('query($after: String) { users(after: $after) { totalCount } }', { after }, admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('after');
  });

  it('a date outside what the database stores → BAD_USER_INPUT naming it', async () => {
    const res = await t.gql('{ auditEvents(filter: { from: "-004714-01-01T00:00:00Z" }) { totalCount } }', {}, admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('filter.from');
  });

  it('a fragment cycle → 400 BAD_USER_INPUT, not a crash', async () => {
    const res = await t.gql('query { me { ...U } } fragment U on User { id ...U }', {}, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/cannot spread fragment/i);
  });

  it('persisted-query extensions → a coded 4xx (they are not supported)', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${admin}`)
      .send({ query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } });
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a malformed id → BAD_USER_INPUT, not a database error', async () => {
    const res = await t.gql('{ user(id: "42") { id } }', {}, admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('id');
  });

  it('a page size over the cap → BAD_USER_INPUT on `first`', async () => {
    const res = await t.gql('{ users(first: 101) { totalCount } }', {}, admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('first');
  });

  it('a query nested deeper than the limit is refused before it runs', async () => {
    const res = await t.gql('{ users { edges { node { scope { countyCode } } } } }', {}, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/exceeds maximum operation depth/);
  });

  it('a query costlier than the limit is refused before it runs', async () => {
    const res = await t.gql('{ users(first: 100) { edges { node { id email displayName role active } } } }', {}, admin);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.reason).toBe('QUERY_TOO_COMPLEX');
  });

  it('no token → UNAUTHENTICATED, with a message a client can show', async () => {
    const res = await t.gql('{ me { id } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.body.errors?.[0].message).toMatch(/sign in/i);
    expectNoLeak(res.body);
  });
});

describe('unexpected failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answer INTERNAL_SERVER_ERROR with a generic message and no internals', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    // Break the database under the running app: the list query now fails inside PostgreSQL.
    await t.dataSource.query('ALTER TABLE app_user RENAME COLUMN display_name TO display_name_gone');
    const res = await t.gql('{ users { edges { node { id displayName } } } }', {}, admin.accessToken);
    await t.dataSource.query('ALTER TABLE app_user RENAME COLUMN display_name_gone TO display_name');
    expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.body.errors?.[0].message).toBe('Internal server error');
    expectNoLeak(res.body);
  });
});
