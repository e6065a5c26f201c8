import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@crm/auth';
import {
  createChamber,
  createTestApp,
  createUser,
  errorCode,
  expectData,
  GqlResponse,
  signedInUser,
  TestApp,
  uniqueEmail,
} from '@crm/testing';

const USER_FIELDS = 'id email displayName role active mustChangePassword version';

const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { temporaryPassword user { ${USER_FIELDS} } }
}`;
const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { ${USER_FIELDS} }
}`;
const RESET_PASSWORD = `mutation Reset($id: ID!) {
  resetUserPassword(id: $id) { temporaryPassword user { ${USER_FIELDS} } }
}`;
const AUDIT_EVENTS = `query Audit($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id occurredAt actorId actorEmail actorRole operation entityType entityId requestId metadata
        changes { field before after }
      }
    }
  }
}`;

interface AuditNode {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  operation: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  metadata: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}
interface AuditPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: AuditNode }[];
}
interface UserNode {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  mustChangePassword: boolean;
  version: number;
}

/** A GraphQL response together with the `x-request-id` header the server answered with. */
interface TracedResponse extends GqlResponse {
  requestId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const admin = () => signedInUser(t, { role: Role.Admin });

  /** POSTs like `t.gql`, but through supertest directly so the response headers can be read. */
  async function traced(query: string, variables: Record<string, unknown>, token: string, headers: Record<string, string> = {}): Promise<TracedResponse> {
    const req = t.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    const res = await req.send({ query, variables });
    return { status: res.status, body: res.body as GqlResponse['body'], requestId: res.headers['x-request-id'] as string };
  }

