import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { ConnectionResult, FieldSelection, groupByKeys, keysetPageOfRows, leanColumns, localized, NotFoundError, requestLoader, rowFromJson } from '@crm/shared';
import { leanQuery } from '@crm/database';
import { PartyOrganizationsArgs } from '../dtos/args/party.args';
import { PartyLeaderDto } from '../dtos/party-committee.dto';
import { PartyLeaderInput } from '../dtos/inputs/party-committee.inputs';
import { CreatePartyOrganizationInput, PartyManagerInput, UpdatePartyOrganizationInput } from '../dtos/inputs/party-organization.inputs';
import { PartyManagerDto, PartyOrganizationDto, PartyOrganizationRow } from '../dtos/party-organization.dto';
import { PartyOrganizationEntity } from '../entities/party-organization.entity';
import { BRANCH_KINDS, PartyOrgKind, PartyOrgStatus } from '../entities/party.enums';
import { PartyErrors, partyOrgKindText } from '../exceptions/party.errors';
import { pgError } from '../utils/party-db-errors';
import { lockForWrite } from '../utils/party-lock';
import { leaderDto, LeaderRow } from './party-committee.service';
import { PARTY_ORG_READ_MODEL } from './party-read-model';

const ENTITY = 'PartyOrganization';

function snapshot(o: PartyOrganizationRow, managers?: PartyManagerInput[]): Record<string, unknown> {
  return {
    name: o.name,
    kind: o.kind,
    committeeId: o.committeeId,
    parentId: o.parentId,
    status: o.status,
    mergedIntoId: o.mergedIntoId,
    foundedOn: o.foundedOn,
    dissolvedOn: o.dissolvedOn,
    chamberIds: o.chamberIds,
    ...(managers ? { managers: managers.map((m) => `${m.bodyKind}:${m.bodyName}:${m.role}`) } : {}),
  };
}

/**
 * Party organisations (党组织): 一方隶属 (exactly one parent: a committee or a higher unit),
 * 多方管理 (managing bodies with roles), attached chambers, leaders with terms, status. The tree
 * rules live in the database (CHECK and trigger); this service names the field at fault.
 */
