import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '@crm/jobs';
import { AppConfig, today } from '@crm/shared';
import { FEED_HORIZON_SQL } from '../utils/feed-horizon';

export const COMPACT_JOB = 'integration.change-log-compact';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Entries deleted per statement: short transactions, however long the log has grown. */
const BATCH = 10_000;

/**
 * Keeps the change log from growing without end, without ever costing a client a change.
 *
 * A feed entry says "read this record as it is now"; a later entry of the same record says the
 * same, later. So an entry superseded by a later one of its record tells a client nothing the
 * later one will not: dropping it loses no record's final state, for a first sync (which still
 * reaches every record through its latest entry) or for any cursor (which still reaches the later
 * entry). Compaction therefore needs no CURSOR_EXPIRED, unlike `ChangeFeedService.prune`.
 *
 * Kept: every record's latest entry, every MERGED and REMOVED entry (they carry what a client must
 * act on: the survivor, the removal), everything younger than CHANGE_LOG_KEEP_DAYS (recent
 * history in full), and anything a running transaction could still add to (the feed horizon).
 * Run once a day as a job (a singleton per day, however many processes), in batches.
 */
@Injectable()
export class ChangeLogCompactor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeLogCompactor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: COMPACT_JOB, handle: async () => void (await this.compact()), expireInSeconds: 3600 });
  }

  /** Only processes that work jobs queue the daily run (tests and send-only processes do not). */
  onApplicationBootstrap(): void {
    if (!this.config.JOB_WORKERS) return;
    const queue = () => void this.jobs.send(COMPACT_JOB, {}, { singletonKey: `${COMPACT_JOB}:${today()}` }).catch((e: unknown) => this.logger.warn(`Queueing the change-log compaction failed: ${String(e)}`));
    queue();
    this.timer = setInterval(queue, DAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Drops superseded CREATED/UPDATED entries older than `before` (default: CHANGE_LOG_KEEP_DAYS ago); returns how many. */
  async compact(before: Date = new Date(Date.now() - this.config.CHANGE_LOG_KEEP_DAYS * DAY_MS)): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM change_log WHERE id IN (
           SELECT l.id FROM change_log l
            WHERE l.occurred_at < $1
              AND l.change IN ('CREATED', 'UPDATED')
              AND l.xid < ${FEED_HORIZON_SQL}
              AND EXISTS (SELECT 1 FROM change_log n
                           WHERE n.kind = l.kind AND n.record_id = l.record_id AND (n.xid, n.id) > (l.xid, l.id))
            LIMIT ${BATCH})`,
        [before],
      )) as [unknown, number];
      total += count;
      if (count < BATCH) break;
    }
    if (total) this.logger.log(`Change log compacted: ${total} superseded entries dropped`);
    return total;
  }
}