  async function totalEvents(): Promise<number> {
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`)) as { n: number }[];
    return row.n;
  }

  async function auditPage(token: string, variables: Record<string, unknown>): Promise<AuditPage> {
    return expectData(await t.gql<{ auditEvents: AuditPage }>(AUDIT_EVENTS, variables, token)).auditEvents;
  }

  /** Every event matching the filter, page by page; checks the page invariants on the way. */
  async function allEvents(token: string, filter: Record<string, unknown>, first = 100): Promise<{ nodes: AuditNode[]; pages: number; totals: number[] }> {
    const nodes: AuditNode[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (let pages = 1; pages < 1000; pages += 1) {
      const p: AuditPage = await auditPage(token, { first, after, filter });
      expect(p.edges.length).toBeLessThanOrEqual(first);
      expect(p.pageInfo.hasPreviousPage).toBe(false);
      if (p.edges.length) {
        expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
        expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
      }
      nodes.push(...p.edges.map((e) => e.node));
      totals.push(p.totalCount);
      if (!p.pageInfo.hasNextPage) return { nodes, pages, totals };
      expect(p.edges.length).toBe(first);
      after = p.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  async function eventsOf(token: string, entityId: string): Promise<AuditNode[]> {
    return (await allEvents(token, { entityType: 'User', entityId })).nodes;
  }

  function expectNewestFirst(nodes: AuditNode[]): void {
    for (let i = 1; i < nodes.length; i += 1) {
      expect(BigInt(nodes[i - 1].id) > BigInt(nodes[i].id)).toBe(true);
      expect(Date.parse(nodes[i - 1].occurredAt)).toBeGreaterThanOrEqual(Date.parse(nodes[i].occurredAt));
    }
  }

  /** The stored jsonb of an entity's events, as text: what a database reader would see. */
  async function storedChanges(entityId: string): Promise<string> {
    const rows = (await t.dataSource.query(`SELECT changes::text AS c, coalesce(metadata::text, '') AS m FROM audit_event WHERE entity_id = $1`, [entityId])) as { c: string; m: string }[];
    return rows.map((r) => r.c + r.m).join('\n');
  }

  describe('every user mutation writes exactly one event', () => {
    it('createUser: user.create by the admin, with the created fields, the hash as [secret], and the request id', async () => {
      const a = await admin();
      const email = uniqueEmail('create');
      const chamberId = (await createChamber(t)).id;
      const before = await totalEvents();

      const res = await traced(CREATE_USER, { input: { email, displayName: '王秘书长', role: Role.ChamberSecretary, scope: { chamberId } } }, a.accessToken);
      const { user, temporaryPassword } = expectData(res as GqlResponse<{ createUser: { user: UserNode; temporaryPassword: string } }>).createUser;
      expect(res.requestId).toMatch(UUID);
      expect(await totalEvents()).toBe(before + 1);

      const events = await eventsOf(a.accessToken, user.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        operation: 'user.create',
        entityType: 'User',
        entityId: user.id,
        actorId: a.user.id,
        actorEmail: a.user.email,
        actorRole: Role.Admin,
        requestId: res.requestId,
      });
      expect(events[0].changes).toEqual([
        { field: 'active', before: null, after: 'true' },
        { field: 'chamberId', before: null, after: JSON.stringify(chamberId) },
        { field: 'displayName', before: null, after: '"王秘书长"' },
        { field: 'email', before: null, after: JSON.stringify(email) },
        { field: 'mustChangePassword', before: null, after: 'true' },
        { field: 'passwordHash', before: null, after: '"[secret]"' },
        { field: 'role', before: null, after: JSON.stringify(Role.ChamberSecretary) },
      ]);

      const stored = await storedChanges(user.id);
      expect(stored).not.toContain('$argon2');
      expect(stored).not.toContain(temporaryPassword);
    });

    it('carries a client-supplied x-request-id, and replaces a malformed one', async () => {
      const a = await admin();
      const mine = `req-${randomBytes(8).toString('hex')}`;
      const given = await traced(CREATE_USER, { input: { email: uniqueEmail(), displayName: '请求号', role: Role.Viewer } }, a.accessToken, { 'x-request-id': mine });
      expect(given.requestId).toBe(mine);
      const givenUser = expectData(given as GqlResponse<{ createUser: { user: UserNode } }>).createUser.user;
      expect((await eventsOf(a.accessToken, givenUser.id))[0].requestId).toBe(mine);

      const bad = await traced(CREATE_USER, { input: { email: uniqueEmail(), displayName: '坏请求号', role: Role.Viewer } }, a.accessToken, { 'x-request-id': 'bad id; drop' });
      expect(bad.requestId).toMatch(UUID);
      const badUser = expectData(bad as GqlResponse<{ createUser: { user: UserNode } }>).createUser.user;
      expect((await eventsOf(a.accessToken, badUser.id))[0].requestId).toBe(bad.requestId);
    });

    it('updateUser, disable, enable and resetUserPassword each write one event with a before/after diff', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer, displayName: '林育平' });
      const id = target.user.id;
      const steps: { run: () => Promise<TracedResponse>; operation: string; changes: AuditNode['changes'] }[] = [
        {
          run: () => traced(UPDATE_USER, { id, input: { version: 1, displayName: '林育平主任' } }, a.accessToken),
          operation: 'user.update',
          changes: [{ field: 'displayName', before: '"林育平"', after: '"林育平主任"' }],
        },
        {
          run: () => traced(UPDATE_USER, { id, input: { version: 2, role: Role.CountyOfficer, scope: { countyCode: '330381' } } }, a.accessToken),
          operation: 'user.update',
          changes: [
            { field: 'countyCode', before: null, after: '"330381"' },
            { field: 'role', before: JSON.stringify(Role.Viewer), after: JSON.stringify(Role.CountyOfficer) },
          ],
        },
        {
          run: () => traced(UPDATE_USER, { id, input: { version: 3, active: false } }, a.accessToken),
          operation: 'user.disable',
          changes: [{ field: 'active', before: 'true', after: 'false' }],
        },
        {
          run: () => traced(UPDATE_USER, { id, input: { version: 4, active: true } }, a.accessToken),
          operation: 'user.enable',
          changes: [{ field: 'active', before: 'false', after: 'true' }],
        },
        {
          run: () => traced(RESET_PASSWORD, { id }, a.accessToken),
          operation: 'user.resetPassword',
          changes: [
            { field: 'mustChangePassword', before: 'false', after: 'true' },
            { field: 'passwordHash', before: '"[secret]"', after: '"[secret]"' },
          ],
        },
      ];

      const requestIds: string[] = [];
      for (const step of steps) {
        const before = await totalEvents();
        const res = await step.run();
        expectData(res);
        expect(await totalEvents()).toBe(before + 1);
        requestIds.push(res.requestId);
      }
      expect(new Set(requestIds).size).toBe(steps.length);

      const events = await eventsOf(a.accessToken, id);
      expectNewestFirst(events);
      // Newest first, so the steps in reverse order.
      expect(events.map((e) => ({ operation: e.operation, changes: e.changes, requestId: e.requestId, actorId: e.actorId, entityType: e.entityType, entityId: e.entityId }))).toEqual(
        steps
          .map((s, i) => ({ operation: s.operation, changes: s.changes, requestId: requestIds[i], actorId: a.user.id, entityType: 'User', entityId: id }))
          .reverse(),
      );
      expect(await storedChanges(id)).not.toContain('$argon2');
    });
  });

  describe('a refused mutation writes no event', () => {
    it('duplicate email, bad scope, stale version, self-disable, unknown id and a non-admin caller leave the trail as it was', async () => {
      const a = await admin();
      const secretary = await signedInUser(t, { role: Role.ChamberSecretary });
      const existing = await createUser(t, { role: Role.Viewer });
      expectData(await t.gql(UPDATE_USER, { id: existing.user.id, input: { version: 1, displayName: '改过一次' } }, a.accessToken));
      const before = await totalEvents();

      const attempts: [string, GqlResponse, string][] = [
        ['duplicate email', await t.gql(CREATE_USER, { input: { email: existing.user.email, displayName: '重复', role: Role.Viewer } }, a.accessToken), 'CONFLICT'],
        ['missing scope', await t.gql(CREATE_USER, { input: { email: uniqueEmail(), displayName: '县官员', role: Role.CountyOfficer } }, a.accessToken), 'BAD_USER_INPUT'],
        [
          'county outside the city',
          await t.gql(CREATE_USER, { input: { email: uniqueEmail(), displayName: '县官员', role: Role.CountyOfficer, scope: { countyCode: '330100' } } }, a.accessToken),
          'BAD_USER_INPUT',
        ],
        ['bad email', await t.gql(CREATE_USER, { input: { email: 'nope', displayName: '坏邮箱', role: Role.Viewer } }, a.accessToken), 'BAD_USER_INPUT'],
        ['stale version', await t.gql(UPDATE_USER, { id: existing.user.id, input: { version: 1, displayName: '过期' } }, a.accessToken), 'CONFLICT'],
        ['scope not for role', await t.gql(UPDATE_USER, { id: existing.user.id, input: { version: 2, scope: { chamberId: randomUUID() } } }, a.accessToken), 'BAD_USER_INPUT'],
        ['self-disable', await t.gql(UPDATE_USER, { id: a.user.id, input: { version: 1, active: false } }, a.accessToken), 'CONFLICT'],
        ['unknown user', await t.gql(RESET_PASSWORD, { id: randomUUID() }, a.accessToken), 'NOT_FOUND'],
        ['not an admin', await t.gql(CREATE_USER, { input: { email: uniqueEmail(), displayName: '越权', role: Role.Admin } }, secretary.accessToken), 'FORBIDDEN'],
        ['not an admin, reset', await t.gql(RESET_PASSWORD, { id: existing.user.id }, secretary.accessToken), 'FORBIDDEN'],
      ];
      expect(attempts.map(([name, res]) => [name, errorCode(res)])).toEqual(attempts.map(([name, , code]) => [name, code]));
      expect(await totalEvents()).toBe(before);
      expect((await eventsOf(a.accessToken, existing.user.id)).map((e) => e.operation)).toEqual(['user.update']);
    });
  });

  describe('auditEvents filters', () => {
    it('by entityType + entityId, by actorId, and by operation', async () => {
      const a1 = await admin();
      const a2 = await admin();
      const created1 = expectData(await t.gql<{ createUser: { user: UserNode } }>(CREATE_USER, { input: { email: uniqueEmail('one'), displayName: '一号', role: Role.Viewer } }, a1.accessToken)).createUser.user;
      const created2 = expectData(await t.gql<{ createUser: { user: UserNode } }>(CREATE_USER, { input: { email: uniqueEmail('two'), displayName: '二号', role: Role.Viewer } }, a2.accessToken)).createUser.user;
      expectData(await t.gql(UPDATE_USER, { id: created2.id, input: { version: 1, displayName: '二号改' } }, a1.accessToken));
      expectData(await t.gql(RESET_PASSWORD, { id: created1.id }, a1.accessToken));

      // Entity: both admins' work on user 2, newest first.
      const onTwo = await eventsOf(a1.accessToken, created2.id);
      expect(onTwo.map((e) => [e.operation, e.actorId])).toEqual([
        ['user.update', a1.user.id],
        ['user.create', a2.user.id],
      ]);
      // Another entity type does not match a user's id.
      expect((await allEvents(a1.accessToken, { entityType: 'Member', entityId: created2.id })).nodes).toEqual([]);

      // Actor: exactly what admin 1 did (their sign-in included), and nothing of admin 2.
      const byA1 = await allEvents(a1.accessToken, { actorId: a1.user.id });
      expect(byA1.nodes.every((e) => e.actorId === a1.user.id)).toBe(true);
      expect(byA1.nodes.map((e) => [e.operation, e.entityId])).toEqual([
        ['user.resetPassword', created1.id],
        ['user.update', created2.id],
        ['user.create', created1.id],
        ['auth.login', a1.user.id],
      ]);
      expect(byA1.totals).toEqual([4]);

      // Operation, alone and combined.
      const creates = await allEvents(a1.accessToken, { operation: 'user.create' });
      expect(creates.nodes.every((e) => e.operation === 'user.create')).toBe(true);
      expect(creates.nodes.map((e) => e.entityId)).toEqual(expect.arrayContaining([created1.id, created2.id]));
      expectNewestFirst(creates.nodes);
      const a2Creates = await allEvents(a1.accessToken, { operation: 'user.create', actorId: a2.user.id });
      expect(a2Creates.nodes.map((e) => e.entityId)).toEqual([created2.id]);
      const a2Resets = await allEvents(a1.accessToken, { operation: 'user.resetPassword', actorId: a2.user.id });
      expect(a2Resets).toMatchObject({ nodes: [], totals: [0] });
    });

    it('by time range: from is inclusive, to is exclusive', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer });
      const occurred: AuditNode[] = [];
      for (let version = 1; version <= 3; version += 1) {
        await sleep(15);
        expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version, displayName: `第${version}版` } }, a.accessToken));
        const [latest] = await eventsOf(a.accessToken, target.user.id);
        occurred.push(latest);
      }
      const [first, second, third] = occurred;
      expect(new Set(occurred.map((e) => e.id)).size).toBe(3);

      const window = await allEvents(a.accessToken, { entityType: 'User', entityId: target.user.id, from: second.occurredAt, to: third.occurredAt });
      expect(window.nodes.map((e) => e.id)).toEqual([second.id]);

      const fromSecond = await allEvents(a.accessToken, { entityType: 'User', entityId: target.user.id, from: second.occurredAt });
      expect(fromSecond.nodes.map((e) => e.id)).toEqual([third.id, second.id]);

      const beforeSecond = await allEvents(a.accessToken, { entityType: 'User', entityId: target.user.id, to: second.occurredAt });
      expect(beforeSecond.nodes.map((e) => e.id)).toEqual([first.id]);

      const later = new Date(Date.parse(third.occurredAt) + 60_000).toISOString();
      expect((await allEvents(a.accessToken, { entityType: 'User', entityId: target.user.id, from: later })).nodes).toEqual([]);
    });

    it('pages newest first without duplicates or gaps, with a stable totalCount', async () => {
      const a = await admin();
      const target = await createUser(t, { role: Role.Viewer });
      for (let version = 1; version <= 6; version += 1) {
        expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version, displayName: `分页${version}` } }, a.accessToken));
      }
      expectData(await t.gql(RESET_PASSWORD, { id: target.user.id }, a.accessToken));

      const expected = ((await t.dataSource.query(`SELECT id::text AS id FROM audit_event WHERE actor_id = $1 ORDER BY id DESC`, [a.user.id])) as { id: string }[]).map((r) => r.id);
      expect(expected).toHaveLength(8); // the sign-in, six updates and the reset

      const walked = await allEvents(a.accessToken, { actorId: a.user.id }, 3);
      expect(walked.pages).toBe(3);
      expect(walked.nodes.map((e) => e.id)).toEqual(expected);
      expect(new Set(walked.totals)).toEqual(new Set([8]));
      expectNewestFirst(walked.nodes);

      // A cursor stays valid while newer events are written: the next page does not shift.
      const firstPage = await auditPage(a.accessToken, { first: 3, filter: { actorId: a.user.id } });
      expectData(await t.gql(UPDATE_USER, { id: target.user.id, input: { version: 8, displayName: '又改了' } }, a.accessToken));
      const secondPage = await auditPage(a.accessToken, { first: 3, after: firstPage.pageInfo.endCursor, filter: { actorId: a.user.id } });
      expect(secondPage.edges.map((e) => e.node.id)).toEqual(expected.slice(3, 6));
    });

    it.each([
      ['first: 101', { first: 101 }, 'first'],
      ['first: 0', { first: 0 }, 'first'],
      ['a garbage cursor', { after: 'garbage!!' }, 'after'],
      ['a cursor of another shape', { after: Buffer.from('["a","b"]').toString('base64url') }, 'after'],
      ['a forged cursor that is not a number', { after: Buffer.from('["abc"]').toString('base64url') }, 'after'],
      ['a forged cursor out of range', { after: Buffer.from('["99999999999999999999999"]').toString('base64url') }, 'after'],
      ['an entityId with a NUL character', { filter: { entityType: 'User', entityId: 'a\u0000b' } }, 'filter.entityId'],
      ['an entityType with a NUL character', { filter: { entityType: 'Us\u0000er' } }, 'filter.entityType'],
      ['an actorId that is not a UUID', { filter: { actorId: 'someone' } }, 'filter.actorId'],
      ['an operation that is not entity.verb', { filter: { operation: 'user.create; DROP' } }, 'filter.operation'],
    ])('refuses %s with BAD_USER_INPUT', async (_name, variables, field) => {
      const a = await admin();
      const res = await t.gql(AUDIT_EVENTS, variables, a.accessToken);
      expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    });
  });

  describe('append-only', () => {
    it('UPDATE, DELETE and TRUNCATE are refused by the database and the row stays as it was', async () => {
      const a = await admin();
      const created = expectData(
        await t.gql<{ createUser: { user: UserNode } }>(CREATE_USER, { input: { email: uniqueEmail('ro'), displayName: '只读', role: Role.Viewer } }, a.accessToken),
      ).createUser.user;
      const [event] = (await t.dataSource.query(`SELECT * FROM audit_event WHERE entity_id = $1`, [created.id])) as Record<string, unknown>[];
      expect(event).toMatchObject({ operation: 'user.create', actor_id: a.user.id });
      const count = await totalEvents();

      const attempts = [
        () => t.dataSource.query(`UPDATE audit_event SET operation = 'user.nothing', changes = '[]' WHERE id = $1`, [event.id]),
        () => t.dataSource.query(`UPDATE audit_event SET actor_id = NULL`),
        () => t.dataSource.query(`DELETE FROM audit_event WHERE id = $1`, [event.id]),
        () => t.dataSource.query(`DELETE FROM audit_event`),
        () => t.dataSource.query(`TRUNCATE audit_event`),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow(/audit_event is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      }

      const [after] = (await t.dataSource.query(`SELECT * FROM audit_event WHERE id = $1`, [event.id])) as Record<string, unknown>[];
      expect(after).toEqual(event);
      expect(await totalEvents()).toBe(count);
      expect((await eventsOf(a.accessToken, created.id)).map((e) => e.operation)).toEqual(['user.create']);
    });
  });
});
