import { Role } from '@crm/auth';
import { createChamber, createMember, createTestApp, errorCode, expectData, signedInUser, TestApp } from '@crm/testing';
import { request as httpRequest } from 'node:http';
import { AddressInfo, connect } from 'node:net';

// Hostile or careless input gets a clean client error with a stable code, never a 500, a crash
// or a bare status line.

/** The first error's code, reason and field, for one-line assertions. */
function refusal(res: { status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }) {
  const ext = res.body.errors?.[0]?.extensions ?? {};
  return { status: res.status, code: ext.code, reason: ext.reason };
}

describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  describe('operation types the schema does not have', () => {
    it('a subscription → 400 BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
      const res = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query":"subscription { x }"}');
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
      expect(res.body.errors[0].message).toBe('This API does not support subscription operations');
    });

    it('a named subscription among valid operations is refused the same way', async () => {
      const res = await t.gql('query Me { me { id } } subscription Watch { me { id } }', {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    });
  });

  describe('huge and deeply nested documents', () => {
    it('a ~990 kB query of 330,000 fields → 400 QUERY_TOO_LARGE', async () => {
      const query = `{ me { ${'id '.repeat(330_000)}} }`;
      expect(query.length).toBeGreaterThan(980_000);
      const res = await t.gql(query, {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_LARGE' });
    });

    it('100,000 nested selections → 400 QUERY_TOO_DEEP', async () => {
      const levels = 100_000;
      const res = await t.gql(`{ ${'me { '.repeat(levels)}id${' }'.repeat(levels)} }`, {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' });
    });

    it('deeply nested list values in an argument → 400 QUERY_TOO_DEEP', async () => {
      const res = await t.gql(`{ users(first: ${'['.repeat(5000)}1${']'.repeat(5000)}) { totalCount } }`, {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' });
    });

    it('nesting under the parser limit but over GRAPHQL_MAX_DEPTH → the depth rule refuses it (no stack overflow)', async () => {
      const levels = 140;
      const res = await t.gql(`{ ${'me { '.repeat(levels)}id${' }'.repeat(levels)} }`, {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
      expect(res.body.errors?.some((e) => /exceeds maximum operation depth of 12/.test(e.message))).toBe(true);
    });

    it('a wide document under the limits still runs', async () => {
      // Aliases: 2,000 copies of one field would meet graphql's own overlap budget ("Validation aborted").
      const res = await t.gql(`{ me { ${Array.from({ length: 2000 }, (_, i) => `a${i}: id`).join(' ')} } }`, {}, admin);
      expect(res.status).toBe(200);
      expect(expectData(res).me.a1999).toEqual(expect.any(String));
    });

    it('a spread of an undefined fragment → 400, not a crash in the depth rule', async () => {
      const res = await t.gql('{ me { ...Nope } }', {}, admin);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    });

    it('fragments spreading each other twice per level (2^30 selections) are refused at once as too complex', async () => {
      const bomb = (n: number) => {
        let query = '{ me { ...F0 } }\n';
        for (let i = 0; i < n; i++) query += `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }\n`;
        return `${query}fragment F${n} on User { id }`;
      };
      const started = Date.now();
      const res = await t.gql(bomb(30), {}, admin);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(refusal(res)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
      // The same shape, small, runs.
      expect(expectData(await t.gql(bomb(4), {}, admin)).me.id).toEqual(expect.any(String));
    });
  });

  describe('auditEvents(filter: { operation })', () => {
    const AUDIT = 'query($op: String) { auditEvents(first: 5, filter: { operation: $op }) { totalCount } }';

    it.each(['member.import.create', 'member.import.update', 'memberImport.upload', 'auth.loginFailed', 'member.personalDataRead', 'user.create'])(
      'accepts %s, an operation name the system writes',
      async (op) => {
        const res = await t.gql(AUDIT, { op }, admin);
        expect(res.body.errors).toBeUndefined();
      },
    );

    it('finds the events written under a three-segment name', async () => {
      await t.dataSource.query(`INSERT INTO audit_event (operation, entity_type, entity_id, changes) VALUES ('member.import.create', 'Member', 'x', '[]'::jsonb)`);
      const res = await t.gql<{ auditEvents: { totalCount: number } }>(AUDIT, { op: 'member.import.create' }, admin);
      expect(expectData(res).auditEvents.totalCount).toBe(1);
    });

    it.each(['user.create; DROP', 'member', 'member.', '.member', 'member..create', 'member.import create', '1member.create', 'member.import-create', `${'a'.repeat(60)}.create`, ''])(
      'refuses %j on filter.operation',
      async (op) => {
        const res = await t.gql(AUDIT, { op }, admin);
        expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.operation' });
      },
    );
  });

  describe('cursors carry the list and sort they came from', () => {
    const MEMBERS = 'query($after: String, $sort: MemberSort, $filter: MemberFilter) { members(first: 1, after: $after, sort: $sort, filter: $filter) { edges { node { id } } pageInfo { endCursor } } }';
    const CHAMBERS = 'query($after: String) { chambers(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }';
    type Page = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } };

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) {
        await createChamber(t);
        await createMember(t);
      }
    });

    it('a chambers cursor given to members → BAD_USER_INPUT on after', async () => {
      const chambers = expectData(await t.gql<{ chambers: Page }>(CHAMBERS, {}, admin)).chambers;
      const res = await t.gql(MEMBERS, { after: chambers.pageInfo.endCursor, sort: 'NAME' }, admin);
      expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('a members cursor given to chambers → BAD_USER_INPUT on after', async () => {
      const members = expectData(await t.gql<{ members: Page }>(MEMBERS, { sort: 'NAME' }, admin)).members;
      const res = await t.gql(CHAMBERS, { after: members.pageInfo.endCursor }, admin);
      expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('a members cursor of sort NAME given with sort REGISTERED_AT (or COMPLETENESS) → BAD_USER_INPUT on after', async () => {
      const byName = expectData(await t.gql<{ members: Page }>(MEMBERS, { sort: 'NAME' }, admin)).members;
      for (const sort of ['REGISTERED_AT', 'COMPLETENESS']) {
        const res = await t.gql(MEMBERS, { after: byName.pageInfo.endCursor, sort }, admin);
        expect({ sort, code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ sort, code: 'BAD_USER_INPUT', field: 'after' });
      }
    });

    it('a cursor still pages its own list, whichever plan (plain or fenced) serves the filter', async () => {
      const first = expectData(await t.gql<{ members: Page }>(MEMBERS, { sort: 'NAME' }, admin)).members;
      const second = expectData(await t.gql<{ members: Page }>(MEMBERS, { sort: 'NAME', after: first.pageInfo.endCursor }, admin)).members;
      expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);
      // A phone filter is served by the fenced keys (same columns, written so no index is used).
      const fenced = await t.gql(MEMBERS, { sort: 'NAME', after: first.pageInfo.endCursor, filter: { phone: '0000' } }, admin);
      expect(fenced.body.errors).toBeUndefined();
    });
  });

  describe('oversized request headers, against a listening server', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    });

    /** Sends raw bytes and reads until the server closes the connection. */
    function raw(bytes: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.on('error', (error) => (received ? resolve(received) : reject(error)));
        socket.on('close', () => resolve(received));
        socket.write(bytes);
      });
    }

    it('a 100 kB Authorization header → 431 with the JSON error shape (raw socket)', async () => {
      const answer = await raw(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n\r\n{}`);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(head).toMatch(/^content-type: application\/json; charset=utf-8$/im);
      const parsed = JSON.parse(body) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(parsed.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'HEADERS_TOO_LARGE', messageZh: expect.stringContaining('请求头过大') });
      expect(parsed.errors[0].message).toMatch(/headers are too large/);
    });

    it('the same through Node’s HTTP client, and the server keeps serving', async () => {
      const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/health', headers: { authorization: `Bearer ${'b'.repeat(100_000)}` } }, (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status).toBe(431);
      expect(res.type).toMatch(/application\/json/);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const after = await raw('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect(after).toMatch(/^HTTP\/1\.1 200 OK/);
    });

    it('a request that is not HTTP → 400 in the JSON error shape', async () => {
      const answer = await raw('HELLO THERE\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(JSON.parse(answer.split('\r\n\r\n')[1]).errors[0].extensions.reason).toBe('MALFORMED_REQUEST');
    });
  });

  describe('GET /graphql in a browser', () => {
    it('answers a static page in Chinese and English that loads nothing from elsewhere', async () => {
      const res = await t.http().get('/graphql').set('accept', 'text/html,application/xhtml+xml');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('GraphQL 客户端');
      expect(res.text).toContain('GraphQL client');
      expect(res.text).toContain('schema.graphql');
      expect(res.text).not.toMatch(/<script|<link|https?:\/\//i);
    });
  });
});
