import { MigrationInterface, QueryRunner } from 'typeorm';

/** The rows a project page shows beside the project itself (investors, officials, funds …). */
const PROJECT_PARTS = ['project_investor', 'project_enterprise', 'project_official', 'project_stage_event', 'funding_record', 'project_note', 'project_issue', 'service_complaint'];

/**
 * The `projectChanges` feed (issue 17 §2, docs/integrations.md "Adding a feed"): change_log
 * triggers on investment_project like those on member and chamber, and a backfill so a first
 * sync reaches the projects that predate the log.
 *
 * What a client syncs as "a project" includes what the project shows: investors, enterprises,
 * officials, stage history, funds, notes, problems and complaints. Those rows live in their own
 * tables and most of their writes do not touch investment_project, so a change to any of them
 * logs the project as UPDATED (one INSERT per statement, like the other triggers) — unless the
 * same transaction has already logged that project (its creation writes the investors and the
 * first stage; an edit rewrites the investors): entries of one transaction become visible
 * together, and the reader reads the latest, so one entry is enough. Rows of a project being
 * deleted (cascades) log nothing: the project's own REMOVED says it.
 */
export class ProjectChanges1795415000000 implements MigrationInterface {
  name = 'ProjectChanges1795415000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER trg_investment_project_changes_ins AFTER INSERT ON investment_project REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('project')`);
    await q.query(`CREATE TRIGGER trg_investment_project_changes_upd AFTER UPDATE ON investment_project REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('project')`);
    await q.query(`CREATE TRIGGER trg_investment_project_changes_del AFTER DELETE ON investment_project REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('project')`);
    // A part's insert, update or delete: its project (still existing, not yet logged by this
    // transaction) is UPDATED, once per statement. ix_change_log_feed (kind, xid, id) finds this
    // transaction's entries.
    await q.query(`
      CREATE FUNCTION change_log_capture_project_part() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        -- Each transition table exists only for the operations that declare it.
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT n.project_id) INTO touched FROM new_rows n;
        ELSIF TG_OP = 'UPDATE' THEN
          SELECT array_agg(DISTINCT x.project_id) INTO touched FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) x;
        ELSE
          SELECT array_agg(DISTINCT o.project_id) INTO touched FROM old_rows o;
        END IF;
        INSERT INTO change_log (kind, change, record_id)
        SELECT 'project', 'UPDATED', p.id FROM investment_project p
         WHERE p.id = ANY(touched)
           AND NOT EXISTS (SELECT 1 FROM change_log l WHERE l.kind = 'project' AND l.xid = pg_current_xact_id() AND l.record_id = p.id)
         ORDER BY p.id;
        RETURN NULL;
      END $$`);
    for (const table of PROJECT_PARTS) {
      await q.query(`CREATE TRIGGER trg_${table}_project_changes_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_project_part()`);
      await q.query(`CREATE TRIGGER trg_${table}_project_changes_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_project_part()`);
      await q.query(`CREATE TRIGGER trg_${table}_project_changes_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture_project_part()`);
    }
    // Projects that predate the log: one CREATED entry each. No webhook subscription can name
    // project.* before this feed exists, so the fan-out sends none of them as news.
    await q.query(`INSERT INTO change_log (kind, change, record_id) SELECT 'project', 'CREATED', id FROM investment_project ORDER BY id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of PROJECT_PARTS) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_${table}_project_changes_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION change_log_capture_project_part()`);
    for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_investment_project_changes_${op} ON investment_project`);
    await q.query(`DELETE FROM change_log WHERE kind = 'project'`);
    await q.query(`DELETE FROM change_log_horizon WHERE kind = 'project'`);
  }
}
