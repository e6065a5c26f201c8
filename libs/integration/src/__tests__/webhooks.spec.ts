import { Role } from '@crm/auth';
import { verifyWebhook, WebhookDispatcher } from '@crm/integration';
import { createMember, createTestApp, errorCode, expectData, expectError, signedInUser, TestApp } from '@crm/testing';
import { Receiver } from './receivers';

const SUBSCRIBE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id active eventTypes } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 100) { edges { node { id eventType status attempts lastStatusCode lastDurationMs lastError payload } } } }`;

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  payload: string;
}

describe('webhooks: signed, fanned out once per subscription, retried, disabled after failures', () => {
  let t: TestApp;
  let admin: string;
  let dispatcher: WebhookDispatcher;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '400', WEBHOOK_DISABLE_AFTER_FAILURES: '3', WEBHOOK_RETRY_BASE_SECONDS: '30' });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    dispatcher = t.app.get(WebhookDispatcher);
    // Start from a quiet log: what the setup wrote is not news to the subscriptions below.
    await dispatcher.fanOut();
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await t.close();
  });

  const receiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };

  const newKey = async (scopes: string, extra = '') =>
    expectData(await t.gql(`mutation { createApiKey(input: { name: "接收方", scopes: [${scopes}] ${extra} }) { key apiKey { id } } }`, {}, admin)).createApiKey as { key: string; apiKey: { id: string } };

  const subscribe = async (key: string, url: string, eventTypes: string[] = ['member.*']) =>
    expectData(await t.gql(SUBSCRIBE, { input: { url, eventTypes } }, key)).createWebhookSubscription as { secret: string; subscription: { id: string } };

  const deliveries = async (key: string, id: string): Promise<Delivery[]> =>
    expectData(await t.gql(DELIVERIES, { id }, key)).webhookDeliveries.edges.map((e: { node: Delivery }) => e.node);

  const pump = async () => {
    await dispatcher.fanOut();
    await dispatcher.deliverDue();
  };

  /** Makes every pending delivery of the subscription due now (the back-off, fast-forwarded). */
  const fastForward = (subscriptionId: string) => t.dataSource.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE subscription_id = $1 AND status = 'PENDING'`, [subscriptionId]);

  it('signs each delivery (Standard Webhooks) and sends ids and change types only', async () => {
    const r = await receiver();
    const { key } = await newKey('MEMBERS_READ, MEMBERS_PERSONAL_DATA, WEBHOOKS_MANAGE');
    const { secret, subscription } = await subscribe(key, r.url, ['member.created']);
    expect(secret).toMatch(/^whsec_/);
    const m = await createMember(t, { name: '冯签名' });
    await pump();
    const mine = r.received.filter((x) => JSON.parse(x.body).data.id === m.id);
    expect(mine).toHaveLength(1);
    const [hit] = mine;
    expect(verifyWebhook(secret, hit.headers, hit.body)).toBe('ok');
    expect(hit.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const body = JSON.parse(hit.body);
    expect(body).toEqual({ type: 'member.created', timestamp: expect.any(String), data: { kind: 'member', id: m.id, change: 'CREATED' } });
    // No personal data travels in a webhook, even for a key that may read it.
    expect(hit.body).not.toContain(m.idNumber as string);
    expect(hit.body).not.toContain('冯签名');
    // Only the subscribed type: the completeness UPDATE was not sent.
    expect(r.received.every((x) => JSON.parse(x.body).type === 'member.created')).toBe(true);
    const [log] = (await deliveries(key, subscription.id)).filter((d) => JSON.parse(d.payload).data.id === m.id);
    expect(log).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204, lastError: null });
    expect(log.lastDurationMs).toEqual(expect.any(Number));
    expect(hit.headers['webhook-id']).toBe(log.id);
  });

  it('a receiver verifying the signature refuses a forged body, a wrong secret and a replay with an old timestamp', async () => {
    const r = await receiver();
    const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    const { secret } = await subscribe(key, r.url, ['member.created']);
    await createMember(t);
    await pump();
    const [hit] = r.received;
    expect(verifyWebhook(secret, hit.headers, hit.body)).toBe('ok');
    expect(verifyWebhook(secret, hit.headers, hit.body.replace('created', 'removed'))).toBe('bad-signature');
    expect(verifyWebhook('whsec_' + Buffer.from('another secret').toString('base64'), hit.headers, hit.body)).toBe('bad-signature');
    expect(verifyWebhook(secret, hit.headers, hit.body, { now: Date.now() + 10 * 60_000 })).toBe('stale-timestamp');
    expect(verifyWebhook(secret, { ...hit.headers, 'webhook-id': undefined }, hit.body)).toBe('missing-headers');
  });

  it('retries a 500, a timeout and a cut connection with back-off, logging each attempt, then delivers with the same webhook-id', async () => {
    for (const behaviour of [{ status: 500 }, { status: 200, delayMs: 1500 }, { hangUp: true as const }]) {
      const r = await receiver();
      r.behaviour = behaviour;
      const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
      const { subscription } = await subscribe(key, r.url, ['member.created']);
      const m = await createMember(t);
      await pump();
      const [failed] = await deliveries(key, subscription.id);
      expect(failed.status).toBe('PENDING');
      expect(failed.attempts).toBe(1);
      if ('status' in behaviour && behaviour.status === 500) expect(failed).toMatchObject({ lastStatusCode: 500, lastError: 'HTTP 500' });
      else if ('hangUp' in behaviour) expect(failed).toMatchObject({ lastStatusCode: null, lastError: expect.stringMatching(/ECONNRESET|socket|UND_ERR|terminated/i) });
      else expect(failed).toMatchObject({ lastStatusCode: null, lastError: 'timed out after 400 ms' });
      // Not due again yet: the back-off holds it (30 s, doubling).
      const [{ wait }] = (await t.dataSource.query(`SELECT extract(epoch FROM next_attempt_at - now())::int AS wait FROM webhook_delivery WHERE id = $1`, [failed.id])) as { wait: number }[];
      expect(wait).toBeGreaterThanOrEqual(20);
      expect(wait).toBeLessThanOrEqual(31);
      await dispatcher.deliverDue();
      expect(r.received).toHaveLength(1);
      r.behaviour = { status: 200 };
      await fastForward(subscription.id);
      await dispatcher.deliverDue();
      expect(r.received).toHaveLength(2);
      expect(r.received[1].headers['webhook-id']).toBe(r.received[0].headers['webhook-id']);
      expect(JSON.parse(r.received[1].body).data.id).toBe(m.id);
      const [done] = await deliveries(key, subscription.id);
      expect(done).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200 });
      const attempts = (await t.dataSource.query(`SELECT status_code AS code FROM webhook_attempt WHERE delivery_id = $1 ORDER BY id`, [done.id])) as { code: number | null }[];
      expect(attempts.map((a) => a.code)).toEqual(['status' in behaviour && behaviour.status === 500 ? 500 : null, 200]);
    }
  });

  it('gives up after a day of retries, and disables a subscription after repeated failures, telling the admins', async () => {
    const r = await receiver();
    r.behaviour = { status: 503 };
    const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    const { subscription } = await subscribe(key, r.url, ['member.created']);
    await createMember(t);
    await pump();
    // A day later: the next failure is the last.
    await t.dataSource.query(`UPDATE webhook_delivery SET created_at = now() - interval '25 hours', next_attempt_at = now() WHERE subscription_id = $1`, [subscription.id]);
    await dispatcher.deliverDue();
    expect((await deliveries(key, subscription.id))[0]).toMatchObject({ status: 'FAILED', attempts: 2 });
    // Two more failures make three in a row: disabled.
    await createMember(t);
    await pump();
    const after = expectData(await t.gql(`{ webhookSubscriptions { edges { node { id active consecutiveFailures disabledAt } } } }`, {}, key)).webhookSubscriptions.edges[0].node;
    expect(after).toMatchObject({ id: subscription.id, active: false, consecutiveFailures: 3, disabledAt: expect.any(String) });
    const notice = expectData(await t.gql(`query($id: String!) { auditEvents(first: 5, filter: { entityId: $id, operation: "webhookSubscription.disabled" }) { edges { node { operation metadata } } } }`, { id: subscription.id }, admin));
    expect(notice.auditEvents.edges).toHaveLength(1);
    expect(JSON.parse(notice.auditEvents.edges[0].node.metadata)).toMatchObject({ url: r.url, consecutiveFailures: 3 });
    // Disabled: nothing is sent, pings and redeliveries are refused until it is enabled again.
    const sent = r.received.length;
    await createMember(t);
    await pump();
    expect(r.received).toHaveLength(sent);
    expectError(await t.gql(`mutation($id: ID!) { pingWebhook(subscriptionId: $id) { id } }`, { id: subscription.id }, key), 'CONFLICT', 'subscriptionId');
    r.behaviour = { status: 200 };
    expectData(await t.gql(`mutation($id: ID!) { enableWebhookSubscription(id: $id) { active } }`, { id: subscription.id }, key));
    await fastForward(subscription.id);
    await dispatcher.deliverDue();
    expect(r.received.length).toBeGreaterThan(sent);
  });

  it('pings on demand and redelivers a delivered notice with the same webhook-id', async () => {
    const r = await receiver();
    const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    const { secret, subscription } = await subscribe(key, r.url, ['member.created']);
    const ping = expectData(await t.gql(`mutation($id: ID!) { pingWebhook(subscriptionId: $id) { id eventType status } }`, { id: subscription.id }, key)).pingWebhook;
    expect(ping).toMatchObject({ eventType: 'webhook.ping', status: 'PENDING' });
    await dispatcher.deliverDue();
    expect(r.received).toHaveLength(1);
    expect(JSON.parse(r.received[0].body).type).toBe('webhook.ping');
    expect(verifyWebhook(secret, r.received[0].headers, r.received[0].body)).toBe('ok');
    expectData(await t.gql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }`, { id: ping.id }, key));
    await dispatcher.deliverDue();
    expect(r.received).toHaveLength(2);
    expect(r.received[1].headers['webhook-id']).toBe(ping.id);
    // Another key can neither see nor redeliver it.
    const other = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    expectError(await t.gql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }`, { id: ping.id }, other.key), 'NOT_FOUND');
    expectError(await t.gql(DELIVERIES, { id: subscription.id }, other.key), 'NOT_FOUND');
  });

  it('refuses URLs that are not http(s), and loopback or private targets unless allowed (after DNS)', async () => {
    const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    const tryUrl = (url: string) => t.gql(SUBSCRIBE, { input: { url, eventTypes: ['member.*'] } }, key);
    expectError(await tryUrl('ftp://example.org/x'), 'BAD_USER_INPUT', 'input.url');
    expectError(await tryUrl('javascript:alert(1)'), 'BAD_USER_INPUT', 'input.url');
    expectError(await tryUrl('not a url'), 'BAD_USER_INPUT', 'input.url');
    expectError(await tryUrl('http://no-such-host.invalid/x'), 'BAD_USER_INPUT', 'input.url');
    t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://10.1.2.3/x', 'http://192.168.0.5/x', 'http://[::1]:9/x', 'http://169.254.169.254/latest']) {
        const res = await tryUrl(url);
        expectError(res, 'BAD_USER_INPUT', 'input.url');
        expect([url, res.body.errors?.[0]?.extensions?.reason]).toEqual([url, 'INTEGRATION_WEBHOOK_URL_PRIVATE']);
      }
      // A subscription made while allowed is not sent to once they are refused.
      t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
      const r = await receiver();
      const { subscription } = await subscribe(key, r.url, ['member.created']);
      t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
      await createMember(t);
      await pump();
      expect(r.received).toHaveLength(0);
      expect((await deliveries(key, subscription.id))[0].lastError).toMatch(/^target refused/);
    } finally {
      t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
    }
  });

  it('subscriptions are the key\'s: event types within its scopes; people and foreign keys cannot manage them', async () => {
    const r = await receiver();
    const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    expectError(await t.gql(SUBSCRIBE, { input: { url: r.url, eventTypes: ['partyMember.*'] } }, key), 'FORBIDDEN', 'input.eventTypes.0');
    expectError(await t.gql(SUBSCRIBE, { input: { url: r.url, eventTypes: ['member.*', 'member.exploded'] } }, key), 'BAD_USER_INPUT', 'input.eventTypes.1');
    expectError(await t.gql(SUBSCRIBE, { input: { url: r.url, eventTypes: ['nothing.created'] } }, key), 'BAD_USER_INPUT', 'input.eventTypes.0');
    const readOnly = await newKey('MEMBERS_READ');
    expectError(await t.gql(SUBSCRIBE, { input: { url: r.url, eventTypes: ['member.*'] } }, readOnly.key), 'FORBIDDEN');
    expectError(await t.gql(SUBSCRIBE, { input: { url: r.url, eventTypes: ['member.*'] } }, admin), 'FORBIDDEN');
    const { subscription } = await subscribe(key, r.url);
    const other = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    expectError(await t.gql(`mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`, { id: subscription.id }, other.key), 'NOT_FOUND');
    expect(errorCode(await t.gql(`mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`, { id: subscription.id }, key))).toBeUndefined();
  });

  it('a county key is told only of its county\'s members; no change reaches the wrong key', async () => {
    const rCounty = await receiver();
    const rAll = await receiver();
    const county = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE', ', countyCode: "330381"');
    const all = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
    await subscribe(county.key, rCounty.url, ['member.created']);
    await subscribe(all.key, rAll.url, ['member.created']);
    const inside = await createMember(t, { hometownCode: '330381' });
    const outside = await createMember(t, { hometownCode: '330302' });
    await pump();
    const ids = (r: Receiver) => r.received.map((x) => JSON.parse(x.body).data.id as string);
    expect(ids(rCounty)).toEqual([inside.id]);
    expect(ids(rAll).sort()).toEqual([inside.id, outside.id].sort());
  });

  it('two API processes on one database deliver each change once per subscription', async () => {
    const second = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, { databaseUrl: t.databaseUrl });
    try {
      const rs = [await receiver(), await receiver(), await receiver()];
      const { key } = await newKey('MEMBERS_READ, WEBHOOKS_MANAGE');
      for (const r of rs) await subscribe(key, r.url, ['member.created']);
      const ids = new Set<string>();
      for (let i = 0; i < 40; i++) ids.add((await createMember(t)).id);
      const other = second.app.get(WebhookDispatcher);
      await Promise.all([dispatcher.fanOut(), other.fanOut(), dispatcher.fanOut(), other.fanOut()]);
      await Promise.all([dispatcher.deliverDue(), other.deliverDue(), dispatcher.deliverDue(), other.deliverDue()]);
      // An attempt that timed out under load waits for its retry: bring retries forward until done.
      for (let round = 0; round < 10; round++) {
        const [{ pending }] = (await t.dataSource.query(`SELECT count(*)::int AS pending FROM webhook_delivery WHERE status = 'PENDING'`)) as { pending: number }[];
        if (!pending) break;
        await t.dataSource.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'PENDING'`);
        await Promise.all([dispatcher.deliverDue(), other.deliverDue()]);
      }
      const [{ rows }] = (await t.dataSource.query(`SELECT count(*)::int AS rows FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id WHERE s.api_key_id = (SELECT api_key_id FROM webhook_subscription ORDER BY created_at DESC LIMIT 1)`)) as { rows: number }[];
      expect(rows).toBe(3 * ids.size);
      for (const r of rs) {
        const got = r.received.map((x) => JSON.parse(x.body).data.id as string);
        // Every change arrived, each under one webhook-id (one delivery per change and
        // subscription); an attempt answered too late may arrive twice, with the same id.
        expect(new Set(got)).toEqual(ids);
        const idsByChange = new Map<string, Set<string>>();
        for (const x of r.received) {
          const change = JSON.parse(x.body).data.id as string;
          idsByChange.set(change, (idsByChange.get(change) ?? new Set()).add(String(x.headers['webhook-id'])));
        }
        expect([...idsByChange.values()].every((set) => set.size === 1)).toBe(true);
      }
    } finally {
      await second.close();
    }
  });
});
