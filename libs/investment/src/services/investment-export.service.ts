import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { inUnit } from '@crm/shared';
import { createTableWriter } from '@crm/spreadsheet';
import { InvestmentReportRowDto } from '../dtos/investment-report.dto';
import { FundingSource } from '../entities/investment.enums';
import { InvestmentReportService } from './investment-report.service';

export const MONTHLY_HEADERS = [
  '分组',
  '项目',
  '本月到位资金（万元）',
  '累计到位资金（万元）',
  '去年同期累计（万元）',
  '同比增长（%）',
  '年度目标（万元）',
  '完成目标（%）',
  '累计新签约项目（个）',
  '新签约项目总投资（万元）',
  '停滞风险项目（个）',
];

const GROUP_ZH = { total: '合计', byCounty: '县（市、区）', byChamber: '商会', byIndustry: '行业', byStage: '阶段', byKeyLevel: '重点项目' } as const;

/** Yuan in 万元, rounded half up to 2 decimals (BigInt arithmetic: no float). */
const wan = (amount: string | null): string | null => (amount === null ? null : inUnit(amount, 'WAN'));

/**
 * The monthly report (月报) as .xlsx: year to date up to the end of the month, the month alone,
 * by county, chamber, industry, stage and key level, zh-CN headers. Two report statements.
 */
@Injectable()
export class InvestmentExportService {
  constructor(
    private readonly reports: InvestmentReportService,
    private readonly audit: AuditService,
  ) {}

  async monthly(caller: Caller, month: string, source: FundingSource | null, res: Response): Promise<void> {
    const [year, mm] = month.split('-').map(Number);
    const last = new Date(Date.UTC(year, mm, 0)).toISOString().slice(0, 10);
    const ytd = await this.reports.report(caller, { from: `${year}-01-01`, to: last, source });
    const alone = await this.reports.report(caller, { from: `${month}-01`, to: last, source });
    await this.audit.recordAlone({ operation: 'investmentReport.export', entityType: 'InvestmentProject', entityId: null, metadata: { month, source } });
    const monthFunds = new Map<string, string>();
    for (const group of ['byCounty', 'byChamber', 'byIndustry', 'byStage', 'byKeyLevel'] as const) for (const r of alone[group]) monthFunds.set(`${group}:${r.key}`, r.fundsInPlace);

    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="investment-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`回归项目月报-${month}.xlsx`)}`);
    res.setHeader('Cache-Control', 'no-store');
    const writer = createTableWriter('xlsx', res, { sheetName: `${month} 月报`, headers: MONTHLY_HEADERS, textColumns: [1] });
    const line = (group: string, r: InvestmentReportRowDto, monthValue: string) => [
      group,
      r.label,
      wan(monthValue),
      wan(r.fundsInPlace),
      wan(r.previousFunds),
      r.growthPercent,
      wan(r.target),
      r.targetShare,
      r.newProjects,
      wan(r.newProjectsInvestment),
      r.stallRisk,
    ];
    try {
      await writer.writeRow(line(GROUP_ZH.total, ytd.total, alone.total.fundsInPlace));
      for (const group of ['byCounty', 'byChamber', 'byIndustry', 'byStage', 'byKeyLevel'] as const) {
        for (const r of ytd[group]) await writer.writeRow(line(GROUP_ZH[group], r, monthFunds.get(`${group}:${r.key}`) ?? '0.00'));
      }
      await writer.finish();
    } catch (error) {
      writer.abort(error as Error);
      throw error;
    }
  }
}
