import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@crm/auth';
import { WebhookDispatcher } from '@crm/integration';
import { createMember, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';
import { membersInFile, syncMembers, verifySignature, webhookReceiver } from '../examples/pull-members';

describe('examples/pull-members.ts: the worked client of docs/integrations.md', () => {
  let t: TestApp;
  let dir: string;
  let endpoint: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    endpoint = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    key = expectData(await t.gql(`mutation { createApiKey(input: { name: "示例", scopes: [MEMBERS_READ, WEBHOOKS_MANAGE] }) { key } }`, {}, admin)).createApiKey.key;
    dir = await mkdtemp(join(tmpdir(), 'crm-example-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs into a JSON-lines file, resumes from its saved cursor, and follows merges', async () => {
    const options = { endpoint, apiKey: key, out: join(dir, 'members.jsonl'), state: join(dir, 'members.cursor'), pageSize: 3 };
    const a = await createMember(t, { name: '韩一' });
    const b = await createMember(t, { name: '韩二' });
    const first = await syncMembers(options);
    expect(first.pages).toBeGreaterThan(1);
    let copy = await membersInFile(options.out);
    expect(copy.get(a.id)?.name).toBe('韩一');
    expect(copy.get(b.id)?.name).toBe('韩二');
    // Nothing new: a resumed sync writes nothing.
    expect((await syncMembers(options)).changes).toBe(0);
    await t.dataSource.query(`UPDATE member SET name = '韩一改' WHERE id = $1`, [a.id]);
    await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [a.id, b.id]);
    const resumed = await syncMembers(options);
    expect(resumed.changes).toBe(2);
    copy = await membersInFile(options.out);
    expect(copy.get(a.id)?.name).toBe('韩一改');
    expect(copy.has(b.id)).toBe(false);
    expect((await readFile(options.state, 'utf8')).length).toBeGreaterThan(10);
  });

  it('receives a signed notice, verifies it, drops a repeat, and refuses a forged one', async () => {
    const notices: string[] = [];
    let secret = '';
    // The secret comes with the subscription, which needs the receiver's URL first: read it late.
    const live = webhookReceiver(() => secret, async (n) => void notices.push(String(n.data.id)));
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    const dispatcher = t.app.get(WebhookDispatcher);
    await dispatcher.fanOut(); // the earlier test's changes are not news to the new subscription
    try {
      const url = `http://127.0.0.1:${(live.address() as AddressInfo).port}/hooks`;
      const sub = expectData(await t.gql(`mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["member.created"] }) { secret } }`, { url }, key));
      secret = sub.createWebhookSubscription.secret;
      const m = await createMember(t);
      await dispatcher.fanOut();
      await dispatcher.deliverDue();
      expect(notices).toEqual([m.id]);
      // A forged body is refused with 401; the same id again is acknowledged but not acted on.
      const [row] = (await t.dataSource.query(`SELECT id, payload::text AS body FROM webhook_delivery WHERE payload->'data'->>'id' = $1`, [m.id])) as { id: string; body: string }[];
      const forged = await fetch(url, { method: 'POST', headers: { 'webhook-id': row.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, body: row.body });
      expect(forged.status).toBe(401);
      await t.dataSource.query(`UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now() WHERE id = $1`, [row.id]);
      await dispatcher.deliverDue();
      expect(notices).toEqual([m.id]);
      expect(verifySignature(secret, { 'webhook-id': 'x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' }, '{}')).toBe(false);
    } finally {
      live.close();
    }
  });
});
