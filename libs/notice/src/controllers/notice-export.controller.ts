import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ParseIdPipe } from '@crm/shared';
import { NoticeExportService } from '../services/notice-export.service';

/** `GET /notices/:id/returns.xlsx` (bearer token): the sender's table of returns. A route: the answer is a file. */
@Controller('notices')
export class NoticeExportController {
  constructor(private readonly exports: NoticeExportService) {}

  @Get(':id/returns.xlsx')
  @RequirePermission(Permission.NoticeSend)
  async returns(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    await this.exports.exportReturns(caller, id, res);
  }
}
