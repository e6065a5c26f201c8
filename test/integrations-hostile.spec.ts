import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Role } from '@crm/auth';
import { assertWebhookTarget, WebhookDispatcher } from '@crm/integration';
import { addMembership, createChamber, createMember, createTestApp, errorCode, expectData, expectError, GqlResponse, rowCounts, signedInUser, TestApp, writeCsvFile } from '@crm/testing';

/**
 * The hostile pass over integrations (issue 17): keys outside their scopes and rows, forged and
 * foreign cursors, odd input on every new mutation, SSRF targets, redirects, concurrent calls
 * where a rule must hold, secrets that must never come back.
 */
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix } } }`;
const SUBSCRIBE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }`;
const FEED = `query($after: String, $first: Int) { memberChanges(after: $after, first: $first) { endCursor hasMore changes { cursor change recordId record { id } } } }`;

describe('integrations, hostile input', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const keyCounts = () => rowCounts(t, ['api_key', 'webhook_subscription', 'webhook_delivery', 'audit_event']);
  const newKey = async (input: Record<string, unknown>) =>
    expectData(await t.gql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(CREATE_KEY, { input: { name: '对接方', ...input } }, admin)).createApiKey;

  describe('a key outside its scopes', () => {
    it('cannot reach accounts, audit events, keys or another scope\'s operations (FORBIDDEN, nothing written)', async () => {
      const { key } = await newKey({ scopes: ['MEMBERS_READ'] });
      const before = await keyCounts();
      for (const op of [
        `{ users(first: 1) { totalCount } }`,
        `{ auditEvents(first: 1) { totalCount } }`,
        `{ apiKeys(first: 1) { totalCount } }`,
        `{ webhookSubscriptions(first: 1) { totalCount } }`,
        `mutation { createApiKey(input: { name: "自造", scopes: [MEMBERS_READ, MEMBERS_PERSONAL_DATA] }) { key } }`,
        `mutation { createWebhookSubscription(input: { url: "http://example.com/h", eventTypes: ["member.*"] }) { secret } }`,
        `{ chamberChanges(first: 1) { hasMore } }`,
      ]) {
        expect([op, errorCode(await t.gql(op, {}, key))]).toEqual([op, 'FORBIDDEN']);
      }
      expect((await keyCounts()).api_key).toBe(before.api_key);
      expect((await keyCounts()).webhook_subscription).toBe(before.webhook_subscription);
    });

    it('a key with every scope still cannot make keys (only people who are admins do)', async () => {
      const { key } = await newKey({ scopes: ['MEMBERS_READ', 'MEMBERS_PERSONAL_DATA', 'CHAMBERS_READ', 'PARTY_READ', 'VISITS_READ', 'PROJECTS_READ', 'WEBHOOKS_MANAGE'] });
      const before = await keyCounts();
      expectError(await t.gql(CREATE_KEY, { input: { name: '升级', scopes: ['MEMBERS_READ'] } }, key), 'FORBIDDEN');
      expectError(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000001' }, key), 'FORBIDDEN');
      expect((await keyCounts()).api_key).toBe(before.api_key);
    });

    it('is refused on the REST exports, downloads and import uploads (403), and no import is made', async () => {
      // No party:read: with it a key may export party members (GET /party-members/export needs only PartyRead; masked unless personal-data, audited as the key).
      const { key } = await newKey({ scopes: ['MEMBERS_READ', 'MEMBERS_PERSONAL_DATA', 'VISITS_READ'] });
      const [{ n: imports }] = (await t.dataSource.query(`SELECT (SELECT count(*) FROM member_import) + (SELECT count(*) FROM party_member_import) + (SELECT count(*) FROM campaign_import) AS n`)) as { n: string }[];
      const auth = `Bearer ${key}`;
      expect((await t.http().post('/members/export').set('authorization', auth).send({ format: 'CSV' })).status).toBe(403);
      expect((await t.http().get('/member-imports/template.csv').set('authorization', auth)).status).toBe(403);
      expect((await t.http().get('/party-members/export').set('authorization', auth)).status).toBe(403);
      expect((await t.http().get('/campaign-imports/template.csv').set('authorization', auth)).status).toBe(403);
      const file = writeCsvFile('hostile-key-import.csv', [['姓名'], ['王导入']]);
      expect((await t.http().post('/member-imports').set('authorization', auth).attach('file', file)).status).toBe(403);
      expect((await t.http().post('/party-member-imports').set('authorization', auth).attach('file', file)).status).toBe(403);
      const [{ n: after }] = (await t.dataSource.query(`SELECT (SELECT count(*) FROM member_import) + (SELECT count(*) FROM party_member_import) + (SELECT count(*) FROM campaign_import) AS n`)) as { n: string }[];
      expect(after).toBe(imports);
    });

    it('webhooks:manage alone cannot subscribe to member changes, and a key cannot subscribe on a people\'s token', async () => {
      const { key } = await newKey({ scopes: ['WEBHOOKS_MANAGE'] });
      const before = await keyCounts();
      expectError(await t.gql(SUBSCRIBE, { input: { url: 'https://example.com/h', eventTypes: ['member.*'] } }, key), 'FORBIDDEN', 'input.eventTypes.0');
      expectError(await t.gql(SUBSCRIBE, { input: { url: 'https://example.com/h', eventTypes: ['chamber.updated'] } }, key), 'FORBIDDEN', 'input.eventTypes.0');
      expect(errorCode(await t.gql(SUBSCRIBE, { input: { url: 'https://example.com/h', eventTypes: ['*'] } }, key))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(SUBSCRIBE, { input: { url: 'https://example.com/h', eventTypes: [] } }, key))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(SUBSCRIBE, { input: { url: 'https://example.com/h', eventTypes: ['x'.repeat(5000)] } }, key))).toBe('BAD_USER_INPUT');
      expect((await keyCounts()).webhook_subscription).toBe(before.webhook_subscription);
    });
  });

  describe('a key restricted to a chamber', () => {
    it('never sees members outside the chamber, in the feed, the lists or a member\'s nested chambers', async () => {
      const mine = await createChamber(t);
      const other = await createChamber(t);
      const { key } = await newKey({ scopes: ['MEMBERS_READ', 'CHAMBERS_READ'], chamberId: mine.id });
      const inside = await createMember(t, { name: '钱内部' });
      await addMembership(t, inside.id, mine.id);
      await addMembership(t, inside.id, other.id);
      const outside = await createMember(t, { name: '孙外部' });
      await addMembership(t, outside.id, other.id);
      await t.dataSource.query(`UPDATE member SET address = '外面的地址' WHERE id = $1`, [outside.id]);
      await t.dataSource.query(`UPDATE member SET address = '里面的地址' WHERE id = $1`, [inside.id]);
      const ids: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 50; i++) {
        const res = expectData(await t.gql(FEED, { after, first: 1000 }, key)) as { memberChanges: { endCursor: string | null; hasMore: boolean; changes: { recordId: string }[] } };
        ids.push(...res.memberChanges.changes.map((c) => c.recordId));
        after = res.memberChanges.endCursor;
        if (!res.memberChanges.hasMore) break;
      }
      expect(ids).toContain(inside.id);
      expect(ids).not.toContain(outside.id);
      expectError(await t.gql(`query($id: ID!) { member(id: $id) { id } }`, { id: outside.id }, key), 'NOT_FOUND');
      const nested = expectData(await t.gql(`query($id: ID!) { member(id: $id) { memberships { chamber { id } } } }`, { id: inside.id }, key)) as { member: { memberships: { chamber: { id: string } | null }[] } };
      const seen = nested.member.memberships.map((c) => c.chamber?.id ?? null);
      expect(seen).toContain(mine.id);
      expect(seen).not.toContain(other.id);
      expectError(await t.gql(`query($id: ID!) { chamber(id: $id) { id } }`, { id: other.id }, key), 'NOT_FOUND');
    });
  });

  describe('cursors', () => {
    it('refuses forged, foreign, oversized and control-character cursors on `after`, and page sizes out of range', async () => {
      const { key } = await newKey({ scopes: ['MEMBERS_READ', 'CHAMBERS_READ'] });
      await createMember(t);
      const first = expectData(await t.gql(FEED, { first: 1 }, key)) as { memberChanges: { endCursor: string } };
      const cursor = first.memberChanges.endCursor;
      const [v, kind, xid, id, mac] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
      const forge = (body: string) => Buffer.from(body).toString('base64url');
      for (const bad of [
        forge(`${v}.${kind}.${xid}.${Number(id) + 1000}.${mac}`), // moved position, old MAC
        forge(`${v}.${kind}.1.1.${mac}`),
        forge(`${v}.chamber.${xid}.${id}.${mac}`), // carried to another feed
        forge(`${v}.${kind}.${xid}.${id}.${'A'.repeat(mac.length)}`),
        forge(`${v}.${kind}.${xid}.${id}`),
        forge(`${v}.${kind}.-1.${id}.${mac}`),
        forge(`${v}.${kind}.99999999999999999999999.${id}.${mac}`),
        'x'.repeat(200),
        'abc\u0000def',
        '',
      ]) {
        expectError(await t.gql(FEED, { after: bad, first: 10 }, key), 'BAD_USER_INPUT', 'after');
      }
      expect(errorCode(await t.gql(FEED, { after: 'x'.repeat(100_000), first: 10 }, key))).toBe('BAD_USER_INPUT');
      // The member feed's cursor on the chamber feed.
      expectError(await t.gql(`query($after: String) { chamberChanges(after: $after, first: 1) { hasMore } }`, { after: cursor }, key), 'BAD_USER_INPUT', 'after');
      for (const size of [0, -1, 1001, 2 ** 31 - 1]) {
        expect([size, errorCode(await t.gql(FEED, { first: size }, key))]).toEqual([size, 'BAD_USER_INPUT']);
      }
      expect(errorCode(await t.gql(FEED, { first: 2 ** 40 }, key))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(FEED, { first: '10' }, key))).toBe('BAD_USER_INPUT');
    });

    it('another key\'s cursor is only a position: it gives this key its own rows, never the other\'s', async () => {
      const chamber = await createChamber(t);
      const wide = await newKey({ scopes: ['MEMBERS_READ'] });
      const narrow = await newKey({ scopes: ['MEMBERS_READ'], chamberId: chamber.id });
      const before = expectData(await t.gql(FEED, { first: 1000 }, wide.key)) as { memberChanges: { endCursor: string | null } };
      let cursor = before.memberChanges.endCursor;
      for (;;) {
        const page = expectData(await t.gql(FEED, { after: cursor, first: 1000 }, wide.key)) as { memberChanges: { endCursor: string | null; hasMore: boolean } };
        cursor = page.memberChanges.endCursor;
        if (!page.memberChanges.hasMore) break;
      }
      const outsider = await createMember(t, { name: '周他人' });
      const inside = await createMember(t, { name: '吴自己' });
      await addMembership(t, inside.id, chamber.id);
      await t.dataSource.query(`UPDATE member SET tags = tags WHERE id = $1`, [inside.id]);
      const got = expectData(await t.gql(FEED, { after: cursor, first: 1000 }, narrow.key)) as { memberChanges: { changes: { recordId: string }[] } };
      const ids = got.memberChanges.changes.map((c) => c.recordId);
      expect(ids).toContain(inside.id);
      expect(ids).not.toContain(outsider.id);
    });

    it('a change written under a savepoint counts once its transaction commits; one rolled back to a savepoint never shows', async () => {
      const { key } = await newKey({ scopes: ['MEMBERS_READ'] });
      const m = await createMember(t);
      const kept = await createMember(t);
      const tail = async (after: string | null) => {
        let cursor = after;
        const ids: string[] = [];
        for (;;) {
          const page = expectData(await t.gql(FEED, { after: cursor, first: 1000 }, key)) as { memberChanges: { endCursor: string | null; hasMore: boolean; changes: { recordId: string }[] } };
          ids.push(...page.memberChanges.changes.map((c) => c.recordId));
          cursor = page.memberChanges.endCursor;
          if (!page.memberChanges.hasMore) return { ids, cursor };
        }
      };
      let { cursor } = await tail(null);
      const client = new Client({ connectionString: t.databaseUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('SAVEPOINT a');
        await client.query(`UPDATE member SET address = '保存点' WHERE id = $1`, [kept.id]);
        await client.query('RELEASE SAVEPOINT a');
        await client.query('SAVEPOINT b');
        await client.query(`UPDATE member SET address = '回滚' WHERE id = $1`, [m.id]);
        await client.query('ROLLBACK TO SAVEPOINT b');
        // A later transaction commits first and is read while this one is open.
        await t.dataSource.query(`UPDATE member SET address = '后来者' WHERE id = $1`, [m.id]);
        const during = await tail(cursor);
        expect(during.ids).not.toContain(kept.id);
        cursor = during.cursor;
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      const afterCommit = await tail(cursor);
      expect(afterCommit.ids).toContain(kept.id);
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM change_log WHERE record_id = $1 AND change = 'UPDATED' AND occurred_at > now() - interval '1 minute'`, [m.id])) as { n: number }[];
      // Only the committed update outside the rolled-back savepoint is logged for m (the
      // refresh of its quality may log one more).
      expect(n).toBeGreaterThanOrEqual(1);
      const [{ addr }] = (await t.dataSource.query(`SELECT address AS addr FROM member WHERE id = $1`, [m.id])) as { addr: string }[];
      expect(addr).toBe('后来者');
    });
  });

  describe('keys: odd input, concurrency, secrets', () => {
    it('refuses odd key input with the field at fault, never a 500, and writes nothing', async () => {
      const before = await keyCounts();
      const bad = async (input: Record<string, unknown>, field?: string) => {
        const res = await t.gql(CREATE_KEY, { input: { name: '对接方', scopes: ['MEMBERS_READ'], ...input } }, admin);
        if (field) expectError(res, 'BAD_USER_INPUT', field);
        else expect([input, errorCode(res)]).toEqual([input, 'BAD_USER_INPUT']);
      };
      await bad({ name: '   ' }, 'input.name');
      await bad({ name: '' });
      await bad({ name: 'x'.repeat(101) });
      await bad({ name: '控制\u0007字符' });
      await bad({ rateLimitPerMinute: 0 });
      await bad({ rateLimitPerMinute: -5 });
      await bad({ rateLimitPerMinute: 2 ** 31 });
      await bad({ countyCode: 'abcdef' });
      await bad({ countyCode: '999999' }, 'input.countyCode');
      await bad({ chamberId: 'not-a-uuid' });
      await bad({ expiresAt: 'tomorrow' });
      await bad({ expiresAt: '1999-01-01T00:00:00Z' }, 'input.expiresAt');
      await bad({ scopes: ['ROOT'] });
      const after = await keyCounts();
      expect(after.api_key).toBe(before.api_key);
      expect(after.audit_event).toBe(before.audit_event);
      // Duplicates in the scope list are kept once.
      const { apiKey } = await newKey({ scopes: ['MEMBERS_READ', 'MEMBERS_READ'] });
      const [{ scopes }] = (await t.dataSource.query(`SELECT scopes FROM api_key WHERE id = $1`, [apiKey.id])) as { scopes: string[] }[];
      expect(scopes).toEqual(['members:read']);
    });

    it('revoking the same key twice at once: one revocation, the other CONFLICT; unknown ids NOT_FOUND', async () => {
      const { key, apiKey } = await newKey({ scopes: ['MEMBERS_READ'] });
      const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
      const answers = await Promise.all([t.gql(REVOKE, { id: apiKey.id }, admin), t.gql(REVOKE, { id: apiKey.id }, admin)]);
      expect(answers.map(errorCode).sort()).toEqual(['CONFLICT', undefined].sort());
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND operation = 'apiKey.revoke'`, [apiKey.id])) as { n: number }[];
      expect(n).toBe(1);
      expectError(await t.gql(FEED, { first: 1 }, key), 'UNAUTHENTICATED');
      expectError(await t.gql(REVOKE, { id: '00000000-0000-4000-8000-0000000000ff' }, admin), 'NOT_FOUND');
      expect(errorCode(await t.gql(REVOKE, { id: 'nope' }, admin))).toBe('BAD_USER_INPUT');
    });

    it('holds the rate limit under concurrent requests (Promise.all beyond the limit)', async () => {
      // The window is the calendar minute: start early in one.
      const [{ s }] = (await t.dataSource.query(`SELECT extract(second FROM now())::int AS s`)) as { s: number }[];
      if (s > 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
      const { key } = await newKey({ scopes: ['MEMBERS_READ'], rateLimitPerMinute: 5 });
      const answers = await Promise.all(Array.from({ length: 14 }, () => t.gql(`{ members(first: 1) { totalCount } }`, {}, key)));
      const codes = answers.map(errorCode);
      expect(codes.filter((c) => c === undefined)).toHaveLength(5);
      expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(9);
      const refused = answers.find((a) => errorCode(a) === 'TOO_MANY_REQUESTS') as GqlResponse;
      expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('never gives a key or webhook secret back: not in lists, not in audit events', async () => {
      const { key, apiKey } = await newKey({ scopes: ['MEMBERS_READ', 'WEBHOOKS_MANAGE'] });
      const secretPart = key.split('_')[2];
      const app = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, { databaseUrl: t.databaseUrl });
      try {
        const sub = expectData(await app.gql(SUBSCRIBE, { input: { url: 'http://127.0.0.1:9/h', eventTypes: ['member.created'] } }, key)).createWebhookSubscription as { secret: string; subscription: { id: string } };
        const listed = JSON.stringify(expectData(await app.gql(`{ webhookSubscriptions(first: 50) { edges { node { id url eventTypes active } } } }`, {}, key)));
        const typeFields = (name: string) => app.gql(`query($n: String!) { __type(name: $n) { fields { name } } }`, { n: name }, admin);
        const subFields = expectData(await typeFields('WebhookSubscription')).__type.fields.map((f: { name: string }) => f.name);
        expect(subFields).not.toContain('secret');
        expect(listed).not.toContain(sub.secret);
        const [{ hits }] = (await t.dataSource.query(
          `SELECT count(*)::int AS hits FROM audit_event a WHERE a::text LIKE '%' || $1 || '%' OR a::text LIKE '%' || $2 || '%'`,
          [secretPart, sub.secret.slice(6)],
        )) as { hits: number }[];
        expect(hits).toBe(0);
        const [{ created }] = (await t.dataSource.query(`SELECT count(*)::int AS created FROM audit_event WHERE entity_id IN ($1, $2)`, [apiKey.id, sub.subscription.id])) as { created: number }[];
        expect(created).toBeGreaterThanOrEqual(2);
      } finally {
        await app.close();
      }
    });
  });

  describe('webhook targets (SSRF)', () => {
    it.each([
      'http://[::1]/h',
      'http://[::ffff:127.0.0.1]/h',
      'http://[::ffff:7f00:1]/h',
      'http://[::127.0.0.1]/h',
      'http://[64:ff9b::7f00:1]/h',
      'http://[fe80::1]/h',
      'http://[fd00::1]/h',
      'http://0.0.0.0/h',
      'http://0/h',
      'http://169.254.169.254/latest/meta-data',
      'http://2130706433/h',
      'http://0x7f000001/h',
      'http://0177.0.0.1/h',
      'http://127.1/h',
      'http://10.1.2.3/h',
      'http://172.16.0.1/h',
      'http://192.168.1.1/h',
      'http://100.64.0.1/h',
      'http://localhost/h',
      'http://localhost./h',
    ])('refuses %s when private targets are not allowed', async (url) => {
      await expect(assertWebhookTarget(url, false)).rejects.toMatchObject({ extensions: expect.objectContaining({ field: 'input.url' }) });
    });

    it('refuses other schemes, credentials, garbage and unresolvable hosts over GraphQL, writing nothing', async () => {
      const { key } = await newKey({ scopes: ['MEMBERS_READ', 'WEBHOOKS_MANAGE'] });
      const before = await keyCounts();
      for (const url of ['ftp://example.com/h', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://127.0.0.1:6379/_x', 'http://user:pw@example.com/h', 'not a url', '', ' http://127.0.0.1/h', 'http://[::1]/h', 'http://2130706433/h', 'http://169.254.169.254/', 'http://no-such-host.invalid/h', `http://example.com/${'x'.repeat(3000)}`]) {
        const res = await t.gql(SUBSCRIBE, { input: { url, eventTypes: ['member.created'] } }, key);
        expect([url, errorCode(res)]).toEqual([url, 'BAD_USER_INPUT']);
        expect([url, res.body.errors?.[0]?.extensions?.field]).toEqual([url, 'input.url']);
      }
      expect((await keyCounts()).webhook_subscription).toBe(before.webhook_subscription);
    });
  });

  describe('deliveries', () => {
    let app: TestApp;
    let dispatcher: WebhookDispatcher;
    let appAdmin: string;
    const servers: Server[] = [];

    beforeAll(async () => {
      app = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
      dispatcher = app.app.get(WebhookDispatcher);
      appAdmin = (await signedInUser(app, { role: Role.Admin })).accessToken;
      await dispatcher.fanOut();
    });
    afterAll(async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      await app.close();
    });

    const listen = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
      const s = createServer(handler);
      servers.push(s);
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}/h`;
    };
    const key = async (scopes: string) =>
      expectData(await app.gql(`mutation { createApiKey(input: { name: "收件方", scopes: [${scopes}] }) { key } }`, {}, appAdmin)).createApiKey.key as string;

    it('does not follow a redirect (to a private address or anywhere): the attempt fails and is retried', async () => {
      let hitsBehind = 0;
      const behind = await listen((_req, res) => {
        hitsBehind += 1;
        res.writeHead(204).end();
      });
      const front = await listen((_req, res) => res.writeHead(307, { location: behind }).end());
      const k = await key('MEMBERS_READ, WEBHOOKS_MANAGE');
      const sub = expectData(await app.gql(SUBSCRIBE, { input: { url: front, eventTypes: ['member.created'] } }, k)).createWebhookSubscription as { subscription: { id: string } };
      await createMember(app);
      await dispatcher.fanOut();
      await dispatcher.deliverDue();
      expect(hitsBehind).toBe(0);
      const rows = (await app.dataSource.query(`SELECT status, last_status_code AS code FROM webhook_delivery WHERE subscription_id = $1`, [sub.subscription.id])) as { status: string; code: number }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status === 'PENDING' && r.code === 307)).toBe(true);
    });

    it('a key cannot read, redeliver, ping, enable or delete another key\'s subscription or deliveries (NOT_FOUND)', async () => {
      const url = await listen((_req, res) => res.writeHead(204).end());
      const a = await key('MEMBERS_READ, WEBHOOKS_MANAGE');
      const b = await key('MEMBERS_READ, WEBHOOKS_MANAGE');
      const sub = expectData(await app.gql(SUBSCRIBE, { input: { url, eventTypes: ['member.created'] } }, a)).createWebhookSubscription as { subscription: { id: string } };
      await createMember(app);
      await dispatcher.fanOut();
      await dispatcher.deliverDue();
      const [delivery] = (await app.dataSource.query(`SELECT id FROM webhook_delivery WHERE subscription_id = $1`, [sub.subscription.id])) as { id: string }[];
      const before = await rowCounts(app, ['webhook_subscription', 'webhook_delivery', 'webhook_attempt']);
      expectError(await app.gql(`query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 10) { totalCount } }`, { id: sub.subscription.id }, b), 'NOT_FOUND');
      expectError(await app.gql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: delivery.id }, b), 'NOT_FOUND');
      expectError(await app.gql(`mutation($id: ID!) { pingWebhook(subscriptionId: $id) { id } }`, { id: sub.subscription.id }, b), 'NOT_FOUND');
      expectError(await app.gql(`mutation($id: ID!) { enableWebhookSubscription(id: $id) { id } }`, { id: sub.subscription.id }, b), 'NOT_FOUND');
      expectError(await app.gql(`mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`, { id: sub.subscription.id }, b), 'NOT_FOUND');
      const listed = expectData(await app.gql(`{ webhookSubscriptions(first: 50) { edges { node { id } } } }`, {}, b));
      expect(JSON.stringify(listed)).not.toContain(sub.subscription.id);
      expect(await rowCounts(app, ['webhook_subscription', 'webhook_delivery', 'webhook_attempt'])).toEqual(before);
    });

    it('two dispatchers racing on the same due deliveries send each once (one webhook-id, one attempt each)', async () => {
      const seen: string[] = [];
      const url = await listen((req, res) => {
        seen.push(String(req.headers['webhook-id']));
        setTimeout(() => res.writeHead(204).end(), 50);
      });
      const k = await key('MEMBERS_READ, WEBHOOKS_MANAGE');
      const sub = expectData(await app.gql(SUBSCRIBE, { input: { url, eventTypes: ['member.created'] } }, k)).createWebhookSubscription as { subscription: { id: string } };
      for (let i = 0; i < 30; i++) await createMember(app);
      await Promise.all([dispatcher.fanOut(), dispatcher.fanOut(), dispatcher.fanOut()]);
      await Promise.all([dispatcher.deliverDue(), dispatcher.deliverDue(), dispatcher.deliverDue()]);
      const rows = (await app.dataSource.query(`SELECT d.id, d.status, (SELECT count(*)::int FROM webhook_attempt a WHERE a.delivery_id = d.id) AS attempts FROM webhook_delivery d WHERE d.subscription_id = $1`, [sub.subscription.id])) as { id: string; status: string; attempts: number }[];
      expect(rows).toHaveLength(30);
      expect(rows.every((r) => r.status === 'DELIVERED' && r.attempts === 1)).toBe(true);
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
    });

    it('pinging a deleted or unknown subscription is NOT_FOUND; an id that is not an id is BAD_USER_INPUT', async () => {
      const k = await key('WEBHOOKS_MANAGE');
      expectError(await app.gql(`mutation($id: ID!) { pingWebhook(subscriptionId: $id) { id } }`, { id: '00000000-0000-4000-8000-0000000000ee' }, k), 'NOT_FOUND');
      expect(errorCode(await app.gql(`mutation($id: ID!) { pingWebhook(subscriptionId: $id) { id } }`, { id: '1 OR 1=1' }, k))).toBe('BAD_USER_INPUT');
      expect(errorCode(await app.gql(`query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: -1) { totalCount } }`, { id: '00000000-0000-4000-8000-0000000000ee' }, k))).toBe('BAD_USER_INPUT');
    });
  });
});
