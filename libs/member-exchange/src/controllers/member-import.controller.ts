import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { rm } from 'node:fs/promises';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ParseIdPipe } from '@crm/shared';
import type { SpreadsheetFormat } from '@crm/spreadsheet';
import { MemberImportDto } from '../dtos/member-import.dto';
import { attachmentDisposition, ImportErrors, SPREADSHEET_CONTENT_TYPES } from '@crm/exchange';
import { MemberImportService } from '../services/member-import.service';

interface UploadedImportFile {
  path: string;
  originalname: string;
  size: number;
}

function attachment(res: Response, fileName: string, asciiName: string, format: SpreadsheetFormat): void {
  res.setHeader('content-type', SPREADSHEET_CONTENT_TYPES[format]);
  res.setHeader('content-disposition', attachmentDisposition(asciiName, fileName));
  res.setHeader('cache-control', 'no-store');
}

/**
 * The file side of imports, which GraphQL does not carry: the upload (multipart, field `file`),
 * the template and the error report. Everything else (progress, commit, cancel) is GraphQL.
 */
@Controller('member-imports')
export class MemberImportController {
  constructor(private readonly imports: MemberImportService) {}

  @Post()
  @RequirePermission(Permission.MemberImport)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentUser() caller: Caller, @UploadedFile() file: UploadedImportFile | undefined): Promise<{ data: { memberImport: MemberImportDto } }> {
    if (!file) throw ImportErrors.NO_FILE({}, { field: 'file' });
    try {
      // Multer reads the name as latin1; browsers send UTF-8 (会员名单.xlsx).
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      const imp = await this.imports.create(caller, { path: file.path, fileName, size: file.size });
      return { data: { memberImport: MemberImportDto.from(imp) } };
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Get('template.xlsx')
  @RequirePermission(Permission.MemberImport)
  async templateXlsx(@Res() res: Response): Promise<void> {
    attachment(res, '会员导入模板.xlsx', 'member-import-template.xlsx', 'xlsx');
    await this.imports.writeTemplate('xlsx', res);
  }

  @Get('template.csv')
  @RequirePermission(Permission.MemberImport)
  async templateCsv(@Res() res: Response): Promise<void> {
    attachment(res, '会员导入模板.csv', 'member-import-template.csv', 'csv');
    await this.imports.writeTemplate('csv', res);
  }

  @Get(':id/report.csv')
  @RequirePermission(Permission.MemberImport)
  async report(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const imp = await this.imports.get(caller, id);
    attachment(res, `导入错误报告-${imp.fileName.replace(/\.[^.]*$/, '')}.csv`, 'member-import-report.csv', 'csv');
    await this.imports.writeReport(id, 'csv', res);
  }
}
