import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { MIGRATIONS } from '@crm/database';
import { verifyWebhook, WebhookDispatcher } from '@crm/integration';
import { captureSql, createChamber, createMember, createTestApp, expectData, expectError, signedInUser, TestApp } from '@crm/testing';

// The `projectChanges` feed and `project.*` webhooks (issue 17 §2), over HTTP with API keys.

const CREATE = `mutation($input: CreateInvestmentProjectInput!) { createInvestmentProject(input: $input) { id version } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInvestmentProjectInput!) { updateInvestmentProject(id: $id, input: $input) { id version } }`;
const NOTE = `mutation($input: AddProjectNoteInput!) { addProjectNote(input: $input) { id } }`;
const FEED = `query($after: String, $first: Int) { projectChanges(after: $after, first: $first) { endCursor hasMore changes { cursor change recordId record { id name destinationCountyCode stage } } } }`;

interface Change {
  change: string;
  recordId: string;
  record: { id: string; name: string; destinationCountyCode: string; stage: string } | null;
}

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

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('projectChanges: the investment projects as a change feed', () => {
  let t: TestApp;
  let admin: string;
  let chamber: string;
  let investor: string;
  let receiver: Receiver;

  const newKey = async (scopes: string, extra = '') =>
    expectData(await t.gql(`mutation { createApiKey(input: { name: "项目同步", scopes: [${scopes}] ${extra} }) { key } }`, {}, admin)).createApiKey.key as string;

  const create = async (name: string, county = '330381', token = admin) =>
    expectData(
      await t.gql(CREATE, { input: { name, destinationCountyCode: county, chamberId: chamber, memberIds: [investor], isExpansion: false, totalInvestment: '100000000.00', leadOn: '2024-03-01' } }, token),
    ).createInvestmentProject as { id: string; version: number };

  /** Every change after `after`, page by page. */
  const pull = async (key: string, after: string | null = null, first = 100): Promise<{ changes: Change[]; endCursor: string | null }> => {
    const changes: Change[] = [];
    let cursor = after;
    for (;;) {
      const page = expectData(await t.gql(FEED, { after: cursor, first }, key)).projectChanges;
      changes.push(...page.changes);
      cursor = page.endCursor;
      if (!page.hasMore) return { changes, endCursor: cursor };
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    chamber = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    investor = (await createMember(t, { name: '项目投资人', hometownCode: '330381' })).id;
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('a key with projects:read pulls created and updated projects in commit order, then only what is new', async () => {
    const key = await newKey('PROJECTS_READ');
    const a = await create('瑞安智能装备');
    const b = await create('鹿城数字港', '330302');
    const first = await pull(key, null, 1);
    const mine = first.changes.filter((c) => [a.id, b.id].includes(c.recordId));
    expect(mine[0]).toMatchObject({ change: 'CREATED', recordId: a.id, record: { name: '瑞安智能装备', destinationCountyCode: '330381', stage: 'LEAD' } });
    expect(mine.map((c) => c.recordId).indexOf(b.id)).toBeGreaterThan(0);
    expect(mine.find((c) => c.recordId === b.id)).toMatchObject({ change: 'CREATED', record: { name: '鹿城数字港' } });

    await t.gql(UPDATE, { id: a.id, input: { version: a.version, name: '瑞安智能装备产业园' } }, admin);
    // A note is part of the project a client syncs: it logs the project as UPDATED too.
    expectData(await t.gql(NOTE, { input: { projectId: b.id, text: '已完成土地预审', writtenOn: '2024-03-05' } }, admin));
    const next = await pull(key, first.endCursor);
    expect(next.changes.map((c) => [c.change, c.recordId])).toEqual([
      ['UPDATED', a.id],
      ['UPDATED', b.id],
    ]);
    expect(next.changes[0].record).toMatchObject({ name: '瑞安智能装备产业园' });
    // Nothing new: an empty page keeps the cursor.
    const again = expectData(await t.gql(FEED, { after: next.endCursor }, key)).projectChanges;
    expect(again).toMatchObject({ changes: [], hasMore: false, endCursor: next.endCursor });
  });

  it('a county-restricted key sees only the projects landing in its county; a chamber key those its subtree introduced', async () => {
    const ruian = await create('瑞安新材料');
    const lucheng = await create('鹿城总部大楼', '330302');
    const county = await newKey('PROJECTS_READ', 'countyCode: "330381"');
    const ids = new Set((await pull(county)).changes.map((c) => c.recordId));
    expect(ids.has(ruian.id)).toBe(true);
    expect(ids.has(lucheng.id)).toBe(false);
    const counties = (await pull(county)).changes.map((c) => c.record?.destinationCountyCode);
    expect(new Set(counties)).toEqual(new Set(['330381']));

    const other = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    const chamberKey = await newKey('PROJECTS_READ', `chamberId: "${other}"`);
    expect((await pull(chamberKey)).changes).toEqual([]);
    const introduced = expectData(
      await t.gql(CREATE, { input: { name: '引进项目', destinationCountyCode: '330302', chamberId: other, isExpansion: false, totalInvestment: '1.00', leadOn: '2024-03-01' } }, admin),
    ).createInvestmentProject.id as string;
    expect((await pull(chamberKey)).changes.map((c) => [c.change, c.recordId])).toEqual([['CREATED', introduced]]);
  });

  it('backfills projects that predate the feed, so a first sync reaches them (and reverts cleanly)', async () => {
    type Step = new () => { up(q: unknown): Promise<void>; down(q: unknown): Promise<void> };
    const migration = MIGRATIONS.find((m) => m.name === 'ProjectChanges1795415000000') as Step;
    const runner = t.dataSource.createQueryRunner();
    let old: { id: string };
    try {
      await new migration().down(runner);
      expect(await t.dataSource.query(`SELECT 1 FROM change_log WHERE kind = 'project'`)).toEqual([]);
      old = await create('旧档项目');
      expect(await t.dataSource.query(`SELECT 1 FROM change_log WHERE kind = 'project'`)).toEqual([]);
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    const key = await newKey('PROJECTS_READ');
    const created = (await pull(key)).changes.filter((c) => c.recordId === old.id);
    expect(created).toEqual([{ change: 'CREATED', recordId: old.id, cursor: expect.any(String), record: expect.objectContaining({ name: '旧档项目' }) }]);
  });

  it('a key without projects:read is FORBIDDEN', async () => {
    const key = await newKey('MEMBERS_READ, CHAMBERS_READ');
    expectError(await t.gql(FEED, {}, key), 'FORBIDDEN');
  });

  it('reads a page in a constant number of statements, whatever its size', async () => {
    for (let i = 0; i < 12; i++) await create(`批量项目${i}`);
    const key = await newKey('PROJECTS_READ');
    const count = async (first: number) =>
      (await captureSql(t.dataSource, () => t.gql(FEED, { first }, key))).statements.filter((s) => !/api_key|app_user/.test(s)).length;
    const small = await count(2);
    const large = await count(30);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(2);
  });

  it('a project.* subscription receives a signed delivery for a project change, ids only', async () => {
    const dispatcher = t.app.get(WebhookDispatcher);
    await dispatcher.fanOut();
    const key = await newKey('PROJECTS_READ, WEBHOOKS_MANAGE');
    const sub = expectData(
      await t.gql(`mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }`, { input: { url: receiver.url, eventTypes: ['project.*'] } }, key),
    ).createWebhookSubscription as { secret: string };
    const p = await create('温州湾新区项目');
    await dispatcher.fanOut();
    await dispatcher.deliverDue();
    const hits = receiver.received.filter((r) => JSON.parse(r.body).data.id === p.id);
    expect(hits).toHaveLength(1);
    expect(verifyWebhook(sub.secret, hits[0].headers, hits[0].body)).toBe('ok');
    expect(JSON.parse(hits[0].body)).toEqual({ type: 'project.created', timestamp: expect.any(String), data: { kind: 'project', id: p.id, change: 'CREATED' } });
    expect(hits[0].body).not.toContain('温州湾新区项目');
  });
});
