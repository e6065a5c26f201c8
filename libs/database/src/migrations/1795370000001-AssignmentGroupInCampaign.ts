import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign assignment's group is one of the same campaign's groups, held by the database (the
 * campaign service checked it in code only): (group_id, campaign_id) refers to the group's own
 * (id, campaign_id).
 */
export class AssignmentGroupInCampaign1795370000001 implements MigrationInterface {
  name = 'AssignmentGroupInCampaign1795370000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_group ADD CONSTRAINT uq_campaign_group_in_campaign UNIQUE (id, campaign_id)`);
    await q.query(
      `ALTER TABLE campaign_assignment ADD CONSTRAINT fk_campaign_assignment_group_in_campaign
         FOREIGN KEY (group_id, campaign_id) REFERENCES campaign_group (id, campaign_id) ON DELETE CASCADE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_assignment DROP CONSTRAINT fk_campaign_assignment_group_in_campaign`);
    await q.query(`ALTER TABLE campaign_group DROP CONSTRAINT uq_campaign_group_in_campaign`);
  }
}
