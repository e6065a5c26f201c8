import { Injectable } from '@nestjs/common';
import { Caller, Permission } from '@crm/auth';
import { ImportCommitHooks, ImportEngine, ImportEngines, ImportJobRecord, ImportRowErrorsRecord } from '@crm/exchange';
import { ConnectionResult } from '@crm/shared';
import { SpreadsheetFormat } from '@crm/spreadsheet';
import { CAMPAIGN_CATALOGUE, CampaignColumnKey } from '../columns/campaign-import-columns';
import { CampaignImportFailures } from '../exceptions/campaign-import.errors';
import { CampaignImportCommitter } from './campaign-import-committer';
import { CampaignImportValidator, CampaignRowValues } from './campaign-import-validator';
import { CAMPAIGN_IMPORT_MODE, CAMPAIGN_IMPORT_TABLES } from './campaign-import.tables';
import { CampaignService } from './campaign.service';

/**
 * The campaign list import (活动走访名单导入): the shared import engine (@crm/exchange) with the
 * campaign kind plugged in — its columns, CampaignImportValidator and CampaignImportCommitter
 * (through CampaignService). Admins only (CAMPAIGN_MANAGE, checked again at every job).
 */
@Injectable()
export class CampaignImportService {
  private readonly engine: ImportEngine<CampaignRowValues, CampaignColumnKey>;

  constructor(
    engines: ImportEngines,
    validator: CampaignImportValidator,
    committer: CampaignImportCommitter,
    private readonly campaigns: CampaignService,
  ) {
    this.engine = engines.create<CampaignRowValues, CampaignColumnKey>({
      name: 'campaign-import',
      entity: 'CampaignImport',
      auditPrefix: 'campaignImport',
      permission: Permission.CampaignManage,
      tables: CAMPAIGN_IMPORT_TABLES,
      columns: CAMPAIGN_CATALOGUE,
      templateSheet: '走访名单',
      texts: { uploaderNotAllowed: () => CampaignImportFailures.UPLOADER_NOT_ALLOWED(), gaveUp: (p) => CampaignImportFailures.GAVE_UP(p) },
      startValidation: (ctx) => validator.start(ctx.em, ctx.importId, ctx.caller),
      committer,
    });
  }

  /** Stores a list for the campaign (which the caller must be able to change) and queues its validation. */
  async create(caller: Caller, campaignId: string, source: { path: string; fileName: string; size: number }): Promise<ImportJobRecord> {
    await this.campaigns.requireWritable(caller, campaignId);
    return this.engine.create(caller, source, { campaign_id: campaignId });
  }

  get(caller: Caller, id: string): Promise<ImportJobRecord> {
    return this.engine.get(caller, id);
  }

  list(caller: Caller, first: number, after?: string): Promise<ConnectionResult<ImportJobRecord>> {
    return this.engine.list(caller, first, after);
  }

  errors(importId: string, first: number, after?: string): Promise<ConnectionResult<ImportRowErrorsRecord>> {
    return this.engine.errors(importId, first, after);
  }

  /** Starts (or resumes) the commit of a validated list. */
  commit(caller: Caller, id: string, version: number): Promise<ImportJobRecord> {
    return this.engine.commit(caller, id, CAMPAIGN_IMPORT_MODE, version);
  }

  cancel(caller: Caller, id: string, version: number): Promise<ImportJobRecord> {
    return this.engine.cancel(caller, id, version);
  }

  resumeStale(): Promise<number> {
    return this.engine.resumeStale();
  }

  writeTemplate(format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    return this.engine.writeTemplate(format, out);
  }

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
