import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { RegionService } from '@crm/region';
import { toCents } from '@crm/shared';
import { SetStallThresholdInput, SetTargetInput } from '../dtos/inputs/progress.inputs';
import { StallThresholdDto } from '../dtos/investment-project.dto';
import { InvestmentTargetEntity } from '../entities/investment-records.entity';
import { InvestmentStage, TargetUnitKind } from '../entities/investment.enums';
import { InvestmentErrors } from '../exceptions/investment.errors';
import { idsInScope, pgError } from '../utils/investment-db';

/** Annual targets (目标任务, one per year and unit: uq_investment_target) and the stall-risk thresholds. */
@Injectable()
export class InvestmentTargetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
  ) {}

  async set(caller: Caller, input: SetTargetInput): Promise<InvestmentTargetEntity> {
    if (toCents(input.fundsTarget) <= 0n) throw InvestmentErrors.NEGATIVE_AMOUNT({}, { field: 'input.fundsTarget' });
    const kind = input.unitKind;
    if (kind === TargetUnitKind.City && (input.countyCode || input.chamberId)) throw InvestmentErrors.TARGET_UNIT({}, { field: 'input.unitKind' });
    if (kind === TargetUnitKind.County && (!input.countyCode || input.chamberId || !(await this.regions.isHomeCounty(input.countyCode)))) {
      throw InvestmentErrors.TARGET_UNIT({}, { field: 'input.countyCode' });
    }
    if (kind === TargetUnitKind.Chamber && (!input.chamberId || input.countyCode)) throw InvestmentErrors.TARGET_UNIT({}, { field: 'input.chamberId' });
    return this.dataSource.transaction(async (em) => {
      if (input.chamberId && !(await idsInScope(em, this.access, 'Chamber', 'read', caller, [input.chamberId])).size) {
        throw InvestmentErrors.CHAMBER_UNKNOWN({}, { field: 'input.chamberId' });
      }
      let id: string;
      try {
        id = ((await em.insert(InvestmentTargetEntity, {
          year: input.year,
          unitKind: kind,
          countyCode: input.countyCode ?? null,
          chamberId: input.chamberId ?? null,
          fundsTarget: input.fundsTarget,
          newProjectsTarget: input.newProjectsTarget,
        })).identifiers[0] as { id: string }).id;
      } catch (error) {
        if (pgError(error).constraint === 'uq_investment_target') throw InvestmentErrors.TARGET_EXISTS({ year: input.year }, { field: 'input.year' });
        throw error;
      }
      const target = await em.findOneByOrFail(InvestmentTargetEntity, { id });
      await this.audit.record(em, { operation: 'investmentTarget.set', entityType: 'InvestmentTarget', entityId: id, after: { ...input } as Record<string, unknown> });
      return target;
    });
  }

  list(year: number): Promise<InvestmentTargetEntity[]> {
    return this.dataSource.getRepository(InvestmentTargetEntity).createQueryBuilder('t').where('t.year = :year', { year }).orderBy('t.unit_kind').addOrderBy('t.county_code').addOrderBy('t.chamber_id').getMany();
  }

  async thresholds(): Promise<StallThresholdDto[]> {
    return (await this.dataSource.query(`SELECT stage, days FROM investment_stall_setting ORDER BY array_position(ARRAY['LEAD','SIGNED','STARTED','IN_PRODUCTION']::investment_stage[], stage)`)) as StallThresholdDto[];
  }

  async setThreshold(input: SetStallThresholdInput): Promise<StallThresholdDto[]> {
    if (![InvestmentStage.Lead, InvestmentStage.Signed, InvestmentStage.Started, InvestmentStage.InProduction].includes(input.stage)) {
      throw InvestmentErrors.WRONG_STATUS({ status: input.stage }, { field: 'input.stage' });
    }
    await this.dataSource.transaction(async (em) => {
      const [before] = (await em.query('SELECT days FROM investment_stall_setting WHERE stage = $1', [input.stage])) as { days: number }[];
      await em.query('INSERT INTO investment_stall_setting (stage, days) VALUES ($1, $2) ON CONFLICT (stage) DO UPDATE SET days = EXCLUDED.days', [input.stage, input.days]);
      await this.audit.record(em, { operation: 'investmentStall.threshold', entityType: 'InvestmentProject', entityId: null, before: { stage: input.stage, days: before?.days ?? null }, after: { stage: input.stage, days: input.days } });
    });
    return this.thresholds();
  }
}
