import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller, Permission } from '@crm/auth';
import { ImportCommitHooks, ImportEngine, ImportEngines, ImportJobRecord, ImportRowErrorsRecord } from '@crm/exchange';
import { MemberIdentityChanges } from '@crm/member';
import { ConnectionResult } from '@crm/shared';
import { SpreadsheetFormat } from '@crm/spreadsheet';
import { MEMBER_CATALOGUE, MemberColumnKey } from '../columns/member-columns';
import { MemberImportMode, MemberImportStatus } from '../entities/member-import.enums';
import { ImportFileFailures, rowReasonZh } from '../exceptions/import.errors';
import { MemberImportCommitter } from './member-import-committer';
import { ImportValues } from './import-row-parser';
import { MemberImportValidator } from './member-import-validator';
import { MEMBER_IMPORT_TABLES } from './member-import.tables';

export { MEMBER_IMPORT_TABLES };

export const VALIDATE_JOB = 'member-import.validate';
export const COMMIT_JOB = 'member-import.commit';
export { MAX_ATTEMPTS } from '@crm/exchange';

/** A member import as the engine reads it (member_import's columns), with the member kind's status and mode. */
export type MemberImportRecord = ImportJobRecord & { status: MemberImportStatus; mode: MemberImportMode | null };

/**
 * The member import: the shared import engine (@crm/exchange) with the member kind plugged in —
 * the member columns, the row parser and matcher (MemberImportValidator) and the batch writer
 * (MemberImportCommitter, through MemberWriter). Who may see an import: the user who uploaded
 * it and administrators. Every step that changes the base runs as the uploader (their scope,
 * their name in the audit trail), checked again at each batch.
 */
@Injectable()
export class MemberImportService {
  private readonly engine: ImportEngine<ImportValues, MemberColumnKey>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    engines: ImportEngines,
    validator: MemberImportValidator,
    committer: MemberImportCommitter,
    private readonly identities: MemberIdentityChanges,
  ) {
    this.engine = engines.create<ImportValues, MemberColumnKey>({
      name: 'member-import',
      entity: 'MemberImport',
      auditPrefix: 'memberImport',
      permission: Permission.MemberImport,
      tables: MEMBER_IMPORT_TABLES,
      columns: MEMBER_CATALOGUE,
      templateSheet: '会员信息',
      texts: { uploaderNotAllowed: () => ImportFileFailures.UPLOADER_NOT_ALLOWED(), gaveUp: (p) => ImportFileFailures.GAVE_UP(p) },
      rowReasonZh,
      startValidation: (ctx) => validator.start(ctx.em, ctx.caller),
      committer,
      afterSweep: () => this.forgetIdentityChanges(),
    });
  }

  /** Stores an uploaded (or local) file as a new import and queues its validation. */
  create(caller: Caller, source: { path: string; fileName: string; size: number }): Promise<MemberImportRecord> {
    return this.engine.create(caller, source) as Promise<MemberImportRecord>;
  }

  get(caller: Caller, id: string): Promise<MemberImportRecord> {
    return this.engine.get(caller, id) as Promise<MemberImportRecord>;
  }

  list(caller: Caller, first: number, after?: string, statuses?: readonly MemberImportStatus[]): Promise<ConnectionResult<MemberImportRecord>> {
    return this.engine.list(caller, first, after, statuses) as Promise<ConnectionResult<MemberImportRecord>>;
  }

  /** The bad rows in row order (the errors list and the report). */
  errors(importId: string, first: number, after?: string): Promise<ConnectionResult<ImportRowErrorsRecord>> {
    return this.engine.errors(importId, first, after);
  }

  /** Starts (or resumes) the commit of a validated import with the mode for matched rows. */
  commit(caller: Caller, id: string, mode: MemberImportMode, version: number): Promise<MemberImportRecord> {
    return this.engine.commit(caller, id, mode, version) as Promise<MemberImportRecord>;
  }

  /** Stops an import before or between commit batches; what was committed stays (and is audited). */
  cancel(caller: Caller, id: string, version: number): Promise<MemberImportRecord> {
    return this.engine.cancel(caller, id, version) as Promise<MemberImportRecord>;
  }

  /** Imports whose worker died, queued again (or given up); then the identity log is pruned. */
  resumeStale(): Promise<number> {
    return this.engine.resumeStale();
  }

  /**
   * Drops the members' identity changes no import between validation and commit can still ask
   * about. One snapshot for reading the imports and deleting (REPEATABLE READ): a validation
   * that starts after it takes its own snapshot later still, which needs nothing older than
   * this one's. A validation stores its snapshot just after it starts: while one is VALIDATING
   * without it, nothing is dropped.
   */
  async forgetIdentityChanges(): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const markers = (await em.query(
        `SELECT status, match_snapshot AS marker FROM member_import WHERE status IN ('VALIDATING', 'VALIDATED', 'COMMITTING')`,
      )) as { status: MemberImportStatus; marker: string | null }[];
      if (markers.some((m) => m.status === MemberImportStatus.Validating && m.marker === null)) return;
      // Imports validated before snapshots existed have none, and match every row again at commit.
      await this.identities.forget(em, markers.flatMap((m) => (m.marker ? [m.marker] : [])));
    });
  }

  /** The import template: the columns' headers (required ones marked *) and a sheet of instructions. */
  writeTemplate(format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    return this.engine.writeTemplate(format, out);
  }

  /** The report of bad rows: 行号, 列, 内容, 错误代码, 说明 (CSV, for Excel). */
  writeReport(importId: string, format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    return this.engine.writeReport(importId, format, out);
  }

  runValidation(importId: string): Promise<void> {
    return this.engine.runValidation(importId);
  }

  runCommit(importId: string, hooks: ImportCommitHooks = {}): Promise<void> {
    return this.engine.runCommit(importId, hooks);
  }
}
