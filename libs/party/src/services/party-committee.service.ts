import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { ChamberEntity, ChamberLevel, ChamberStatus } from '@crm/chamber';
import { groupByKeys, localized, NotFoundError, requestLoader, today } from '@crm/shared';
import { PartyLeaderDto } from '../dtos/party-committee.dto';
import { CreatePartyCommitteeInput, PartyLeaderInput, UpdatePartyCommitteeInput } from '../dtos/inputs/party-committee.inputs';
import { PartyCommitteeEntity } from '../entities/party-committee.entity';
import { PartyCommitteeStatus } from '../entities/party.enums';
import { PartyErrors } from '../exceptions/party.errors';
import { pgError } from '../utils/party-db-errors';
import { lockForWrite } from '../utils/party-lock';

const ENTITY = 'PartyWorkingCommittee';

function snapshot(c: PartyCommitteeEntity): Record<string, unknown> {
  return { name: c.name, hostChamberId: c.hostChamberId, provinceCode: c.provinceCode, foundedOn: c.foundedOn, status: c.status, dissolvedOn: c.dissolvedOn };
}

/** Leaders' rows (committee members and unit leaders) as the API returns them. */
export interface LeaderRow {
  id: string;
  owner_id: string;
  name: string;
  party_member_id: string | null;
  role: PartyLeaderDto['role'];
  starts_on: string;
  ends_on: string | null;
}

export function leaderDto(r: LeaderRow): PartyLeaderDto {
  const now = today();
  return { id: r.id, name: r.name, partyMemberId: r.party_member_id, role: r.role, startsOn: r.starts_on, endsOn: r.ends_on, current: r.starts_on <= now && (!r.ends_on || r.ends_on > now) };
}

/**
 * Party working committees (党工委): one active per province (a partial unique index), hosted by
 * an active provincial chamber or the chamber of a provincial capital, with members and terms.
 */
