import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { chamberSubtreeSql } from '@crm/chamber';
import { MemberEntity } from '@crm/member';
import { OfficialEntity } from '@crm/official';
import { byKeys, groupByKeys, requestLoader, today } from '@crm/shared';
import { InvestmentProjectDto, ProjectCountsDto } from '../dtos/investment-project.dto';
import {
  FundingRecordEntity,
  ProjectIssueEntity,
  ProjectNoteEntity,
  ProjectOfficialEntity,
  ProjectStageEventEntity,
  ServiceComplaintEntity,
} from '../entities/investment-records.entity';
import { InvestmentProjectEntity } from '../entities/investment-project.entity';
import { bind } from '../utils/investment-db';

/**
 * What a page of projects shows beside each project, batched per request: one statement per
 * kind of related row whatever the page size (the project's scope was applied to the page).
 */
@Injectable()
export class InvestmentReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** Funds in place of a page of projects in [from, to] (any date when not given): one statement. */
  funds(req: object, projectId: string, from: string | undefined, to: string | undefined): Promise<string> {
    return requestLoader<string, string>(req, `investment.funds:${from ?? ''}:${to ?? ''}`, async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT project_id AS id, sum(amount)::text AS total FROM funding_record
         WHERE project_id = ANY($1::uuid[]) AND received_on >= coalesce($2::date, '-infinity') AND received_on <= coalesce($3::date, 'infinity')
         GROUP BY project_id`,
        [[...ids], from ?? null, to ?? null],
      )) as { id: string; total: string }[];
      return byKeys(ids, rows, (r) => r.id).map((r) => r?.total ?? '0.00');
    }).load(projectId);
  }

  /**
   * The investor members of a page of projects that the caller may read (member scope), links and
   * members in one statement.
   */
  investors(req: object, caller: Caller, projectId: string): Promise<MemberEntity[]> {
    return requestLoader<string, MemberEntity[]>(req, 'investment.investors', async (ids) => {
      const scope = this.access.read('Member', caller, 'm');
      const { raw, entities } = await this.dataSource
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .innerJoin('project_investor', 'pi', 'pi.member_id = m.id')
        .addSelect('pi.project_id', 'investment_project_id')
        .where('pi.project_id = ANY(:ids::uuid[])', { ids: [...ids] })
        .andWhere(scope.sql, scope.params)
        .orderBy('m.id')
        .getRawAndEntities();
      // The entities come once per member, the raw rows once per link.
      const members = new Map(entities.map((m) => [m.id, m]));
      const links = (raw as { investment_project_id: string; m_id: string }[]).map((r) => ({ projectId: r.investment_project_id, member: members.get(r.m_id) as MemberEntity }));
      return groupByKeys(ids, links, (l) => l.projectId).map((g) => g.map((l) => l.member));
    }).load(projectId);
  }

  enterpriseIds(req: object, projectId: string): Promise<string[]> {
    return this.linked(req, 'project_enterprise', 'enterprise_id', projectId);
  }

  private linked(req: object, table: 'project_investor' | 'project_enterprise', column: 'member_id' | 'enterprise_id', projectId: string): Promise<string[]> {
    return requestLoader<string, string[]>(req, `investment.${table}`, async (ids) => {
      const rows = (await this.dataSource.query(`SELECT project_id AS "projectId", ${column} AS id FROM ${table} WHERE project_id = ANY($1::uuid[]) ORDER BY ${column}`, [[...ids]])) as {
        projectId: string;
        id: string;
      }[];
      return groupByKeys(ids, rows, (r) => r.projectId).map((g) => g.map((r) => r.id));
    }).load(projectId);
  }

  /** Assigned officials; `current` only: today within their period. */
  officials(req: object, projectId: string, current: boolean): Promise<ProjectOfficialEntity[]> {
    return requestLoader<string, ProjectOfficialEntity[]>(req, `investment.officials:${current}`, async (ids) => {
      // The official comes in the same statement (one statement for assignments and officials).
      const qb = this.dataSource
        .getRepository(ProjectOfficialEntity)
        .createQueryBuilder('po')
        .innerJoinAndMapOne('po.official', OfficialEntity, 'o', 'o.id = po.official_id')
        .where('po.project_id = ANY(:ids::uuid[])', { ids: [...ids] });
      if (current) qb.andWhere('po.valid_from <= :today AND (po.valid_to IS NULL OR po.valid_to >= :today)', { today: today() });
      const rows = await qb.orderBy('po.role').addOrderBy('po.valid_from').addOrderBy('po.id').getMany();
      return groupByKeys(ids, rows, (r) => r.projectId);
    }).load(projectId);
  }

  stageHistory(req: object, projectId: string): Promise<ProjectStageEventEntity[]> {
    return this.rowsOf(req, 'stages', ProjectStageEventEntity, 'on_date, id', projectId);
  }

  fundingRecords(req: object, projectId: string): Promise<FundingRecordEntity[]> {
    return this.rowsOf(req, 'funding', FundingRecordEntity, 'received_on, created_at, id', projectId);
  }

  notes(req: object, projectId: string): Promise<ProjectNoteEntity[]> {
    return this.rowsOf(req, 'notes', ProjectNoteEntity, 'written_on DESC, id', projectId);
  }

  issues(req: object, projectId: string): Promise<ProjectIssueEntity[]> {
    return this.rowsOf(req, 'issues', ProjectIssueEntity, 'raised_on, id', projectId);
  }

  complaints(req: object, projectId: string): Promise<ServiceComplaintEntity[]> {
    return this.rowsOf(req, 'complaints', ServiceComplaintEntity, 'received_on, id', projectId);
  }

  private rowsOf<E extends { projectId: string }>(req: object, name: string, entity: new () => E, order: string, projectId: string): Promise<E[]> {
    return requestLoader<string, E[]>(req, `investment.${name}`, async (ids) => {
      const rows = await this.dataSource.getRepository(entity).createQueryBuilder('x').where('x.project_id = ANY(:ids::uuid[])', { ids: [...ids] }).orderBy(order.split(',').map((o) => `x.${o.trim()}`).join(', ')).getMany();
      return groupByKeys(ids, rows, (r) => r.projectId);
    }).load(projectId);
  }

  /** A member's projects (as an investor) the caller may read: one statement for a page of members. */
  projectsOfMember(req: object, caller: Caller, memberId: string): Promise<InvestmentProjectDto[]> {
    return requestLoader<string, InvestmentProjectDto[]>(req, 'investment.memberProjects', async (ids) => {
      const scope = this.access.read('InvestmentProject', caller, 'p');
      const rows = (await this.dataSource
        .getRepository(InvestmentProjectEntity)
        .createQueryBuilder('p')
        .innerJoin('project_investor', 'pi', 'pi.project_id = p.id')
        .addSelect('pi.member_id', 'member_id')
        .where('pi.member_id = ANY(:ids::uuid[])', { ids: [...ids] })
        .andWhere(scope.sql, scope.params)
        .orderBy('p.created_at', 'DESC')
        .addOrderBy('p.id', 'DESC')
        .getRawAndEntities());
      const byMember = rows.raw.map((r: { member_id: string }, i: number) => ({ memberId: r.member_id, project: rows.entities[i] }));
      return groupByKeys(ids, byMember, (r) => r.memberId).map((g) => g.map((r) => InvestmentProjectDto.from(r.project)));
    }).load(memberId);
  }

  /** Projects introduced by a chamber's subtree (within the caller's scope) and their funds in place: one statement per page of roll-ups. */
  chamberRollup(req: object, caller: Caller, chamberId: string): Promise<ProjectCountsDto> {
    return requestLoader<string, ProjectCountsDto>(req, 'investment.chamberRollup', async (ids) => {
      const scope = this.access.read('InvestmentProject', caller, 'p');
      const [sql, params] = bind(
        this.dataSource.manager,
        `SELECT root.id::text AS id, count(p.id)::int AS projects, coalesce(sum(f.total), 0)::numeric(16,2)::text AS funds
         FROM ${chamberSubtreeSql(':roots', 'c', 'root')}
         JOIN investment_project p ON p.chamber_id = c.id AND (${scope.sql})
         LEFT JOIN LATERAL (SELECT sum(amount) AS total FROM funding_record fr WHERE fr.project_id = p.id) f ON true
         GROUP BY root.id`,
        { ...scope.params, roots: [...ids] },
      );
      const rows = (await this.dataSource.query(sql, params)) as { id: string; projects: number; funds: string }[];
      return byKeys(ids, rows, (r) => r.id).map((r) => ({ projects: r?.projects ?? 0, fundsInPlace: r?.funds ?? '0.00' }));
    }).load(chamberId);
  }
}
