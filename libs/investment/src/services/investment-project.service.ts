import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { RegionService } from '@crm/region';
import { ConnectionResult, escapeLike, keysetPageOfRows, localized, NotFoundError, toCents } from '@crm/shared';
import { ProjectsArgs } from '../dtos/args/projects.args';
import { CreateProjectInput, MoveStageInput, UpdateProjectInput } from '../dtos/inputs/project.inputs';
import { InvestmentProjectDto } from '../dtos/investment-project.dto';
import { InvestmentProjectEntity } from '../entities/investment-project.entity';
import { ProjectStageEventEntity } from '../entities/investment-records.entity';
import { InvestmentStage, STAGE_LINE, STAGE_ZH } from '../entities/investment.enums';
import { InvestmentErrors } from '../exceptions/investment.errors';
import { idsInScope, pgError } from '../utils/investment-db';

export const PROJECT = 'InvestmentProject';

/** The columns a list reads (lean: no hydration of what the page does not show). */
const LIST_COLUMNS: readonly (readonly [string, string])[] = [
  ['p.id', 'id'],
  ['p.name', 'name'],
  ['p.destination_county_code', 'destinationCountyCode'],
  ['p.chamber_id', 'chamberId'],
  ['p.industry_code', 'industryCode'],
  ['p.key_level', 'keyLevel'],
  ['p.is_expansion', 'isExpansion'],
  ['p.total_investment', 'totalInvestment'],
  ['p.contracted_investment', 'contractedInvestment'],
  ['p.land_mu', 'landMu'],
  ['p.expected_jobs', 'expectedJobs'],
  ['p.stage', 'stage'],
  ['p.line_stage', 'lineStage'],
  ['p.stage_reason', 'stageReason'],
  ["to_char(p.lead_on, 'YYYY-MM-DD')", 'leadOn'],
  ["to_char(p.signed_on, 'YYYY-MM-DD')", 'signedOn'],
  ["to_char(p.started_on, 'YYYY-MM-DD')", 'startedOn'],
  ["to_char(p.production_on, 'YYYY-MM-DD')", 'productionOn'],
  ["to_char(p.stalled_on, 'YYYY-MM-DD')", 'stalledOn'],
  ["to_char(p.cancelled_on, 'YYYY-MM-DD')", 'cancelledOn'],
  ['p.stall_risk', 'stallRisk'],
  ["to_char(p.stall_risk_since, 'YYYY-MM-DD')", 'stallRiskSince'],
  ['p.version', 'version'],
];

export function projectSnapshot(p: InvestmentProjectEntity, links: { memberIds?: string[]; enterpriseIds?: string[] } = {}): Record<string, unknown> {
  return {
    name: p.name,
    destinationCountyCode: p.destinationCountyCode,
    chamberId: p.chamberId,
    industryCode: p.industryCode,
    keyLevel: p.keyLevel,
    isExpansion: p.isExpansion,
    totalInvestment: p.totalInvestment,
    contractedInvestment: p.contractedInvestment,
    landMu: p.landMu,
    expectedJobs: p.expectedJobs,
    stage: p.stage,
    stageReason: p.stageReason,
    leadOn: p.leadOn,
    signedOn: p.signedOn,
    startedOn: p.startedOn,
    productionOn: p.productionOn,
    ...(links.memberIds ? { memberIds: links.memberIds } : {}),
    ...(links.enterpriseIds ? { enterpriseIds: links.enterpriseIds } : {}),
  };
}

/** Money fields: not negative (the Decimal scalar has already refused anything inexact). */
function checkNotNegative(values: Record<string, string | undefined | null>): void {
  for (const [field, value] of Object.entries(values)) {
    if (value != null && toCents(value) < 0n) throw InvestmentErrors.NEGATIVE_AMOUNT({}, { field: `input.${field}` });
  }
}

/**
 * Projects: the only writer of investment_project and its investor/enterprise links and stage
 * history. Every rule is checked before the first write; the database holds the same (stage and
 * date CHECKs, funds-after-signing triggers).
 */
