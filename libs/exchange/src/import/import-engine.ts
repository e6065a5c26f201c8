import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, roleHasPermission } from '@crm/auth';
import { JobQueue } from '@crm/jobs';
import { ConnectionResult, keysetPageOfRows, NotFoundError } from '@crm/shared';
import { createTableWriter, SpreadsheetFormat } from '@crm/spreadsheet';
import { ImportColumnMapping } from '../columns/import-columns';
import { ImportErrors, importStatusText } from '../exceptions/import.errors';
import { ImportCommitHooks, ImportCommitRunner } from './import-commit.runner';
import { ImportCancelled, ImportFailure, ImportRowError, MAX_ATTEMPTS, STALE_LEASE_SECONDS } from './import-failures';
import { ImportFiles } from './import-files';
import { ImportKind, ImportStatus } from './import-kind';
import { ImportValidationRunner } from './import-validation.runner';

interface ImportJob {
  importId: string;
}

/** The job table's row as the engine reads it (the common shape's columns it needs). */
interface JobRow {
  id: string;
  status: string;
  mode: string | null;
  version: number;
  errorRows: number;
  totalRows: number;
  doneRows: number;
  storedFile: string | null;
}

/**
 * An import job as the engine reads it: the common shape's columns (docs/exchange.md, "Tables"),
 * whatever the kind. A kind's DTO maps it; `status` and `mode` hold the values of ImportStatus
 * and of the kind's modes.
 */
export interface ImportJobRecord {
  id: string;
  createdBy: string;
  fileName: string;
  /** Bytes (bigint, as PostgreSQL's text). */
  fileSize: string;
  storedFile: string | null;
  format: string | null;
  encoding: string | null;
  status: string;
  mode: string | null;
  columns: ImportColumnMapping[];
  ignoredColumns: string[];
  failure: ImportFailure | null;
  totalRows: number;
  errorRows: number;
  matchedRows: number;
  doneRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  unchangedCount: number;
  failedCount: number;
  commitCursor: number;
  attempts: number;
  heartbeatAt: Date | null;
  validatedAt: Date | null;
  commitStartedAt: Date | null;
  finishedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A staged row with its problems (the errors list). */
export interface ImportRowErrorsRecord {
  rowNumber: number;
  errors: ImportRowError[] | null;
}

/** The job columns read, as [SQL column, property] (lean: no entity, the same for every kind). */
const JOB_COLUMNS: readonly (readonly [string, keyof ImportJobRecord])[] = [
    ['id', 'id'],
    ['created_by', 'createdBy'],
    ['file_name', 'fileName'],
    ['file_size', 'fileSize'],
    ['stored_file', 'storedFile'],
    ['format', 'format'],
    ['encoding', 'encoding'],
    ['status', 'status'],
    ['mode', 'mode'],
    ['columns', 'columns'],
    ['ignored_columns', 'ignoredColumns'],
    ['failure', 'failure'],
    ['total_rows', 'totalRows'],
    ['error_rows', 'errorRows'],
    ['matched_rows', 'matchedRows'],
    ['done_rows', 'doneRows'],
    ['created_count', 'createdCount'],
    ['updated_count', 'updatedCount'],
    ['skipped_count', 'skippedCount'],
    ['unchanged_count', 'unchangedCount'],
    ['failed_count', 'failedCount'],
    ['commit_cursor', 'commitCursor'],
    ['attempts', 'attempts'],
    ['heartbeat_at', 'heartbeatAt'],
    ['validated_at', 'validatedAt'],
    ['commit_started_at', 'commitStartedAt'],
    ['finished_at', 'finishedAt'],
    ['version', 'version'],
    ['created_at', 'createdAt'],
    ['updated_at', 'updatedAt'],
];

/** The services an engine runs on (ImportEngines hands them over). */
export interface ImportEngineDeps {
  dataSource: DataSource;
  jobs: JobQueue;
  files: ImportFiles;
  audit: AuditService;
  access: AccessService;
}

/**
 * The life of an import of one kind: created from an upload, validated and committed by jobs
 * on the queue, read (progress, errors, report) and cancelled. Who may see an import: the user
 * who uploaded it and administrators (the kind's ImportJobScope). Every step that changes the
 * base runs as the uploader (their scope, their name in the audit trail), checked again at each
 * batch. Built by ImportEngines.create; the kind's service keeps it and exposes what its API needs.
 */
export class ImportEngine<V, K extends string = string> {
  private readonly logger: Logger;
  readonly validateJob: string;
  readonly commitJob: string;
  private readonly validation: ImportValidationRunner<V, K>;
  private readonly committing: ImportCommitRunner<V>;

