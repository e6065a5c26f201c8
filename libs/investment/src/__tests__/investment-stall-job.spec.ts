import { STALL_JOB } from '@crm/investment';
import { JobQueue } from '@crm/jobs';
import { createTestApp, TestApp } from '@crm/testing';

// The stall check runs on the job queue (pg-boss over the application's database), not in the
// request path: queued, worked, and the projects flagged.

describe('the stall check as a queued job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOB_WORKERS: 'true' });
  });
  afterAll(() => t.close());

  it('flags a signed project with no progress past its stage\'s days and leaves a fresh one alone', async () => {
    const insert = async (name: string, signedOn: string) =>
      ((await t.dataSource.query(
        `INSERT INTO investment_project (name, destination_county_code, total_investment, stage, line_stage, lead_on, signed_on)
         VALUES ($1, '330381', 1000, 'SIGNED', 'SIGNED', $2::date - 10, $2::date) RETURNING id`,
        [name, signedOn],
      )) as { id: string }[])[0].id;
    const stale = await insert('停滞项目', '2014-01-01');
    const fresh = await insert('新签项目', new Date().toISOString().slice(0, 10));
    await t.app.get(JobQueue).send(STALL_JOB, {});
    const flagged = async () => (await t.dataSource.query(`SELECT id, to_char(stall_risk_since, 'YYYY-MM-DD') AS since FROM investment_project WHERE stall_risk`)) as { id: string; since: string }[];
    for (let i = 0; i < 100 && !(await flagged()).length; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await flagged()).toEqual([{ id: stale, since: '2014-03-02' }]); // signed 2014-01-01 + 60 days (SIGNED)
    expect((await flagged()).map((r) => r.id)).not.toContain(fresh);
  });
});
