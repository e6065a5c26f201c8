import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { rm } from 'node:fs/promises';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { attachmentDisposition, ImportErrors, ImportJobRecord, SPREADSHEET_CONTENT_TYPES } from '@crm/exchange';
import { BadInputError, ParseIdPipe } from '@crm/shared';
import type { SpreadsheetFormat } from '@crm/spreadsheet';
import { PartyMemberExportService } from './party-member-export.service';
import { PartyMemberImportService } from './party-member-import.service';

interface UploadedImportFile {
  path: string;
  originalname: string;
  size: number;
}

/** The job as the client sees it (no stored file path, no lease). */
function jobView(j: ImportJobRecord): Record<string, unknown> {
  const { storedFile: _stored, ...rest } = j;
  return rest;
}

function attachment(res: Response, fileName: string, asciiName: string, format: SpreadsheetFormat): void {
  res.setHeader('content-type', SPREADSHEET_CONTENT_TYPES[format]);
  res.setHeader('content-disposition', attachmentDisposition(asciiName, fileName));
  res.setHeader('cache-control', 'no-store');
}

function formatOf(value: string | undefined): SpreadsheetFormat {
  if (value === 'csv' || value === 'xlsx') return value;
  throw BadInputError.field('format', 'format must be csv or xlsx');
}

function versionOf(body: { version?: unknown } | undefined): number {
  const v = body?.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw BadInputError.field('version', 'version must be the positive integer you read');
  return v;
}

/**
 * Party members in and out by spreadsheet (bearer token): `POST /party-member-imports` (multipart,
 * field `file`) uploads and queues validation; `GET /party-member-imports/:id` the progress;
 * `POST …/:id/commit` and `…/:id/cancel` with `{ version }`; the template and the error report
 * as downloads; `GET /party-members/export?format=csv|xlsx` the export.
 */
@Controller()
export class PartyMemberExchangeController {
  constructor(
    private readonly imports: PartyMemberImportService,
    private readonly exports: PartyMemberExportService,
  ) {}

  @Post('party-member-imports')
  @RequirePermission(Permission.PartyManage)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentUser() caller: Caller, @UploadedFile() file: UploadedImportFile | undefined): Promise<{ data: { partyMemberImport: Record<string, unknown> } }> {
    if (!file) throw ImportErrors.NO_FILE({}, { field: 'file' });
    try {
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      return { data: { partyMemberImport: jobView(await this.imports.create(caller, { path: file.path, fileName, size: file.size })) } };
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Get('party-member-imports/template.:format')
  @RequirePermission(Permission.PartyManage)
  async template(@Param('format') format: string, @Res() res: Response): Promise<void> {
    const f = formatOf(format);
    attachment(res, `党员导入模板.${f}`, `party-member-import-template.${f}`, f);
    await this.imports.writeTemplate(f, res);
  }

  @Get('party-member-imports/:id')
  @RequirePermission(Permission.PartyManage)
  async get(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string): Promise<{ data: { partyMemberImport: Record<string, unknown> } }> {
    return { data: { partyMemberImport: jobView(await this.imports.get(caller, id)) } };
  }

  @Post('party-member-imports/:id/commit')
  @HttpCode(200)
  @RequirePermission(Permission.PartyManage)
  async commit(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Body() body: { version?: unknown }): Promise<{ data: { partyMemberImport: Record<string, unknown> } }> {
    return { data: { partyMemberImport: jobView(await this.imports.commit(caller, id, versionOf(body))) } };
  }

  @Post('party-member-imports/:id/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.PartyManage)
  async cancel(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Body() body: { version?: unknown }): Promise<{ data: { partyMemberImport: Record<string, unknown> } }> {
    return { data: { partyMemberImport: jobView(await this.imports.cancel(caller, id, versionOf(body))) } };
  }

  @Get('party-member-imports/:id/report.csv')
  @RequirePermission(Permission.PartyManage)
  async report(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const imp = await this.imports.get(caller, id);
    attachment(res, `导入错误报告-${imp.fileName.replace(/\.[^.]*$/, '')}.csv`, 'party-member-import-report.csv', 'csv');
    await this.imports.writeReport(id, 'csv', res);
  }

  @Get('party-members/export')
  @RequirePermission(Permission.PartyRead)
  async export(@CurrentUser() caller: Caller, @Query('format') format: string | undefined, @Res() res: Response): Promise<void> {
    await this.exports.export(caller, formatOf(format), res);
  }
}
