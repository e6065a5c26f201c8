import { Client } from 'pg';
import { Role } from '@crm/auth';
import { ChangeFeedService, ChangeLogCompactor } from '@crm/integration';
import { captureSql, createChamber, createMember, createTestApp, expectData, expectError, signedInUser, TestApp } from '@crm/testing';

const FEED = `query($after: String, $first: Int) { memberChanges(after: $after, first: $first) { endCursor hasMore changes { cursor change recordId survivorId record { id name status } } } }`;

interface Change {
  cursor: string;
  change: string;
  recordId: string;
  survivorId: string | null;
  record: { id: string; name: string; status: string } | null;
}

describe('change feeds: commit order, nothing skipped, nothing repeated', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const res = await t.gql(`mutation { createApiKey(input: { name: "省平台", scopes: [MEMBERS_READ, CHAMBERS_READ, PARTY_READ] }) { key } }`, {}, admin);
    key = expectData(res).createApiKey.key;
  });
  afterAll(() => t.close());

  /** Reads the feed from `after` to its end; returns the changes and the cursor to keep. */
  const drain = async (after: string | null, first = 1000): Promise<{ changes: Change[]; cursor: string | null }> => {
    const changes: Change[] = [];
    let cursor = after;
    for (;;) {
      const page = expectData(await t.gql(FEED, { after: cursor, first }, key)).memberChanges as { endCursor: string | null; hasMore: boolean; changes: Change[] };
      changes.push(...page.changes);
      cursor = page.endCursor;
      if (!page.hasMore) return { changes, cursor };
    }
  };

  const client = async (): Promise<Client> => {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    return c;
  };

  it('gives created, updated, merged and removed records, each with the record as it is now', async () => {
    const { cursor: start } = await drain(null);
    const a = await createMember(t, { name: '周甲' });
    const b = await createMember(t, { name: '周乙' });
    await t.dataSource.query(`UPDATE member SET name = '周甲改' WHERE id = $1`, [a.id]);
    await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [a.id, b.id]);
    const { changes, cursor } = await drain(start);
    // (The factory writes a member in two transactions, insert then completeness: CREATED, UPDATED.)
    const of = (id: string) => changes.filter((c) => c.recordId === id).map((c) => [c.change, c.survivorId]);
    expect(of(a.id)).toEqual([['CREATED', null], ['UPDATED', null], ['UPDATED', null]]);
    expect(of(b.id)).toEqual([['CREATED', null], ['UPDATED', null], ['MERGED', a.id]]);
    // In commit order: b's merge comes after a's rename, which comes after both were created.
    const at = (id: string, change: string) => changes.findIndex((c) => c.recordId === id && c.change === change);
    expect(at(b.id, 'CREATED')).toBeGreaterThan(at(a.id, 'CREATED'));
    expect(at(b.id, 'MERGED')).toBe(changes.length - 1);
    expect(changes.find((c) => c.recordId === a.id)?.record?.name).toBe('周甲改');
    // Acknowledged (the cursor kept): asking again returns nothing.
    expect((await drain(cursor)).changes).toEqual([]);
    // Removed: a party member deleted shows up as REMOVED, without a record.
    const [{ id: pm }] = (await t.dataSource.query(
      `INSERT INTO party_member (name, name_pinyin, id_number, relation_county_code) VALUES ('吴党员', 'wu', '330302198001010099', '330302') RETURNING id`,
    )) as { id: string }[];
    const before = expectData(await t.gql(`{ partyMemberChanges(first: 1000) { endCursor } }`, {}, key)).partyMemberChanges.endCursor;
    await t.dataSource.query(`DELETE FROM party_member WHERE id = $1`, [pm]);
    const removed = expectData(await t.gql(`query($a: String) { partyMemberChanges(after: $a, first: 10) { changes { change recordId record { id } } } }`, { a: before }, key)).partyMemberChanges.changes;
    expect(removed).toEqual([{ change: 'REMOVED', recordId: pm, record: null }]);
  });

  it('never skips a change whose transaction commits after a later one was read', async () => {
    const { cursor: start } = await drain(null);
    const early = await createMember(t, { name: '早开始' });
    const late = await createMember(t, { name: '晚开始' });
    const { cursor: base } = await drain(start);
    const c1 = await client();
    const c2 = await client();
    try {
      // c1 begins and writes first (smaller xid) but commits last.
      await c1.query('BEGIN');
      await c1.query(`UPDATE member SET name = '早开始改' WHERE id = $1`, [early.id]);
      await c2.query('BEGIN');
      await c2.query(`UPDATE member SET name = '晚开始改' WHERE id = $1`, [late.id]);
      await c2.query('COMMIT');
      // c2's change is committed, but c1 is still running: the feed holds everything from c1's
      // xid on back, so a cursor taken now cannot pass c1's change.
      const mid = await drain(base);
      expect(mid.changes.map((c) => c.recordId)).toEqual([]);
      await c1.query('COMMIT');
      const after = await drain(mid.cursor);
      expect(after.changes.map((c) => [c.recordId, c.change])).toEqual([
        [early.id, 'UPDATED'],
        [late.id, 'UPDATED'],
      ]);
      expect((await drain(after.cursor)).changes).toEqual([]);
    } finally {
      await c1.end();
      await c2.end();
    }
  });

  it('reads what other transactions committed while one stays open, once that one ends (rolled back: nothing of it)', async () => {
    const m = await createMember(t, { name: '回滚者' });
    const { cursor: start } = await drain(null);
    const c1 = await client();
    try {
      await c1.query('BEGIN');
      await c1.query(`UPDATE member SET name = '不会出现' WHERE id = $1`, [m.id]);
      await t.dataSource.query(`UPDATE member SET tags = ARRAY['x']::varchar[] WHERE id = $1`, [(await createMember(t)).id]);
      await c1.query('ROLLBACK');
      const { changes } = await drain(start);
      expect(changes.filter((c) => c.recordId === m.id)).toEqual([]);
      expect(changes.length).toBeGreaterThanOrEqual(2); // the other member's insert and update
      expect(changes.some((c) => c.record?.name === '不会出现')).toBe(false);
    } finally {
      await c1.end();
    }
  });

  it('pages in constant SQL: two statements a page (the log and its records) whatever the page size', async () => {
    for (let i = 0; i < 30; i++) await createMember(t);
    const count = async (first: number) => (await captureSql(t.dataSource, () => t.gql(FEED, { first }, key))).statements.filter((s) => !/api_key|app_user/.test(s)).length;
    const small = await count(5);
    const large = await count(30);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(2);
  });

  it('compacts superseded entries away without costing a client any record\'s final state, keeping recent history', async () => {
    const { cursor: start } = await drain(null);
    const a = await createMember(t, { name: '钱甲' });
    const b = await createMember(t, { name: '钱乙' });
    await t.dataSource.query(`UPDATE member SET name = '钱甲一' WHERE id = $1`, [a.id]);
    await t.dataSource.query(`UPDATE member SET name = '钱甲二' WHERE id = $1`, [a.id]);
    await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [a.id, b.id]);
    const entries = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM change_log WHERE kind = 'member'`))[0].n);
    const compactor = t.app.get(ChangeLogCompactor);
    // Young entries are history the window keeps: nothing goes.
    const young = await entries();
    expect(await compactor.compact()).toBe(0);
    expect(await entries()).toBe(young);

    // Forty days on, the member feed's superseded entries are compacted away.
    await t.dataSource.query(`UPDATE change_log SET occurred_at = now() - interval '40 days' WHERE kind = 'member'`);
    expect(await compactor.compact()).toBeGreaterThan(0);
    // A client that kept its cursor gets each record's latest entry: a's last rename, b's merge.
    const { changes } = await drain(start);
    const of = (id: string) => changes.filter((c) => c.recordId === id).map((c) => [c.change, c.survivorId]);
    expect(of(a.id)).toEqual([['UPDATED', null]]);
    expect(changes.find((c) => c.recordId === a.id)?.record?.name).toBe('钱甲二');
    expect(of(b.id)).toEqual([['MERGED', a.id]]);
    // A first sync still reaches every member, each once.
    const all = (await drain(null)).changes.map((c) => c.recordId);
    const members = ((await t.dataSource.query(`SELECT id FROM member`)) as { id: string }[]).map((r) => r.id);
    expect(new Set(all)).toEqual(new Set(members));
    expect(all).toHaveLength(members.length);
  });

  it('refuses a forged, foreign, malformed or pruned cursor on `after` (BAD_USER_INPUT), never a 500', async () => {
    const page = expectData(await t.gql(FEED, { first: 2 }, key)).memberChanges;
    const cursor = page.endCursor as string;
    const raw = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
    const forged = Buffer.from([...raw.slice(0, 3), String(Number(raw[3]) + 1), raw[4]].join('.')).toString('base64url');
    expectError(await t.gql(FEED, { after: forged }, key), 'BAD_USER_INPUT', 'after');
    expectError(await t.gql(FEED, { after: 'not a cursor!' }, key), 'BAD_USER_INPUT', 'after');
    expectError(await t.gql(FEED, { after: 'djEubWVtYmVyLjEuMS5hYmM' }, key), 'BAD_USER_INPUT', 'after');
    await createChamber(t);
    const chamberCursor = expectData(await t.gql(`{ chamberChanges(first: 1) { endCursor } }`, {}, key)).chamberChanges.endCursor;
    expect(chamberCursor).toEqual(expect.any(String));
    expectError(await t.gql(FEED, { after: chamberCursor }, key), 'BAD_USER_INPUT', 'after');
    // Stale: the log was pruned past the cursor.
    await t.app.get(ChangeFeedService).prune('member', new Date(Date.now() + 60_000));
    const stale = await t.gql(FEED, { after: cursor }, key);
    expectError(stale, 'BAD_USER_INPUT', 'after');
    expect(stale.body.errors?.[0]?.extensions?.reason).toBe('INTEGRATION_CURSOR_EXPIRED');
    // A fresh sync from the start still works.
    expectData(await t.gql(FEED, { first: 5 }, key));
  });
});
