import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose changes the feed publishes, with their feed kind. */
const FEED_TABLES: ReadonlyArray<[table: string, kind: string]> = [
  ['member', 'member'],
  ['chamber', 'chamber'],
  ['party_member', 'partyMember'],
];

/**
 * Integrations (issue 17): API keys with scopes and a rate counter, the change log the feeds and
 * webhooks read (written by statement-level triggers, stamped with the writing transaction's
 * xid8), webhook subscriptions, deliveries (the outbox) and their attempts. Audit events learn
 * whether their actor was a person or a key.
 */
export class Integrations1795410000000 implements MigrationInterface {
  name = 'Integrations1795410000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN actor_kind varchar(16) NOT NULL DEFAULT 'USER'
      CONSTRAINT ck_audit_event_actor_kind CHECK (actor_kind IN ('USER', 'API_KEY'))`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL CONSTRAINT ck_api_key_name CHECK (btrim(name) <> ''),
        prefix varchar(16) NOT NULL CONSTRAINT uq_api_key_prefix UNIQUE,
        secret_hash bytea NOT NULL,
        scopes text[] NOT NULL CONSTRAINT ck_api_key_scopes CHECK (
          cardinality(scopes) > 0 AND scopes <@ ARRAY['members:read', 'members:personal-data', 'chambers:read', 'party:read', 'visits:read', 'projects:read', 'webhooks:manage']::text[]),
        chamber_id uuid CONSTRAINT fk_api_key_chamber REFERENCES chamber (id),
        county_code varchar(6) CONSTRAINT ck_api_key_county CHECK (county_code ~ '^[0-9]{6}$'),
        rate_limit_per_minute integer NOT NULL CONSTRAINT ck_api_key_rate CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_by uuid CONSTRAINT fk_api_key_created_by REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_api_key_one_restriction CHECK (chamber_id IS NULL OR county_code IS NULL)
      )`);
    await q.query(`CREATE INDEX ix_api_key_created ON api_key (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_api_key_chamber ON api_key (chamber_id) WHERE chamber_id IS NOT NULL`);
    // Fixed one-minute windows, shared by every API process.
    await q.query(`
      CREATE TABLE api_key_usage (
        api_key_id uuid NOT NULL CONSTRAINT fk_api_key_usage_key REFERENCES api_key (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        requests integer NOT NULL,
        PRIMARY KEY (api_key_id, window_start)
      )`);

    await q.query(`
      CREATE TABLE change_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        kind varchar(32) NOT NULL,
        change varchar(32) NOT NULL CONSTRAINT ck_change_log_change CHECK (change ~ '^[A-Z_]+$'),
        record_id uuid NOT NULL,
        survivor_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_change_log_feed ON change_log (kind, xid, id)`);
    await q.query(`CREATE INDEX ix_change_log_order ON change_log (xid, id)`);
    // How far each feed has been pruned: a cursor below it has lost changes (CURSOR_EXPIRED).
    await q.query(`
      CREATE TABLE change_log_horizon (
        kind varchar(32) PRIMARY KEY,
        xid xid8 NOT NULL,
        id bigint NOT NULL
      )`);
    // Statement-level, with transition tables: one INSERT into the log per statement, whatever
    // its row count. Kept lean (no row-to-text comparisons): an UPDATE that changes nothing
    // still logs UPDATED, which a reader treats as "read the latest" like any other.
    await q.query(`
      CREATE FUNCTION change_log_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO change_log (kind, change, record_id) SELECT TG_ARGV[0], 'CREATED', n.id FROM new_rows n ORDER BY n.id;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO change_log (kind, change, record_id) SELECT TG_ARGV[0], 'UPDATED', n.id FROM new_rows n ORDER BY n.id;
        ELSE
          INSERT INTO change_log (kind, change, record_id) SELECT TG_ARGV[0], 'REMOVED', o.id FROM old_rows o ORDER BY o.id;
        END IF;
        RETURN NULL;
      END $$`);
    // Tables whose duplicates are merged (merged_into_id): the UPDATE that sets it is MERGED.
    await q.query(`
      CREATE FUNCTION change_log_capture_merge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO change_log (kind, change, record_id, survivor_id)
        SELECT TG_ARGV[0], CASE WHEN n.merged_into_id IS NOT NULL AND o.merged_into_id IS NULL THEN 'MERGED' ELSE 'UPDATED' END,
               n.id, n.merged_into_id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         ORDER BY n.id;
        RETURN NULL;
      END $$`);
    for (const [table, kind] of FEED_TABLES) {
      await q.query(`CREATE TRIGGER trg_${table}_changes_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('${kind}')`);
      const onUpdate = table === 'party_member' ? 'change_log_capture' : 'change_log_capture_merge';
      await q.query(`CREATE TRIGGER trg_${table}_changes_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${onUpdate}('${kind}')`);
      await q.query(`CREATE TRIGGER trg_${table}_changes_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('${kind}')`);
      // Rows that predate the log: one CREATED (or MERGED) entry each, so a first sync reaches them.
      const merged = table === 'party_member' ? 'NULL::uuid' : 'merged_into_id';
      await q.query(`INSERT INTO change_log (kind, change, record_id, survivor_id)
        SELECT '${kind}', CASE WHEN ${merged} IS NULL THEN 'CREATED' ELSE 'MERGED' END, id, ${merged} FROM ${table} ORDER BY id`);
    }

    await q.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_key_id uuid NOT NULL CONSTRAINT fk_webhook_subscription_key REFERENCES api_key (id) ON DELETE CASCADE,
        url varchar(2000) NOT NULL CONSTRAINT ck_webhook_subscription_url CHECK (url ~* '^https?://'),
        event_types text[] NOT NULL CONSTRAINT ck_webhook_subscription_events CHECK (cardinality(event_types) > 0),
        secret varchar(100) NOT NULL CONSTRAINT ck_webhook_subscription_secret CHECK (secret LIKE 'whsec_%'),
        active boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_webhook_subscription_disabled CHECK (active = (disabled_at IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_webhook_subscription_key ON webhook_subscription (api_key_id, created_at, id)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL CONSTRAINT fk_webhook_delivery_subscription REFERENCES webhook_subscription (id) ON DELETE CASCADE,
        change_id bigint,
        event_type varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'PENDING' CONSTRAINT ck_webhook_delivery_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status_code integer,
        last_duration_ms integer,
        last_error varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT uq_webhook_delivery_change UNIQUE (subscription_id, change_id)
      )`);
    await q.query(`CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX ix_webhook_delivery_list ON webhook_delivery (subscription_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL CONSTRAINT fk_webhook_attempt_delivery REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        duration_ms integer NOT NULL,
        error varchar(500)
      )`);
    await q.query(`CREATE INDEX ix_webhook_attempt_delivery ON webhook_attempt (delivery_id, id)`);
    // The fan-out position in the change log (one row; the backfill above is history, not news).
    await q.query(`CREATE TABLE webhook_dispatch_cursor (id smallint PRIMARY KEY CONSTRAINT ck_webhook_dispatch_one CHECK (id = 1), xid xid8 NOT NULL, change_id bigint NOT NULL)`);
    await q.query(`INSERT INTO webhook_dispatch_cursor (id, xid, change_id) SELECT 1, pg_current_xact_id(), coalesce(max(id), 0) FROM change_log`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_dispatch_cursor`);
    await q.query(`DROP TABLE webhook_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_subscription`);
    for (const [table] of FEED_TABLES) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_${table}_changes_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION change_log_capture_merge()`);
    await q.query(`DROP FUNCTION change_log_capture()`);
    await q.query(`DROP TABLE change_log_horizon`);
    await q.query(`DROP TABLE change_log`);
    await q.query(`DROP TABLE api_key_usage`);
    await q.query(`DROP TABLE api_key`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN actor_kind`);
  }
}
