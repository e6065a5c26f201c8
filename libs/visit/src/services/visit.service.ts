import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { OfficialEntity, OfficialService } from '@crm/official';
import { byKeys, ConnectionResult, groupByKeys, keysetPage, localized, NotFoundError, requestLoader, today } from '@crm/shared';
import { CampaignScope } from '../access/campaign.scope';
import { VisitScope } from '../access/visit.scope';
import { VisitsArgs } from '../dtos/args/visit.args';
import { CreateVisitInput, UpdateVisitInput, VisitOfficialInput } from '../dtos/inputs/visit.inputs';
import { VisitDto, VisitOfficialDto } from '../dtos/visit.dto';
import { CampaignAssignmentEntity } from '../entities/campaign.entity';
import { VisitEntity } from '../entities/visit.entity';
import { VisitErrors } from '../exceptions/visit.errors';
import { dbError, firstRepeat, idsInScope } from '../utils/visit-db';

const ENTITY = 'Visit';
/** The earliest visit the register holds (ck_visit_date in migration OfficialsAndVisits). */
const EARLIEST_VISIT = '1990-01-01';

interface Links {
  officials: VisitOfficialInput[];
  chamberIds: string[];
  memberIds: string[];
  enterpriseIds: string[];
}

function snapshot(v: VisitEntity, links?: Partial<Links>): Record<string, unknown> {
  return {
    visitedOn: v.visitedOn,
    kind: v.kind,
    direction: v.direction,
    place: v.place,
    summary: v.summary,
    followUps: v.followUps,
    assignmentId: v.assignmentId,
    ...(links?.officials ? { officials: links.officials.map((o) => `${o.officialId}${o.leads ? ' (leads)' : ''}`) } : {}),
    ...(links?.chamberIds ? { chamberIds: links.chamberIds } : {}),
    ...(links?.memberIds ? { memberIds: links.memberIds } : {}),
    ...(links?.enterpriseIds ? { enterpriseIds: links.enterpriseIds } : {}),
  };
}

/**
 * Visits: the only writer of `visit` and its link tables. Every rule a visit is held to is
 * checked before the first write (exactly one leader, nobody twice, a date not in the future,
 * officials, members and chambers within the caller's reach), so a refusal writes nothing; the
 * database holds the same rules for any other path (unique leader, deferred "has a leader").
 */
