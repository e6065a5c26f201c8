import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService } from '@crm/auth';
import { JobQueue } from '@crm/jobs';
import { AppConfig } from '@crm/shared';
import { ImportEngine } from './import-engine';
import { ImportFiles } from './import-files';
import { ImportKind } from './import-kind';

/** How old an uploaded file must be before the sweep may take it as unneeded. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

/**
 * Where import kinds plug in: `create(kind)` (in the kind's service constructor) registers the
 * kind's two jobs and returns its engine. A process that works jobs sweeps every kind, at start-up
 * and every IMPORT_SWEEP_SECONDS, for imports whose worker died.
 */
@Injectable()
export class ImportEngines implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportEngines.name);
  private readonly engines = new Map<string, ImportEngine<unknown>>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly files: ImportFiles,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly config: AppConfig,
  ) {}

  create<V, K extends string>(kind: ImportKind<V, K>): ImportEngine<V, K> {
    if (this.engines.has(kind.name)) throw new Error(`Import kind ${kind.name} is registered twice`);
    const engine = new ImportEngine<V, K>(kind, { dataSource: this.dataSource, jobs: this.jobs, files: this.files, audit: this.audit, access: this.access });
    this.engines.set(kind.name, engine as unknown as ImportEngine<unknown>);
    return engine;
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOB_WORKERS) return;
    const sweep = () => void this.sweep();
    sweep();
    if (!this.config.IMPORT_SWEEP_SECONDS) return;
    this.sweeper = setInterval(sweep, this.config.IMPORT_SWEEP_SECONDS * 1000);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /**
   * Each kind on its own: one kind's failure does not keep the others' imports waiting. Then the
   * uploaded files no import needs any more (older than an hour, so a file is never taken from
   * an upload whose import row is being written) are removed.
   */
  async sweep(): Promise<void> {
    for (const engine of this.engines.values()) {
      await engine.resumeStale().catch((e: unknown) => this.logger.error(`Resuming ${engine.kind.name} imports failed: ${String(e)}`));
    }
    const tables = [...this.engines.values()].map((e) => e.kind.tables.job);
    await this.files
      .sweepOrphans(tables, new Date(Date.now() - ORPHAN_AGE_MS))
      .then((n) => n && this.logger.log(`Removed ${n} uploaded import file(s) no import needs`))
      .catch((e: unknown) => this.logger.error(`Removing unneeded import files failed: ${String(e)}`));
  }
}
