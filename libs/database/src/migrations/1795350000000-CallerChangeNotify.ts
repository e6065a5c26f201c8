import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process when an account changes in a way the caller check depends on
 * (active, role and scope, token version, password, email) or is deleted: NOTIFY
 * `app_user_changed` with the user id, sent when the transaction commits. The user library
 * listens and drops its cached row (CallerChangeListener). A trigger, not the services, so a
 * change made any other way (a script, psql, a migration) is heard too.
 */
export class CallerChangeNotify1795350000000 implements MigrationInterface {
  name = 'CallerChangeNotify1795350000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_user_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('app_user_changed', OLD.id::text);
        RETURN NULL;
      END
      $$
    `);
    await q.query(`
      CREATE TRIGGER trg_app_user_changed_update AFTER UPDATE ON "app_user"
      FOR EACH ROW
      WHEN (
        OLD.active IS DISTINCT FROM NEW.active
        OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.token_version IS DISTINCT FROM NEW.token_version
        OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
        OR OLD.county_code IS DISTINCT FROM NEW.county_code
        OR OLD.chamber_id IS DISTINCT FROM NEW.chamber_id
        OR OLD.party_committee_id IS DISTINCT FROM NEW.party_committee_id
        OR OLD.official_id IS DISTINCT FROM NEW.official_id
        OR OLD.email IS DISTINCT FROM NEW.email
        OR OLD.id IS DISTINCT FROM NEW.id
      )
      EXECUTE FUNCTION app_user_changed_notify()
    `);
    await q.query(`
      CREATE TRIGGER trg_app_user_changed_delete AFTER DELETE ON "app_user"
      FOR EACH ROW EXECUTE FUNCTION app_user_changed_notify()
    `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_app_user_changed_delete ON "app_user"`);
    await q.query(`DROP TRIGGER trg_app_user_changed_update ON "app_user"`);
    await q.query(`DROP FUNCTION app_user_changed_notify()`);
  }
}
