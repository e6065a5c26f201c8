import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { OfficialService } from '@crm/official';
import { RegionService } from '@crm/region';
import { ConnectionResult, declarePreloadable, ForbiddenError, keysetPageOfRows, localized, NotFoundError, withPreloaded } from '@crm/shared';
import { OfficialDto } from '@crm/official';
import { CampaignAssignmentsArgs } from '../dtos/args/visit.args';
import { CampaignAssignmentDto, CampaignDto, CampaignProgressDto, share } from '../dtos/campaign.dto';
import { AddCampaignAssignmentsInput, AddCampaignGroupInput, CampaignAssignmentInput, CreateCampaignInput } from '../dtos/inputs/campaign.inputs';
import { CampaignAssignmentEntity, CampaignEntity, CampaignGroupEntity } from '../entities/campaign.entity';
import type { BilingualMessage } from '@crm/shared';
import { CampaignRowMessages } from '../exceptions/campaign-import.errors';
import { VisitErrors } from '../exceptions/visit.errors';
import { dbError, idsInScope } from '../utils/visit-db';

const ENTITY = 'Campaign';

/** One row of a campaign list import, matched (CampaignService.assignFromImport). */
export interface ImportedAssignment {
  rowNumber: number;
  groupId: string;
  /** As the file names it (messages). */
  groupName: string;
  memberId: string | null;
  chamberId: string | null;
  personName: string | null;
  note: string | null;
}

/** What writing one imported row did; a refusal carries its row reason. */
export interface ImportedAssignmentOutcome {
  rowNumber: number;
  result: 'CREATED' | 'UNCHANGED' | 'REFUSED';
  assignmentId: string | null;
  refusal?: BilingualMessage & { reason: string; field: 'group' | 'target' };
}

// A campaign's progress hands out its groups' leaders with the groups (one statement for all of
// them) instead of a resolver call per group.
declarePreloadable('CampaignGroup', 'leaders');

interface ProgressRow {
  id: string;
  name: string;
  county_code: string | null;
  leader_ids: string[];
  assigned: number;
  visited: number;
}

/** The key that makes an assignment unique in its campaign, and how messages name it. */
function targetOf(a: CampaignAssignmentInput): { key: string; who: string } {
  if (a.memberId) return { key: `m:${a.memberId}`, who: `member ${a.memberId}` };
  if (a.chamberId) return { key: `c:${a.chamberId}`, who: `chamber ${a.chamberId}` };
  return { key: `p:${a.personName}`, who: a.personName as string };
}

/**
 * Campaigns (活动): groups led by officials, each with people or chambers to visit. Only admins
 * create them (the campaign rule's write side); a visit recorded against an assignment
 * (VisitService.create with assignmentId) completes it.
 */
