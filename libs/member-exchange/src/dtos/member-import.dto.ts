import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, enumValues } from '@crm/shared';
import type { ImportRowError, ImportRowErrorsRecord } from '@crm/exchange';
import type { MemberImportRecord } from '../services/member-import.service';
import { MemberImportAction, MemberImportMode, MemberImportStatus } from '../entities/member-import.enums';
import { rowReasonZh } from '../exceptions/import.errors';

export const MemberImportStatusGraphQL = enumValues(MemberImportStatus);
export const MemberImportModeGraphQL = enumValues(MemberImportMode);
export const MemberImportActionGraphQL = enumValues(MemberImportAction);

registerEnumType(MemberImportStatusGraphQL, {
  name: 'MemberImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});
registerEnumType(MemberImportModeGraphQL, { name: 'MemberImportMode', description: 'What a row that matches an existing member does to it.' });
registerEnumType(MemberImportActionGraphQL, { name: 'MemberImportAction' });

@ObjectType('ImportFailure', { description: 'Why the file as a whole could not be imported.' })
export class ImportFailureDto {
  @Field({ description: 'Stable code: UNSUPPORTED_FILE_TYPE, EMPTY_FILE, CORRUPT_FILE, MISSING_COLUMN, DUPLICATE_COLUMN, NO_ROWS, TOO_MANY_ROWS, TOO_MANY_COLUMNS, CELL_TOO_LONG …' })
  reason!: string;

  @Field({ description: 'In English.' })
  message!: string;

  @Field({ description: 'In Chinese, for the person who uploaded.' })
  messageZh!: string;

  @Field(() => Int, { nullable: true })
  rowNumber?: number | null;
}

@ObjectType('ImportColumn')
export class ImportColumnDto {
  @Field({ description: 'The header as written in the file.' })
  header!: string;

  @Field({ description: 'The field it was read into (name, idNumber, phones …).' })
  key!: string;
}

@ObjectType('ImportCellError', {
  description: 'One problem of a row. Personal data in `value` is masked, except a value that failed its own check (a malformed phone or ID number), which is shown as typed.',
})
export class ImportCellErrorDto {
  @Field(() => String, { nullable: true, description: 'The column header; null for the row as a whole.' })
  column!: string | null;

  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field({ description: 'Stable code (REQUIRED, INVALID_ID_NUMBER, INVALID_PHONE, DUPLICATE_IN_FILE, MEMBER_OUTSIDE_SCOPE …).' })
  reason!: string;

  @Field({ description: 'In English.' })
  message!: string;

  @Field({ description: 'In Chinese, for the person who uploaded (the report\'s 说明 column).' })
  messageZh!: string;
}

/** Rows staged before row messages had a Chinese text get their reason's. */
function cellError(e: ImportRowError): ImportCellErrorDto {
  return { column: e.column, value: e.value, reason: e.reason, message: e.message, messageZh: e.messageZh ?? rowReasonZh(e.reason) };
}

@ObjectType('ImportRowErrors')
export class ImportRowErrorsDto {
  @Field(() => Int, { description: 'The row number as the spreadsheet shows it (the header is row 1).' })
  rowNumber!: number;

  @Field(() => [ImportCellErrorDto])
  errors!: ImportCellErrorDto[];

  static from(row: ImportRowErrorsRecord): ImportRowErrorsDto {
    return { rowNumber: row.rowNumber, errors: (row.errors ?? []).map(cellError) };
  }
}

export const ImportRowErrorsConnection = Connection(ImportRowErrorsDto, 'ImportRowErrors');

@ObjectType('MemberImport', { description: 'A spreadsheet of members on its way into the base (导入).' })
export class MemberImportDto {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field(() => Float, { description: 'Bytes.' })
  fileSize!: number;

  @Field(() => String, { nullable: true, description: 'csv or xlsx, once detected.' })
  format!: string | null;

  @Field(() => String, { nullable: true, description: 'The text encoding of a CSV (utf-8, gb18030 …).' })
  encoding!: string | null;

  @Field(() => MemberImportStatusGraphQL)
  status!: MemberImportStatus;

  @Field(() => MemberImportModeGraphQL, { nullable: true })
  mode!: MemberImportMode | null;

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

  @Field(() => Int, { description: 'Rows matching a member already in the base.' })
  matchedRows!: number;

  @Field(() => Int, { description: 'Rows committed so far.' })
  doneRows!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  updatedCount!: number;

  @Field(() => Int)
  skippedCount!: number;

  @Field(() => Int)
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

  static from(e: MemberImportRecord): MemberImportDto {
    const committing = [MemberImportStatus.Committing, MemberImportStatus.Committed].includes(e.status);
    return {
      id: e.id,
      fileName: e.fileName,
      fileSize: Number(e.fileSize),
      format: e.format,
      encoding: e.encoding,
      status: e.status,
      mode: e.mode,
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
      updatedCount: e.updatedCount,
      skippedCount: e.skippedCount,
      unchangedCount: e.unchangedCount,
      failedCount: e.failedCount,
      progress: committing ? (e.totalRows ? e.doneRows / e.totalRows : 1) : null,
      reportUrl: `/member-imports/${e.id}/report.csv`,
      createdAt: e.createdAt,
      validatedAt: e.validatedAt,
      finishedAt: e.finishedAt,
      version: e.version,
    };
  }
}

export const MemberImportConnection = Connection(MemberImportDto, 'MemberImport');
