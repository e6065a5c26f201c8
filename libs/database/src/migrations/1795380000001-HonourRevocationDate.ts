import { MigrationInterface, QueryRunner } from 'typeorm';

/** An award cannot be revoked before it was made (HonorAwardService refuses it first, with the field). */
export class HonourRevocationDate1795380000001 implements MigrationInterface {
  name = 'HonourRevocationDate1795380000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE honor_award ADD CONSTRAINT ck_honor_award_revoked_after CHECK (revoked_on IS NULL OR revoked_on >= awarded_on)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE honor_award DROP CONSTRAINT ck_honor_award_revoked_after`);
  }
}
