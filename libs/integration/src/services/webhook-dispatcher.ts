import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, callerHasPermission } from '@crm/auth';
import { JobQueue } from '@crm/jobs';
import { AppConfig } from '@crm/shared';
import { FEED_HORIZON_SQL } from '../utils/feed-horizon';
import { postOnce } from '../utils/webhook-post';
import { webhookHeaders } from '../utils/webhook-signature';
import { assertWebhookTarget } from '../utils/webhook-target';
import { FeedRegistry } from './feed-registry';
import { callerOfKey, KeyCallerRow } from './key-caller';

export const WEBHOOK_DELIVER_JOB = 'webhooks.deliver';
/** The advisory lock one fan-out holds (any number of processes try; one works at a time). */
const FAN_OUT_LOCK = 17_017_001;
const FAN_OUT_BATCH = 2000;
const CLAIM_BATCH = 100;
const SEND_CONCURRENCY = 24;
/** The longest wait between two attempts (the back-off doubles up to this). */
const MAX_BACKOFF_SECONDS = 6 * 60 * 60;

interface LogRow {
  id: string;
  xid: string;
  kind: string;
  change: string;
  recordId: string;
  survivorId: string | null;
  occurredAt: Date;
}

interface SubscriptionRow extends KeyCallerRow {
  subscriptionId: string;
  eventTypes: string[];
}

interface Claimed {
  id: string;
  body: string;
  subscriptionId: string;
  url: string;
  secret: string;
}

interface Outcome {
  id: string;
  subscriptionId: string;
  ok: boolean;
  code: number | null;
  ms: number;
  error: string | null;
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count], a SELECT with the rows. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}

export function eventMatches(patterns: readonly string[], type: string): boolean {
  const kind = type.slice(0, type.indexOf('.'));
  return patterns.some((p) => p === type || p === '*' || p === `${kind}.*`);
}

