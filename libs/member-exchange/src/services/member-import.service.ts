import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, Permission, roleHasPermission } from '@crm/auth';
import { JobQueue } from '@crm/jobs';
import { MemberIdentityChanges } from '@crm/member';
import { AppConfig, ConnectionResult, keysetPage, NotFoundError } from '@crm/shared';
import { createTableWriter, SpreadsheetFormat } from '@crm/spreadsheet';
import { MEMBER_COLUMNS } from '../columns/member-columns';
import { ImportRowError, MemberImportRowEntity } from '../entities/member-import-row.entity';
import { ImportFailure, MemberImportEntity } from '../entities/member-import.entity';
import { MemberImportMode, MemberImportStatus } from '../entities/member-import.enums';
import { ImportErrors, ImportFileFailures, importStatusText, rowReasonZh } from '../exceptions/import.errors';
import { ImportFiles } from './import-files';
import { MemberImportCommitter } from './member-import-committer';
import { ImportCancelled, MemberImportValidator, STALE_LEASE_SECONDS } from './member-import-validator';

export const VALIDATE_JOB = 'member-import.validate';
export const COMMIT_JOB = 'member-import.commit';

interface ImportJob {
  importId: string;
}

const ENTITY = 'MemberImport';
/** Job runs an import gets (counting resumes after crashes) before the sweep gives up on it. */
export const MAX_ATTEMPTS = 8;

/**
 * The life of an import: created from an upload, validated and committed by jobs on the queue,
 * read (progress, errors, report) and cancelled. Who may see an import: the user who uploaded it
 * and administrators. Every step that changes the base runs as the uploader (their scope, their
 * name in the audit trail), checked again at each batch.
 */