@Injectable()
export class PartyCommitteeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Every committee the caller reads, by province (a bounded list: one per province at most live). */
  async list(caller: Caller): Promise<PartyCommitteeEntity[]> {
    const scope = this.access.read(ENTITY, caller, 'w');
    return this.dataSource.getRepository(PartyCommitteeEntity).createQueryBuilder('w').where(scope.sql, scope.params).orderBy('w.province_code').addOrderBy('w.status').addOrderBy('w.id').getMany();
  }

  async get(caller: Caller, id: string): Promise<PartyCommitteeEntity> {
    const scope = this.access.read(ENTITY, caller, 'w');
    const found = await this.dataSource.getRepository(PartyCommitteeEntity).createQueryBuilder('w').where('w.id = :id', { id }).andWhere(scope.sql, scope.params).getOne();
    if (!found) throw new NotFoundError(ENTITY, id);
    return found;
  }

  /** One statement per request for every committee a page refers to. */
  load(req: object, id: string): Promise<PartyCommitteeEntity | null> {
    return requestLoader<string, PartyCommitteeEntity | null>(req, 'party.committee', async (ids) => {
      const rows = await this.dataSource.getRepository(PartyCommitteeEntity).createQueryBuilder('w').where('w.id IN (:...ids)', { ids: [...ids] }).getMany();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((i) => byId.get(i) ?? null);
    }).load(id);
  }

  async create(caller: Caller, input: CreatePartyCommitteeInput): Promise<PartyCommitteeEntity> {
    // A new committee takes a province: only those who change every committee (administrators) create one.
    if (this.access.write(ENTITY, caller, 'w').sql !== 'TRUE') throw PartyErrors.OUTSIDE_SCOPE({ what: localized('Creating a working committee', '新建党工委') });
    let province = '';
    try {
      return await this.dataSource.transaction(async (em) => {
        const host = await this.checkHost(em, input.hostChamberId);
        province = host.provinceCode as string;
        const inserted = await em.insert(PartyCommitteeEntity, {
          name: input.name,
          hostChamberId: host.id,
          provinceCode: province,
          foundedOn: input.foundedOn ?? null,
          status: PartyCommitteeStatus.Active,
        });
        const created = await em.findOneByOrFail(PartyCommitteeEntity, { id: (inserted.identifiers[0] as { id: string }).id });
        await this.audit.record(em, { operation: 'partyCommittee.create', entityType: ENTITY, entityId: created.id, after: snapshot(created) });
        return created;
      });
    } catch (error) {
      throw await this.translate(error, province, 'input.hostChamberId');
    }
  }

  async update(caller: Caller, id: string, input: UpdatePartyCommitteeInput): Promise<PartyCommitteeEntity> {
    let province = '';
    try {
      return await this.dataSource.transaction(async (em) => {
        await lockForWrite(em, this.access, caller, ENTITY, id, { version: input.version, what: (r) => r.name as string });
        const before = await em.findOneByOrFail(PartyCommitteeEntity, { id });
        province = before.provinceCode;
        const status = input.status ?? before.status;
        const dissolvedOn = status === PartyCommitteeStatus.Dissolved ? (input.dissolvedOn ?? before.dissolvedOn) : null;
        if (status === PartyCommitteeStatus.Dissolved && !dissolvedOn) throw PartyErrors.DISSOLVED_NEEDS_DATE({}, { field: 'input.dissolvedOn' });
        await em.update(PartyCommitteeEntity, { id }, { name: input.name ?? before.name, status, dissolvedOn, version: () => 'version + 1', updatedAt: () => 'now()' });
        const after = await em.findOneByOrFail(PartyCommitteeEntity, { id });
        await this.audit.record(em, { operation: 'partyCommittee.update', entityType: ENTITY, entityId: id, before: snapshot(before), after: snapshot(after) });
        return after;
      });
    } catch (error) {
      throw await this.translate(error, province, 'input.status');
    }
  }

  /** Adds a committee member (书记, 副书记, 委员) with a term; one secretary at a time (exclusion constraint). */
  async addMember(caller: Caller, committeeId: string, input: PartyLeaderInput): Promise<PartyLeaderDto> {
    let committeeName = '';
    try {
      return await this.dataSource.transaction(async (em) => {
        const committee = await lockForWrite(em, this.access, caller, ENTITY, committeeId, { what: (r) => r.name as string });
        committeeName = committee.name as string;
        if (input.endsOn && input.endsOn <= input.startsOn) throw PartyErrors.TERM_DATES({}, { field: 'input.endsOn' });
        const [row] = (await em.query(
          `INSERT INTO party_committee_member (committee_id, name, party_member_id, role, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, committee_id AS owner_id, name, party_member_id, role, starts_on::text, ends_on::text`,
          [committeeId, input.name, input.partyMemberId ?? null, input.role, input.startsOn, input.endsOn ?? null],
        )) as LeaderRow[];
        await this.audit.record(em, { operation: 'partyCommittee.addMember', entityType: ENTITY, entityId: committeeId, after: { name: input.name, role: input.role, startsOn: input.startsOn, endsOn: input.endsOn ?? null } });
        return leaderDto(row);
      });
    } catch (error) {
      const { code, constraint } = pgError(error);
      if (code === '23P01' && constraint === 'ex_party_committee_one_secretary') throw PartyErrors.SECRETARY_TAKEN({ unit: committeeName }, { field: 'input.role' });
      if (code === '23503' && constraint === 'fk_party_committee_member_pm') throw PartyErrors.UNKNOWN_PARTY_MEMBER({ id: input.partyMemberId ?? '' }, { field: 'input.partyMemberId' });
      throw error;
    }
  }

  /** Members of each committee of a page, current terms first: one statement per request. */
  loadMembers(req: object, committeeId: string): Promise<PartyLeaderDto[]> {
    return requestLoader<string, PartyLeaderDto[]>(req, 'party.committeeMembers', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT id, committee_id AS owner_id, name, party_member_id, role, starts_on::text, ends_on::text FROM party_committee_member
         WHERE committee_id = ANY($1::uuid[]) ORDER BY (ends_on IS NULL OR ends_on > CURRENT_DATE) DESC, role, starts_on DESC, id`,
        [[...ids]],
      )) as LeaderRow[];
      return groupByKeys(ids, rows, (r) => r.owner_id).map((list) => list.map(leaderDto));
    }).load(committeeId);
  }

  /** The host: an active provincial chamber, or an active chamber of a provincial capital (GB/T 2260 xx0100). */
  private async checkHost(em: EntityManager, chamberId: string): Promise<ChamberEntity> {
    const host = await em.findOneBy(ChamberEntity, { id: chamberId });
    if (!host) throw PartyErrors.UNKNOWN_CHAMBER({ id: chamberId }, { field: 'input.hostChamberId' });
    if (host.status !== ChamberStatus.Active) throw PartyErrors.HOST_NOT_ACTIVE({ chamber: host.name }, { field: 'input.hostChamberId' });
    const capital = host.level === ChamberLevel.Prefecture && !!host.regionCode && host.regionCode.endsWith('0100');
    if (!host.provinceCode || !(host.level === ChamberLevel.Provincial || capital)) throw PartyErrors.HOST_NOT_PROVINCIAL({ chamber: host.name }, { field: 'input.hostChamberId' });
    return host;
  }

  /** The one-per-province refusal names the committee that holds the province. */
  private async translate(error: unknown, province: string, field: string): Promise<unknown> {
    const { code, constraint } = pgError(error);
    if (code === '23505' && constraint === 'ux_party_committee_one_per_province') {
      const [holder] = (await this.dataSource.query(
        `SELECT w.id, w.name, r.name AS province FROM party_working_committee w LEFT JOIN region r ON r.code = w.province_code || '0000'
         WHERE w.province_code = $1 AND w.status = 'ACTIVE'`,
        [province],
      )) as { id: string; name: string; province: string | null }[];
      return PartyErrors.ONE_COMMITTEE_PER_PROVINCE(
        { province: holder?.province ?? province, holder: holder?.name ?? '' },
        { field, extensions: { holderId: holder?.id, holderName: holder?.name } },
      );
    }
    return error;
  }
}
