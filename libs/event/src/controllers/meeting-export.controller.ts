import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ParseIdPipe } from '@crm/shared';
import { MeetingExportService } from '../services/meeting-export.service';

/** `GET /meetings/:id/delegates.xlsx` and `GET /meetings/:id/sign-in.xlsx` (the office). */
@Controller('meetings')
export class MeetingExportController {
  constructor(private readonly exports: MeetingExportService) {}

  @Get(':id/delegates.xlsx')
  @RequirePermission(Permission.EventManage)
  async delegates(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    await this.exports.export(caller, id, 'delegates', res);
  }

  @Get(':id/sign-in.xlsx')
  @RequirePermission(Permission.EventManage)
  async signIn(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    await this.exports.export(caller, id, 'sign-in', res);
  }
}