@Injectable()
export class MemberImportService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MemberImportService.name);
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly validator: MemberImportValidator,
    private readonly committer: MemberImportCommitter,
    private readonly files: ImportFiles,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly identities: MemberIdentityChanges,
  ) {}

  /** A process that works jobs also looks, now and every IMPORT_SWEEP_SECONDS, for imports whose worker died. */
  onApplicationBootstrap(): void {
    if (!this.config.JOB_WORKERS) return;
    const sweep = () => void this.resumeStale().catch((e: unknown) => this.logger.error(`Resuming imports failed: ${String(e)}`));
    sweep();
    if (!this.config.IMPORT_SWEEP_SECONDS) return;
    this.sweeper = setInterval(sweep, this.config.IMPORT_SWEEP_SECONDS * 1000);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  onModuleInit(): void {
    this.jobs.register<ImportJob>({ name: VALIDATE_JOB, handle: (data) => this.runValidation(data.importId) });
    this.jobs.register<ImportJob>({ name: COMMIT_JOB, handle: (data) => this.runCommit(data.importId) });
  }

  /** Stores an uploaded (or local) file as a new import and queues its validation. */
  async create(caller: Caller, source: { path: string; fileName: string; size: number }): Promise<MemberImportEntity> {
    const fileName = [...source.fileName.replace(/[\u0000-\u001F\u007F/\\]/g, '_')].slice(0, 255).join('') || 'upload';
    const stored = await this.files.adopt(source.path);
    const imp = await this.dataSource.transaction(async (em) => {
      const result = await em.insert(MemberImportEntity, { createdBy: caller.id, fileName, fileSize: String(source.size), storedFile: stored, status: MemberImportStatus.Uploaded });
      const id = (result.identifiers[0] as { id: string }).id;
      await this.audit.record(em, { operation: 'memberImport.upload', entityType: ENTITY, entityId: id, metadata: { fileName, size: source.size } });
      return em.findOneByOrFail(MemberImportEntity, { id });
    });
    await this.jobs.send(VALIDATE_JOB, { importId: imp.id }, { singletonKey: `validate:${imp.id}` });
    return imp;
  }

  async get(caller: Caller, id: string): Promise<MemberImportEntity> {
    const qb = this.dataSource.getRepository(MemberImportEntity).createQueryBuilder('i').where('i.id = :id', { id });
    const scope = this.access.read('MemberImport', caller, 'i');
    qb.andWhere(scope.sql, scope.params);
    const imp = await qb.getOne();
    if (!imp) throw new NotFoundError(ENTITY, id);
    return imp;
  }

  list(caller: Caller, first: number, after?: string): Promise<ConnectionResult<MemberImportEntity>> {
    const qb = this.dataSource.getRepository(MemberImportEntity).createQueryBuilder('i');
    const scope = this.access.read('MemberImport', caller, 'i');
    qb.where(scope.sql, scope.params);
    return keysetPage(qb, { keys: ['i.created_at', 'i.id'], direction: 'DESC', first, after }, (e) => e);
  }

  /** The bad rows in row order (the errors list and the report). */
  errors(importId: string, first: number, after?: string): Promise<ConnectionResult<MemberImportRowEntity>> {
    const qb = this.dataSource
      .getRepository(MemberImportRowEntity)
      .createQueryBuilder('r')
      .where('r.import_id = :importId', { importId })
      .andWhere('r.errors IS NOT NULL');
    return keysetPage(qb, { keys: ['r.row_number'], direction: 'ASC', first, after }, (e) => e);
  }

  /** Starts (or resumes) the commit of a validated import with the mode for matched rows. */
  async commit(caller: Caller, id: string, mode: MemberImportMode, version: number): Promise<MemberImportEntity> {
    await this.get(caller, id);
    const updated = await this.dataSource.transaction(async (em) => {
      const imp = await em.getRepository(MemberImportEntity).createQueryBuilder('i').where('i.id = :id', { id }).setLock('pessimistic_write').getOneOrFail();
      if (imp.version !== version) {
        throw ImportErrors.STALE_VERSION({ current: imp.version, read: version }, { field: 'input.version', extensions: { currentVersion: imp.version } });
      }
      if (imp.status === MemberImportStatus.Committing) {
        if (imp.mode !== mode) throw ImportErrors.MODE_MISMATCH({ mode: String(imp.mode) }, { field: 'input.mode' });
        // Resumed by a user: the runs count afresh.
        await em.update(MemberImportEntity, { id }, { attempts: 0, failure: null, version: () => 'version + 1' });
        return em.findOneByOrFail(MemberImportEntity, { id }); // the job is queued again below
      }
      if (imp.status === MemberImportStatus.Invalid) {
        throw ImportErrors.HAS_ERRORS({ rows: imp.errorRows }, { field: 'id' });
      }
      if (imp.status !== MemberImportStatus.Validated) {
        throw ImportErrors.NOT_VALIDATED({ status: imp.status }, { field: 'id' });
      }
      await em.update(MemberImportEntity, { id }, { status: MemberImportStatus.Committing, mode, attempts: 0, commitStartedAt: () => 'now()', heartbeatAt: () => 'now()', version: () => 'version + 1' });
      await this.audit.record(em, { operation: 'memberImport.commit', entityType: ENTITY, entityId: id, metadata: { mode, rows: imp.totalRows } });
      return em.findOneByOrFail(MemberImportEntity, { id });
    });
    await this.jobs.send(COMMIT_JOB, { importId: id }, { singletonKey: `commit:${id}` });
    return updated;
  }

  /** Stops an import before or between commit batches; what was committed stays (and is audited). */
  async cancel(caller: Caller, id: string, version: number): Promise<MemberImportEntity> {
    await this.get(caller, id);
    const imp = await this.dataSource.transaction(async (em) => {
      const current = await em.getRepository(MemberImportEntity).createQueryBuilder('i').where('i.id = :id', { id }).setLock('pessimistic_write').getOneOrFail();
      if (current.version !== version) {
        throw ImportErrors.STALE_VERSION({ current: current.version, read: version }, { field: 'input.version', extensions: { currentVersion: current.version } });
      }
      if ([MemberImportStatus.Committed, MemberImportStatus.Cancelled].includes(current.status)) {
        throw ImportErrors.ALREADY_FINISHED({ status: importStatusText(current.status) }, { field: 'id' });
      }
      await em.update(MemberImportEntity, { id }, { status: MemberImportStatus.Cancelled, finishedAt: () => 'now()', version: () => 'version + 1' });
      await this.audit.record(em, { operation: 'memberImport.cancel', entityType: ENTITY, entityId: id, metadata: { doneRows: current.doneRows } });
      return current;
    });
    await this.files.remove(imp.storedFile);
    await this.dataSource.query(`UPDATE member_import SET stored_file = NULL WHERE id = $1`, [id]);
    return this.get(caller, id);
  }

  /**
   * Imports whose worker died (the process was killed, the database went away): queued again,
   * at start-up and every minute. An import that keeps failing (a bug, not bad data) is given up
   * after MAX_ATTEMPTS runs instead of looping: a validation becomes FAILED; a commit keeps its
   * committed batches and waits, with the failure noted, for a user to resume it.
   */
  async resumeStale(): Promise<number> {
    const stale = (await this.dataSource.query(
      `SELECT id, status, attempts FROM member_import WHERE status IN ('UPLOADED', 'VALIDATING', 'COMMITTING')
          AND (failure IS NULL OR failure->>'reason' <> 'GAVE_UP')
          AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1))`,
      [STALE_LEASE_SECONDS],
    )) as { id: string; status: MemberImportStatus; attempts: number }[];
    let queued = 0;
    for (const s of stale) {
      const committing = s.status === MemberImportStatus.Committing;
      if (s.attempts >= MAX_ATTEMPTS) {
        const failure = JSON.stringify({ reason: 'GAVE_UP', ...ImportFileFailures.GAVE_UP({ runs: s.attempts, committing }) });
        await this.dataSource.query(
          `UPDATE member_import SET failure = $2, ${committing ? '' : "status = 'FAILED', finished_at = now(), "}version = version + 1 WHERE id = $1`,
          [s.id, failure],
        );
        this.logger.error(`Import ${s.id} given up after ${s.attempts} runs`);
        continue;
      }
      const job = committing ? COMMIT_JOB : VALIDATE_JOB;
      await this.jobs.send(job, { importId: s.id }, { singletonKey: `${committing ? 'commit' : 'validate'}:${s.id}` });
      queued++;
    }
    if (queued) this.logger.log(`Resumed ${queued} interrupted import(s)`);
    await this.forgetIdentityChanges();
    return queued;
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
  async writeTemplate(format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    const headers = MEMBER_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header));
    const writer = createTableWriter(format, out, {
      sheetName: '会员信息',
      headers,
      textColumns: MEMBER_COLUMNS.flatMap((c, i) => (c.text ? [i] : [])),
      columnWidths: MEMBER_COLUMNS.map((c) => (c.text ? 22 : 14)),
      extraSheets:
        format === 'xlsx'
          ? [{ name: '填写说明', rows: [['列', '说明', '也可用的列名'], ...MEMBER_COLUMNS.map((c) => [c.header, c.help, c.synonyms.join('、')])] }]
          : undefined,
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
    const writer = createTableWriter(format, out, { sheetName: '错误报告', headers: ['行号', '列', '内容', '错误代码', '说明'], columnWidths: [8, 16, 24, 26, 60] });
    const imp = (await this.dataSource.query(`SELECT failure FROM member_import WHERE id = $1`, [importId])) as { failure: ImportFailure | null }[];
    const failure = imp[0]?.failure;
    if (failure) await writer.writeRow([failure.rowNumber ?? null, null, null, failure.reason, failure.messageZh ?? failure.message]);
    let after = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT row_number AS "rowNumber", errors FROM member_import_row WHERE import_id = $1 AND errors IS NOT NULL AND row_number > $2 ORDER BY row_number LIMIT 2000`,
        [importId, after],
      )) as { rowNumber: number; errors: ImportRowError[] }[];
      if (!rows.length) break;
      for (const r of rows) for (const e of r.errors) await writer.writeRow([r.rowNumber, e.column, e.value, e.reason, e.messageZh ?? `${rowReasonZh(e.reason)}：${e.message}`]);
      after = rows[rows.length - 1].rowNumber;
    }
    await writer.finish();
  }

  async runValidation(importId: string): Promise<void> {
    await this.dataSource.query(`UPDATE member_import SET attempts = attempts + 1 WHERE id = $1`, [importId]);
    const caller = await this.uploader(importId);
    if (!caller) return;
    try {
      await this.validator.run(importId, caller);
    } catch (error) {
      if (error instanceof ImportCancelled) return;
      throw error;
    }
  }

  async runCommit(importId: string, hooks: { afterBatch?: (done: number) => Promise<void> | void } = {}): Promise<void> {
    await this.dataSource.query(`UPDATE member_import SET attempts = attempts + 1 WHERE id = $1`, [importId]);
    const caller = await this.uploader(importId);
    if (!caller) return;
    await this.committer.run(importId, caller, hooks);
  }

  /**
   * The uploader as a caller, read afresh: a disabled account, or one whose role or scope has
   * changed, imports with what it has now. Null (and the import failed) when it may no longer import.
   */
  private async uploader(importId: string): Promise<Caller | null> {
    const [row] = (await this.dataSource.query(
      `SELECT u.id, u.email, u.role, u.active, u.county_code AS "countyCode", u.chamber_id AS "chamberId",
              u.party_committee_id AS "partyCommitteeId", u.official_id AS "officialId"
         FROM member_import i JOIN app_user u ON u.id = i.created_by WHERE i.id = $1`,
      [importId],
    )) as (Caller & { active: boolean })[];
    if (!row) return null;
    if (!row.active || !roleHasPermission(row.role, Permission.MemberImport)) {
      await this.dataSource.query(
        `UPDATE member_import SET status = 'FAILED', failure = $2, finished_at = now(), version = version + 1 WHERE id = $1 AND status IN ('UPLOADED', 'VALIDATING', 'COMMITTING')`,
        [importId, JSON.stringify({ reason: 'UPLOADER_NOT_ALLOWED', ...ImportFileFailures.UPLOADER_NOT_ALLOWED() })],
      );
      return null;
    }
    const { active: _active, ...caller } = row;
    void _active;
    return caller;
  }
}
