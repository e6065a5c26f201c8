import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { AppConfig } from '@crm/shared';
import { IntegrationErrors } from '../exceptions/integration.errors';
import { FEED_HORIZON_SQL } from '../utils/feed-horizon';
import { FeedCursorCodec, FeedPosition } from '../utils/feed-cursor';
import { ChangeType, FeedRegistry } from './feed-registry';

export const MAX_FEED_PAGE = 1000;

/** One change_log entry as a feed returns it. */
export interface ChangeEntry {
  /** The cursor just after this change. */
  cursor: string;
  change: ChangeType;
  recordId: string;
  survivorId: string | null;
  occurredAt: Date;
}

export interface ChangePage {
  changes: ChangeEntry[];
  /** Where to continue: after the last change returned (or the cursor given, when none was). */
  endCursor: string | null;
  /** Whether more changes are readable now (a next call would return some). */
  hasMore: boolean;
}

interface LogRow {
  id: string;
  xid: string;
  change: ChangeType;
  recordId: string;
  survivorId: string | null;
  occurredAt: Date;
}

/**
 * Reads a feed from the change log. The order is (xid, id) — the writing transaction's id, then
 * the entry's — and only entries of transactions older than the oldest one of this database
 * still running (FEED_HORIZON_SQL) are read: a transaction that commits late has an xid at or above that
 * horizon until it ends, so its changes come after any cursor handed out before, never behind
 * it. See docs/integrations.md for the argument in full.
 */
@Injectable()
export class ChangeFeedService {
  private readonly cursors: FeedCursorCodec;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly registry: FeedRegistry,
    config: AppConfig,
  ) {
    this.cursors = new FeedCursorCodec(config.JWT_SECRET as string);
  }

  async page(caller: Caller, kind: string, after: string | null | undefined, first: number): Promise<ChangePage> {
    const feed = this.registry.get(kind);
    if (!feed) throw IntegrationErrors.FEED_KIND_UNKNOWN({ kind });
    // Only null/absent means "from the start": an empty string is a bad cursor, not a full sync.
    const from = after === null || after === undefined ? null : this.cursors.decode(kind, after);
    if (from) await this.assertRetained(kind, from);
    const scope = this.access.read(feed.entity, caller, 'x');
    if (scope.sql === 'FALSE') return { changes: [], endCursor: after ?? null, hasMore: false };
    // Removed rows are gone, so their scope cannot be judged: only callers who see every row
    // (scope TRUE) get REMOVED entries; scoped callers get the records that exist and pass.
    const inScope = scope.sql === 'TRUE' ? '' : `AND EXISTS (SELECT 1 FROM ${feed.table} x WHERE x.id = l.record_id AND (${scope.sql}))`;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT l.id::text AS id, l.xid::text AS xid, l.change, l.record_id AS "recordId", l.survivor_id AS "survivorId", l.occurred_at AS "occurredAt"
         FROM change_log l
        WHERE l.kind = :__kind
          ${from ? 'AND (l.xid, l.id) > (:__xid::xid8, :__id::bigint)' : ''}
          AND l.xid < ${FEED_HORIZON_SQL}
          ${inScope}
        ORDER BY l.xid, l.id
        LIMIT :__limit`,
      { ...scope.params, __kind: kind, __xid: from?.xid, __id: from?.id, __limit: first + 1 },
      {},
    );
    const rows = (await this.dataSource.query(sql, params)) as LogRow[];
    const hasMore = rows.length > first;
    const changes = rows.slice(0, first).map((r) => ({
      cursor: this.cursors.encode(kind, { xid: r.xid, id: r.id }),
      change: r.change,
      recordId: r.recordId,
      survivorId: r.survivorId,
      occurredAt: r.occurredAt,
    }));
    return { changes, endCursor: changes.length ? changes[changes.length - 1].cursor : (after ?? null), hasMore };
  }

  /**
   * Drops entries of `kind` older than `before` (never ones a running transaction could still
   * add to), and remembers how far: a cursor from before that answers CURSOR_EXPIRED rather than
   * silently skipping what was dropped.
   */
  async prune(kind: string, before: Date): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [last] = (await em.query(
        `SELECT xid::text AS xid, id::text AS id FROM change_log
          WHERE kind = $1 AND occurred_at < $2 AND xid < ${FEED_HORIZON_SQL}
          ORDER BY xid DESC, id DESC LIMIT 1`,
        [kind, before],
      )) as FeedPosition[];
      if (!last) return 0;
      const [, count] = (await em.query(`DELETE FROM change_log WHERE kind = $1 AND (xid, id) <= ($2::xid8, $3::bigint)`, [kind, last.xid, last.id])) as [unknown, number];
      await em.query(
        `INSERT INTO change_log_horizon (kind, xid, id) VALUES ($1, $2::xid8, $3) ON CONFLICT (kind) DO UPDATE SET xid = EXCLUDED.xid, id = EXCLUDED.id`,
        [kind, last.xid, last.id],
      );
      return count;
    });
  }

  private async assertRetained(kind: string, from: FeedPosition): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM change_log_horizon WHERE kind = $1 AND (xid, id) > ($2::xid8, $3::bigint)`,
      [kind, from.xid, from.id],
    )) as unknown[];
    if (rows.length) throw IntegrationErrors.CURSOR_EXPIRED({}, { field: 'after' });
  }
}