@Injectable()
export class CampaignService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly officials: OfficialService,
    private readonly audit: AuditService,
    private readonly regions: RegionService,
  ) {}

  async create(caller: Caller, input: CreateCampaignInput): Promise<CampaignEntity> {
    if (this.access.write('Campaign', caller, 'c').sql === 'FALSE') throw new ForbiddenError('Only the office creates campaigns');
    if (input.endsOn < input.startsOn) throw VisitErrors.CAMPAIGN_PERIOD({}, { field: 'input.endsOn' });
    return this.dataSource.transaction(async (em) => {
      const taken = (await em.query('SELECT 1 FROM campaign WHERE name = $1', [input.name])) as unknown[];
      if (taken.length) throw VisitErrors.CAMPAIGN_NAME_TAKEN({ name: input.name }, { field: 'input.name' });
      const result = await em
        .insert(CampaignEntity, { name: input.name, startsOn: input.startsOn, endsOn: input.endsOn, description: input.description ?? null })
        .catch((error: unknown) => {
          // The same name created meanwhile (uq_campaign_name): the refusal the check above gives.
          if (dbError(error).constraint === 'uq_campaign_name') throw VisitErrors.CAMPAIGN_NAME_TAKEN({ name: input.name }, { field: 'input.name' });
          throw error;
        });
      const campaign = await em.findOneByOrFail(CampaignEntity, { id: (result.identifiers[0] as { id: string }).id });
      await this.audit.record(em, { operation: 'campaign.create', entityType: ENTITY, entityId: campaign.id, after: { name: campaign.name, startsOn: campaign.startsOn, endsOn: campaign.endsOn } });
      return campaign;
    });
  }

  async addGroup(caller: Caller, campaignId: string, input: AddCampaignGroupInput): Promise<CampaignGroupEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.lockForWrite(em, caller, campaignId);
      if (input.countyCode && !(await this.regions.isHomeCounty(input.countyCode))) throw VisitErrors.NOT_HOME_COUNTY({ code: input.countyCode }, { field: 'input.countyCode' });
      const leaderIds = [...new Set(input.leaderIds)];
      await this.officials.requireMany(em, leaderIds, 'input.leaderIds');
      const taken = (await em.query('SELECT 1 FROM campaign_group WHERE campaign_id = $1 AND name = $2', [campaignId, input.name])) as unknown[];
      if (taken.length) throw VisitErrors.GROUP_NAME_TAKEN({ name: input.name }, { field: 'input.name' });
      const result = await em.insert(CampaignGroupEntity, { campaignId, name: input.name, countyCode: input.countyCode ?? null });
      const group = await em.findOneByOrFail(CampaignGroupEntity, { id: (result.identifiers[0] as { id: string }).id });
      await em.query('INSERT INTO campaign_group_leader (group_id, official_id) SELECT $1, unnest($2::uuid[])', [group.id, leaderIds]);
      await this.audit.record(em, { operation: 'campaign.addGroup', entityType: ENTITY, entityId: campaignId, after: { group: group.name, countyCode: group.countyCode, leaderIds } });
      return group;
    });
  }

  /**
   * Adds people and chambers to visit, all or none: each names one target, in a group of this
   * campaign, listed once (in the list and in the campaign; the unique indexes hold the same),
   * members and chambers within the caller's reach. One INSERT and one audit statement.
   */
  async addAssignments(caller: Caller, campaignId: string, input: AddCampaignAssignmentsInput): Promise<number> {
    const list = input.assignments;
    list.forEach((a, i) => {
      if ([a.memberId, a.chamberId, a.personName].filter((v) => v !== undefined && v !== null && v !== '').length !== 1) {
        throw VisitErrors.ASSIGNMENT_TARGET({}, { field: `input.assignments.${i}` });
      }
    });
    const seen = new Map<string, number>();
    list.forEach((a, i) => {
      const { key, who } = targetOf(a);
      if (seen.has(key)) throw VisitErrors.ASSIGNMENT_TWICE({ who }, { field: `input.assignments.${i}`, extensions: { firstIndex: seen.get(key) } });
      seen.set(key, i);
    });
    return this.dataSource.transaction(async (em) => {
      await this.lockForWrite(em, caller, campaignId);
      const groups = new Set(((await em.query('SELECT id::text FROM campaign_group WHERE campaign_id = $1', [campaignId])) as { id: string }[]).map((g) => g.id));
      const badGroup = list.findIndex((a) => !groups.has(a.groupId));
      if (badGroup >= 0) throw VisitErrors.GROUP_UNKNOWN({ id: list[badGroup].groupId }, { field: `input.assignments.${badGroup}.groupId` });
      const memberIds = list.flatMap((a) => (a.memberId ? [a.memberId] : []));
      const members = await idsInScope(em, this.access, 'Member', 'read', caller, memberIds);
      const m = list.findIndex((a) => a.memberId && !members.has(a.memberId));
      if (m >= 0) throw VisitErrors.MEMBER_OUTSIDE_SCOPE({ id: list[m].memberId as string }, { field: `input.assignments.${m}.memberId` });
      const chamberIds = list.flatMap((a) => (a.chamberId ? [a.chamberId] : []));
      const chambers = await idsInScope(em, this.access, 'Chamber', 'read', caller, chamberIds);
      const c = list.findIndex((a) => a.chamberId && !chambers.has(a.chamberId));
      if (c >= 0) throw VisitErrors.CHAMBER_OUTSIDE_SCOPE({ id: list[c].chamberId as string }, { field: `input.assignments.${c}.chamberId` });
      const existing = (await em.query(
        `SELECT CASE WHEN member_id IS NOT NULL THEN 'm:' || member_id WHEN chamber_id IS NOT NULL THEN 'c:' || chamber_id ELSE 'p:' || person_name END AS key
         FROM campaign_assignment WHERE campaign_id = $1`,
        [campaignId],
      )) as { key: string }[];
      const listed = new Set(existing.map((r) => r.key));
      const again = list.findIndex((a) => listed.has(targetOf(a).key));
      if (again >= 0) throw VisitErrors.ASSIGNMENT_TWICE({ who: targetOf(list[again]).who }, { field: `input.assignments.${again}` });
      let inserted: { id: string }[];
      try {
        inserted = (await em.query(
          `INSERT INTO campaign_assignment (campaign_id, group_id, member_id, chamber_id, person_name, note)
           SELECT $1, r."groupId", r."memberId", r."chamberId", r."personName", r.note
           FROM jsonb_to_recordset($2::jsonb) AS r("groupId" uuid, "memberId" uuid, "chamberId" uuid, "personName" varchar, note varchar)
           RETURNING id`,
          [campaignId, JSON.stringify(list.map((a) => ({ groupId: a.groupId, memberId: a.memberId ?? null, chamberId: a.chamberId ?? null, personName: a.personName ?? null, note: a.note ?? null })))],
        )) as { id: string }[];
      } catch (error) {
        // Someone listed the same person meanwhile: the unique index answers.
        if (dbError(error).code === '23505') throw VisitErrors.ASSIGNMENT_TWICE({ who: localized('Someone in the list', '名单中有人') }, { field: 'input.assignments' });
        throw error;
      }
      await this.audit.recordMany(
        em,
        inserted.map((row, i) => ({ operation: 'campaign.assign', entityType: 'CampaignAssignment', entityId: row.id, after: { campaignId, ...list[i] } })),
      );
      return inserted.length;
    });
  }

  /** NOT_FOUND outside the caller's read scope, FORBIDDEN outside its write scope (a campaign list upload). */
  async requireWritable(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction((em) => this.lockForWrite(em, caller, id));
  }

  private async lockForWrite(em: EntityManager, caller: Caller, id: string): Promise<CampaignEntity> {
    const campaign = await em.getRepository(CampaignEntity).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!campaign || !(await this.access.passes(em, 'Campaign', 'read', caller, id))) throw new NotFoundError(ENTITY, id);
    if (!(await this.access.passes(em, 'Campaign', 'write', caller, id))) throw VisitErrors.CHANGE_OUTSIDE_SCOPE({ what: localized('campaign', '活动') }, { field: 'id' });
    return campaign;
  }

  async visible(caller: Caller, id: string): Promise<CampaignEntity> {
    const filter = this.access.read('Campaign', caller, 'c');
    const campaign = await this.dataSource.getRepository(CampaignEntity).createQueryBuilder('c').where('c.id = :id', { id }).andWhere(filter.sql, filter.params).getOne();
    if (!campaign) throw new NotFoundError(ENTITY, id);
    return campaign;
  }

  async list(caller: Caller): Promise<CampaignDto[]> {
    const filter = this.access.read('Campaign', caller, 'c');
    const rows = await this.dataSource.getRepository(CampaignEntity).createQueryBuilder('c').where(filter.sql, filter.params).orderBy('c.starts_on', 'DESC').addOrderBy('c.id').limit(200).getMany();
    return rows.map(CampaignDto.from);
  }

  /**
   * Visited / assigned per group and overall, with each group's leaders: one grouped statement
   * over ix_campaign_assignment_group and uq_visit_assignment, the scope in the same statement.
   * NOT_FOUND when the campaign is outside the caller's scope.
   */
  async progress(caller: Caller, campaignId: string): Promise<CampaignProgressDto> {
    const filter = this.access.read('Campaign', caller, 'c');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT c.id AS campaign, g.id, g.name, g.county_code,
              coalesce((SELECT array_agg(l.official_id::text ORDER BY l.official_id) FROM campaign_group_leader l WHERE l.group_id = g.id), '{}') AS leader_ids,
              coalesce(p.assigned, 0)::int AS assigned, coalesce(p.visited, 0)::int AS visited
       FROM campaign c
       LEFT JOIN campaign_group g ON g.campaign_id = c.id
       LEFT JOIN LATERAL (
         SELECT count(*) AS assigned, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visit v WHERE v.assignment_id = a.id)) AS visited
         FROM campaign_assignment a WHERE a.group_id = g.id
       ) p ON true
       WHERE c.id = :campaignId AND ${filter.sql}
       ORDER BY g.name`,
      { ...filter.params, campaignId },
      {},
    );
    const rows = (await this.dataSource.query(sql, params)) as (ProgressRow & { campaign: string; id: string | null })[];
    if (!rows.length) throw new NotFoundError(ENTITY, campaignId);
    const groups = rows
      .filter((r) => r.id !== null)
      .map((r) => ({ id: r.id, name: r.name, countyCode: r.county_code, leaderIds: r.leader_ids, progress: { assigned: r.assigned, visited: r.visited, share: share(r.visited, r.assigned) } }));
    // Officials are not scoped for reading (the directory is open to every role): preloading them
    // applies the same rule the leaders resolver does.
    const leaders = await this.officials.many(groups.flatMap((g) => g.leaderIds));
    for (const g of groups) withPreloaded(g, { leaders: g.leaderIds.flatMap((id) => (leaders.has(id) ? [OfficialDto.from(leaders.get(id) as never)] : [])) });
    const assigned = groups.reduce((s, g) => s + g.progress.assigned, 0);
    const visited = groups.reduce((s, g) => s + g.progress.visited, 0);
    return { overall: { assigned, visited, share: share(visited, assigned) }, groups };
  }

  /** A campaign's assignments (of one group; reached or not), keyset-paginated on (group, id). */
  async assignments(caller: Caller, campaignId: string, args: CampaignAssignmentsArgs): Promise<ConnectionResult<CampaignAssignmentDto>> {
    await this.visible(caller, campaignId);
    const qb = this.dataSource.getRepository(CampaignAssignmentEntity).createQueryBuilder('a').leftJoin('visit', 'v', 'v.assignment_id = a.id').where('a.campaign_id = :campaignId', { campaignId });
    if (args.groupId) qb.andWhere('a.group_id = :groupId', { groupId: args.groupId });
    if (args.reached === true) qb.andWhere('v.id IS NOT NULL');
    if (args.reached === false) qb.andWhere('v.id IS NULL');
    const columns = [
      ['a.id', 'id'],
      ['a.group_id', 'groupId'],
      ['a.member_id', 'memberId'],
      ['a.chamber_id', 'chamberId'],
      ['a.person_name', 'personName'],
      ['a.note', 'note'],
      ['v.id', 'visitId'],
      ['v.visited_on::text', 'visitedOn'],
    ] as const;
    return keysetPageOfRows(qb, { keys: ['a.group_id', 'a.id'], direction: 'ASC', first: args.first, after: args.after, columns }, (row: CampaignAssignmentDto) => ({ ...row }));
  }
  /**
   * Writes a batch of a campaign list import (the campaign-import kind's committer), inside the
   * import's batch transaction `em`, as the uploader: the same rules as addAssignments, judged
   * per row. Matched again here (the base may have changed since validation): a target already
   * in the same group is UNCHANGED (a re-run of a file changes nothing), one in another group
   * or out of the uploader's reach is REFUSED with its reason, the rest are inserted (one
   * statement) and audited with the import and row. The campaign row is locked, as
   * addAssignments locks it, so the two never race.
   */
  async assignFromImport(em: EntityManager, caller: Caller, campaignId: string, importId: string, rows: readonly ImportedAssignment[]): Promise<ImportedAssignmentOutcome[]> {
    await this.lockForWrite(em, caller, campaignId);
    const groups = new Map(((await em.query('SELECT id::text, name FROM campaign_group WHERE campaign_id = $1', [campaignId])) as { id: string; name: string }[]).map((g) => [g.id, g.name]));
    const members = await idsInScope(em, this.access, 'Member', 'read', caller, rows.flatMap((r) => (r.memberId ? [r.memberId] : [])));
    const chambers = await idsInScope(em, this.access, 'Chamber', 'read', caller, rows.flatMap((r) => (r.chamberId ? [r.chamberId] : [])));
    const keyOf = (r: Pick<ImportedAssignment, 'memberId' | 'chamberId' | 'personName'>): string => targetOf({ memberId: r.memberId ?? undefined, chamberId: r.chamberId ?? undefined, personName: r.personName ?? undefined } as CampaignAssignmentInput).key;
    const existing = (await em.query(
      `SELECT id::text, group_id::text AS "groupId",
              CASE WHEN member_id IS NOT NULL THEN 'm:' || member_id WHEN chamber_id IS NOT NULL THEN 'c:' || chamber_id ELSE 'p:' || person_name END AS key
         FROM campaign_assignment
        WHERE campaign_id = $1 AND (member_id = ANY($2::uuid[]) OR chamber_id = ANY($3::uuid[]) OR person_name = ANY($4::varchar[]))`,
      [campaignId, rows.flatMap((r) => (r.memberId ? [r.memberId] : [])), rows.flatMap((r) => (r.chamberId ? [r.chamberId] : [])), rows.flatMap((r) => (r.personName ? [r.personName] : []))],
    )) as { id: string; groupId: string; key: string }[];
    const listed = new Map(existing.map((e) => [e.key, e]));
    const outcomes: ImportedAssignmentOutcome[] = [];
    const fresh: { row: ImportedAssignment; outcome: ImportedAssignmentOutcome }[] = [];
    for (const row of rows) {
      const refuse = (refusal: BilingualMessage & { reason: string; field: 'group' | 'target' }) => outcomes.push({ rowNumber: row.rowNumber, result: 'REFUSED', assignmentId: null, refusal });
      const before = listed.get(keyOf(row));
      if (!groups.has(row.groupId)) refuse({ reason: 'GROUP_UNKNOWN', field: 'group', ...CampaignRowMessages.GROUP_UNKNOWN({ name: row.groupName }) });
      else if (row.memberId && !members.has(row.memberId)) refuse({ reason: 'MEMBER_OUTSIDE_SCOPE', field: 'target', ...CampaignRowMessages.MEMBER_OUTSIDE_SCOPE() });
      else if (row.chamberId && !chambers.has(row.chamberId)) refuse({ reason: 'CHAMBER_OUTSIDE_SCOPE', field: 'target', ...CampaignRowMessages.CHAMBER_OUTSIDE_SCOPE() });
      else if (before && before.groupId === row.groupId) outcomes.push({ rowNumber: row.rowNumber, result: 'UNCHANGED', assignmentId: before.id });
      else if (before) refuse({ reason: 'ALREADY_IN_CAMPAIGN', field: 'target', ...CampaignRowMessages.ALREADY_IN_CAMPAIGN({ group: groups.get(before.groupId) ?? before.groupId }) });
      else {
        const outcome: ImportedAssignmentOutcome = { rowNumber: row.rowNumber, result: 'CREATED', assignmentId: null };
        // Twice in one batch (validation refuses it; a merge since could make it so): the second is refused.
        listed.set(keyOf(row), { id: '', groupId: row.groupId, key: keyOf(row) });
        fresh.push({ row, outcome });
        outcomes.push(outcome);
      }
    }
    if (fresh.length) {
      // Ids made here, so each row's outcome names its assignment whatever order the rows go in.
      fresh.forEach((f) => (f.outcome.assignmentId = randomUUID()));
      await em.query(
        `INSERT INTO campaign_assignment (id, campaign_id, group_id, member_id, chamber_id, person_name, note)
         SELECT r.id, $1, r."groupId", r."memberId", r."chamberId", r."personName", r.note
           FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, "groupId" uuid, "memberId" uuid, "chamberId" uuid, "personName" varchar, note varchar)`,
        [campaignId, JSON.stringify(fresh.map(({ row, outcome }) => ({ id: outcome.assignmentId, groupId: row.groupId, memberId: row.memberId, chamberId: row.chamberId, personName: row.personName, note: row.note })))],
      );
      await this.audit.recordMany(
        em,
        fresh.map(({ row, outcome }) => ({
          operation: 'campaign.assign',
          entityType: 'CampaignAssignment',
          entityId: outcome.assignmentId as string,
          after: { campaignId, groupId: row.groupId, memberId: row.memberId, chamberId: row.chamberId, personName: row.personName, note: row.note },
          metadata: { importId, row: row.rowNumber },
          // A job has no request: the uploader is the actor.
          actor: { id: caller.id, email: caller.email, role: caller.role },
        })),
      );
    }
    return outcomes;
  }
}
