import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AppConfig } from '@crm/shared';

/** pg-boss keeps its tables in a schema of its own, created and migrated by pg-boss itself. */
export const JOB_SCHEMA = 'pgboss';

export interface JobDefinition<T extends object> {
  name: string;
  /** Runs one job. A throw marks the job failed (and retried up to `retryLimit`). */
  handle(data: T, jobId: string): Promise<void>;
  /** How long a job may run before pg-boss considers its worker dead (default 2 hours). */
  expireInSeconds?: number;
  retryLimit?: number;
}

/**
 * The job queue: pg-boss over the application's own PostgreSQL, so queued work survives a
 * restart and needs nothing but the database. Domain modules register their job kinds during
 * module init; the queue starts (and this process starts working) once the application is up.
 * With JOB_WORKERS=false the process only sends jobs (another process works them).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private readonly workerIds = new Map<string, string>();
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  register<T extends object>(definition: JobDefinition<T>): void {
    if (this.definitions.has(definition.name)) throw new Error(`Job ${definition.name} is registered twice`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /** Set once the app shuts down: the queue's connection errors from then on are expected. */
  private stopping = false;

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOB_WORKERS) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const boss = this.boss;
    this.boss = null;
    this.starting = null;
    // Graceful: a running job finishes its current step (imports commit per batch, so whatever
    // is cut short is a rolled-back batch that the next worker redoes).
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((e: unknown) => this.logger.error(`Stopping the job queue failed: ${String(e)}`));
  }

  /** Queues a job; with a singleton key, a job with the same key already waiting is not queued twice. */
  async send(name: string, data: object, options: { singletonKey?: string } = {}): Promise<string | null> {
    const boss = await this.start();
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Job ${name} is not registered`);
    const id = await boss.send(name, data, { singletonKey: options.singletonKey });
    const workerId = this.workerIds.get(name);
    if (workerId) boss.notifyWorker(workerId);
    return id;
  }

  private start(): Promise<PgBoss> {
    if (this.boss) return Promise.resolve(this.boss);
    this.starting ??= this.boot().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async boot(): Promise<PgBoss> {
    const url = (this.dataSource.options as PostgresConnectionOptions).url;
    const boss = new PgBoss({
      connectionString: url,
      schema: JOB_SCHEMA,
      application_name: 'crm-jobs',
      max: 3,
      // Cron schedules are not used; maintenance (expiring dead workers' jobs, archiving) is.
      schedule: false,
    });
    boss.on('error', (error: Error & { code?: string }) => {
      // The database shutting down under the queue (57P01: the server stops its embedded
      // PostgreSQL after the app, or an operator restarts it) is expected, not a fault of ours.
      if (error.code === '57P01' || this.stopping) this.logger.warn(`Job queue: ${error.message}`);
      else this.logger.error(`Job queue: ${error.message}`);
    });
    await boss.start();
    for (const definition of this.definitions.values()) {
      await createQueueRetryingDeadlocks(boss, definition);
      if (this.config.JOB_WORKERS) {
        const workerId = await boss.work<object>(definition.name, { batchSize: 1, pollingIntervalSeconds: this.config.JOB_POLL_SECONDS }, async (jobs) => {
          for (const job of jobs) await definition.handle(job.data, job.id);
        });
        this.workerIds.set(definition.name, workerId);
      }
    }
    this.boss = boss;
    return boss;
  }
}

/**
 * Creates a job kind's queue (a no-op when it exists). Processes that only send jobs create the
 * queue at their first send, outside the start-up lock, so two of them may meet in pg-boss's DDL:
 * a deadlock there is retried, the queue being the same either way.
 */
async function createQueueRetryingDeadlocks(boss: PgBoss, definition: JobDefinition<object>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(definition.name, {
        name: definition.name,
        expireInSeconds: definition.expireInSeconds ?? 2 * 60 * 60,
        retryLimit: definition.retryLimit ?? 2,
        retryDelay: 5,
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