/**
 * Moves changes to receivers, in two steps that any number of processes may run at once:
 *
 * 1. fan-out: under an advisory lock, reads the change log after the dispatch cursor (below the
 *    oldest running transaction, as the feeds do) and writes one outbox row per (subscription,
 *    change) the subscription's key may see — unique, so a change is queued once per
 *    subscription whatever happens — then moves the cursor, in the same transaction;
 * 2. delivery (the `webhooks.deliver` job): claims due outbox rows with FOR UPDATE SKIP LOCKED,
 *    pushing their next attempt past the timeout (a lease: another process leaves them alone),
 *    signs and POSTs them, and records each attempt. A failure is retried with exponential
 *    back-off for a day, with the same webhook-id; a subscription failing
 *    WEBHOOK_DISABLE_AFTER_FAILURES times in a row is disabled and the admins told (an audit
 *    event `webhookSubscription.disabled`, which the admin audit view lists).
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly feeds: FeedRegistry,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: WEBHOOK_DELIVER_JOB, retryLimit: 0, handle: async () => void (await this.deliverDue()) });
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOB_WORKERS || !this.config.WEBHOOK_DISPATCH_MS) return;
    this.timer = setInterval(() => void this.tick(), this.config.WEBHOOK_DISPATCH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One beat of a worker: fan out what is new, and queue a delivery run when anything is due. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.fanOut();
      const [{ due }] = (await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()) AS due`,
      )) as { due: boolean }[];
      if (due) await this.jobs.send(WEBHOOK_DELIVER_JOB, {}, { singletonKey: WEBHOOK_DELIVER_JOB });
    } catch (error) {
      this.logger.error(`Webhook dispatch failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Fans out every readable change; returns how many changes it moved past (0: another process holds the lock). */
  async fanOut(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dataSource.transaction((em) => this.fanOutBatch(em));
      total += moved;
      if (moved < FAN_OUT_BATCH) return total;
    }
  }

  private async fanOutBatch(em: EntityManager): Promise<number> {
    const [{ locked }] = (await em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [FAN_OUT_LOCK])) as { locked: boolean }[];
    if (!locked) return 0;
    const [cursor] = (await em.query(`SELECT xid::text AS xid, change_id::text AS id FROM webhook_dispatch_cursor WHERE id = 1`)) as { xid: string; id: string }[];
    const changes = (await em.query(
      `SELECT l.id::text AS id, l.xid::text AS xid, l.kind, l.change, l.record_id AS "recordId", l.survivor_id AS "survivorId", l.occurred_at AS "occurredAt"
         FROM change_log l
        WHERE (l.xid, l.id) > ($1::xid8, $2::bigint) AND l.xid < ${FEED_HORIZON_SQL}
        ORDER BY l.xid, l.id LIMIT $3`,
      [cursor.xid, cursor.id, FAN_OUT_BATCH],
    )) as LogRow[];
    if (!changes.length) return 0;
    const subscriptions = (await em.query(
      `SELECT s.id AS "subscriptionId", s.event_types AS "eventTypes", k.id, k.prefix, k.scopes, k.chamber_id AS "chamberId", k.county_code AS "countyCode"
         FROM webhook_subscription s JOIN api_key k ON k.id = s.api_key_id
        WHERE s.active AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
    )) as SubscriptionRow[];
    const rows: { s: string; c: string; t: string; p: string }[] = [];
    for (const sub of subscriptions) {
      const caller = callerOfKey(sub);
      const byKind = new Map<string, LogRow[]>();
      for (const change of changes) {
        const type = `${change.kind}.${change.change.toLowerCase()}`;
        if (!eventMatches(sub.eventTypes, type)) continue;
        let list = byKind.get(change.kind);
        if (!list) byKind.set(change.kind, (list = []));
        list.push(change);
      }
      for (const [kind, list] of byKind) {
        const visible = await this.visibleIds(em, caller, kind, list);
        for (const change of list) {
          if (!visible(change)) continue;
          const type = `${change.kind}.${change.change.toLowerCase()}`;
          const payload = {
            type,
            timestamp: new Date(change.occurredAt).toISOString(),
            data: { kind: change.kind, id: change.recordId, change: change.change, ...(change.survivorId ? { survivorId: change.survivorId } : {}) },
          };
          rows.push({ s: sub.subscriptionId, c: change.id, t: type, p: JSON.stringify(payload) });
        }
      }
    }
    if (rows.length) {
      await em.query(
        `INSERT INTO webhook_delivery (subscription_id, change_id, event_type, payload)
         SELECT r.s, r.c, r.t, r.p::jsonb FROM jsonb_to_recordset($1::jsonb) AS r(s uuid, c bigint, t varchar, p text)
         ON CONFLICT (subscription_id, change_id) DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    const last = changes[changes.length - 1];
    await em.query(`UPDATE webhook_dispatch_cursor SET xid = $1::xid8, change_id = $2 WHERE id = 1`, [last.xid, last.id]);
    return changes.length;
  }

  /** Which of these changes the key may be told of: its feed permission and its row scope. */
  private async visibleIds(em: EntityManager, caller: ReturnType<typeof callerOfKey>, kind: string, changes: LogRow[]): Promise<(c: LogRow) => boolean> {
    const feed = this.feeds.get(kind);
    const unrestricted = !caller.chamberId && !caller.countyCode;
    if (!feed) return () => unrestricted; // a published event: no row scope to judge it by
    if (!callerHasPermission(caller, feed.permission)) return () => false;
    const scope = this.access.read(feed.entity, caller, 'x');
    if (scope.sql === 'TRUE') return () => true;
    if (scope.sql === 'FALSE') return () => false;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT x.id FROM ${feed.table} x WHERE x.id = ANY(string_to_array(:__ids, ',')::uuid[]) AND (${scope.sql})`,
      { ...scope.params, __ids: [...new Set(changes.map((c) => c.recordId))].join(',') },
      {},
    );
    const ids = new Set(((await em.query(sql, params)) as { id: string }[]).map((r) => r.id));
    return (c) => ids.has(c.recordId);
  }

  /** Sends every due delivery (as many rounds as it takes); returns how many attempts were made. */
  async deliverDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const claimed = await this.claim();
      if (!claimed.length) return attempts;
      attempts += claimed.length;
      const outcomes = await this.sendAll(claimed);
      await this.record(outcomes);
    }
  }

  private async claim(): Promise<Claimed[]> {
    const leaseSeconds = Math.ceil(this.config.WEBHOOK_TIMEOUT_MS / 1000) + 30;
    return rowsOf<Claimed>(await this.dataSource.query(
      `UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => $1), attempts = d.attempts + 1
         FROM webhook_subscription s
        WHERE s.id = d.subscription_id
          AND d.id IN (SELECT d2.id FROM webhook_delivery d2 JOIN webhook_subscription s2 ON s2.id = d2.subscription_id
                        WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= now() AND s2.active
                        ORDER BY d2.next_attempt_at LIMIT $2 FOR UPDATE OF d2 SKIP LOCKED)
        RETURNING d.id, d.payload::text AS body, s.id AS "subscriptionId", s.url, s.secret`,
      [leaseSeconds, CLAIM_BATCH],
    ));
  }

  private async sendAll(claimed: Claimed[]): Promise<Outcome[]> {
    const targets = new Map<string, Promise<string | null>>();
    const targetProblem = (url: string): Promise<string | null> => {
      let p = targets.get(url);
      if (!p) {
        p = assertWebhookTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS).then(
          () => null,
          (e: Error) => `target refused: ${e.message}`,
        );
        targets.set(url, p);
      }
      return p;
    };
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const d = claimed[next++];
        outcomes.push(await this.send(d, await targetProblem(d.url)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, worker));
    return outcomes;
  }

  private async send(d: Claimed, refused: string | null): Promise<Outcome> {
    const started = performance.now();
    const base = { id: d.id, subscriptionId: d.subscriptionId };
    if (refused) return { ...base, ok: false, code: null, ms: 0, error: refused.slice(0, 500) };
    // Not fetch: node's http client with a resolver that checks the addresses it connects to
    // (a re-pointed name is refused at connect time), and no redirect is ever followed.
    const result = await postOnce(
      new URL(d.url),
      { 'content-type': 'application/json', 'user-agent': 'crm-webhooks/1', ...webhookHeaders(d.secret, d.id, d.body) },
      d.body,
      this.config.WEBHOOK_TIMEOUT_MS,
      this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    );
    const ms = Math.round(performance.now() - started);
    if ('error' in result) return { ...base, ok: false, code: null, ms, error: result.error.slice(0, 500) };
    const ok = result.status >= 200 && result.status < 300;
    return { ...base, ok, code: result.status, ms, error: ok ? null : `HTTP ${result.status}` };
  }

  private async record(outcomes: Outcome[]): Promise<void> {
    const rows = JSON.stringify(outcomes);
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `UPDATE webhook_delivery d
            SET status = CASE WHEN r.ok THEN 'DELIVERED' WHEN d.created_at < now() - interval '1 day' THEN 'FAILED' ELSE 'PENDING' END,
                delivered_at = CASE WHEN r.ok THEN now() END,
                next_attempt_at = CASE WHEN r.ok THEN d.next_attempt_at
                                       ELSE now() + make_interval(secs => least($2::float8 * power(2, greatest(d.attempts - 1, 0)), $3::float8)) END,
                last_status_code = r.code, last_duration_ms = r.ms, last_error = r.error
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, ok boolean, code int, ms int, error varchar)
          WHERE d.id = r.id`,
        [rows, this.config.WEBHOOK_RETRY_BASE_SECONDS, MAX_BACKOFF_SECONDS],
      );
      await em.query(
        `INSERT INTO webhook_attempt (delivery_id, status_code, duration_ms, error)
         SELECT r.id, r.code, r.ms, r.error FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, code int, ms int, error varchar)`,
        [rows],
      );
      // Consecutive failures per subscription: a success in the batch resets the count to the
      // failures after it (outcomes are in completion order).
      const perSub = new Map<string, { reset: boolean; failures: number }>();
      for (const o of outcomes) {
        const s = perSub.get(o.subscriptionId) ?? { reset: false, failures: 0 };
        if (o.ok) Object.assign(s, { reset: true, failures: 0 });
        else s.failures += 1;
        perSub.set(o.subscriptionId, s);
      }
      await em.query(
        `UPDATE webhook_subscription s
            SET consecutive_failures = CASE WHEN r.reset THEN r.failures ELSE s.consecutive_failures + r.failures END
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, reset boolean, failures int)
          WHERE s.id = r.id`,
        [JSON.stringify([...perSub].map(([id, s]) => ({ id, ...s })))],
      );
      const list = rowsOf<{ id: string; apiKeyId: string; url: string; failures: number }>(await em.query(
        `UPDATE webhook_subscription s SET active = false, disabled_at = now(), version = s.version + 1
          WHERE s.id = ANY($1::uuid[]) AND s.active AND s.consecutive_failures >= $2
         RETURNING s.id, s.api_key_id AS "apiKeyId", s.url, s.consecutive_failures AS failures`,
        [[...perSub.keys()], this.config.WEBHOOK_DISABLE_AFTER_FAILURES],
      ));
      if (list.length) {
        await this.audit.recordMany(
          em,
          list.map((s) => ({
            operation: 'webhookSubscription.disabled',
            entityType: 'WebhookSubscription',
            entityId: s.id,
            actor: null,
            before: { active: true },
            after: { active: false },
            metadata: { apiKeyId: s.apiKeyId, url: s.url, consecutiveFailures: s.failures, notice: 'disabled after repeated delivery failures; an administrator or the key can enable it again' },
          })),
        );
        for (const s of list) this.logger.warn(`Webhook subscription ${s.id} (${s.url}) disabled after ${s.failures} failures in a row`);
      }
    });
  }
}
