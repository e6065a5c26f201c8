import jwt from 'jsonwebtoken';
import { AddressInfo, connect, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CallerCache, Role } from '@crm/auth';
import { addMembership, createChamber, createMember, createTestApp, errorCode, expectData, GqlResponse, signedInUser, TestApp } from '@crm/testing';

// The fast read path under attack (issue 11): the GraphQL lane that serves POST /graphql without
// Express, the complexity estimates kept per document, the lean member reads with their
// preloaded relations, and the caller cache. Every answer here is the one the Express stack and
// the resolvers gave before (67f9f3f): same status, code, reason and field, same data, same audit.

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
}

/** The first error as a user would read it, for one-line assertions. */
function refusal(answer: { status: number; body?: RawAnswer['body'] }) {
  const ext = answer.body?.errors?.[0]?.extensions ?? {};
  return { status: answer.status, code: ext.code, reason: ext.reason };
}

const TYPENAME = '{"query":"{ __typename }"}';
const LIMIT = 1024 * 1024; // BODY_LIMIT 1mb

describe('the read path, attacked', () => {
  let t: TestApp;
  let port: number;
  let admin: string;
  let viewer: string;
  let secretary: string;
  let countyOfficer: string;
  let partyOfficer: string;
  let home: string; // the secretary's chamber
  let away: string; // a chamber outside the secretary's scope
  let inScope: { id: string; idNumber: string; phones: string[]; birthDate: string };
  let outOfScope: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    home = (await createChamber(t)).id;
    away = (await createChamber(t)).id;
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: home })).accessToken;
    countyOfficer = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330302' })).accessToken;
    partyOfficer = (await signedInUser(t, { role: Role.PartyOfficer })).accessToken;
    const m = await createMember(t, { hometownCode: '330302' });
    await addMembership(t, m.id, home, { joinedOn: '2020-01-01' });
    await addMembership(t, m.id, away, { joinedOn: '2019-01-01' });
    inScope = { id: m.id, idNumber: m.idNumber as string, phones: m.phones, birthDate: m.birthDate as string };
    // Another county, another chamber: outside both the secretary's and the county officer's scope.
    const other = await createMember(t, { hometownCode: '330381' });
    await addMembership(t, other.id, away);
    outOfScope = other.id;
  });
  afterAll(() => t.close());

  /** Sends raw bytes (each part written as it comes, `gapMs` apart) and reads until the server closes. */
  function raw(parts: (string | Buffer)[], options: { gapMs?: number; hangUpAfter?: boolean; socket?: (s: Socket) => void } = {}): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      options.socket?.(socket);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head, ...rest] = text.split('\r\n\r\n');
        const [statusLine, ...headerLines] = head.split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of headerLines) {
          const at = line.indexOf(':');
          if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
        }
        const bodyText = rest.join('\r\n\r\n');
        let body: RawAnswer['body'];
        try {
          body = JSON.parse(bodyText) as RawAnswer['body'];
        } catch {
          body = undefined;
        }
        resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, text: bodyText, body });
      });
      void (async () => {
        for (const part of parts) {
          if (socket.destroyed) return;
          socket.write(part);
          if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        }
        if (options.hangUpAfter) socket.destroy();
      })();
    });
  }

  /** A POST /graphql with a declared length (headers given as '' are left out). */
  function post(body: string | Buffer, headers: Record<string, string> = {}): (string | Buffer)[] {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const all: Record<string, string> = { host: 'localhost', connection: 'close', 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers };
    const head = Object.entries(all)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    return [`POST /graphql HTTP/1.1\r\n${head}\r\n\r\n`, bytes];
  }

  /** A chunked POST /graphql (no content-length). */
  function chunked(pieces: Buffer[]): (string | Buffer)[] {
    const head = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
    return [head, ...pieces.map((p) => Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')])), '0\r\n\r\n'];
  }

  async function personalReads(memberId: string): Promise<{ fields: string[]; requestId: string | null; ip: string | null; actorId: string | null }[]> {
    const rows = (await t.dataSource.query(
      `SELECT metadata->'fields' AS fields, request_id AS "requestId", ip, actor_id AS "actorId" FROM audit_event
       WHERE operation = 'member.personalDataRead' AND entity_id = $1 ORDER BY id`,
      [memberId],
    )) as { fields: string[]; requestId: string | null; ip: string | null; actorId: string | null }[];
    return rows;
  }

  describe('POST /graphql bodies the lane reads as express.json did', () => {
    it('a body starting with a UTF-8 byte order mark is read (express.json dropped the BOM)', async () => {
      const answer = await raw(post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TYPENAME)])));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });

    it.each([
      ['spaces only', '   '],
      ['a no-break space only', '\u00a0'],
      ['null', 'null'],
      ['a string', '"{ __typename }"'],
      ['a number', '1'],
      ['truncated JSON', '{"query":'],
      ['JSON with trailing bytes', `${TYPENAME}x`],
      ['JSON after a no-break space', `\u00a0${TYPENAME}`],
    ])('%s → 400 MALFORMED_JSON', async (_name, body) => {
      expect(refusal(await raw(post(body)))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'MALFORMED_JSON' });
    });

    it('an empty body → 400 BAD_REQUEST from Apollo, as before', async () => {
      const answer = await raw(post(''));
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
      expect(answer.body?.errors?.[0]?.message).toMatch(/POST body missing/);
    });

    it('a JSON array (a batch) → 400 BAD_REQUEST "batching disabled"; an oversized document inside it → QUERY_TOO_LARGE', async () => {
      const batch = await raw(post(`[${TYPENAME},${TYPENAME}]`));
      expect(refusal(batch)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
      expect(batch.body?.errors?.[0]?.message).toMatch(/batching disabled/i);
      const huge = await raw(post(JSON.stringify([{ query: '{ __typename }' }, { query: `{ me { ${'id '.repeat(20_000)}} }` }])));
      expect(refusal(huge)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_LARGE' });
    });

    it('invalid UTF-8 inside the body is read with replacement characters, not a 500', async () => {
      const body = Buffer.concat([Buffer.from('{"query":"{ __typename } #'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      expect(await raw(post(body)).then((a) => ({ status: a.status, body: a.body }))).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      const inKey = Buffer.concat([Buffer.from('{"qu'), Buffer.from([0xff]), Buffer.from('ery":"{ __typename }"}')]);
      expect(refusal(await raw(post(inKey)))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
    });

    it.each([
      ['application/JSON', 200],
      ['application/json; charset="UTF-8"', 200],
      ['application/json; foo=bar', 200],
    ])('content-type %s → %d', async (type, status) => {
      const answer = await raw(post(TYPENAME, { 'content-type': type }));
      expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { data: { __typename: 'Query' } } });
    });

    it.each([
      ['application/json; charset=latin1', 415, 'UNSUPPORTED_ENCODING'],
      // body-parser takes only `utf-…` charsets for JSON: `utf8` was refused, and still is.
      ['application/json;charset=utf8', 415, 'UNSUPPORTED_ENCODING'],
      ['', 400, 'BAD_REQUEST'],
      ['text/plain', 400, 'BAD_REQUEST'],
      ['application/graphql', 400, 'BAD_REQUEST'],
    ])('content-type %j → %d %s', async (type, status, reason) => {
      expect(refusal(await raw(post(TYPENAME, { 'content-type': type })))).toEqual({ status, code: 'BAD_USER_INPUT', reason });
    });

    it('gzip bodies still go through express.json: a good one is read, a broken one → 400, an unknown encoding → 415', async () => {
      const good = await raw(post(gzipSync(Buffer.from(TYPENAME)), { 'content-encoding': 'gzip' }));
      expect({ status: good.status, body: good.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      expect(refusal(await raw(post('not gzip', { 'content-encoding': 'gzip' })))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
      expect(refusal(await raw(post('x', { 'content-encoding': 'compress-me' })))).toEqual({ status: 415, code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_ENCODING' });
    });
  });

  describe('body size, chunking and slow or vanishing clients', () => {
    it('a chunked body without content-length is read', async () => {
      const answer = await raw(chunked([Buffer.from('{"query":'), Buffer.from('"{ __typename }"}')]));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });

    it('a body of exactly BODY_LIMIT is read; one byte more → 413, declared or chunked', async () => {
      const exact = Buffer.concat([Buffer.from(TYPENAME), Buffer.alloc(LIMIT - TYPENAME.length, 0x20)]);
      expect((await raw(post(exact))).status).toBe(200);
      const over = Buffer.concat([exact, Buffer.from(' ')]);
      expect(refusal(await raw(post(over)))).toEqual({ status: 413, code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' });
      expect(refusal(await raw(chunked([exact, Buffer.from(' ')])))).toEqual({ status: 413, code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' });
    });

    it('a 1 MB string in the variables → 413, with and without content-length', async () => {
      const body = Buffer.from(JSON.stringify({ query: '{ __typename }', variables: { s: 'x'.repeat(LIMIT) } }));
      expect(refusal(await raw(post(body)))).toEqual({ status: 413, code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' });
      const pieces = [body.subarray(0, 300_000), body.subarray(300_000, 700_000), body.subarray(700_000)];
      expect(refusal(await raw(chunked(pieces)))).toEqual({ status: 413, code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' });
    });

    it('a body trickling in byte by byte is answered once it ends', async () => {
      const [head, body] = post(TYPENAME);
      const bytes = [...(body as Buffer)].map((b) => Buffer.from([b]));
      const answer = await raw([head, ...bytes], { gapMs: 2 });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });

    it('a client hanging up mid-body gets no answer and breaks nothing: the next request is served', async () => {
      const [head] = post(Buffer.alloc(100, 0x20));
      await raw([head, '{"query":'], { hangUpAfter: true }).catch(() => undefined);
      const chunkedHangUp = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"que';
      await raw([chunkedHangUp], { hangUpAfter: true }).catch(() => undefined);
      const after = await raw(post(TYPENAME));
      expect({ status: after.status, body: after.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });

    it('a client hanging up in the middle of an oversized body (declared or chunked) breaks nothing either', async () => {
      const [head] = post(Buffer.alloc(2 * LIMIT, 0x20));
      await raw([head, Buffer.alloc(200_000, 0x20)], { gapMs: 20, hangUpAfter: true }).catch(() => undefined);
      await raw(chunked([Buffer.alloc(LIMIT, 0x20), Buffer.alloc(200_000, 0x20)]).slice(0, 3), { gapMs: 20, hangUpAfter: true }).catch(() => undefined);
      const after = await raw(post(TYPENAME));
      expect({ status: after.status, body: after.body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });
  });

  describe('request id and client address reach the audit rows of the same request', () => {
    const PERSONAL = `query($id: ID!) { member(id: $id) { idNumber } }`;

    it('a valid x-request-id is kept; a malformed or 5,000-character one is replaced by a fresh uuid', async () => {
      const kept = await raw(post(JSON.stringify({ query: PERSONAL, variables: { id: inScope.id } }), { authorization: `Bearer ${admin}`, 'x-request-id': 'review-abc-12345' }));
      expect(kept.headers['x-request-id']).toBe('review-abc-12345');
      expect((await personalReads(inScope.id)).map((r) => r.requestId)).toContain('review-abc-12345');
      for (const bad of ['has space!', 'r'.repeat(5000)]) {
        const answer = await raw(post(JSON.stringify({ query: PERSONAL, variables: { id: inScope.id } }), { authorization: `Bearer ${admin}`, 'x-request-id': bad }));
        expect(answer.status).toBe(200);
        expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        const rows = await personalReads(inScope.id);
        expect(rows[rows.length - 1].requestId).toBe(answer.headers['x-request-id']);
      }
    });

    it('x-forwarded-for is believed from the loopback proxy only, as Express\'s trust proxy did', async () => {
      const body = JSON.stringify({ query: PERSONAL, variables: { id: inScope.id } });
      const viaProxy = await raw(post(body, { authorization: `Bearer ${admin}`, 'x-forwarded-for': '203.0.113.7' }));
      expect(viaProxy.status).toBe(200);
      let rows = await personalReads(inScope.id);
      expect(rows[rows.length - 1]).toMatchObject({ requestId: viaProxy.headers['x-request-id'], ip: '203.0.113.7' });
      // The same header from a client that is not the loopback proxy: the socket's address counts.
      const server = t.app.getHttpServer() as import('node:http').Server;
      const disguise = (socket: Socket) => Object.defineProperty(socket, 'remoteAddress', { value: '198.51.100.9' });
      server.prependListener('connection', disguise);
      try {
        const spoofed = await raw(post(body, { authorization: `Bearer ${admin}`, 'x-forwarded-for': '203.0.113.7' }));
        expect(spoofed.status).toBe(200);
        rows = await personalReads(inScope.id);
        expect(rows[rows.length - 1]).toMatchObject({ requestId: spoofed.headers['x-request-id'], ip: '198.51.100.9' });
      } finally {
        server.removeListener('connection', disguise);
      }
    });
  });

  describe('complexity estimates kept per document', () => {
    // 60 fields per member: cost 1 + first × 61; 100 members are over the 5,000 limit, 10 are not.
    const WIDE = Array.from({ length: 60 }, (_, i) => `f${i}: id`).join(' ');

    it('a page size raised through a variable after a cheap estimate was kept → QUERY_TOO_COMPLEX', async () => {
      const query = `query($n: Int!) { members(first: $n) { edges { node { ${WIDE} } } } }`;
      expect((await t.gql(query, { n: 10 }, admin)).body.errors).toBeUndefined();
      expect(refusal(await t.gql(query, { n: 100 }, admin))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
      expect((await t.gql(query, { n: 10 }, admin)).body.errors).toBeUndefined();
    });

    it('@include/@skip turned on by a variable after a cheap estimate was kept → QUERY_TOO_COMPLEX', async () => {
      const query = `query($wide: Boolean!, $narrow: Boolean!) {
        members(first: 100) { edges { node { id ...Wide @include(if: $wide) ... on Member @skip(if: $narrow) { ${WIDE} } } } }
      }
      fragment Wide on Member { ${WIDE} }`;
      expect((await t.gql(query, { wide: false, narrow: true }, admin)).body.errors).toBeUndefined();
      expect(refusal(await t.gql(query, { wide: true, narrow: true }, admin))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
      expect(refusal(await t.gql(query, { wide: false, narrow: false }, admin))).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    });

    it('switching operationName inside one document: the expensive operation is refused after the cheap one ran', async () => {
      const query = `query Cheap { members(first: 1) { edges { node { id } } } } query Dear { members(first: 100) { edges { node { ${WIDE} } } } }`;
      const send = (operationName: string) => t.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${admin}`).send({ query, operationName });
      const cheap = await send('Cheap');
      expect(cheap.body.errors).toBeUndefined();
      const dear = await send('Dear');
      expect(refusal(dear)).toEqual({ status: 400, code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    });

    it('a variable left out (the argument default applies) then sent as null → BAD_USER_INPUT both before and after the estimate was kept', async () => {
      const query = `query($sort: MemberSort, $n: Int) { members(first: $n, sort: $sort) { edges { node { id } } } }`;
      // Fresh document: null first.
      const nullFirst = await t.gql(query, { n: 1, sort: null }, admin);
      expect(errorCode(nullFirst)).toBe('BAD_USER_INPUT');
      // Left out: the defaults (first 20, sort NAME) apply and the estimate is kept...
      const other = `query($sort: MemberSort, $n: Int) { members(sort: $sort, first: $n) { edges { node { id } } } }`;
      expect((await t.gql(other, {}, admin)).body.errors).toBeUndefined();
      // ...and a null afterwards is refused as the estimator refused it, not reached as an internal error.
      for (const variables of [{ sort: null }, { n: null }]) {
        const res = await t.gql(other, variables, admin);
        expect({ variables, code: errorCode(res) }).toEqual({ variables, code: 'BAD_USER_INPUT' });
      }
    });

    it('input-object variables do not reuse results, only costs: each filter gets its own rows', async () => {
      const query = `query($f: MemberFilter) { members(first: 50, filter: $f) { edges { node { id } } } }`;
      const near = expectData(await t.gql<{ members: { edges: { node: { id: string } }[] } }>(query, { f: { hometownCode: '330302' } }, admin));
      const far = expectData(await t.gql<{ members: { edges: { node: { id: string } }[] } }>(query, { f: { hometownCode: '330381' } }, admin));
      expect(near.members.edges.map((e) => e.node.id)).toContain(inScope.id);
      expect(far.members.edges.map((e) => e.node.id)).toEqual([outOfScope]);
    });
  });

  describe('selection tricks against scope, masking and audit', () => {
    const TRICKS = `query($id: ID!, $yes: Boolean!, $no: Boolean!) {
      member(id: $id) {
        memberships {
          chamberId
          a: chamber { __typename id }
          b: chamber { name phone email contactPerson }
          ... on ChamberMembership { c: chamber @include(if: $yes) { address } }
          ...Chamber
        }
        again: memberships { chamber @skip(if: $no) { ancestorIds parentId } }
      }
    }
    fragment Chamber on ChamberMembership { d: chamber { ... on Chamber { id name } } }`;

    it('a secretary gets null for a chamber outside its scope through aliases, fragments, directives and a second selection of the relation', async () => {
      const data = expectData(await t.gql<{ member: { memberships: Record<string, unknown>[]; again: Record<string, unknown>[] } }>(TRICKS, { id: inScope.id, yes: true, no: false }, secretary));
      const outside = data.member.memberships.find((m) => m.chamberId === away) as Record<string, unknown>;
      const inside = data.member.memberships.find((m) => m.chamberId === home) as Record<string, unknown>;
      expect(outside).toEqual({ chamberId: away, a: null, b: null, c: null, d: null });
      expect(inside).toMatchObject({ chamberId: home, a: { __typename: 'Chamber', id: home }, d: { id: home } });
      expect(data.member.again.map((m) => m.chamber === null)).toEqual(data.member.memberships.map((m) => m.chamberId === away));
    });

    it('the same in a page of members', async () => {
      const query = `{ members(first: 50) { edges { node { id x: memberships { chamberId chamber { id } } ...M } } } }
        fragment M on Member { memberships { chamber { name } } }`;
      const data = expectData(await t.gql<{ members: { edges: { node: { id: string; x: { chamberId: string; chamber: unknown }[]; memberships: { chamber: unknown }[] } }[] } }>(query, {}, secretary));
      const node = data.members.edges.find((e) => e.node.id === inScope.id)?.node;
      expect(node?.x.find((m) => m.chamberId === away)?.chamber).toBeNull();
      expect(node?.x.find((m) => m.chamberId === home)?.chamber).toEqual({ id: home });
      expect(node?.memberships.filter((m) => m.chamber === null)).toHaveLength(1);
    });

    it('members outside the scope stay out: NOT_FOUND for member(id), absent from pages, whatever relations are selected', async () => {
      for (const token of [secretary, countyOfficer]) {
        const one = await t.gql(`query($id: ID!) { member(id: $id) { id memberships { chamber { id } } enterprises { enterprise { id } } } }`, { id: outOfScope }, token);
        expect({ code: errorCode(one), data: one.body.data?.member ?? null }).toEqual({ code: 'NOT_FOUND', data: null });
        const page = expectData(await t.gql<{ members: { edges: { node: { id: string } }[] } }>(`{ members(first: 100) { edges { node { id memberships { chamber { id } } enterprises { roles } } } } }`, {}, token));
        expect(page.members.edges.map((e) => e.node.id)).not.toContain(outOfScope);
      }
    });

    it('a role without MemberRead gets FORBIDDEN and no preloaded relation', async () => {
      const res = await t.gql(`query($id: ID!) { member(id: $id) { id memberships { chamber { name } } } }`, { id: inScope.id }, partyOfficer);
      expect({ code: errorCode(res), data: res.body.data?.member ?? null }).toEqual({ code: 'FORBIDDEN', data: null });
    });

    it('a viewer gets masks through aliases, fragments and directives, and no audit row is written', async () => {
      const before = (await personalReads(inScope.id)).length;
      const query = `query($id: ID!, $yes: Boolean!) {
        member(id: $id) { a: idNumber ...P ... on Member @include(if: $yes) { b: birthDate c: phones } personalDataMasked }
      }
      fragment P on Member { idNumber phones birthDate }`;
      const data = expectData(await t.gql<{ member: Record<string, unknown> }>(query, { id: inScope.id, yes: true }, viewer)).member;
      expect(data.personalDataMasked).toBe(true);
      for (const key of ['a', 'idNumber']) expect(data[key]).toMatch(/\*/);
      for (const key of ['phones', 'c']) expect((data[key] as string[]).every((p) => p.includes('*'))).toBe(true);
      expect([data.birthDate, data.b]).toEqual([null, null]);
      expect(JSON.stringify(data)).not.toContain(inScope.idNumber);
      expect(await personalReads(inScope.id)).toHaveLength(before);
    });

    it('an admin reading in clear through an alias and a fragment: the values, and one audit row with every field, of this request', async () => {
      const query = `query($id: ID!) { member(id: $id) { x: idNumber ...P } } fragment P on Member { idNumber phones birthDate }`;
      const res = await raw(post(JSON.stringify({ query, variables: { id: inScope.id } }), { authorization: `Bearer ${admin}` }));
      const member = (res.body?.data as { member: Record<string, unknown> }).member;
      expect(member).toEqual({ x: inScope.idNumber, idNumber: inScope.idNumber, phones: inScope.phones, birthDate: inScope.birthDate });
      const mine = (await personalReads(inScope.id)).filter((r) => r.requestId === res.headers['x-request-id']);
      expect(mine).toEqual([expect.objectContaining({ fields: ['birthDate', 'idNumber', 'phones'] })]);
      expect(mine[0].actorId).toEqual(expect.any(String));
    });

    it('a clear read left out by @include(if: false) writes no audit row; birthDate alone in a page is audited', async () => {
      const before = (await personalReads(inScope.id)).length;
      const skipped = expectData(await t.gql<{ member: Record<string, unknown> }>(`query($on: Boolean!) { member(id: "${inScope.id}") { id idNumber @include(if: $on) } }`, { on: false }, admin));
      expect(skipped.member).toEqual({ id: inScope.id });
      expect(await personalReads(inScope.id)).toHaveLength(before);
      const page = expectData(await t.gql<{ members: { edges: { node: { id: string; birthDate: string | null } }[] } }>(`{ members(first: 100, filter: { hometownCode: "330302" }) { edges { node { id birthDate } } } }`, {}, admin));
      expect(page.members.edges.find((e) => e.node.id === inScope.id)?.node.birthDate).toBe(inScope.birthDate);
      const rows = await personalReads(inScope.id);
      expect(rows).toHaveLength(before + 1);
      expect(rows[rows.length - 1].fields).toEqual(['birthDate']);
    });

    it('__typename and introspection beside a lean read answer as graphql-js does', async () => {
      const data = expectData(
        await t.gql<{ member: Record<string, unknown>; __type: { name: string } }>(
          `query($id: ID!) { __type(name: "Member") { name } member(id: $id) { __typename memberships { __typename chamber { __typename } } enterprises { __typename } } }`,
          { id: inScope.id },
          secretary,
        ),
      );
      expect(data.__type).toEqual({ name: 'Member' });
      expect(data.member.__typename).toBe('Member');
      expect((data.member.memberships as { chamber: unknown }[]).map((m) => m.chamber)).toEqual(expect.arrayContaining([null, { __typename: 'Chamber' }]));
    });
  });

  describe('the caller cache and hostile tokens', () => {
    const ME = '{ me { id } }';

    it('a cached token with its signature or payload altered is refused; the genuine one still works', async () => {
      const user = await signedInUser(t, { role: Role.Viewer });
      expectData(await t.gql(ME, {}, user.accessToken));
      expectData(await t.gql(ME, {}, user.accessToken));
      const [header, payload, signature] = user.accessToken.split('.');
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const promoted = Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 3600 })).toString('base64url');
      const unsigned = jwt.sign(claims, '', { algorithm: 'none' });
      for (const token of [`${header}.${payload}.${flipped}`, `${header}.${promoted}.${signature}`, unsigned]) {
        const res = await t.gql(ME, {}, token);
        expect({ code: errorCode(res), message: res.body.errors?.[0]?.message }).toEqual({ code: 'UNAUTHENTICATED', message: 'The access token is not valid' });
      }
      expectData(await t.gql(ME, {}, user.accessToken));
    });

    it('the token of a deleted account is refused, first use and cached alike, without a 500', async () => {
      const user = await signedInUser(t, { role: Role.Viewer });
      expectData(await t.gql(ME, {}, user.accessToken));
      await t.dataSource.query('DELETE FROM refresh_token WHERE user_id = $1', [user.user.id]);
      await t.dataSource.query('DELETE FROM app_user WHERE id = $1', [user.user.id]);
      const deadline = Date.now() + 1000;
      let res: GqlResponse;
      do {
        res = await t.gql(ME, {}, user.accessToken);
      } while (errorCode(res) !== 'UNAUTHENTICATED' && Date.now() < deadline);
      expect({ status: res.status, code: errorCode(res), message: res.body.errors?.[0]?.message }).toEqual({ status: 200, code: 'UNAUTHENTICATED', message: 'The access token is not valid' });
    });

    it('tokens that fail verification are not remembered: a flood of them leaves the cache as it was', async () => {
      const cache = t.app.get(CallerCache);
      const before = cache.size.tokens;
      const forged = (i: number) => jwt.sign({ sub: '00000000-0000-4000-8000-000000000001', ver: 0, n: i }, 'not-the-secret', { algorithm: 'HS256', expiresIn: 600 });
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => t.gql(ME, {}, forged(i))));
      expect(new Set(answers.map((a) => errorCode(a)))).toEqual(new Set(['UNAUTHENTICATED']));
      expect(cache.size.tokens).toBe(before);
    });
  });
});
