import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { BadInputError, ParseIdPipe } from '@crm/shared';
import { HonorExportList, HonorExportService } from '../services/honor-export.service';

/**
 * `GET /honours/rounds/:id/export?list=published|certificates` (bearer token): a round's
 * published list or certificates list as .xlsx. A route, not a GraphQL field: the answer is a file.
 */
@Controller('honours')
export class HonorExportController {
  constructor(private readonly exports: HonorExportService) {}

  @Get('rounds/:id/export')
  @RequirePermission(Permission.HonorExport)
  async export(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Query('list') list: string, @Res() res: Response): Promise<void> {
    if (list !== 'published' && list !== 'certificates') throw BadInputError.field('list', 'list must be published or certificates');
    await this.exports.export(caller, id, list as HonorExportList, res);
  }
}
