import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An official holds at most one assignment on a project at any day: the same liaison leader
 * assigned twice over overlapping periods (or as leader and service officer at once) was a
 * duplicate the project's officials list showed twice.
 */
export class ProjectOfficialOnce1795390000001 implements MigrationInterface {
  name = 'ProjectOfficialOnce1795390000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE project_official ADD CONSTRAINT ex_project_official_once EXCLUDE USING gist (project_id WITH =, official_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE project_official DROP CONSTRAINT ex_project_official_once`);
  }
}
