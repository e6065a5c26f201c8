import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rows of an import not committed yet, for commit workers claiming their next batch
 * (`action IS NULL … ORDER BY row_number LIMIT n FOR UPDATE SKIP LOCKED`): without it, each
 * claim near the end of a 220,000-row import walked every row already done.
 */
export class ImportPendingRows1795340000001 implements MigrationInterface {
  name = 'ImportPendingRows1795340000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_member_import_row_pending" ON "member_import_row" ("import_id", "row_number") WHERE "action" IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_member_import_row_pending"`);
  }
}
