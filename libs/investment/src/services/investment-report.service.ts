import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller, Role } from '@crm/auth';
import { industryOf } from '@crm/member';
import { InvestmentReportDto, InvestmentReportRowDto } from '../dtos/investment-report.dto';
import { FundingSource, InvestmentStage, KEY_LEVEL_ZH, STAGE_ZH } from '../entities/investment.enums';
import { InvestmentErrors } from '../exceptions/investment.errors';
import { bind } from '../utils/investment-db';

type Dimension = 'total' | 'county' | 'chamber' | 'industry' | 'stage' | 'key';

interface RawRow {
  dim: Dimension;
  key: string | null;
  /** The county's or chamber's name (read in the report statement). */
  name?: string | null;
  funds: string;
  funds_yi: string;
  funds_wan: string;
  prev: string;
  prev_yi: string;
  growth: string | null;
  target: string | null;
  target_yi: string | null;
  share: string | null;
  new_projects: number;
  new_investment: string;
  new_investment_yi: string;
  new_funds: string;
  new_funds_yi: string;
  stall_risk: number;
}

/**
 * The period report, in one statement: funds in place in the period and in the same period of
 * the previous year, new projects (signed in the period) and their investment, grouped by
 * GROUPING SETS over county, chamber, industry, stage and key level, and each group's annual
 * target. All sums, divisions and roundings are numeric in PostgreSQL: no binary float anywhere.
 */
@Injectable()
export class InvestmentReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async report(caller: Caller, period: { from: string; to: string; source?: FundingSource | null }): Promise<InvestmentReportDto> {
    const { from, to } = period;
    if (to < from || to.slice(0, 4) !== from.slice(0, 4)) throw InvestmentErrors.BAD_PERIOD({}, { field: 'to' });
    const scope = this.access.read('InvestmentProject', caller, 'p');
    // The total's target: the city's for the office, the caller's own unit otherwise.
    const own =
      caller.role === Role.CountyOfficer ? { kind: 'COUNTY', county: caller.countyCode, chamber: null } : caller.role === Role.ChamberSecretary ? { kind: 'CHAMBER', county: null, chamber: caller.chamberId } : { kind: 'CITY', county: null, chamber: null };
    const [sql, params] = bind(
      this.dataSource.manager,
      `WITH proj AS (
         SELECT p.id, p.destination_county_code AS county, p.chamber_id::text AS chamber, p.industry_code AS industry, p.stage::text AS stage,
                coalesce(p.key_level::text, 'NONE') AS key, p.total_investment, p.stall_risk,
                p.signed_on BETWEEN :from::date AND :to::date AS is_new
         FROM investment_project p WHERE ${scope.sql}
       ), fund AS (
         SELECT f.project_id,
                sum(f.amount) FILTER (WHERE f.received_on BETWEEN :from::date AND :to::date) AS cur,
                sum(f.amount) FILTER (WHERE f.received_on BETWEEN (:from::date - interval '1 year')::date AND (:to::date - interval '1 year')::date) AS prev
         FROM funding_record f
         WHERE (f.received_on BETWEEN :from::date AND :to::date OR f.received_on BETWEEN (:from::date - interval '1 year')::date AND (:to::date - interval '1 year')::date)
           AND (:source::funding_source IS NULL OR f.source = :source::funding_source)
         GROUP BY f.project_id
       ), grouped AS (
         SELECT CASE WHEN GROUPING(county) = 0 THEN 'county' WHEN GROUPING(chamber) = 0 THEN 'chamber' WHEN GROUPING(industry) = 0 THEN 'industry'
                     WHEN GROUPING(stage) = 0 THEN 'stage' WHEN GROUPING(key) = 0 THEN 'key' ELSE 'total' END AS dim,
                coalesce(county, chamber, industry, stage, key) AS key,
                coalesce(sum(fund.cur), 0) AS funds,
                coalesce(sum(fund.prev), 0) AS prev,
                count(*) FILTER (WHERE is_new)::int AS new_projects,
                coalesce(sum(total_investment) FILTER (WHERE is_new), 0) AS new_investment,
                coalesce(sum(fund.cur) FILTER (WHERE is_new), 0) AS new_funds,
                count(*) FILTER (WHERE stall_risk)::int AS stall_risk
         FROM proj LEFT JOIN fund ON fund.project_id = proj.id
         GROUP BY GROUPING SETS ((), (county), (chamber), (industry), (stage), (key))
       ), targeted AS (
         SELECT g.*, t.funds_target AS target FROM grouped g
         LEFT JOIN investment_target t ON t.year = extract(year FROM :to::date)::int AND (
              (g.dim = 'total' AND t.unit_kind = :ownKind::investment_target_unit AND t.county_code IS NOT DISTINCT FROM :ownCounty AND t.chamber_id IS NOT DISTINCT FROM :ownChamber::uuid)
           OR (g.dim = 'county' AND t.unit_kind = 'COUNTY' AND t.county_code = g.key)
           OR (g.dim = 'chamber' AND t.unit_kind = 'CHAMBER' AND t.chamber_id::text = g.key))
       )
       SELECT dim, key,
              CASE dim WHEN 'county' THEN (SELECT r.name FROM region r WHERE r.code = key)
                       WHEN 'chamber' THEN (SELECT c.name FROM chamber c WHERE c.id = CASE WHEN dim = 'chamber' THEN key::uuid END) END AS name,
              funds::numeric(16,2)::text AS funds, round(funds / 100000000, 2)::text AS funds_yi, round(funds / 10000, 2)::text AS funds_wan,
              prev::numeric(16,2)::text AS prev, round(prev / 100000000, 2)::text AS prev_yi,
              CASE WHEN prev > 0 THEN round((funds - prev) * 100 / prev, 1)::text END AS growth,
              target::text AS target, round(target / 100000000, 2)::text AS target_yi,
              CASE WHEN target > 0 THEN round(funds * 100 / target, 2)::text END AS share,
              new_projects, new_investment::numeric(16,2)::text AS new_investment, round(new_investment / 100000000, 2)::text AS new_investment_yi,
              new_funds::numeric(16,2)::text AS new_funds, round(new_funds / 100000000, 2)::text AS new_funds_yi, stall_risk
       FROM targeted ORDER BY dim, funds DESC, key`,
      { ...scope.params, from, to, source: period.source ?? null, ownKind: own.kind, ownCounty: own.county, ownChamber: own.chamber },
    );
    const rows = (await this.dataSource.query(sql, params)) as RawRow[];
    const of = (dim: Dimension) => rows.filter((r) => r.dim === dim).map((r) => toRow(r));
    const total = rows.find((r) => r.dim === 'total');
    return {
      from,
      to,
      source: period.source ?? null,
      total: total ? toRow(total) : emptyRow(),
      byCounty: of('county'),
      byChamber: of('chamber'),
      byIndustry: of('industry'),
      byStage: of('stage'),
      byKeyLevel: of('key'),
    };
  }
}