@Injectable()
export class PartyOrganizationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * ACTIVE party members whose unit this is, for a unit the caller already holds (a listed
   * PartyOrganization): one grouped count for every unit of the request. A count names nobody.
   */
  activeMemberCount(req: object, organizationId: string): Promise<number> {
    return requestLoader<string, number>(req, 'party.unit.activeMembers', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT organization_id AS id, count(*)::int AS n FROM party_member WHERE organization_id = ANY($1::uuid[]) AND status = 'ACTIVE' GROUP BY organization_id`,
        [[...ids]],
      )) as { id: string; n: number }[];
      const byId = new Map(rows.map((r) => [r.id, r.n]));
      return ids.map((id) => byId.get(id) ?? 0);
    }).load(organizationId);
  }

  async create(caller: Caller, input: CreatePartyOrganizationInput): Promise<PartyOrganizationDto> {
    if (!!input.committeeId === !!input.parentId) throw PartyErrors.ONE_PARENT({}, { field: 'input.committeeId' });
    const chamberIds = [...new Set(input.chamberIds)];
    this.checkChambers(input.kind, chamberIds, 'input.chamberIds');
    this.checkManagers(input.managers);
    try {
      return await this.dataSource.transaction(async (em) => {
        const rootCommitteeId = await this.placeOf(em, caller, input.committeeId, input.parentId);
        const refusal = this.access.check(ENTITY, 'write', caller, { rootCommitteeId });
        if (refusal) throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The working committee', '该党工委') }, { field: input.committeeId ? 'input.committeeId' : 'input.parentId' });
        const [{ id }] = (await em.query(
          `INSERT INTO party_organization (name, kind, committee_id, parent_id, root_committee_id, founded_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [input.name, input.kind, input.committeeId ?? null, input.parentId ?? null, rootCommitteeId, input.foundedOn ?? null],
        )) as { id: string }[];
        await this.writeLinks(em, id, chamberIds, input.managers);
        const after = await this.row(em, id);
        await this.audit.record(em, { operation: 'partyOrganization.create', entityType: ENTITY, entityId: id, after: snapshot(after, input.managers) });
        return PartyOrganizationDto.from(after);
      });
    } catch (error) {
      throw this.translate(error, input.parentId ? 'input.parentId' : 'input.committeeId', input.parentId ?? '');
    }
  }

  async update(caller: Caller, id: string, input: UpdatePartyOrganizationInput): Promise<PartyOrganizationDto> {
    if (input.committeeId && input.parentId) throw PartyErrors.ONE_PARENT({}, { field: 'input.committeeId' });
    if (input.managers) this.checkManagers(input.managers);
    try {
      return await this.dataSource.transaction(async (em) => {
        await lockForWrite(em, this.access, caller, ENTITY, id, { version: input.version, what: (r) => r.name as string });
        const before = await this.row(em, id);
        const chamberIds = input.chamberIds ? [...new Set(input.chamberIds)] : before.chamberIds;
        this.checkChambers(before.kind, chamberIds, 'input.chamberIds');
        const status = input.status ?? before.status;
        const dissolvedOn = status === PartyOrgStatus.Active ? null : (input.dissolvedOn ?? before.dissolvedOn);
        if (status === PartyOrgStatus.Dissolved && !dissolvedOn) throw PartyErrors.DISSOLVED_NEEDS_DATE({}, { field: 'input.dissolvedOn' });
        const mergedIntoId = status === PartyOrgStatus.Merged ? (input.mergedIntoId ?? before.mergedIntoId) : null;
        if (status === PartyOrgStatus.Merged && (!mergedIntoId || mergedIntoId === id)) throw PartyErrors.MERGED_NEEDS_TARGET({}, { field: 'input.mergedIntoId' });
        const moving = !!(input.committeeId || input.parentId);
        if (moving) await this.placeOf(em, caller, input.committeeId, input.parentId);
        await em.query(
          `UPDATE party_organization SET name = $2, committee_id = $3, parent_id = $4, status = $5, dissolved_on = $6, merged_into_id = $7,
             version = version + 1, updated_at = now() WHERE id = $1`,
          [
            id,
            input.name ?? before.name,
            moving ? (input.committeeId ?? null) : before.committeeId,
            moving ? (input.parentId ?? null) : before.parentId,
            status,
            dissolvedOn,
            mergedIntoId,
          ],
        );
        if (input.chamberIds) await em.query('DELETE FROM party_organization_chamber WHERE organization_id = $1', [id]);
        if (input.managers) await em.query('DELETE FROM party_organization_manager WHERE organization_id = $1', [id]);
        await this.writeLinks(em, id, input.chamberIds ? chamberIds : [], input.managers ?? []);
        const after = await this.row(em, id);
        // Moved out of the caller's reach (a party-work officer under another committee): refused.
        if (this.access.check(ENTITY, 'write', caller, after)) {
          throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The new parent', '新的上级') }, { field: input.parentId ? 'input.parentId' : 'input.committeeId' });
        }
        await this.audit.record(em, { operation: 'partyOrganization.update', entityType: ENTITY, entityId: id, before: snapshot(before), after: snapshot(after, input.managers) });
        return PartyOrganizationDto.from(after);
      });
    } catch (error) {
      throw this.translate(error, input.parentId ? 'input.parentId' : 'input.committeeId', input.parentId ?? '');
    }
  }

  /** A leader of the unit (书记, 副书记, 委员) with a term; one secretary at a time. */
  async addLeader(caller: Caller, organizationId: string, input: PartyLeaderInput): Promise<PartyLeaderDto> {
    let unit = '';
    try {
      return await this.dataSource.transaction(async (em) => {
        const row = await lockForWrite(em, this.access, caller, ENTITY, organizationId, { what: (r) => r.name as string });
        unit = row.name as string;
        if (input.endsOn && input.endsOn <= input.startsOn) throw PartyErrors.TERM_DATES({}, { field: 'input.endsOn' });
        const [leader] = (await em.query(
          `INSERT INTO party_organization_leader (organization_id, name, party_member_id, role, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, organization_id AS owner_id, name, party_member_id, role, starts_on::text, ends_on::text`,
          [organizationId, input.name, input.partyMemberId ?? null, input.role, input.startsOn, input.endsOn ?? null],
        )) as LeaderRow[];
        await this.audit.record(em, { operation: 'partyOrganization.addLeader', entityType: ENTITY, entityId: organizationId, after: { name: input.name, role: input.role, startsOn: input.startsOn, endsOn: input.endsOn ?? null } });
        return leaderDto(leader);
      });
    } catch (error) {
      const { code, constraint } = pgError(error);
      if (code === '23P01' && constraint === 'ex_party_org_one_secretary') throw PartyErrors.SECRETARY_TAKEN({ unit }, { field: 'input.role' });
      if (code === '23503' && constraint === 'fk_party_leader_pm') throw PartyErrors.UNKNOWN_PARTY_MEMBER({ id: input.partyMemberId ?? '' }, { field: 'input.partyMemberId' });
      throw error;
    }
  }

  /** Units in the caller's read scope, by name, keyset-paginated; only the selected columns. */
  list(caller: Caller, args: PartyOrganizationsArgs, selection: FieldSelection): Promise<ConnectionResult<PartyOrganizationDto>> {
    const qb = this.dataSource.getRepository(PartyOrganizationEntity).createQueryBuilder('o');
    const scope = this.access.read(ENTITY, caller, 'o');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.committeeId) qb.andWhere('o.root_committee_id = :committeeId', { committeeId: f.committeeId });
    if (f?.parentId) qb.andWhere('o.parent_id = :parentId', { parentId: f.parentId });
    if (f?.kind) qb.andWhere('o.kind = :kind', { kind: f.kind });
    if (f?.status) qb.andWhere('o.status = :status', { status: f.status });
    if (f?.chamberId) qb.andWhere('o.id IN (SELECT organization_id FROM party_organization_chamber WHERE chamber_id = :chamberId)', { chamberId: f.chamberId });
    return keysetPageOfRows(
      qb,
      { keys: ['o.name', 'o.id'], direction: 'ASC', first: args.first, after: args.after, columns: leanColumns(PARTY_ORG_READ_MODEL, 'o', selection), run: (sql, params) => leanQuery(this.dataSource, sql, params) },
      (row: PartyOrganizationRow) => PartyOrganizationDto.from(row),
    );
  }

  async get(caller: Caller, id: string): Promise<PartyOrganizationDto> {
    const found = await this.load({}, id, caller);
    if (!found) throw new NotFoundError(ENTITY, id);
    return found;
  }

  /** Units by id under the caller's read rule (null outside it): one statement per request. */
  load(req: object, id: string, caller: Caller): Promise<PartyOrganizationDto | null> {
    return requestLoader<string, PartyOrganizationDto | null>(req, 'party.organization', async (ids) => {
      const scope = this.access.read(ENTITY, caller, 'o');
      const columns = Object.entries(PARTY_ORG_READ_MODEL.columns).map(([p, sql]) => `${(sql as string).replaceAll('{a}', 'o')} AS "${p}"`);
      const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
        `SELECT ${columns.join(', ')} FROM party_organization o WHERE o.id = ANY(:ids::uuid[]) AND ${scope.sql}`,
        { ...scope.params, ids: [...ids] },
        {},
      );
      const rows = (await this.dataSource.query(sql, params)) as PartyOrganizationRow[];
      const byId = new Map(rows.map((r) => [r.id, PartyOrganizationDto.from(r)]));
      return ids.map((i) => byId.get(i) ?? null);
    }).load(id);
  }

  loadManagers(req: object, organizationId: string): Promise<PartyManagerDto[]> {
    return requestLoader<string, PartyManagerDto[]>(req, 'party.managers', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT organization_id AS "organizationId", body_kind AS "bodyKind", body_name AS "bodyName", role, chamber_id AS "chamberId", region_code AS "regionCode"
         FROM party_organization_manager WHERE organization_id = ANY($1::uuid[]) ORDER BY sort_order, id`,
        [[...ids]],
      )) as (PartyManagerDto & { organizationId: string })[];
      return groupByKeys(ids, rows, (r) => r.organizationId);
    }).load(organizationId);
  }

  loadLeaders(req: object, organizationId: string): Promise<PartyLeaderDto[]> {
    return requestLoader<string, PartyLeaderDto[]>(req, 'party.leaders', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT id, organization_id AS owner_id, name, party_member_id, role, starts_on::text, ends_on::text FROM party_organization_leader
         WHERE organization_id = ANY($1::uuid[]) ORDER BY (ends_on IS NULL OR ends_on > CURRENT_DATE) DESC, role, starts_on DESC, id`,
        [[...ids]],
      )) as LeaderRow[];
      return groupByKeys(ids, rows, (r) => r.owner_id).map((list) => list.map(leaderDto));
    }).load(organizationId);
  }

  /** The unit as written, in the transaction. */
  private async row(em: EntityManager, id: string): Promise<PartyOrganizationRow> {
    const columns = Object.entries(PARTY_ORG_READ_MODEL.columns).map(([p, sql]) => `${(sql as string).replaceAll('{a}', 'o')} AS "${p}"`);
    const [row] = (await em.query(`SELECT ${columns.join(', ')} FROM party_organization o WHERE o.id = $1`, [id])) as Record<string, unknown>[];
    return rowFromJson(PARTY_ORG_READ_MODEL, row) as PartyOrganizationRow;
  }

  /**
   * The root committee a unit placed here would have: the committee itself (it must exist), or
   * the parent's (which must exist and be in the caller's read scope, and be active). Whether the
   * parent is a branch, or the move makes a cycle, the database's trigger decides.
   */
  private async placeOf(em: EntityManager, caller: Caller, committeeId?: string, parentId?: string): Promise<string> {
    if (committeeId) {
      const [c] = (await em.query('SELECT id, status FROM party_working_committee WHERE id = $1', [committeeId])) as { id: string; status: string }[];
      if (!c) throw PartyErrors.UNKNOWN_COMMITTEE({ id: committeeId }, { field: 'input.committeeId' });
      return c.id;
    }
    const scope = this.access.read(ENTITY, caller, 'p');
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT p.id, p.name, p.kind, p.status, p.root_committee_id AS "rootCommitteeId" FROM party_organization p WHERE p.id = :id AND ${scope.sql} FOR SHARE`,
      { ...scope.params, id: parentId },
      {},
    );
    const [parent] = (await em.query(sql, params)) as { id: string; name: string; kind: PartyOrgKind; status: PartyOrgStatus; rootCommitteeId: string }[];
    if (!parent) throw PartyErrors.UNKNOWN_ORGANIZATION({ id: parentId as string }, { field: 'input.parentId' });
    if (BRANCH_KINDS.includes(parent.kind)) throw PartyErrors.BRANCH_HAS_NO_SUBUNITS({ parent: parent.name, kind: partyOrgKindText(parent.kind) }, { field: 'input.parentId' });
    if (parent.status !== PartyOrgStatus.Active) throw PartyErrors.ORGANIZATION_NOT_ACTIVE({ unit: parent.name }, { field: 'input.parentId' });
    return parent.rootCommitteeId;
  }

  private checkChambers(kind: PartyOrgKind, chamberIds: string[], field: string): void {
    if (kind === PartyOrgKind.JointBranch && chamberIds.length < 2) throw PartyErrors.JOINT_NEEDS_CHAMBERS({}, { field });
    if (kind !== PartyOrgKind.JointBranch && chamberIds.length > 1) throw PartyErrors.ONE_CHAMBER_ONLY({ kind: partyOrgKindText(kind) }, { field });
  }

  private checkManagers(managers: PartyManagerInput[]): void {
    const seen = new Set<string>();
    managers.forEach((m, i) => {
      const key = `${m.bodyKind}|${m.bodyName}`;
      if (seen.has(key)) throw PartyErrors.DUPLICATE_MANAGER({ body: m.bodyName }, { field: `input.managers.${i}.bodyName` });
      seen.add(key);
    });
  }

  /** Attached chambers and managing bodies, one statement each; an unknown chamber is named by its place in the input. */
  private async writeLinks(em: EntityManager, id: string, chamberIds: string[], managers: PartyManagerInput[]): Promise<void> {
    if (chamberIds.length) {
      const known = new Set(((await em.query('SELECT id FROM chamber WHERE id = ANY($1::uuid[])', [chamberIds])) as { id: string }[]).map((c) => c.id));
      const missing = chamberIds.findIndex((c) => !known.has(c));
      if (missing >= 0) throw PartyErrors.UNKNOWN_CHAMBER({ id: chamberIds[missing] }, { field: `input.chamberIds.${missing}` });
      await em.query('INSERT INTO party_organization_chamber (organization_id, chamber_id) SELECT $1, unnest($2::uuid[])', [id, chamberIds]);
    }
    if (managers.length) {
      await em.query(
        `INSERT INTO party_organization_manager (organization_id, body_kind, body_name, role, chamber_id, region_code, sort_order)
         SELECT $1, m."bodyKind"::party_manager_kind, m."bodyName", m.role, m."chamberId", m."regionCode", m."sortOrder"
         FROM jsonb_to_recordset($2::jsonb) AS m("bodyKind" text, "bodyName" text, role text, "chamberId" uuid, "regionCode" text, "sortOrder" int)`,
        [id, JSON.stringify(managers.map((m, i) => ({ bodyKind: m.bodyKind, bodyName: m.bodyName, role: m.role, chamberId: m.chamberId ?? null, regionCode: m.regionCode ?? null, sortOrder: i })))],
      );
    }
  }

  /** What the database refused, with the field at fault. */
  private translate(error: unknown, parentField: string, parentId: string): unknown {
    const { code, constraint } = pgError(error);
    if (constraint === 'ck_party_org_no_cycle') return PartyErrors.CYCLE({}, { field: parentField });
    if (constraint === 'ck_party_org_branch_leaf') return PartyErrors.BRANCH_HAS_NO_SUBUNITS({ parent: parentId, kind: partyOrgKindText(PartyOrgKind.Branch) }, { field: parentField });
    if (constraint === 'ck_party_org_one_parent') return PartyErrors.ONE_PARENT({}, { field: 'input.committeeId' });
    if (code === '23503' && constraint === 'fk_party_org_chamber_chamber') return PartyErrors.UNKNOWN_CHAMBER({ id: '' }, { field: 'input.chamberIds' });
    if (code === '23503' && constraint === 'fk_party_manager_chamber') return PartyErrors.UNKNOWN_CHAMBER({ id: '' }, { field: 'input.managers' });
    if (code === '23503' && constraint === 'fk_party_manager_region') return PartyErrors.UNKNOWN_REGION({ code: '' }, { field: 'input.managers' });
    if (code === '23503' && constraint === 'fk_party_org_merged_into') return PartyErrors.UNKNOWN_ORGANIZATION({ id: '' }, { field: 'input.mergedIntoId' });
    return error;
  }
}
