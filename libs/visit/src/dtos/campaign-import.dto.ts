import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ImportJobRecord, ImportStatus } from '@crm/exchange';
import { ImportColumnDto, ImportFailureDto } from '@crm/member-exchange';
import { Connection, enumValues } from '@crm/shared';

export const CampaignImportStatusGraphQL = enumValues(ImportStatus);
registerEnumType(CampaignImportStatusGraphQL, {
  name: 'CampaignImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});

@ObjectType('CampaignImport', { description: 'A campaign list (活动走访名单) on its way into a campaign: one row per person or chamber a group visits.' })
export class CampaignImportDto {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field(() => Float, { description: 'Bytes.' })
  fileSize!: number;

  @Field(() => String, { nullable: true, description: 'csv or xlsx, once detected.' })
  format!: string | null;

  @Field(() => CampaignImportStatusGraphQL)
  status!: ImportStatus;

  @Field(() => [ImportColumnDto], { description: 'The columns recognised, in file order.' })
  columns!: ImportColumnDto[];

  @Field(() => [String], { description: 'Headers the import does not know (their cells are ignored).' })
  ignoredColumns!: string[];

  @Field(() => ImportFailureDto, { nullable: true })
  failure!: ImportFailureDto | null;

  @Field(() => Int, { description: 'Data rows read (during validation: so far).' })
  totalRows!: number;

  @Field(() => Int, { description: 'Rows with at least one error (so far).' })
  errorRows!: number;

  @Field(() => Int, { description: 'Rows already assigned to the same group of the campaign (a re-run: left as they are).' })
  matchedRows!: number;

  @Field(() => Int, { description: 'Rows committed so far.' })
  doneRows!: number;

  @Field(() => Int, { description: 'Assignments added.' })
  createdCount!: number;

  @Field(() => Int, { description: 'Rows already in the campaign in the same group.' })
  unchangedCount!: number;

  @Field(() => Int, { description: 'Rows the base refused at commit because it changed since validation (see errors).' })
  failedCount!: number;

  @Field(() => Float, { nullable: true, description: 'Commit progress 0–1 (doneRows / totalRows); null before the commit.' })
  progress!: number | null;

  @Field({ description: 'The error report (CSV, for Excel): GET it with the bearer token.' })
  reportUrl!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  validatedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int)
  version!: number;

  static from(e: ImportJobRecord): CampaignImportDto {
    const status = e.status as ImportStatus;
    const committing = status === ImportStatus.Committing || status === ImportStatus.Committed;
    return {
      id: e.id,
      fileName: e.fileName,
      fileSize: Number(e.fileSize),
      format: e.format,
      status,
      columns: e.columns.map((c) => ({ header: c.header, key: c.key })),
      ignoredColumns: e.ignoredColumns,
      failure: e.failure
        ? { reason: e.failure.reason, message: e.failure.message, messageZh: e.failure.messageZh ?? e.failure.message, rowNumber: e.failure.rowNumber ?? null }
        : null,
      totalRows: e.totalRows,
      errorRows: e.errorRows,
      matchedRows: e.matchedRows,
      doneRows: e.doneRows,
      createdCount: e.createdCount,
      unchangedCount: e.unchangedCount,
      failedCount: e.failedCount,
      progress: committing ? (e.totalRows ? e.doneRows / e.totalRows : 1) : null,
      reportUrl: `/campaign-imports/${e.id}/report.csv`,
      createdAt: e.createdAt,
      validatedAt: e.validatedAt,
      finishedAt: e.finishedAt,
      version: e.version,
    };
  }
}

export const CampaignImportConnection = Connection(CampaignImportDto, 'CampaignImport');