/** The group as a person reads it (the .xlsx 项目 column): names, not codes or ids. */
function label(dim: Dimension, key: string | null, name: string | null | undefined): string {
  if (dim === 'total') return '合计';
  if (key === null) return '未填';
  if (dim === 'stage') return STAGE_ZH[key as InvestmentStage] ?? key;
  if (dim === 'key') return KEY_LEVEL_ZH[key] ?? key;
  if (dim === 'industry') {
    const found = industryOf(key);
    return found ? `${key} ${(found.division ?? found.section).name}` : key;
  }
  return name ?? key;
}

function toRow(r: RawRow): InvestmentReportRowDto {
  return {
    key: r.dim === 'total' ? null : r.key,
    label: label(r.dim, r.key, r.name),
    fundsInPlace: r.funds,
    fundsInPlaceYi: r.funds_yi,
    fundsInPlaceWan: r.funds_wan,
    previousFunds: r.prev,
    previousFundsYi: r.prev_yi,
    growthPercent: r.growth,
    target: r.target,
    targetYi: r.target_yi,
    targetShare: r.share,
    newProjects: r.new_projects,
    newProjectsInvestment: r.new_investment,
    newProjectsInvestmentYi: r.new_investment_yi,
    newProjectsFunds: r.new_funds,
    newProjectsFundsYi: r.new_funds_yi,
    stallRisk: r.stall_risk,
  };
}

function emptyRow(): InvestmentReportRowDto {
  return toRow({
    dim: 'total', key: null, funds: '0.00', funds_yi: '0.00', funds_wan: '0.00', prev: '0.00', prev_yi: '0.00', growth: null, target: null, target_yi: null, share: null,
    new_projects: 0, new_investment: '0.00', new_investment_yi: '0.00', new_funds: '0.00', new_funds_yi: '0.00', stall_risk: 0,
  });
}