@Injectable()
export class InvestmentProjectService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, input: CreateProjectInput): Promise<InvestmentProjectEntity> {
    checkNotNegative({ totalInvestment: input.totalInvestment, contractedInvestment: input.contractedInvestment, landMu: input.landMu });
    await this.checkCounty(caller, input.destinationCountyCode);
    return this.dataSource.transaction(async (em) => {
      await this.checkLinks(em, caller, input.chamberId, input.memberIds ?? []);
      const result = await em.insert(InvestmentProjectEntity, {
        name: input.name,
        destinationCountyCode: input.destinationCountyCode,
        chamberId: input.chamberId ?? null,
        industryCode: input.industryCode ?? null,
        keyLevel: input.keyLevel ?? null,
        isExpansion: input.isExpansion,
        totalInvestment: input.totalInvestment,
        contractedInvestment: input.contractedInvestment ?? null,
        landMu: input.landMu ?? null,
        expectedJobs: input.expectedJobs ?? null,
        leadOn: input.leadOn,
        createdBy: caller.id,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      const memberIds = [...new Set(input.memberIds ?? [])];
      const enterpriseIds = [...new Set(input.enterpriseIds ?? [])];
      await this.writeLinks(em, id, memberIds, enterpriseIds, true);
      await em.insert(ProjectStageEventEntity, { projectId: id, fromStage: null, toStage: InvestmentStage.Lead, onDate: input.leadOn, reason: null, recordedBy: caller.id });
      const project = await em.findOneByOrFail(InvestmentProjectEntity, { id });
      await this.audit.record(em, { operation: 'investmentProject.create', entityType: PROJECT, entityId: id, after: projectSnapshot(project, { memberIds, enterpriseIds }) });
      return project;
    });
  }

  async update(caller: Caller, id: string, input: UpdateProjectInput): Promise<InvestmentProjectEntity> {
    checkNotNegative({ totalInvestment: input.totalInvestment, contractedInvestment: input.contractedInvestment });
    if (input.destinationCountyCode) await this.checkCounty(caller, input.destinationCountyCode);
    return this.dataSource.transaction(async (em) => {
      const project = await this.lockForWrite(em, caller, id, input.version);
      const before = projectSnapshot(project);
      await this.checkLinks(em, caller, input.chamberId, input.memberIds ?? []);
      await em.update(InvestmentProjectEntity, { id }, {
        name: input.name ?? project.name,
        destinationCountyCode: input.destinationCountyCode ?? project.destinationCountyCode,
        chamberId: input.chamberId ?? project.chamberId,
        industryCode: input.industryCode ?? project.industryCode,
        keyLevel: input.keyLevel ?? project.keyLevel,
        isExpansion: input.isExpansion ?? project.isExpansion,
        totalInvestment: input.totalInvestment ?? project.totalInvestment,
        contractedInvestment: input.contractedInvestment ?? project.contractedInvestment,
        expectedJobs: input.expectedJobs ?? project.expectedJobs,
        version: project.version + 1,
        updatedAt: () => 'now()',
      } as never);
      const memberIds = input.memberIds && [...new Set(input.memberIds)];
      const enterpriseIds = input.enterpriseIds && [...new Set(input.enterpriseIds)];
      await this.writeLinks(em, id, memberIds, enterpriseIds, false);
      const after = await em.findOneByOrFail(InvestmentProjectEntity, { id });
      await this.audit.record(em, { operation: 'investmentProject.update', entityType: PROJECT, entityId: id, before, after: projectSnapshot(after, { memberIds, enterpriseIds }) });
      return after;
    });
  }

  /**
   * A stage move (rules in MoveStageInput's description). Skipped stages get their own history
   * rows with the dates given; a back move clears the dates of the stages after the target.
   */
  async moveStage(caller: Caller, id: string, input: MoveStageInput): Promise<InvestmentProjectEntity> {
    return this.dataSource.transaction(async (em) => {
      const p = await this.lockForWrite(em, caller, id, input.version);
      const before = projectSnapshot(p);
      const reason = input.reason?.trim() || null;
      const target = input.stage;
      if (p.stage === InvestmentStage.Cancelled) throw InvestmentErrors.STAGE_FINAL({}, { field: 'input.stage' });
      if (p.stage === target) throw InvestmentErrors.SAME_STAGE({}, { field: 'input.stage' });
      const lineDates: (string | null)[] = [p.leadOn, p.signedOn, p.startedOn, p.productionOn];
      const latest = [...lineDates, p.stalledOn].filter((d): d is string => !!d).sort().pop() as string;
      const events: Partial<ProjectStageEventEntity>[] = [];
      const change: Partial<InvestmentProjectEntity> = {};

      if (target === InvestmentStage.Stalled || target === InvestmentStage.Cancelled) {
        if (!reason) throw InvestmentErrors.REASON_REQUIRED({}, { field: 'input.reason' });
        if (input.on < latest) throw InvestmentErrors.STAGE_DATE_ORDER({ date: input.on, previous: latest }, { field: 'input.on' });
        Object.assign(change, { stage: target, stageReason: reason, stalledOn: target === InvestmentStage.Stalled ? input.on : null, cancelledOn: target === InvestmentStage.Cancelled ? input.on : null });
        events.push({ fromStage: p.stage, toStage: target, onDate: input.on, reason });
      } else {
        const from = STAGE_LINE.indexOf(p.lineStage);
        const to = STAGE_LINE.indexOf(target);
        if (to < from) {
          if (!reason) throw InvestmentErrors.REASON_REQUIRED({}, { field: 'input.reason' });
          if (to < 1 && p.signedOn && (await this.hasFunds(em, id))) throw InvestmentErrors.STAGE_UNDO_FUNDS({}, { field: 'input.stage' });
          for (let k = to + 1; k < STAGE_LINE.length; k++) lineDates[k] = null;
          events.push({ fromStage: p.stage, toStage: target, onDate: input.on, reason });
        } else if (to === from) {
          // Resuming a stalled project where it stood.
          events.push({ fromStage: p.stage, toStage: target, onDate: input.on, reason });
        } else {
          let previous = lineDates[from] as string;
          for (let k = from + 1; k <= to; k++) {
            const stage = STAGE_LINE[k];
            const field = k === to ? 'on' : stage === InvestmentStage.Signed ? 'signedOn' : 'startedOn';
            const date = k === to ? input.on : stage === InvestmentStage.Signed ? input.signedOn : input.startedOn;
            if (!date) throw InvestmentErrors.SKIPPED_DATE_MISSING({ stage: localized(stage.toLowerCase(), STAGE_ZH[stage]) }, { field: `input.${field}` });
            if (date < previous) throw InvestmentErrors.STAGE_DATE_ORDER({ date, previous }, { field: `input.${field}` });
            lineDates[k] = date;
            previous = date;
            events.push({ fromStage: k === from + 1 ? p.stage : STAGE_LINE[k - 1], toStage: stage, onDate: date, reason: k === to ? reason : null });
          }
        }
        if (p.stage === InvestmentStage.Stalled && input.on < (p.stalledOn as string)) {
          throw InvestmentErrors.STAGE_DATE_ORDER({ date: input.on, previous: p.stalledOn as string }, { field: 'input.on' });
        }
        Object.assign(change, {
          stage: target,
          lineStage: target,
          stageReason: null,
          stalledOn: null,
          cancelledOn: null,
          signedOn: lineDates[1],
          startedOn: lineDates[2],
          productionOn: lineDates[3],
        });
      }
      try {
        await em.update(InvestmentProjectEntity, { id }, { ...change, version: p.version + 1, updatedAt: () => 'now()' } as never);
      } catch (error) {
        if (pgError(error).constraint === 'ck_funding_after_signing') throw InvestmentErrors.STAGE_UNDO_FUNDS({}, { field: 'input.signedOn' });
        throw error;
      }
      await em.insert(ProjectStageEventEntity, events.map((e) => ({ ...e, projectId: id, recordedBy: caller.id })));
      const after = await em.findOneByOrFail(InvestmentProjectEntity, { id });
      await this.audit.record(em, { operation: 'investmentProject.stage', entityType: PROJECT, entityId: id, before, after: projectSnapshot(after), metadata: { from: p.stage, to: target } });
      return after;
    });
  }

  private async hasFunds(em: EntityManager, projectId: string): Promise<boolean> {
    return ((await em.query('SELECT 1 FROM funding_record WHERE project_id = $1 LIMIT 1', [projectId])) as unknown[]).length > 0;
  }

  /** A county of the home city, and (for a county office) its own. */
  private async checkCounty(caller: Caller, code: string): Promise<void> {
    if (!(await this.regions.isHomeCounty(code))) throw InvestmentErrors.NOT_HOME_COUNTY({ code }, { field: 'input.destinationCountyCode' });
    const refusal = this.access.check('InvestmentProject', 'write', caller, { destinationCountyCode: code });
    if (refusal) throw InvestmentErrors.COUNTY_OUTSIDE_SCOPE({ code }, { field: 'input.destinationCountyCode' });
  }

  /** The introducing chamber exists; investors are members the caller reads. */
  private async checkLinks(em: EntityManager, caller: Caller, chamberId: string | undefined, memberIds: string[]): Promise<void> {
    if (chamberId && !(await idsInScope(em, this.access, 'Chamber', 'read', caller, [chamberId])).size) {
      throw InvestmentErrors.CHAMBER_UNKNOWN({}, { field: 'input.chamberId' });
    }
    const members = await idsInScope(em, this.access, 'Member', 'read', caller, memberIds);
    const m = memberIds.findIndex((id) => !members.has(id));
    if (m >= 0) throw InvestmentErrors.MEMBER_UNKNOWN({ id: memberIds[m] }, { field: `input.memberIds.${m}` });
  }

  private async writeLinks(em: EntityManager, projectId: string, memberIds: string[] | undefined, enterpriseIds: string[] | undefined, fresh: boolean): Promise<void> {
    if (memberIds) {
      if (!fresh) await em.query('DELETE FROM project_investor WHERE project_id = $1', [projectId]);
      if (memberIds.length) await em.query('INSERT INTO project_investor (project_id, member_id) SELECT $1, unnest($2::uuid[])', [projectId, memberIds]);
    }
    if (enterpriseIds) {
      if (!fresh) await em.query('DELETE FROM project_enterprise WHERE project_id = $1', [projectId]);
      if (!enterpriseIds.length) return;
      try {
        await em.query('INSERT INTO project_enterprise (project_id, enterprise_id) SELECT $1, unnest($2::uuid[])', [projectId, enterpriseIds]);
      } catch (error) {
        if (pgError(error).code === '23503') throw InvestmentErrors.ENTERPRISE_UNKNOWN({}, { field: 'input.enterpriseIds' });
        throw error;
      }
    }
  }

  /**
   * Locks the project for a change: NOT_FOUND outside the read scope, FORBIDDEN outside the
   * write scope, CONFLICT on a stale version (when one is given).
   */
  async lockForWrite(em: EntityManager, caller: Caller, id: string, version?: number): Promise<InvestmentProjectEntity> {
    const project = await em.getRepository(InvestmentProjectEntity).createQueryBuilder('p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!project || !(await this.access.passes(em, 'InvestmentProject', 'read', caller, id))) throw new NotFoundError(PROJECT, id);
    if (!(await this.access.passes(em, 'InvestmentProject', 'write', caller, id))) throw InvestmentErrors.CHANGE_OUTSIDE_SCOPE({}, { field: 'id' });
    if (version !== undefined && project.version !== version) {
      throw InvestmentErrors.STALE_VERSION(
        { what: localized('project', '回归项目'), current: project.version, read: version },
        { field: 'input.version', extensions: { currentVersion: project.version } },
      );
    }
    return project;
  }

  async visible(caller: Caller, id: string): Promise<InvestmentProjectEntity> {
    const filter = this.access.read('InvestmentProject', caller, 'p');
    const project = await this.dataSource.getRepository(InvestmentProjectEntity).createQueryBuilder('p').where('p.id = :id', { id }).andWhere(filter.sql, filter.params).getOne();
    if (!project) throw new NotFoundError(PROJECT, id);
    return project;
  }

  /** The projects among `ids` the caller may read, as a list shows them: one statement (the change feed's page). */
  async visibleMany(caller: Caller, ids: readonly string[]): Promise<InvestmentProjectDto[]> {
    if (!ids.length) return [];
    const qb = this.dataSource.getRepository(InvestmentProjectEntity).createQueryBuilder('p');
    LIST_COLUMNS.forEach(([expression, alias], i) => (i === 0 ? qb.select(expression, alias) : qb.addSelect(expression, alias)));
    const scope = this.access.read('InvestmentProject', caller, 'p');
    const rows = await qb.where('p.id = ANY(:__feedIds::uuid[])', { __feedIds: [...new Set(ids)] }).andWhere(scope.sql, scope.params).getRawMany<InvestmentProjectEntity>();
    return rows.map((row) => InvestmentProjectDto.from(row));
  }

  /** Projects newest first, keyset on (created_at, id); each filter has its index (ix_project_*). */
  list(caller: Caller, args: ProjectsArgs): Promise<ConnectionResult<InvestmentProjectDto>> {
    const qb = this.dataSource.getRepository(InvestmentProjectEntity).createQueryBuilder('p');
    const scope = this.access.read('InvestmentProject', caller, 'p');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.countyCode) qb.andWhere('p.destination_county_code = :county', { county: f.countyCode });
    if (f?.chamberId) qb.andWhere('p.chamber_id = :chamber', { chamber: f.chamberId });
    if (f?.stage) qb.andWhere('p.stage = :stage', { stage: f.stage });
    if (f?.industryCode) qb.andWhere('p.industry_code = :industry', { industry: f.industryCode });
    if (f?.keyLevel) qb.andWhere('p.key_level = :key', { key: f.keyLevel });
    if (f?.stallRisk !== undefined) qb.andWhere('p.stall_risk = :risk', { risk: f.stallRisk });
    // The name through its trigram index (ix_project_name_trgm); an investor through the
    // project's own investor rows (primary key), then the member's name.
    if (f?.search) {
      qb.andWhere(
        `(p.name ILIKE :search OR EXISTS (SELECT 1 FROM project_investor pi JOIN member m ON m.id = pi.member_id WHERE pi.project_id = p.id AND m.name ILIKE :search))`,
        { search: `%${escapeLike(f.search)}%` },
      );
    }
    return keysetPageOfRows(qb, { keys: ['p.created_at', 'p.id'], direction: 'DESC', first: args.first, after: args.after, columns: LIST_COLUMNS }, (row: InvestmentProjectEntity) =>
      InvestmentProjectDto.from(row),
    );
  }
}