  constructor(
    readonly kind: ImportKind<V, K>,
    private readonly deps: ImportEngineDeps,
  ) {
    this.logger = new Logger(`Import:${kind.name}`);
    this.validateJob = `${kind.name}.validate`;
    this.commitJob = `${kind.name}.commit`;
    this.validation = new ImportValidationRunner(deps.dataSource, deps.files, kind);
    this.committing = new ImportCommitRunner(deps.dataSource, deps.files, kind.tables, kind.committer);
    deps.jobs.register<ImportJob>({ name: this.validateJob, handle: (data) => this.runValidation(data.importId) });
    deps.jobs.register<ImportJob>({ name: this.commitJob, handle: (data) => this.runCommit(data.importId) });
  }

  private get job(): string {
    return this.kind.tables.job;
  }

  /**
   * Stores an uploaded (or local) file as a new import and queues its validation. `extra`: the
   * kind's own job columns, set in the same INSERT (the campaign a campaign import fills), so the
   * validation job never sees the job without them. Column names come from the kind's code.
   */
  async create(caller: Caller, source: { path: string; fileName: string; size: number }, extra: Readonly<Record<string, string | null>> = {}): Promise<ImportJobRecord> {
    const { dataSource, files, audit, jobs } = this.deps;
    const fileName = [...source.fileName.replace(/[\u0000-\u001F\u007F/\\]/g, '_')].slice(0, 255).join('') || 'upload';
    const extraColumns = Object.keys(extra);
    if (extraColumns.some((c) => !/^[a-z_]+$/.test(c))) throw new Error(`Bad job column name in ${extraColumns.join(', ')}`);
    const imp = await dataSource.transaction(async (em) => {
      // Streamed into PostgreSQL in this transaction: any process can read it, and a failed
      // INSERT leaves no file behind.
      const stored = await files.adopt(source.path, { fileName, createdBy: caller.id }, em);
      const names = ['created_by', 'file_name', 'file_size', 'stored_file', ...extraColumns];
      const values = [caller.id, fileName, String(source.size), stored, ...extraColumns.map((c) => extra[c])];
      const [row] = (await em.query(
        `INSERT INTO ${this.job} (${names.join(', ')}, status) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}, 'UPLOADED') RETURNING id`,
        values,
      )) as { id: string }[];
      await audit.record(em, {
        operation: `${this.kind.auditPrefix}.upload`,
        entityType: this.kind.entity,
        entityId: row.id,
        metadata: { fileName, size: source.size, ...extra },
      });
      return this.reload(em, row.id);
    });
    await jobs.send(this.validateJob, { importId: imp.id }, { singletonKey: `validate:${imp.id}` });
    return imp;
  }

  async get(caller: Caller, id: string): Promise<ImportJobRecord> {
    const qb = this.jobQuery().where(`${this.job}.id = :id`, { id });
    const scope = this.deps.access.read(this.kind.entity, caller, this.job);
    qb.andWhere(scope.sql, scope.params);
    const imp = (await qb.getRawOne()) as ImportJobRecord | undefined;
    if (!imp) throw new NotFoundError(this.kind.entity, id);
    return imp;
  }

