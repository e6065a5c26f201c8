import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '@crm/jobs';
import { AppConfig, today } from '@crm/shared';

export const STALL_JOB = 'investment.stall-check';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * 效能监测: a project with no progress — no stage move, funding record or note — for more days
 * than its stage allows (investment_stall_setting) is flagged stalled-risk, with the day the
 * risk began. One UPDATE over all projects, run as a job on the queue once a day (and when the
 * process starts), so only one worker runs it however many processes there are.
 */
@Injectable()
export class InvestmentStallService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvestmentStallService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ on?: string }>({ name: STALL_JOB, handle: async (data) => void (await this.run(data.on)), expireInSeconds: 600 });
  }

  /** Only processes that work jobs queue the daily check (tests and send-only processes do not). */
  onApplicationBootstrap(): void {
    if (!this.config.JOB_WORKERS) return;
    const queue = () => void this.jobs.send(STALL_JOB, {}, { singletonKey: `${STALL_JOB}:${today()}` }).catch((e: unknown) => this.logger.warn(`Queueing the stall check failed: ${String(e)}`));
    queue();
    this.timer = setInterval(queue, DAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Flags and clears stalled-risk on every project as of `on` (default today); returns how many are flagged. */
  async run(on: string = today()): Promise<{ flagged: number; changed: number }> {
    const rows = (await this.dataSource.query(
      `WITH progress AS (
         SELECT p.id, p.stall_risk, p.stall_risk_since, s.days,
                greatest(p.lead_on, p.signed_on, p.started_on, p.production_on,
                         (SELECT max(e.on_date) FROM project_stage_event e WHERE e.project_id = p.id),
                         (SELECT max(f.received_on) FROM funding_record f WHERE f.project_id = p.id),
                         (SELECT max(n.written_on) FROM project_note n WHERE n.project_id = p.id)) AS last_on
         FROM investment_project p
         LEFT JOIN investment_stall_setting s ON s.stage = p.stage
       ), verdict AS (
         SELECT id, stall_risk, stall_risk_since, days IS NOT NULL AND last_on + days < $1::date AS risk, last_on + days AS since FROM progress
       ), changed AS (
         UPDATE investment_project p
            SET stall_risk = v.risk, stall_risk_since = CASE WHEN v.risk THEN v.since END
           FROM verdict v
          WHERE p.id = v.id AND (p.stall_risk IS DISTINCT FROM v.risk OR (v.risk AND p.stall_risk_since IS DISTINCT FROM v.since))
         RETURNING p.id
       )
       SELECT (SELECT count(*) FROM verdict WHERE risk)::int AS flagged, (SELECT count(*) FROM changed)::int AS changed`,
      [on],
    )) as { flagged: number; changed: number }[];
    return rows[0];
  }
}
