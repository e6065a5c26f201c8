import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { BadInputError } from '@crm/shared';
import { FundingSource } from '../entities/investment.enums';
import { InvestmentExportService } from '../services/investment-export.service';

/**
 * `GET /investment/reports/monthly?month=2014-04[&source=OUT_OF_PROVINCE]` (bearer token): the
 * monthly report as .xlsx. A route, not a GraphQL field: the answer is a file.
 */
@Controller('investment')
export class InvestmentReportController {
  constructor(private readonly exports: InvestmentExportService) {}

  @Get('reports/monthly')
  @RequirePermission(Permission.ProjectReport)
  async monthly(@CurrentUser() caller: Caller, @Query('month') month: string, @Query('source') source: string | undefined, @Res() res: Response): Promise<void> {
    if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw BadInputError.field('month', 'month must be written YYYY-MM');
    if (source !== undefined && !Object.values(FundingSource).includes(source as FundingSource)) throw BadInputError.field('source', 'source must be OUT_OF_PROVINCE, IN_PROVINCE or FOREIGN');
    await this.exports.monthly(caller, month, (source as FundingSource | undefined) ?? null, res);
  }
}