  /** Jobs newest first, in the caller's scope; `statuses` narrows them (index on status). */
  list(caller: Caller, first: number, after?: string, statuses?: readonly string[]): Promise<ConnectionResult<ImportJobRecord>> {
    const qb = this.deps.dataSource.createQueryBuilder().from(this.job, this.job);
    const scope = this.deps.access.read(this.kind.entity, caller, this.job);
    qb.where(scope.sql, scope.params);
    if (statuses?.length) qb.andWhere(`${this.job}.status::text = ANY(:__statuses::text[])`, { __statuses: [...statuses] });
    const columns = JOB_COLUMNS.map(([column, property]) => [`${this.job}.${column}`, property] as const);
    return keysetPageOfRows(qb, { keys: [`${this.job}.created_at`, `${this.job}.id`], direction: 'DESC', first, after, columns }, (r: ImportJobRecord) => r);
  }

  /** The bad rows in row order (the errors list and the report). */
  errors(importId: string, first: number, after?: string): Promise<ConnectionResult<ImportRowErrorsRecord>> {
    const row = this.kind.tables.row;
    const qb = this.deps.dataSource.createQueryBuilder().from(row, row).where(`${row}.import_id = :importId`, { importId }).andWhere(`${row}.errors IS NOT NULL`);
    const columns = [[`${row}.row_number`, 'rowNumber'], [`${row}.errors`, 'errors']] as const;
    return keysetPageOfRows(qb, { keys: [`${row}.row_number`], direction: 'ASC', first, after, columns }, (r: ImportRowErrorsRecord) => r);
  }

  /** The job's columns over the job table, aliased by its own name. */
  private jobQuery(em: Pick<EntityManager, 'createQueryBuilder'> = this.deps.dataSource.manager) {
    const qb = em.createQueryBuilder().from(this.job, this.job);
    JOB_COLUMNS.forEach(([column, property], i) => (i === 0 ? qb.select(`${this.job}.${column}`, property) : qb.addSelect(`${this.job}.${column}`, property)));
    return qb;
  }

