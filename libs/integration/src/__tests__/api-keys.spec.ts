import { Role } from '@crm/auth';
import { createMember, createTestApp, errorCode, expectData, expectError, GqlResponse, signedInUser, TestApp } from '@crm/testing';

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix scopes chamberId countyCode rateLimitPerMinute } } }`;
const FEED = `query($after: String, $first: Int) { memberChanges(after: $after, first: $first) { endCursor hasMore changes { cursor change recordId survivorId record { id name idNumber phones } } } }`;

describe('API keys: made by admins, shown once, exactly their scopes and rows', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const createKey = async (input: Record<string, unknown>) => {
    const res = await t.gql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(CREATE, { input: { name: '温商信息服务平台', ...input } }, admin);
    return expectData(res).createApiKey;
  };

  it('shows the key once, keeps only a hash and the prefix, and lists keys without the secret', async () => {
    const { key, apiKey } = await createKey({ scopes: ['MEMBERS_READ'] });
    expect(key).toMatch(new RegExp(`^crm_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    const [row] = (await t.dataSource.query(`SELECT encode(secret_hash, 'hex') AS h FROM api_key WHERE id = $1`, [apiKey.id])) as { h: string }[];
    expect(row.h).toHaveLength(64);
    expect(row.h).not.toContain(key.split('_')[2]);
    const list = expectData(await t.gql(`{ apiKeys(first: 50) { edges { node { id prefix scopes } } } }`, {}, admin));
    expect(JSON.stringify(list)).not.toContain(key.split('_')[2]);
    expect(list.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(apiKey.id);
    // The schema has no field that could give the secret back.
    const fields = expectData(await t.gql(`{ __type(name: "ApiKey") { fields { name } } }`, {}, admin)).__type.fields.map((f: { name: string }) => f.name);
    expect(fields).not.toEqual(expect.arrayContaining(['key', 'secret', 'secretHash']));
    const [audit] = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1`, [apiKey.id])) as { operation: string }[];
    expect(audit.operation).toBe('apiKey.create');
  });

  it('only admins make keys, and a key cannot make or list keys', async () => {
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary });
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'] } }, secretary.accessToken), 'FORBIDDEN');
    const { key } = await createKey({ scopes: ['MEMBERS_READ', 'WEBHOOKS_MANAGE'] });
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'] } }, key), 'FORBIDDEN');
    expectError(await t.gql(`{ apiKeys { totalCount } }`, {}, key), 'FORBIDDEN');
  });

  it('refuses bad key input with the field at fault and writes nothing', async () => {
    const [{ n: before }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM api_key`)) as { n: number }[];
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'], chamberId: '00000000-0000-4000-8000-0000000000aa', countyCode: '330302' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_PERSONAL_DATA'] } }, admin), 'BAD_USER_INPUT', 'input.scopes');
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'], expiresAt: '2020-01-01T00:00:00Z' } }, admin), 'BAD_USER_INPUT', 'input.expiresAt');
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'], chamberId: '00000000-0000-4000-8000-0000000000aa' } }, admin), 'BAD_USER_INPUT', 'input.chamberId');
    expectError(await t.gql(CREATE, { input: { name: 'x', scopes: ['MEMBERS_READ'], countyCode: '330300' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
    expect(errorCode(await t.gql(CREATE, { input: { name: 'x', scopes: [] } }, admin))).toBe('BAD_USER_INPUT');
    const [{ n: after }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM api_key`)) as { n: number }[];
    expect(after).toBe(before);
  });

  it('refuses malformed, unknown, revoked and expired keys (UNAUTHENTICATED), each with its reason', async () => {
    const { key, apiKey } = await createKey({ scopes: ['MEMBERS_READ'] });
    expectData(await t.gql(FEED, { first: 1 }, key));
    const reason = async (token: string) => {
      const res = await t.gql(FEED, { first: 1 }, token);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      return res.body.errors?.[0]?.extensions?.reason as string;
    };
    expect(await reason('crm_nothing')).toBe('INTEGRATION_KEY_MALFORMED');
    expect(await reason(`${key.slice(0, -4)}AAAA`)).toBe('INTEGRATION_KEY_UNKNOWN');
    expect(await reason(`crm_zzzzzzzzzz_${'A'.repeat(43)}`)).toBe('INTEGRATION_KEY_UNKNOWN');
    expectData(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin));
    expect(await reason(key)).toBe('INTEGRATION_KEY_REVOKED');
    expectError(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin), 'CONFLICT', 'id');
    const other = await createKey({ scopes: ['MEMBERS_READ'] });
    await t.dataSource.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [other.apiKey.id]);
    expect(await reason(other.key)).toBe('INTEGRATION_KEY_EXPIRED');
    // A JWT-looking token still goes the access-token way.
    expectError(await t.gql(FEED, { first: 1 }, 'eyJhbGciOiJIUzI1NiJ9.e30.x'), 'UNAUTHENTICATED');
  });

  it('a key reaches exactly its scopes: no account, no writes, no chambers without chambers:read', async () => {
    const { key } = await createKey({ scopes: ['MEMBERS_READ'] });
    expectError(await t.gql(`{ me { id } }`, {}, key), 'FORBIDDEN');
    expectError(await t.gql(`{ chambers(first: 1) { totalCount } }`, {}, key), 'FORBIDDEN');
    expectError(await t.gql(`{ partyMemberChanges(first: 1) { hasMore } }`, {}, key), 'FORBIDDEN');
    expectError(await t.gql(`mutation { createMember(input: { name: "王某" }) { id } }`, {}, key), 'FORBIDDEN');
    expectError(await t.gql(`{ auditEvents(first: 1) { totalCount } }`, {}, key), 'FORBIDDEN');
    expectData(await t.gql(`{ members(first: 1) { totalCount } }`, {}, key));
  });

  it('masks personal data without members:personal-data; with it, clear values audited as the key', async () => {
    const m = await createMember(t, { name: '赵钥匙' });
    const masked = await createKey({ scopes: ['MEMBERS_READ'] });
    const clear = await createKey({ scopes: ['MEMBERS_READ', 'MEMBERS_PERSONAL_DATA'] });
    const find = async (key: string) => {
      let after: string | null = null;
      for (;;) {
        const page: any = expectData(await t.gql(FEED, { after, first: 1000 }, key)).memberChanges;
        const hit = page.changes.find((c: any) => c.recordId === m.id);
        if (hit) return hit.record;
        if (!page.hasMore) throw new Error('member not in the feed');
        after = page.endCursor;
      }
    };
    const seen = await find(masked.key);
    expect(seen.idNumber).not.toBe(m.idNumber);
    expect(seen.idNumber).toContain('*');
    expect(seen.phones[0]).toContain('*');
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND operation = 'member.personalDataRead'`, [m.id]))[0].n;
    expect(before).toBe(0);
    const clearSeen = await find(clear.key);
    expect(clearSeen.idNumber).toBe(m.idNumber);
    const events = (await t.dataSource.query(
      `SELECT actor_id AS "actorId", actor_kind AS "actorKind", actor_email AS "actorEmail" FROM audit_event WHERE entity_id = $1 AND operation = 'member.personalDataRead'`,
      [m.id],
    )) as { actorId: string; actorKind: string; actorEmail: string }[];
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]).toEqual({ actorId: clear.apiKey.id, actorKind: 'API_KEY', actorEmail: `api-key:${clear.apiKey.prefix}` });
    // The admins' audit view shows the actor kind.
    const view = expectData(await t.gql(`query($id: String!) { auditEvents(first: 5, filter: { entityId: $id }) { edges { node { actorKind actorId operation } } } }`, { id: m.id }, admin));
    expect(view.auditEvents.edges.map((e: any) => e.node)).toContainEqual({ actorKind: 'API_KEY', actorId: clear.apiKey.id, operation: 'member.personalDataRead' });
  });

  it('a county key reads only its county\'s members, through the feed and the lists', async () => {
    const inCounty = await createMember(t, { hometownCode: '330381', name: '钱瑞安' });
    const outside = await createMember(t, { hometownCode: '330302', name: '孙鹿城' });
    const { key } = await createKey({ scopes: ['MEMBERS_READ'], countyCode: '330381' });
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = expectData(await t.gql(FEED, { after, first: 1000 }, key)).memberChanges;
      ids.push(...page.changes.map((c: any) => c.recordId));
      for (const c of page.changes) expect(c.record).not.toBeNull();
      if (!page.hasMore) break;
      after = page.endCursor;
    }
    expect(ids).toContain(inCounty.id);
    expect(ids).not.toContain(outside.id);
    expectError(await t.gql(`query($id: ID!) { member(id: $id) { id } }`, { id: outside.id }, key), 'NOT_FOUND');
  });

  it('limits each key\'s requests per minute, counted in PostgreSQL (TOO_MANY_REQUESTS with retryAfterSeconds)', async () => {
    const minute = async () => ((await t.dataSource.query(`SELECT date_trunc('minute', now())::text AS m`)) as { m: string }[])[0].m;
    // The window is the calendar minute: a run that crosses a minute boundary is done again.
    let key = '';
    let apiKey = { id: '' };
    let res: GqlResponse | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      ({ key, apiKey } = await createKey({ scopes: ['MEMBERS_READ'], rateLimitPerMinute: 3 }));
      const start = await minute();
      for (let i = 0; i < 3; i++) await t.gql(FEED, { first: 1 }, key);
      res = await t.gql(FEED, { first: 1 }, key);
      if ((await minute()) === start) break;
    }
    expectError(res as GqlResponse, 'TOO_MANY_REQUESTS');
    const retry = res?.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const other = await createKey({ scopes: ['MEMBERS_READ'], rateLimitPerMinute: 3 });
    // Another key is not affected; the counter lives in the database (any process sees it).
    expectData(await t.gql(FEED, { first: 1 }, other.key));
    const [{ requests }] = (await t.dataSource.query(`SELECT requests FROM api_key_usage WHERE api_key_id = $1`, [apiKey.id])) as { requests: number }[];
    expect(requests).toBe(4);
  });
});
