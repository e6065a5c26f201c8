import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { verifyWebhook, WebhookDispatcher } from '@crm/integration';
import { FlowEvents } from '@crm/notice';
import { createChamber, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

// Notices and returns reach webhook subscribers (issue 16 §5): recorded inside the change's
// transaction, so a change that rolls back sends nothing; ids only, never personal data.

const SEND = `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }`;
const SUBMIT = `mutation($id: ID!, $input: SubmitReturnInput!) { submitNoticeReturn(noticeId: $id, input: $input) { id } }`;
const SUBSCRIBE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }`;

/** A webhook receiver on 127.0.0.1 for this test. */
class Receiver {
  readonly received: { headers: IncomingMessage['headers']; body: string }[] = [];
  private server!: Server;

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        r.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  bodies(): { type: string; data: { kind: string; id: string; change: string } }[] {
    return this.received.map((r) => JSON.parse(r.body));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('notices and returns fire webhooks', () => {
  let t: TestApp;
  let admin: string;
  let secretary: string;
  let dispatcher: WebhookDispatcher;
  let receiver: Receiver;
  let restricted: Receiver;
  let secret: string;

  const newKey = async (extra = '') =>
    expectData(await t.gql(`mutation { createApiKey(input: { name: "信息平台", scopes: [WEBHOOKS_MANAGE] ${extra} }) { key } }`, {}, admin)).createApiKey.key as string;
  const send = (title: string, input: Record<string, unknown> = {}) =>
    t.gql(SEND, { input: { title, body: '请各商会知悉。联系人 13800138000', priority: 'NORMAL', target: { kind: 'ALL_CHAMBERS' }, ...input } }, admin);
  const pump = async () => {
    await dispatcher.fanOut();
    await dispatcher.deliverDue();
  };

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const chamber = await createChamber(t, { level: ChamberLevel.Provincial });
    secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id })).accessToken;
    dispatcher = t.app.get(WebhookDispatcher);
    await dispatcher.fanOut();
    receiver = await Receiver.start();
    restricted = await Receiver.start();
    secret = expectData(await t.gql(SUBSCRIBE, { input: { url: receiver.url, eventTypes: ['notice.sent', 'return.submitted'] } }, await newKey())).createWebhookSubscription.secret;
    // A key restricted to a county: flow events have no row scope here, so it is told nothing.
    expectData(await t.gql(SUBSCRIBE, { input: { url: restricted.url, eventTypes: ['notice.sent'] } }, await newKey('countyCode: "330381"')));
  });
  afterAll(async () => {
    await receiver.stop();
    await restricted.stop();
    await t.close();
  });

  it('a notice.sent subscription receives a signed delivery with the notice id and no personal data', async () => {
    const notice = expectData(await send('关于开展年度统计的通知')).sendNotice as { id: string };
    await pump();
    const hits = receiver.received.filter((r) => JSON.parse(r.body).data.id === notice.id);
    expect(hits).toHaveLength(1);
    expect(verifyWebhook(secret, hits[0].headers, hits[0].body)).toBe('ok');
    expect(JSON.parse(hits[0].body)).toEqual({ type: 'notice.sent', timestamp: expect.any(String), data: { kind: 'notice', id: notice.id, change: 'SENT' } });
    expect(hits[0].body).not.toContain('13800138000');
    expect(hits[0].body).not.toContain('年度统计');
    expect(restricted.received).toEqual([]);
  });

  it('a submitted return fires return.submitted with its notice id', async () => {
    const notice = expectData(
      await send('关于报送联系人的通知', { deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(), returnForm: [{ key: 'note', label: '备注', type: 'TEXT', required: true }] }),
    ).sendNotice as { id: string };
    expectData(await t.gql(SUBMIT, { id: notice.id, input: { answers: [{ key: 'note', value: '已报送' }] } }, secretary));
    await pump();
    const types = receiver.bodies().filter((b) => b.data.id === notice.id).map((b) => b.type).sort();
    expect(types).toEqual(['notice.sent', 'return.submitted']);
    expect(receiver.received.every((r) => !r.body.includes('已报送'))).toBe(true);
  });

  it('a send that rolls back fires nothing', async () => {
    const before = receiver.received.length;
    // A later write of the same transaction fails: the notice and its event go together.
    const stop = t.app.get(FlowEvents).subscribeInTransaction(async (event) => {
      if (event.type === 'notice.sent') throw new Error('写入失败');
    });
    try {
      const res = await send('不会发出的通知');
      expect(res.body.errors?.length).toBeGreaterThan(0);
    } finally {
      stop();
    }
    await pump();
    expect(receiver.received.length).toBe(before);
    expect(await t.dataSource.query(`SELECT 1 FROM notice WHERE title = '不会发出的通知'`)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM change_log WHERE kind = 'notice' AND record_id NOT IN (SELECT id FROM notice)`)).toEqual([]);
  });
});