  /** Starts (or resumes) the commit of a validated import with the mode for matched rows. */
  async commit(caller: Caller, id: string, mode: string, version: number): Promise<ImportJobRecord> {
    await this.get(caller, id);
    const updated = await this.deps.dataSource.transaction(async (em) => {
      const [imp] = (await em.query(`SELECT status, mode, version, error_rows AS "errorRows", total_rows AS "totalRows" FROM ${this.job} WHERE id = $1 FOR UPDATE`, [id])) as JobRow[];
      if (!imp) throw new NotFoundError(this.kind.entity, id);
      if (imp.version !== version) {
        throw ImportErrors.STALE_VERSION({ current: imp.version, read: version }, { field: 'input.version', extensions: { currentVersion: imp.version } });
      }
      if (imp.status === ImportStatus.Committing) {
        if (imp.mode !== mode) throw ImportErrors.MODE_MISMATCH({ mode: String(imp.mode) }, { field: 'input.mode' });
        // Resumed by a user: the runs count afresh.
        await em.query(`UPDATE ${this.job} SET attempts = 0, failure = NULL, version = version + 1, updated_at = now() WHERE id = $1`, [id]);
        return this.reload(em, id); // the job is queued again below
      }
      if (imp.status === ImportStatus.Invalid) {
        throw ImportErrors.HAS_ERRORS({ rows: imp.errorRows }, { field: 'id' });
      }
      if (imp.status !== ImportStatus.Validated) {
        throw ImportErrors.NOT_VALIDATED({ status: imp.status }, { field: 'id' });
      }
      await em.query(
        `UPDATE ${this.job} SET status = 'COMMITTING', mode = $2, attempts = 0, commit_started_at = now(), heartbeat_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id, mode],
      );
      await this.deps.audit.record(em, { operation: `${this.kind.auditPrefix}.commit`, entityType: this.kind.entity, entityId: id, metadata: { mode, rows: imp.totalRows } });
      return this.reload(em, id);
    });
    await this.deps.jobs.send(this.commitJob, { importId: id }, { singletonKey: `commit:${id}` });
    return updated;
  }

  /** Stops an import before or between commit batches; what was committed stays (and is audited). */
  async cancel(caller: Caller, id: string, version: number): Promise<ImportJobRecord> {
    await this.get(caller, id);
    const imp = await this.deps.dataSource.transaction(async (em) => {
      const [current] = (await em.query(`SELECT status, version, done_rows AS "doneRows", stored_file AS "storedFile" FROM ${this.job} WHERE id = $1 FOR UPDATE`, [id])) as JobRow[];
      if (!current) throw new NotFoundError(this.kind.entity, id);
      if (current.version !== version) {
        throw ImportErrors.STALE_VERSION({ current: current.version, read: version }, { field: 'input.version', extensions: { currentVersion: current.version } });
      }
      if ([ImportStatus.Committed, ImportStatus.Cancelled].includes(current.status as ImportStatus)) {
        throw ImportErrors.ALREADY_FINISHED({ status: importStatusText(current.status) }, { field: 'id' });
      }
      await em.query(`UPDATE ${this.job} SET status = 'CANCELLED', finished_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.deps.audit.record(em, { operation: `${this.kind.auditPrefix}.cancel`, entityType: this.kind.entity, entityId: id, metadata: { doneRows: current.doneRows } });
      return current;
    });
    await this.deps.files.remove(imp.storedFile);
    await this.deps.dataSource.query(`UPDATE ${this.job} SET stored_file = NULL WHERE id = $1`, [id]);
    return this.get(caller, id);
  }

  private async reload(em: EntityManager, id: string): Promise<ImportJobRecord> {
    return (await this.jobQuery(em).where(`${this.job}.id = :id`, { id }).getRawOne()) as ImportJobRecord;
  }

  /**
   * Imports whose worker died (the process was killed, the database went away): queued again,
   * at start-up and every minute. An import that keeps failing (a bug, not bad data) is given up
   * after MAX_ATTEMPTS runs instead of looping: a validation becomes FAILED; a commit keeps its
   * committed batches and waits, with the failure noted, for a user to resume it.
   */
  async resumeStale(): Promise<number> {
    const { dataSource, jobs } = this.deps;
    const stale = (await dataSource.query(
      `SELECT id, status, attempts FROM ${this.job} WHERE status IN ('UPLOADED', 'VALIDATING', 'COMMITTING')
          AND (failure IS NULL OR failure->>'reason' <> 'GAVE_UP')
          AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1))`,
      [STALE_LEASE_SECONDS],
    )) as { id: string; status: ImportStatus; attempts: number }[];
    let queued = 0;
    for (const s of stale) {
      const committing = s.status === ImportStatus.Committing;
      if (s.attempts >= MAX_ATTEMPTS) {
        const failure = JSON.stringify({ reason: 'GAVE_UP', ...this.kind.texts.gaveUp({ runs: s.attempts, committing }) });
        await dataSource.query(`UPDATE ${this.job} SET failure = $2, ${committing ? '' : "status = 'FAILED', finished_at = now(), "}version = version + 1 WHERE id = $1`, [s.id, failure]);
        this.logger.error(`Import ${s.id} given up after ${s.attempts} runs`);
        continue;
      }
      const job = committing ? this.commitJob : this.validateJob;
      await jobs.send(job, { importId: s.id }, { singletonKey: `${committing ? 'commit' : 'validate'}:${s.id}` });
      queued++;
    }
    if (queued) this.logger.log(`Resumed ${queued} interrupted import(s)`);
    await this.kind.afterSweep?.();
    return queued;
  }

  /** The import template: the columns' headers (required ones marked *) and a sheet of instructions. */
  async writeTemplate(format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    const columns = this.kind.columns.columns;
    const headers = columns.map((c) => (c.required ? `${c.header}*` : c.header));
    const writer = createTableWriter(format, out, {
      sheetName: this.kind.templateSheet,
      headers,
      textColumns: columns.flatMap((c, i) => (c.text ? [i] : [])),
      columnWidths: columns.map((c) => (c.text ? 22 : 14)),
      extraSheets:
        format === 'xlsx' ? [{ name: '填写说明', rows: [['列', '说明', '也可用的列名'], ...columns.map((c) => [c.header, c.help, c.synonyms.join('、')])] }] : undefined,
    });
    await writer.finish();
  }

  /**
   * The report of bad rows: 行号, 列, 内容, 错误代码, 说明 (CSV, for Excel), for the person who
   * uploaded: 说明 is the Chinese message (rows staged before messages had one get their
   * reason's, with the English detail), 内容 the cell as stored (a value that failed its own
   * check as typed).
   */
  async writeReport(importId: string, format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    const { dataSource } = this.deps;
    const writer = createTableWriter(format, out, { sheetName: '错误报告', headers: ['行号', '列', '内容', '错误代码', '说明'], columnWidths: [8, 16, 24, 26, 60] });
    const imp = (await dataSource.query(`SELECT failure FROM ${this.job} WHERE id = $1`, [importId])) as { failure: ImportFailure | null }[];
    const failure = imp[0]?.failure;
    if (failure) await writer.writeRow([failure.rowNumber ?? null, null, null, failure.reason, failure.messageZh ?? failure.message]);
    const zhOf = (e: ImportRowError) => e.messageZh ?? (this.kind.rowReasonZh ? `${this.kind.rowReasonZh(e.reason)}：${e.message}` : e.message);
    let after = 0;
    for (;;) {
      const rows = (await dataSource.query(
        `SELECT row_number AS "rowNumber", errors FROM ${this.kind.tables.row} WHERE import_id = $1 AND errors IS NOT NULL AND row_number > $2 ORDER BY row_number LIMIT 2000`,
        [importId, after],
      )) as { rowNumber: number; errors: ImportRowError[] }[];
      if (!rows.length) break;
      for (const r of rows) for (const e of r.errors) await writer.writeRow([r.rowNumber, e.column, e.value, e.reason, zhOf(e)]);
      after = rows[rows.length - 1].rowNumber;
    }
    await writer.finish();
  }

  async runValidation(importId: string): Promise<void> {
    await this.deps.dataSource.query(`UPDATE ${this.job} SET attempts = attempts + 1 WHERE id = $1`, [importId]);
    const caller = await this.uploader(importId);
    if (!caller) return;
    try {
      await this.validation.run(importId, caller);
    } catch (error) {
      if (error instanceof ImportCancelled) return;
      throw error;
    }
  }

  async runCommit(importId: string, hooks: ImportCommitHooks = {}): Promise<void> {
    await this.deps.dataSource.query(`UPDATE ${this.job} SET attempts = attempts + 1 WHERE id = $1`, [importId]);
    const caller = await this.uploader(importId);
    if (!caller) return;
    await this.committing.run(importId, caller, hooks);
  }

  /**
   * The uploader as a caller, read afresh: a disabled account, or one whose role or scope has
   * changed, imports with what it has now. Null (and the import failed) when it may no longer import.
   */
  private async uploader(importId: string): Promise<Caller | null> {
    const { dataSource } = this.deps;
    const [row] = (await dataSource.query(
      `SELECT u.id, u.email, u.role, u.active, u.county_code AS "countyCode", u.chamber_id AS "chamberId",
              u.party_committee_id AS "partyCommitteeId", u.official_id AS "officialId"
         FROM ${this.job} i JOIN app_user u ON u.id = i.created_by WHERE i.id = $1`,
      [importId],
    )) as (Caller & { active: boolean })[];
    if (!row) return null;
    if (!row.active || !roleHasPermission(row.role, this.kind.permission)) {
      await dataSource.query(
        `UPDATE ${this.job} SET status = 'FAILED', failure = $2, finished_at = now(), version = version + 1 WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING', 'COMMITTING')`,
        [importId, JSON.stringify({ reason: 'UPLOADER_NOT_ALLOWED', ...this.kind.texts.uploaderNotAllowed() })],
      );
      return null;
    }
    const { active: _active, ...caller } = row;
    void _active;
    return caller;
  }
}
