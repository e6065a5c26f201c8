import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaign-assignment import kind's job and row tables, in the common shape of the shared
 * import engine (docs/exchange.md, "Tables"), plus the campaign each import fills
 * (`campaign_id`, set at upload). Status, mode and action are text with a CHECK. The row's
 * assignment columns carry no foreign key (import history outlives a merge's tombstones).
 */
export class CampaignImports1795375000000 implements MigrationInterface {
  name = 'CampaignImports1795375000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign (id) ON DELETE RESTRICT,
        created_by uuid NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
        file_name varchar(255) NOT NULL,
        file_size bigint NOT NULL,
        stored_file varchar(255),
        format varchar(10),
        encoding varchar(20),
        status text NOT NULL DEFAULT 'UPLOADED'
          CONSTRAINT ck_campaign_import_status CHECK (status IN ('UPLOADED', 'VALIDATING', 'VALIDATED', 'INVALID', 'FAILED', 'COMMITTING', 'COMMITTED', 'CANCELLED')),
        mode text CONSTRAINT ck_campaign_import_mode CHECK (mode IN ('ADD')),
        columns jsonb NOT NULL DEFAULT '[]',
        ignored_columns text[] NOT NULL DEFAULT '{}',
        failure jsonb,
        total_rows integer NOT NULL DEFAULT 0,
        error_rows integer NOT NULL DEFAULT 0,
        matched_rows integer NOT NULL DEFAULT 0,
        done_rows integer NOT NULL DEFAULT 0,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        skipped_count integer NOT NULL DEFAULT 0,
        unchanged_count integer NOT NULL DEFAULT 0,
        failed_count integer NOT NULL DEFAULT 0,
        commit_cursor integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        lease uuid,
        heartbeat_at timestamptz,
        validated_at timestamptz,
        match_snapshot text,
        commit_started_at timestamptz,
        finished_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_campaign_import_counts CHECK (total_rows >= 0 AND error_rows >= 0 AND done_rows >= 0 AND done_rows <= total_rows)
      )
    `);
    await q.query(`CREATE INDEX ix_campaign_import_creator ON campaign_import (created_by, created_at)`);
    await q.query(`CREATE INDEX ix_campaign_import_campaign ON campaign_import (campaign_id)`);
    await q.query(`
      CREATE TABLE campaign_import_row (
        import_id uuid NOT NULL REFERENCES campaign_import (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        "values" jsonb,
        errors jsonb,
        matched_assignment_id uuid,
        action text CONSTRAINT ck_campaign_import_row_action CHECK (action IN ('CREATED', 'UPDATED', 'SKIPPED', 'UNCHANGED', 'FAILED')),
        assignment_id uuid,
        PRIMARY KEY (import_id, row_number)
      )
    `);
    await q.query(`CREATE INDEX ix_campaign_import_row_pending ON campaign_import_row (import_id, row_number) WHERE action IS NULL`);
    await q.query(`CREATE INDEX ix_campaign_import_row_errors ON campaign_import_row (import_id, row_number) WHERE errors IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_import_row`);
    await q.query(`DROP TABLE campaign_import`);
  }
}
