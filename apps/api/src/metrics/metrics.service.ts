import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { STABLE_ERROR_CODES } from '@crm/shared';
import { ReadinessService } from '../health/readiness.service';
import { JOB_STATES, JobQueueStats } from './job-queue-stats';
import { OperationNames, UNMATCHED_ROUTE } from './metric-labels';

/** Seconds; from a cached lookup to an export of the whole member base. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A route that matches any path (`/{*path}`, `*`). */
const CATCH_ALL_ROUTE = /^\/?(\*|\{\*\w*\})$/;

/** The node-postgres pool TypeORM keeps (`driver.master`); only its counters are read. */
interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The application's Prometheus metrics, in a registry of its own (one per application instance,
 * so tests that start several apps in one process do not collide). Request metrics are counted
 * as requests end; pool, queue and readiness gauges are read when /metrics is scraped.
 * Names, labels and meaning: docs/operations.md.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private readonly operations = new OperationNames();

  private readonly graphqlRequests = new Counter({
    name: 'crm_graphql_requests_total',
    help: 'GraphQL requests by operation name and type (query, mutation; "unknown" when the document was refused before an operation was chosen).',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'crm_graphql_request_duration_seconds',
    help: 'Time from the start of GraphQL processing to the response, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'crm_graphql_errors_total',
    help: 'Errors in GraphQL responses by operation and extensions.code (one per error, several per response possible).',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  private readonly httpRequests = new Counter({
    name: 'crm_http_requests_total',
    help: 'HTTP requests by method, matched route and status code (every route, /graphql included).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'crm_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its response, by method and matched route.',
    labelNames: ['method', 'route'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly httpRejected = new Counter({
    name: 'crm_http_rejected_total',
    help: 'Requests refused by the HTTP parser before routing (headers too large, malformed request, timeout), by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly pool = new Gauge({
    name: 'crm_db_pool_connections',
    help: 'The application database pool: open connections (total), idle ones, the configured maximum (max), and checkouts waiting for a connection (waiting).',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly jobs = new Gauge({
    name: 'crm_job_queue_jobs',
    help: 'Jobs in the pg-boss queue by queue name and state (created and retry are waiting; failed are kept until pg-boss archives them).',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly jobsReadable = new Gauge({
    name: 'crm_job_queue_up',
    help: '1 when the job counts could be read at this scrape, 0 when reading them failed.',
    registers: [this.registry],
  });
  private readonly ready = new Gauge({
    name: 'crm_ready',
    help: '1 when GET /health/ready answers 200 (database reachable, not shutting down), otherwise 0.',
    registers: [this.registry],
  });
  private readonly databaseUp = new Gauge({
    name: 'crm_database_up',
    help: '1 when the database answered a probe within 2 seconds at this scrape (0 while shutting down: not probed).',
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readiness: ReadinessService,
    private readonly jobStats: JobQueueStats,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one GraphQL response (see GraphQLMetricsPlugin). */
  recordGraphQL(operation: { name: string | null | undefined; type: string | undefined; signedIn?: boolean }, seconds: number, errorCodes: string[]): void {
    const labels = { operation: this.operations.label(operation.name, operation.type !== undefined, operation.signedIn ?? true), type: operation.type ?? 'unknown' };
    this.graphqlRequests.inc(labels);
    this.graphqlDuration.observe(labels, seconds);
    for (const code of errorCodes) {
      this.graphqlErrors.inc({ operation: labels.operation, code: STABLE_ERROR_CODES.has(code) ? code : 'OTHER' });
    }
  }

  /** A request refused before any route saw it (see configureHttp's clientError handler). */
  recordRejected(reason: string): void {
    this.httpRejected.inc({ reason });
  }

  /**
   * Express middleware timing every request to the end of its response. The route label is the
   * matched route's pattern (`/member-imports/:id/report.csv`), never the raw path, so ids and
   * probes for random paths do not create series.
   */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    // Apollo is mounted under a catch-all route; every request to it is one route here.
    const isGraphQL = req.path === '/graphql' || req.path === '/graphql/';
    res.once('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      const pattern = typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : null;
      // Nest answers unknown paths from a catch-all route (`/{*path}`): that is no route either.
      const label = isGraphQL ? '/graphql' : pattern && !CATCH_ALL_ROUTE.test(pattern) ? pattern : UNMATCHED_ROUTE;
      this.recordHttp(req.method, label, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  /** One HTTP request answered: by the Express stack (httpMiddleware) or the GraphQL lane. */
  recordHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  /** Reads the gauges that describe the present (pool, queue, readiness), then renders everything. */
  async scrape(): Promise<string> {
    const [state] = await Promise.all([this.readiness.check(), this.readJobs()]);
    this.ready.set(state.ready ? 1 : 0);
    this.databaseUp.set(state.database === 'up' ? 1 : 0);
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolCounters }).master;
    if (pool) {
      this.pool.set({ state: 'total' }, pool.totalCount);
      this.pool.set({ state: 'idle' }, pool.idleCount);
      this.pool.set({ state: 'waiting' }, pool.waitingCount);
      if (typeof pool.options?.max === 'number') this.pool.set({ state: 'max' }, pool.options.max);
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async readJobs(): Promise<void> {
    try {
      const counts = await this.jobStats.counts();
      this.jobs.reset();
      for (const [queue, byState] of counts) {
        for (const state of JOB_STATES) this.jobs.set({ queue, state }, byState[state]);
      }
      this.jobsReadable.set(1);
    } catch (error) {
      this.jobs.reset();
      this.jobsReadable.set(0);
      this.logger.warn(`Reading job queue counts failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
