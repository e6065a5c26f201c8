import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ImportJobDto, ImportJobRecord, ImportStatus } from '@crm/exchange';
import { Connection, enumValues } from '@crm/shared';

export const CampaignImportStatusGraphQL = enumValues(ImportStatus);
registerEnumType(CampaignImportStatusGraphQL, {
  name: 'CampaignImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});

@ObjectType('CampaignImport', { description: 'A campaign list (活动走访名单) on its way into a campaign: one row per person or chamber a group visits.' })
export class CampaignImportDto extends ImportJobDto {
  @Field(() => CampaignImportStatusGraphQL)
  status!: ImportStatus;

  @Field(() => Int, { description: 'Rows already assigned to the same group of the campaign (a re-run: left as they are).' })
  matchedRows!: number;

  @Field(() => Int, { description: 'Assignments added.' })
  createdCount!: number;

  @Field(() => Int, { description: 'Rows already in the campaign in the same group.' })
  unchangedCount!: number;

  @Field(() => Int, { description: 'Rows the base refused at commit because it changed since validation (see errors).' })
  failedCount!: number;

  static from(e: ImportJobRecord): CampaignImportDto {
    return {
      ...ImportJobDto.fields(e, `/campaign-imports/${e.id}/report.csv`),
      status: e.status as ImportStatus,
      matchedRows: e.matchedRows,
      createdCount: e.createdCount,
      unchangedCount: e.unchangedCount,
      failedCount: e.failedCount,
    };
  }
}

export const CampaignImportConnection = Connection(CampaignImportDto, 'CampaignImport');
