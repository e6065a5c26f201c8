import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, ClientConfig, Notification } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { CallerCache } from '@crm/auth';

/** The channel the `app_user` trigger notifies (migration CallerChangeNotify), payload the user id. */
export const CALLER_CHANGE_CHANNEL = 'app_user_changed';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 15_000;

/**
 * Keeps the CallerCache true to `app_user` across processes: LISTENs on `app_user_changed` over
 * a connection of its own (a pooled one would be handed to queries, and LISTEN belongs to a
 * session), and drops a user's cached row on each notification. The cache serves rows only
 * while this connection is up; when it drops, the guard reads the database again and the
 * connection is retried with a growing delay. Every (re)connect clears the rows, since
 * notifications sent meanwhile were lost. A connection that dies silently is bounded by the
 * cache's 60-second row lifetime (and TCP keep-alive).
 */
@Injectable()
export class CallerChangeListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallerChangeListener.name);
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CallerCache,
  ) {}

  /** Waits for the first connection, so the cache works from the first request; never fails start-up. */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.cache.setLive(false);
    if (client) await client.end().catch(() => undefined);
  }

  /** True while notifications are being received (the cache serves rows only then). */
  get connected(): boolean {
    return this.cache.isLive && !!this.client;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.clientConfig());
    this.client = client;
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => this.heard(message));
    try {
      await client.connect();
      await client.query(`LISTEN ${CALLER_CHANGE_CHANNEL}`);
    } catch (error) {
      this.dropped(client, error);
      return;
    }
    if (this.client !== client) return;
    if (this.failures > 0) this.logger.log(`Listening for account changes again after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.cache.setLive(true);
  }

  private heard(message: Notification): void {
    if (message.channel === CALLER_CHANGE_CHANNEL && message.payload) this.cache.forgetUser(message.payload);
  }

  private dropped(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.cache.setLive(false);
    // pg may still report the broken connection; nobody needs to hear it twice.
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
    this.failures += 1;
    this.logger.warn(
      `The account-change listener lost its connection (${error instanceof Error ? error.message : 'closed'}); ` +
        `the caller check reads the database until it is back (retry in ${delay} ms)`,
    );
    this.retry = setTimeout(() => void this.connect(), delay);
    // A retry pending must not keep a stopping process (or a finished test) alive.
    this.retry.unref();
  }

  /** The application's own connection settings, for one connection outside its pool. */
  private clientConfig(): ClientConfig {
    const options = this.dataSource.options as PostgresConnectionOptions;
    const extra = (options.extra ?? {}) as { application_name?: string; connectionTimeoutMillis?: number };
    return {
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: typeof options.password === 'string' ? options.password : undefined,
      database: options.database,
      ssl: options.ssl as ClientConfig['ssl'],
      application_name: `${extra.application_name ?? 'diaspora-crm'}:caller-changes`,
      connectionTimeoutMillis: extra.connectionTimeoutMillis ?? 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
  }
}
