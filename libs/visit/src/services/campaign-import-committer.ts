import { Injectable } from '@nestjs/common';
import { ImportAction, ImportCommitBatch, ImportCommitter, ImportRowOutcome } from '@crm/exchange';
import { CAMPAIGN_CATALOGUE } from '../columns/campaign-import-columns';
import { CampaignRowValues } from './campaign-import-validator';
import { CampaignService } from './campaign.service';

const header = (key: string): string => CAMPAIGN_CATALOGUE.columns.find((c) => c.key === key)?.header ?? key;

/**
 * Writes a batch of a campaign list through CampaignService (the only writer of the campaign
 * tables), in the batch's transaction, as the uploader. A row the base refuses now (someone
 * listed the person in another group since validation) fails alone with its reason.
 */
@Injectable()
export class CampaignImportCommitter implements ImportCommitter<CampaignRowValues> {
  batchRows = 500;
  connections = 1;

  constructor(private readonly campaigns: CampaignService) {}

  async apply(batch: ImportCommitBatch<CampaignRowValues>): Promise<ImportRowOutcome[]> {
    const [job] = (await batch.em.query('SELECT campaign_id::text AS "campaignId" FROM campaign_import WHERE id = $1', [batch.importId])) as { campaignId: string }[];
    const outcomes = await this.campaigns.assignFromImport(
      batch.em,
      batch.caller,
      job.campaignId,
      batch.importId,
      batch.rows.map((r) => ({
        rowNumber: r.rowNumber,
        groupId: r.values.groupId,
        groupName: r.values.groupName,
        memberId: r.values.memberId,
        chamberId: r.values.chamberId,
        personName: r.values.kind === 'PERSON' ? r.values.name : null,
        note: r.values.note,
      })),
    );
    const kinds = new Map(batch.rows.map((r) => [r.rowNumber, r.values.kind]));
    return outcomes.map((o) => {
      if (o.result === 'CREATED') return { rowNumber: o.rowNumber, action: ImportAction.Created, targetId: o.assignmentId };
      if (o.result === 'UNCHANGED') return { rowNumber: o.rowNumber, action: ImportAction.Unchanged, targetId: o.assignmentId };
      const refusal = o.refusal as NonNullable<typeof o.refusal>;
      const column = refusal.field === 'group' ? header('group') : header(kinds.get(o.rowNumber) === 'CHAMBER' ? 'chamber' : 'name');
      return {
        rowNumber: o.rowNumber,
        action: ImportAction.Failed,
        targetId: null,
        errors: [{ column, value: null, reason: refusal.reason, message: refusal.message, messageZh: refusal.messageZh }],
      };
    });
  }
}
