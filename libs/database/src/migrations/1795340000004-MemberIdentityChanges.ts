import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which members changed how they are recognised (name, ID number, phones, status) after a given
 * moment, so an import can match its rows once, at validation, and at commit look again only at
 * rows such a change may concern (docs/member-exchange.md, "Matching once").
 * - `member_identity_change`: one row per statement that inserted members or changed one of those
 *   four columns: the transaction (xid8), the writer's tag (`crm.member_write_tag`, set by
 *   MemberWriter for a tagged write such as an import batch; NULL otherwise) and the members.
 *   Written by statement-level triggers, so every path that writes members is seen (the writer,
 *   the merge's tombstones, hand-written SQL) at the cost of one small row per statement.
 * - `member_import.match_snapshot`: the database snapshot (pg_snapshot as text) taken before the
 *   validation matched its first row. A change is "after" it when its transaction is not visible
 *   in that snapshot, which also covers transactions still running when it was taken.
 */
export class MemberIdentityChanges1795340000004 implements MigrationInterface {
  name = 'MemberIdentityChanges1795340000004';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "member_identity_change" (
        "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "tag" text,
        "member_ids" uuid array NOT NULL
      )
    `);
    await q.query(`CREATE INDEX "ix_member_identity_change_xid" ON "member_identity_change" ("xid")`);
    await q.query(`
      CREATE FUNCTION member_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(n.id) INTO ids FROM new_rows n;
        ELSE
          SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE (n.name, n.id_number, n.phones, n.status) IS DISTINCT FROM (o.name, o.id_number, o.phones, o.status);
        END IF;
        IF ids IS NOT NULL THEN
          INSERT INTO member_identity_change (tag, member_ids) VALUES (nullif(current_setting('crm.member_write_tag', true), ''), ids);
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await q.query(`
      CREATE TRIGGER member_identity_inserted AFTER INSERT ON member
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_identity_changed()
    `);
    await q.query(`
      CREATE TRIGGER member_identity_updated AFTER UPDATE ON member
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_identity_changed()
    `);
    await q.query(`ALTER TABLE "member_import" ADD "match_snapshot" text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member_import" DROP COLUMN "match_snapshot"`);
    await q.query(`DROP TRIGGER member_identity_updated ON member`);
    await q.query(`DROP TRIGGER member_identity_inserted ON member`);
    await q.query(`DROP FUNCTION member_identity_changed()`);
    await q.query(`DROP TABLE "member_identity_change"`);
  }
}
