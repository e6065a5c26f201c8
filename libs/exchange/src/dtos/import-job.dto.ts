import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@crm/shared';
import type { ImportJobRecord, ImportRowErrorsRecord } from '../import/import-engine';
import type { ImportRowError } from '../import/import-failures';
import { ImportStatus } from '../import/import-kind';

/*
 * The GraphQL face every import kind shares: the failure of a file, the columns recognised, the
 * bad rows, and the job fields whose meaning is the same for every kind (ImportJobDto). A kind's
 * job type extends ImportJobDto and adds its status enum and the counters it words its own way.
 */

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

@ObjectType('ImportRowErrors')
export class ImportRowErrorsDto {
  @Field(() => Int, { description: 'The row number as the spreadsheet shows it (the header is row 1).' })
  rowNumber!: number;

  @Field(() => [ImportCellErrorDto])
  errors!: ImportCellErrorDto[];

  /**
   * A staged row with its problems. `reasonZh` gives the Chinese of a row reason to errors staged
   * before row messages had their own Chinese (the kind's ImportKind.rowReasonZh); without it,
   * such an error shows its English message.
   */
  static from(row: ImportRowErrorsRecord, reasonZh?: (reason: string) => string): ImportRowErrorsDto {
    const cell = (e: ImportRowError): ImportCellErrorDto => ({
      column: e.column,
      value: e.value,
      reason: e.reason,
      message: e.message,
      messageZh: e.messageZh ?? (reasonZh ? reasonZh(e.reason) : e.message),
    });
    return { rowNumber: row.rowNumber, errors: (row.errors ?? []).map(cell) };
  }
}

export const ImportRowErrorsConnection = Connection(ImportRowErrorsDto, 'ImportRowErrors');

/** The fields ImportJobDto declares, as ImportJobDto.fields maps them. */
export type ImportJobFields = Pick<
  ImportJobDto,
  | 'id'
  | 'fileName'
  | 'fileSize'
  | 'format'
  | 'columns'
  | 'ignoredColumns'
  | 'failure'
  | 'totalRows'
  | 'errorRows'
  | 'doneRows'
  | 'progress'
  | 'reportUrl'
  | 'createdAt'
  | 'validatedAt'
  | 'finishedAt'
  | 'version'
>;

/**
 * What every kind's import job shows the same way (not a GraphQL type of its own). A kind's
 * type extends it with its status (its own enum type), matchedRows, createdCount and failedCount
 * (each kind says what they count) and any counter of its own, and maps a record with
 * `{ ...ImportJobDto.fields(record, reportUrl), …its own }`.
 */
@ObjectType({ isAbstract: true })
export abstract class ImportJobDto {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field(() => Float, { description: 'Bytes.' })
  fileSize!: number;

  @Field(() => String, { nullable: true, description: 'csv or xlsx, once detected.' })
  format!: string | null;

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

  @Field(() => Int, { description: 'Rows committed so far.' })
  doneRows!: number;

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

  /** The shared fields of a job record; `reportUrl` is the kind's route to the error report. */
  static fields(e: ImportJobRecord, reportUrl: string): ImportJobFields {
    const committing = e.status === ImportStatus.Committing || e.status === ImportStatus.Committed;
    return {
      id: e.id,
      fileName: e.fileName,
      fileSize: Number(e.fileSize),
      format: e.format,
      columns: e.columns.map((c) => ({ header: c.header, key: c.key })),
      ignoredColumns: e.ignoredColumns,
      failure: e.failure
        ? { reason: e.failure.reason, message: e.failure.message, messageZh: e.failure.messageZh ?? e.failure.message, rowNumber: e.failure.rowNumber ?? null }
        : null,
      totalRows: e.totalRows,
      errorRows: e.errorRows,
      doneRows: e.doneRows,
      progress: committing ? (e.totalRows ? e.doneRows / e.totalRows : 1) : null,
      reportUrl,
      createdAt: e.createdAt,
      validatedAt: e.validatedAt,
      finishedAt: e.finishedAt,
      version: e.version,
    };
  }
}