@Injectable()
export class VisitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly scope: VisitScope,
    private readonly campaignScope: CampaignScope,
    private readonly officials: OfficialService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, input: CreateVisitInput): Promise<VisitEntity> {
    this.checkDate(input.visitedOn);
    this.checkOfficials(input.officials);
    return this.dataSource.transaction(async (em) => {
      await this.checkPeople(em, caller, input.officials, input.memberIds ?? [], input.chamberIds ?? []);
      const links: Links = {
        officials: input.officials,
        chamberIds: [...new Set(input.chamberIds ?? [])],
        memberIds: [...new Set(input.memberIds ?? [])],
        enterpriseIds: [...new Set(input.enterpriseIds ?? [])],
      };
      if (input.assignmentId) {
        const assignment = await this.lockAssignment(em, caller, input.assignmentId);
        // The person or chamber of the assignment is met by the visit that completes it.
        if (assignment.memberId && !links.memberIds.includes(assignment.memberId)) links.memberIds.push(assignment.memberId);
        if (assignment.chamberId && !links.chamberIds.includes(assignment.chamberId)) links.chamberIds.push(assignment.chamberId);
      }
      const result = await em.insert(VisitEntity, {
        visitedOn: input.visitedOn,
        kind: input.kind,
        direction: input.direction,
        place: input.place,
        summary: input.summary ?? '',
        followUps: (input.followUps ?? []).map((f) => f.trim()).filter(Boolean),
        assignmentId: input.assignmentId ?? null,
        createdBy: caller.id,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      await this.writeLinks(em, id, links, true);
      const visit = await em.findOneByOrFail(VisitEntity, { id });
      await this.audit.record(em, { operation: 'visit.create', entityType: ENTITY, entityId: id, after: snapshot(visit, links) });
      return visit;
    });
  }

  async update(caller: Caller, id: string, input: UpdateVisitInput): Promise<VisitEntity> {
    if (input.visitedOn) this.checkDate(input.visitedOn);
    if (input.officials) this.checkOfficials(input.officials);
    return this.dataSource.transaction(async (em) => {
      const visit = await this.lockForWrite(em, caller, id, input.version);
      const before = snapshot(visit);
      if (input.officials || input.memberIds || input.chamberIds) {
        const officials = input.officials ?? (await this.currentOfficials(em, id));
        await this.checkPeople(em, caller, officials, input.memberIds ?? [], input.chamberIds ?? []);
      }
      await em.update(VisitEntity, { id }, {
        visitedOn: input.visitedOn ?? visit.visitedOn,
        place: input.place ?? visit.place,
        summary: input.summary ?? visit.summary,
        followUps: input.followUps ? input.followUps.map((f) => f.trim()).filter(Boolean) : visit.followUps,
        version: visit.version + 1,
      });
      const links: Partial<Links> = {
        officials: input.officials,
        chamberIds: input.chamberIds && [...new Set(input.chamberIds)],
        memberIds: input.memberIds && [...new Set(input.memberIds)],
      };
      await this.writeLinks(em, id, links, false);
      const after = await em.findOneByOrFail(VisitEntity, { id });
      await this.audit.record(em, { operation: 'visit.update', entityType: ENTITY, entityId: id, before, after: snapshot(after, links) });
      return after;
    });
  }

  /** Not after today, not before the register starts (the visit_not_future trigger and ck_visit_date hold the same). */
  private checkDate(date: string): void {
    if (date > today()) throw VisitErrors.FUTURE_DATE({ date }, { field: 'input.visitedOn' });
    if (date < EARLIEST_VISIT) throw VisitErrors.DATE_TOO_EARLY({ date }, { field: 'input.visitedOn' });
  }

  private checkOfficials(officials: VisitOfficialInput[]): void {
    const leaders = officials.filter((o) => o.leads).length;
    if (leaders !== 1) throw VisitErrors.LEADER_COUNT({ count: leaders }, { field: 'input.officials', extensions: { leaders } });
    const twice = firstRepeat(officials.map((o) => o.officialId));
    if (twice >= 0) throw VisitErrors.OFFICIAL_TWICE({}, { field: `input.officials.${twice}.officialId` });
  }

  /** Officials exist, are active and may be named by the caller; members and chambers are in reach. */
  private async checkPeople(em: EntityManager, caller: Caller, officials: VisitOfficialInput[], memberIds: string[], chamberIds: string[]): Promise<void> {
    const found = await this.officials.requireMany(em, officials.map((o) => o.officialId), 'input.officials');
    const rows: OfficialEntity[] = officials.map((o) => found.get(o.officialId) as OfficialEntity);
    rows.forEach((o, i) => {
      const refusal = this.scope.mayName(caller, o);
      if (refusal) throw VisitErrors.OFFICIAL_OUTSIDE_SCOPE({ official: o.name }, { field: `input.officials.${i}.officialId` });
    });
    const refusal = this.access.check('Visit', 'write', caller, { officials: rows.map((o) => ({ id: o.id, countyCode: o.countyCode })) });
    if (refusal) throw VisitErrors.NOT_IN_VISIT({}, { field: 'input.officials' });
    const members = await idsInScope(em, this.access, 'Member', 'read', caller, memberIds);
    const m = memberIds.findIndex((id) => !members.has(id));
    if (m >= 0) throw VisitErrors.MEMBER_OUTSIDE_SCOPE({ id: memberIds[m] }, { field: `input.memberIds.${m}` });
    const chambers = await idsInScope(em, this.access, 'Chamber', 'read', caller, chamberIds);
    const c = chamberIds.findIndex((id) => !chambers.has(id));
    if (c >= 0) throw VisitErrors.CHAMBER_OUTSIDE_SCOPE({ id: chamberIds[c] }, { field: `input.chamberIds.${c}` });
  }

  private async writeLinks(em: EntityManager, visitId: string, links: Partial<Links>, fresh: boolean): Promise<void> {
    if (links.officials) {
      if (!fresh) await em.query('DELETE FROM visit_official WHERE visit_id = $1', [visitId]);
      await em.query(
        `INSERT INTO visit_official (visit_id, official_id, leads) SELECT $1, o.id, o.leads FROM unnest($2::uuid[], $3::boolean[]) AS o(id, leads)`,
        [visitId, links.officials.map((o) => o.officialId), links.officials.map((o) => o.leads)],
      );
    }
    if (links.chamberIds) {
      if (!fresh) await em.query('DELETE FROM visit_chamber WHERE visit_id = $1', [visitId]);
      if (links.chamberIds.length) await em.query('INSERT INTO visit_chamber (visit_id, chamber_id) SELECT $1, unnest($2::uuid[])', [visitId, links.chamberIds]);
    }
    if (links.memberIds) {
      if (!fresh) await em.query('DELETE FROM visit_member WHERE visit_id = $1', [visitId]);
      if (links.memberIds.length) await em.query('INSERT INTO visit_member (visit_id, member_id) SELECT $1, unnest($2::uuid[])', [visitId, links.memberIds]);
    }
    if (links.enterpriseIds?.length) {
      try {
        await em.query('INSERT INTO visit_enterprise (visit_id, enterprise_id) SELECT $1, unnest($2::uuid[])', [visitId, links.enterpriseIds]);
      } catch (error) {
        if (dbError(error).code === '23503') throw VisitErrors.UNKNOWN_ENTERPRISE({}, { field: 'input.enterpriseIds' });
        throw error;
      }
    }
  }

  private async currentOfficials(em: EntityManager, visitId: string): Promise<VisitOfficialInput[]> {
    const rows = (await em.query('SELECT official_id AS "officialId", leads FROM visit_official WHERE visit_id = $1', [visitId])) as VisitOfficialInput[];
    return rows;
  }

  /** An assignment of a campaign the caller reads, not yet completed, locked for the visit. */
  private async lockAssignment(em: EntityManager, caller: Caller, id: string): Promise<CampaignAssignmentEntity> {
    const assignment = await em.getRepository(CampaignAssignmentEntity).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_write').getOne();
    const campaigns = assignment ? await idsInScope(em, this.access, 'Campaign', 'read', caller, [assignment.campaignId]) : new Set<string>();
    if (!assignment || !campaigns.size) throw VisitErrors.ASSIGNMENT_UNKNOWN({ id }, { field: 'input.assignmentId' });
    if (!(await this.campaignScope.recordsFor(em, caller, assignment.groupId))) {
      throw VisitErrors.CHANGE_OUTSIDE_SCOPE({ what: localized('campaign group', '活动小组') }, { field: 'input.assignmentId' });
    }
    const done = (await em.query('SELECT 1 FROM visit WHERE assignment_id = $1', [id])) as unknown[];
    if (done.length) throw VisitErrors.ASSIGNMENT_DONE({}, { field: 'input.assignmentId' });
    return assignment;
  }

  /** NOT_FOUND outside the read scope, FORBIDDEN outside the write scope, CONFLICT on a stale version. */
  private async lockForWrite(em: EntityManager, caller: Caller, id: string, version: number): Promise<VisitEntity> {
    const visit = await em.getRepository(VisitEntity).createQueryBuilder('v').where('v.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!visit || !(await this.access.passes(em, 'Visit', 'read', caller, id))) throw new NotFoundError(ENTITY, id);
    if (!(await this.access.passes(em, 'Visit', 'write', caller, id))) throw VisitErrors.CHANGE_OUTSIDE_SCOPE({ what: localized('visit', '走访') }, { field: 'id' });
    if (visit.version !== version) {
      throw VisitErrors.STALE_VERSION({ what: localized('visit', '走访记录'), current: visit.version, read: version }, { field: 'input.version', extensions: { currentVersion: visit.version } });
    }
    return visit;
  }

  async visible(caller: Caller, id: string): Promise<VisitEntity> {
    const filter = this.access.read('Visit', caller, 'v');
    const visit = await this.dataSource.getRepository(VisitEntity).createQueryBuilder('v').where('v.id = :id', { id }).andWhere(filter.sql, filter.params).getOne();
    if (!visit) throw new NotFoundError(ENTITY, id);
    return visit;
  }

  /**
   * Visits newest first, keyset-paginated on (visited_on, id): ix_visit_date, ix_visit_kind for
   * a kind; an official, chamber or member filter goes through its link table's index.
   */
  list(caller: Caller, args: VisitsArgs): Promise<ConnectionResult<VisitDto>> {
    const qb = this.dataSource.getRepository(VisitEntity).createQueryBuilder('v');
    const scope = this.access.read('Visit', caller, 'v');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.kind) qb.andWhere('v.kind = :kind', { kind: f.kind });
    if (f?.from) qb.andWhere('v.visited_on >= :from', { from: f.from });
    if (f?.to) qb.andWhere('v.visited_on <= :to', { to: f.to });
    if (f?.officialId) qb.andWhere('v.id IN (SELECT visit_id FROM visit_official WHERE official_id = :officialId)', { officialId: f.officialId });
    // A visit lists only the chambers and members its reader may see, so filtering by one the
    // caller may not see finds nothing: the filter must not tell which visits met them.
    if (f?.chamberId) {
      const chamber = this.access.read('Chamber', caller, 'fc');
      qb.andWhere(`v.id IN (SELECT visit_id FROM visit_chamber WHERE chamber_id = :chamberId) AND EXISTS (SELECT 1 FROM chamber fc WHERE fc.id = :chamberId AND (${chamber.sql}))`, {
        chamberId: f.chamberId,
        ...chamber.params,
      });
    }
    if (f?.memberId) {
      const member = this.access.read('Member', caller, 'fm');
      qb.andWhere(`v.id IN (SELECT visit_id FROM visit_member WHERE member_id = :memberId) AND EXISTS (SELECT 1 FROM member fm WHERE fm.id = :memberId AND (${member.sql}))`, {
        memberId: f.memberId,
        ...member.params,
      });
    }
    return keysetPage(qb, { keys: ['v.visited_on', 'v.id'], direction: 'DESC', first: args.first, after: args.after }, VisitDto.from);
  }

  /** A visit the caller may read, batched per request (an opinion's visit); null otherwise. */
  loadVisible(req: object, caller: Caller, id: string): Promise<VisitEntity | null> {
    return requestLoader<string, VisitEntity | null>(req, 'visit.visible', async (ids) => {
      const filter = this.access.read('Visit', caller, 'v');
      const rows = await this.dataSource.getRepository(VisitEntity).createQueryBuilder('v').where('v.id = ANY(:ids::uuid[])', { ids: [...ids] }).andWhere(filter.sql, filter.params).getMany();
      return byKeys(ids, rows, (v) => v.id);
    }).load(id);
  }

  /** The officials of a page of visits, leader first: one statement. */
  officialsOf(req: object, visitId: string): Promise<VisitOfficialDto[]> {
    return requestLoader<string, VisitOfficialDto[]>(req, 'visit.officials', async (ids) => {
      const rows = (await this.dataSource.query(
        'SELECT visit_id AS "visitId", official_id AS "officialId", leads FROM visit_official WHERE visit_id = ANY($1::uuid[]) ORDER BY leads DESC, official_id',
        [[...ids]],
      )) as (VisitOfficialDto & { visitId: string })[];
      return groupByKeys(ids, rows, (r) => r.visitId);
    }).load(visitId);
  }

  /** Ids linked to a page of visits through one link table: one statement per table. */
  linkedIds(req: object, table: 'visit_chamber' | 'visit_member' | 'visit_enterprise', visitId: string): Promise<string[]> {
    const column = { visit_chamber: 'chamber_id', visit_member: 'member_id', visit_enterprise: 'enterprise_id' }[table];
    return requestLoader<string, string[]>(req, `visit.${table}`, async (ids) => {
      const rows = (await this.dataSource.query(`SELECT visit_id AS "visitId", ${column} AS id FROM ${table} WHERE visit_id = ANY($1::uuid[]) ORDER BY ${column}`, [[...ids]])) as {
        visitId: string;
        id: string;
      }[];
      return groupByKeys(ids, rows, (r) => r.visitId).map((group) => group.map((r) => r.id));
    }).load(visitId);
  }
}
