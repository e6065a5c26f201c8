import { Role } from '@crm/auth';
import { MIGRATIONS } from '@crm/database';
import { createMember, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

/**
 * Rows written before the change log existed reach a first sync: the migration backfills one
 * entry per existing member, chamber and party member (MERGED ones with their survivor).
 */
describe('the Integrations migration on a database that already holds members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('backfills the log so a first sync returns members created before it, and reverts cleanly', async () => {
    type Step = new () => { up(q: unknown): Promise<void>; down(q: unknown): Promise<void> };
    const at = MIGRATIONS.findIndex((m) => m.name === 'Integrations1795410000000');
    const migration = MIGRATIONS[at] as Step;
    // Migrations after it build on the change log (projectChanges' triggers): reverted first, re-applied after.
    const later = MIGRATIONS.slice(at + 1) as Step[];
    const runner = t.dataSource.createQueryRunner();
    let before: { id: string };
    try {
      for (const step of [...later].reverse()) await new step().down(runner);
      await new migration().down(runner);
      const [{ exists }] = (await t.dataSource.query(`SELECT to_regclass('change_log') IS NOT NULL AS exists`)) as { exists: boolean }[];
      expect(exists).toBe(false);
      before = await createMember(t, { name: '蒋旧档' });
      const merged = await createMember(t, { name: '蒋重复' });
      await t.dataSource.query(`UPDATE member SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [before.id, merged.id]);
      await new migration().up(runner);
      for (const step of later) await new step().up(runner);
    } finally {
      await runner.release();
    }
    const admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const key = expectData(await t.gql(`mutation { createApiKey(input: { name: "首次同步", scopes: [MEMBERS_READ] }) { key } }`, {}, admin)).createApiKey.key;
    const page = expectData(await t.gql(`{ memberChanges(first: 1000) { hasMore changes { change recordId survivorId record { name } } } }`, {}, key)).memberChanges;
    expect(page.changes).toEqual(
      expect.arrayContaining([
        { change: 'CREATED', recordId: before.id, survivorId: null, record: { name: '蒋旧档' } },
        { change: 'MERGED', recordId: expect.any(String), survivorId: before.id, record: { name: '蒋重复' } },
      ]),
    );
    // Those history entries are not news to webhooks: the fan-out starts after them.
    const [{ pending }] = (await t.dataSource.query(
      `SELECT count(*)::int AS pending FROM change_log l, webhook_dispatch_cursor c WHERE (l.xid, l.id) > (c.xid, c.change_id)`,
    )) as { pending: number }[];
    expect(pending).toBe(0);
  });
});
