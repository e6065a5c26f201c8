import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsUUID, Min } from 'class-validator';
import { ImportJobRecord, ImportStatus } from '@crm/exchange';
import { ImportColumnDto, ImportFailureDto } from '@crm/member-exchange';
import { Connection, enumValues } from '@crm/shared';

export const PartyMemberImportStatusGraphQL = enumValues(ImportStatus);
registerEnumType(PartyMemberImportStatusGraphQL, {
  name: 'PartyMemberImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});

/**
 * A party member spreadsheet on its way in (the member import's shape; the failure, columns and
 * row errors are the shared import types). Rows matching a registered person are skipped.
 */
@ObjectType('PartyMemberImport', { description: 'A spreadsheet of party members on its way into the base (党员导入). Upload with POST /party-member-imports.' })
export class PartyMemberImportDto {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field(() => Float, { description: 'Bytes.' })
  fileSize!: number;

  @Field(() => String, { nullable: true, description: 'csv or xlsx, once detected.' })
  format!: string | null;

  @Field(() => PartyMemberImportStatusGraphQL)
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

  @Field(() => Int, { description: 'Rows naming a person you keep who is already registered (skipped at commit).' })
  matchedRows!: number;

  @Field(() => Int, { description: 'Rows committed so far.' })
  doneRows!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  skippedCount!: number;

  @Field(() => Int, { description: 'Rows the base refused at commit (see errors).' })
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

  static from(e: ImportJobRecord): PartyMemberImportDto {
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
      failure: e.failure ? { reason: e.failure.reason, message: e.failure.message, messageZh: e.failure.messageZh ?? e.failure.message, rowNumber: e.failure.rowNumber ?? null } : null,
      totalRows: e.totalRows,
      errorRows: e.errorRows,
      matchedRows: e.matchedRows,
      doneRows: e.doneRows,
      createdCount: e.createdCount,
      skippedCount: e.skippedCount,
      failedCount: e.failedCount,
      progress: committing ? (e.totalRows ? e.doneRows / e.totalRows : 1) : null,
      reportUrl: `/party-member-imports/${e.id}/report.csv`,
      createdAt: e.createdAt,
      validatedAt: e.validatedAt,
      finishedAt: e.finishedAt,
      version: e.version,
    };
  }
}

export const PartyMemberImportConnection = Connection(PartyMemberImportDto, 'PartyMemberImport');

@InputType('PartyMemberImportVersionInput', { description: 'An import and the version of it you read (commit and cancel).' })
export class PartyMemberImportVersionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => Int, { description: 'The version of the import you read.' })
  @IsInt()
  @Min(1)
  version!: number;
}
