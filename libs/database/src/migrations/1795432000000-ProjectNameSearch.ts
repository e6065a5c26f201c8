import { MigrationInterface, QueryRunner } from 'typeorm';

/** The 回归项目 list's search box: a project's name by any part of it (pg_trgm, as app_user and region). */
export class ProjectNameSearch1795432000000 implements MigrationInterface {
  name = 'ProjectNameSearch1795432000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_project_name_trgm ON investment_project USING gin (name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_project_name_trgm`);
  }
}
