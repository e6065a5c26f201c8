import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change log's compaction (libs/integration ChangeLogCompactor) finds, for an entry, whether
 * the same record has a later one: an index on (kind, record_id, xid, id) answers that per entry.
 */
export class ChangeLogCompaction1795431000000 implements MigrationInterface {
  name = 'ChangeLogCompaction1795431000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_change_log_record ON change_log (kind, record_id, xid, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_change_log_record`);
  }
}
