import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JOB_SCHEMA } from '@crm/jobs';

/** pg-boss's job states, in its own order. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Jobs per state for one queue. */
export type QueueCounts = Record<JobState, number>;

/** pg-boss 10 offers `countStates` at run time (its monitor uses it) but leaves it out of its types. */
interface CountingBoss {
  isInstalled(): Promise<boolean>;
  getQueues(): Promise<{ name: string }[]>;
  countStates(): Promise<{ queues: Record<string, Partial<QueueCounts>> }>;
}

/**
 * Reads job counts through pg-boss's own API, at scrape time. The instance is never started: it
 * has no pool, no timers and no workers, and runs its statements on the application's
 * connection pool (pg-boss accepts any `executeSql`). The queue itself (JobQueue in @crm/jobs)
 * may live in another process; the counts are the database's, so any API process reports them.
 */
@Injectable()
export class JobQueueStats {
  private readonly boss: CountingBoss;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const db = {
      executeSql: async (text: string, values?: unknown[]) => ({ rows: (await dataSource.query(text, values)) as unknown[] }),
    };
    this.boss = new PgBoss({ db, schema: JOB_SCHEMA }) as unknown as CountingBoss;
  }

  /** Counts per queue and state; empty when pg-boss has not created its schema yet (no job ever queued). */
  async counts(): Promise<Map<string, QueueCounts>> {
    const result = new Map<string, QueueCounts>();
    if (!(await this.boss.isInstalled())) return result;
    const [queues, states] = await Promise.all([this.boss.getQueues(), this.boss.countStates()]);
    for (const name of new Set([...queues.map((q) => q.name), ...Object.keys(states.queues)])) {
      const counted = states.queues[name] ?? {};
      result.set(name, Object.fromEntries(JOB_STATES.map((s) => [s, Number(counted[s] ?? 0)])) as QueueCounts);
    }
    return result;
  }
}
