import { Body, Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { rm } from 'node:fs/promises';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { attachmentDisposition, ImportErrors, SPREADSHEET_CONTENT_TYPES } from '@crm/exchange';
import { ParseIdPipe } from '@crm/shared';
import type { SpreadsheetFormat } from '@crm/spreadsheet';
import { CampaignImportDto } from '../dtos/campaign-import.dto';
import { CampaignImportErrors } from '../exceptions/campaign-import.errors';
import { CampaignImportService } from '../services/campaign-import.service';

interface UploadedImportFile {
  path: string;
  originalname: string;
  size: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function attachment(res: Response, fileName: string, asciiName: string, format: SpreadsheetFormat): void {
  res.setHeader('content-type', SPREADSHEET_CONTENT_TYPES[format]);
  res.setHeader('content-disposition', attachmentDisposition(asciiName, fileName));
  res.setHeader('cache-control', 'no-store');
}

/**
 * The file side of campaign list imports: the upload (multipart, fields `campaignId` and `file`),
 * the template and the error report. Progress, commit and cancel are GraphQL.
 */
@Controller('campaign-imports')
export class CampaignImportController {
  constructor(private readonly imports: CampaignImportService) {}

  @Post()
  @RequirePermission(Permission.CampaignManage)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @CurrentUser() caller: Caller,
    @Body() body: { campaignId?: string } | undefined,
    @UploadedFile() file: UploadedImportFile | undefined,
  ): Promise<{ data: { campaignImport: CampaignImportDto } }> {
    try {
      const campaignId = body?.campaignId;
      if (!campaignId || !UUID.test(campaignId)) throw CampaignImportErrors.IMPORT_CAMPAIGN_REQUIRED({}, { field: 'campaignId' });
      if (!file) throw ImportErrors.NO_FILE({}, { field: 'file' });
      // Multer reads the name as latin1; browsers send UTF-8 (走访名单.xlsx).
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      const imp = await this.imports.create(caller, campaignId, { path: file.path, fileName, size: file.size });
      return { data: { campaignImport: CampaignImportDto.from(imp) } };
    } finally {
      if (file) await rm(file.path, { force: true });
    }
  }

  @Get('template.xlsx')
  @RequirePermission(Permission.CampaignManage)
  async templateXlsx(@Res() res: Response): Promise<void> {
    attachment(res, '活动走访名单导入模板.xlsx', 'campaign-import-template.xlsx', 'xlsx');
    await this.imports.writeTemplate('xlsx', res);
  }

  @Get('template.csv')
  @RequirePermission(Permission.CampaignManage)
  async templateCsv(@Res() res: Response): Promise<void> {
    attachment(res, '活动走访名单导入模板.csv', 'campaign-import-template.csv', 'csv');
    await this.imports.writeTemplate('csv', res);
  }

  @Get(':id/report.csv')
  @RequirePermission(Permission.CampaignManage)
  async report(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const imp = await this.imports.get(caller, id);
    attachment(res, `导入错误报告-${imp.fileName.replace(/\.[^.]*$/, '')}.csv`, 'campaign-import-report.csv', 'csv');
    await this.imports.writeReport(id, 'csv', res);
  }
}
