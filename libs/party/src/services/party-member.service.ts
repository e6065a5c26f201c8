import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { leanQuery } from '@crm/database';
import { idNumberProblem, MemberEntity, MemberStatus, normalizePhone, parseIdNumber, phoneProblem, toNamePinyin } from '@crm/member';
import { ConnectionResult, FieldSelection, groupByKeys, keysetPageOfRows, leanColumns, localized, NotFoundError, requestLoader, rowFromJson, today, withPreloaded } from '@crm/shared';
import { PartyMembersArgs } from '../dtos/args/party.args';
import { CreatePartyMemberInput, EvaluatePartyMemberInput, TransferPartyMemberInput, UpdatePartyMemberInput } from '../dtos/inputs/party-member.inputs';
import { PartyEvaluationDto, PartyMemberDto, PartyTransferDto } from '../dtos/party-member.dto';
import { PartyOrganizationDto, PartyOrganizationRow } from '../dtos/party-organization.dto';
import { PartyMemberEntity } from '../entities/party-member.entity';
import { BRANCH_KINDS, PartyMemberStatus, PartyOrgKind, PartyOrgStatus, PartyTransferDirection } from '../entities/party.enums';
import { PartyErrors } from '../exceptions/party.errors';
import { pgError } from '../utils/party-db-errors';
import { lockForWrite } from '../utils/party-lock';
import { PARTY_MEMBER_READ_MODEL, PARTY_ORG_READ_MODEL, unitJson } from './party-read-model';

const ENTITY = 'PartyMember';

function snapshot(m: PartyMemberEntity): Record<string, unknown> {
  return {
    name: m.name,
    idNumber: m.idNumber,
    phones: m.phones,
    memberId: m.memberId,
    joinedOn: m.joinedOn,
    standing: m.standing,
    relationCountyCode: m.relationCountyCode,
    relationOrganizationId: m.relationOrganizationId,
    organizationId: m.organizationId,
    mobile: m.mobile,
    mobileDestination: m.mobileDestination,
    mobileSince: m.mobileSince,
    status: m.status,
  };
}

interface UnitRow {
  id: string;
  name: string;
  kind: PartyOrgKind;
  status: PartyOrgStatus;
  rootCommitteeId: string;
}

/**
 * Party members (党员): one record per person (ID number unique in the database), linked to a
 * member of the information base when the person is a merchant there, with relation transfers
 * (转入/转出), mobile status (流动党员) and annual evaluations (民主评议).
 */
@Injectable()
export class PartyMemberService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, input: CreatePartyMemberInput): Promise<PartyMemberEntity> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const [id] = await this.createMany(em, caller, [input], { field: () => 'input' });
        return em.findOneByOrFail(PartyMemberEntity, { id });
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  /**
   * The one write path for new party members (the API's create, the scale seed): every record is
   * checked as create() checks it — the person (ID number, phones, a linked member), the units
   * (readable, active, a branch), the caller's write scope, mobile details, one record per ID
   * number and per member — with a constant number of statements for one record or thousands:
   * one read each of members, units and existing numbers, one INSERT, one audit INSERT. The first
   * refusal throws (naming `field(i)` + the input field) and nothing is written. Runs in `em`'s
   * transaction. Returns the new ids in input order.
   */
  async createMany(em: EntityManager, caller: Caller, inputs: CreatePartyMemberInput[], options: { field: (i: number) => string; operation?: string; metadata?: Record<string, unknown> }): Promise<string[]> {
    if (!inputs.length) return [];
    const at = (i: number, name: string) => `${options.field(i)}.${name}`;
    const memberIds = [...new Set(inputs.map((x) => x.memberId).filter((x): x is string => !!x))];
    const members = new Map<string, MemberEntity>();
    const readable = new Set<string>();
    if (memberIds.length) {
      for (const m of await em.findBy(MemberEntity, { id: In(memberIds) })) members.set(m.id, m);
      const scope = this.access.read('Member', caller, 'x');
      const [sql, params] = em.connection.driver.escapeQueryWithParameters(`SELECT x.id FROM member x WHERE x.id = ANY(:ids::uuid[]) AND ${scope.sql}`, { ...scope.params, ids: memberIds }, {});
      for (const r of (await em.query(sql, params)) as { id: string }[]) readable.add(r.id);
    }
    const unitIds = [...new Set(inputs.flatMap((x) => [x.organizationId, x.relationOrganizationId]).filter((x): x is string => !!x))];
    const units = await this.units(em, caller, unitIds);
    const rows = inputs.map((input, i) => {
      const person = this.person(input, input.memberId ? (members.get(input.memberId) ?? null) : null, !!input.memberId && readable.has(input.memberId), (f) => at(i, f));
      const unit = input.organizationId ? this.usableUnit(units, input.organizationId, at(i, 'organizationId'), true) : null;
      if (input.relationOrganizationId) this.usableUnit(units, input.relationOrganizationId, at(i, 'relationOrganizationId'), false);
      if (this.access.check(ENTITY, 'write', caller, { unitCommitteeId: unit?.rootCommitteeId ?? null, relationCountyCode: input.relationCountyCode ?? null })) {
        throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The party member', '该党员') }, { field: at(i, 'organizationId') });
      }
      const mobile = this.mobile(input.mobile, input.mobileDestination ?? null, input.mobileSince ?? null, (f) => at(i, f));
      return {
        ...person,
        joinedOn: input.joinedOn ?? null,
        standing: input.standing,
        relationCountyCode: input.relationCountyCode ?? null,
        relationOrganizationId: input.relationOrganizationId ?? null,
        organizationId: unit?.id ?? null,
        ...mobile,
      };
    });
    // One record per person and per member: within the batch, then against the table (the unique indexes are the backstop).
    const firstById = new Map<string, number>();
    const firstByMember = new Map<string, number>();
    rows.forEach((r, i) => {
      if (firstById.has(r.idNumber)) throw PartyErrors.DUPLICATE_ID_NUMBER({}, { field: at(i, 'idNumber') });
      firstById.set(r.idNumber, i);
      if (r.memberId) {
        if (firstByMember.has(r.memberId)) throw PartyErrors.MEMBER_ALREADY_LINKED({}, { field: at(i, 'memberId') });
        firstByMember.set(r.memberId, i);
      }
    });
    const taken = (await em.query(`SELECT id_number, member_id FROM party_member WHERE id_number = ANY($1::text[]) OR member_id = ANY($2::uuid[])`, [[...firstById.keys()], [...firstByMember.keys()]])) as {
      id_number: string;
      member_id: string | null;
    }[];
    for (const t of taken) {
      const byId = firstById.get(t.id_number);
      if (byId !== undefined) throw PartyErrors.DUPLICATE_ID_NUMBER({}, { field: at(byId, 'idNumber') });
      const byMember = t.member_id ? firstByMember.get(t.member_id) : undefined;
      if (byMember !== undefined) throw PartyErrors.MEMBER_ALREADY_LINKED({}, { field: at(byMember, 'memberId') });
    }
    const inserted = (await em.query(
      `INSERT INTO party_member (name, name_pinyin, gender, id_number, phones, member_id, joined_on, standing, relation_county_code, relation_organization_id, organization_id, mobile, mobile_destination, mobile_since)
       SELECT r.name, r."namePinyin", r.gender::gender, r."idNumber", r.phones, r."memberId", r."joinedOn", r.standing::party_member_standing, r."relationCountyCode",
              r."relationOrganizationId", r."organizationId", r.mobile, r."mobileDestination", r."mobileSince"
       FROM jsonb_to_recordset($1::jsonb) AS r(name text, "namePinyin" text, gender text, "idNumber" text, phones varchar(20)[], "memberId" uuid, "joinedOn" date,
            standing text, "relationCountyCode" char(6), "relationOrganizationId" uuid, "organizationId" uuid, mobile boolean, "mobileDestination" text, "mobileSince" date)
       RETURNING id, id_number`,
      [JSON.stringify(rows)],
    )) as { id: string; id_number: string }[];
    const idOf = new Map(inserted.map((r) => [r.id_number, r.id]));
    const ids = rows.map((r) => idOf.get(r.idNumber) as string);
    await this.audit.recordMany(
      em,
      rows.map((r, i) => ({ operation: options.operation ?? 'partyMember.create', entityType: ENTITY, entityId: ids[i], after: snapshot(r as PartyMemberEntity), metadata: options.metadata })),
    );
    return ids;
  }

  async update(caller: Caller, id: string, input: UpdatePartyMemberInput): Promise<PartyMemberEntity> {
    try {
      return await this.dataSource.transaction(async (em) => {
        await lockForWrite(em, this.access, caller, ENTITY, id, { version: input.version, what: (r) => r.name as string });
        const before = await em.findOneByOrFail(PartyMemberEntity, { id });
        const unit = input.organizationId ? await this.unit(em, caller, input.organizationId, 'input.organizationId') : null;
        if (unit && this.access.check(ENTITY, 'write', caller, { unitCommitteeId: unit.rootCommitteeId, relationCountyCode: before.relationCountyCode })) {
          throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The unit', '该党组织') }, { field: 'input.organizationId' });
        }
        const isMobile = input.mobile ?? before.mobile;
        const mobile = this.mobile(
          isMobile,
          input.mobileDestination !== undefined ? input.mobileDestination : isMobile ? before.mobileDestination : null,
          input.mobileSince !== undefined ? input.mobileSince : isMobile ? before.mobileSince : null,
        );
        const phones = input.phones ? this.phones(input.phones) : before.phones;
        const name = input.name ?? before.name;
        await em.update(
          PartyMemberEntity,
          { id },
          {
            name,
            namePinyin: toNamePinyin(name),
            phones,
            standing: input.standing ?? before.standing,
            organizationId: unit?.id ?? before.organizationId,
            status: input.status ?? before.status,
            ...mobile,
            version: () => 'version + 1',
            updatedAt: () => 'now()',
          },
        );
        const after = await em.findOneByOrFail(PartyMemberEntity, { id });
        await this.audit.record(em, { operation: 'partyMember.update', entityType: ENTITY, entityId: id, before: snapshot(before), after: snapshot(after) });
        return after;
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  /**
   * Records a transfer of the membership relation. IN: the relation and the attendance move to
   * one of our branches (in the caller's scope), the record is ACTIVE. OUT: the relation leaves
   * the network; the record stays, TRANSFERRED_OUT, with its last unit.
   */
  async transfer(caller: Caller, id: string, input: TransferPartyMemberInput): Promise<PartyMemberEntity> {
    return this.dataSource.transaction(async (em) => {
      await lockForWrite(em, this.access, caller, ENTITY, id, { version: input.version, what: (r) => r.name as string });
      const before = await em.findOneByOrFail(PartyMemberEntity, { id });
      let changes: Partial<PartyMemberEntity>;
      if (input.direction === PartyTransferDirection.In) {
        if (!input.organizationId) throw PartyErrors.UNKNOWN_ORGANIZATION({ id: '' }, { field: 'input.organizationId' });
        const unit = await this.unit(em, caller, input.organizationId, 'input.organizationId');
        if (this.access.check(ENTITY, 'write', caller, { unitCommitteeId: unit.rootCommitteeId, relationCountyCode: before.relationCountyCode })) {
          throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The unit', '该党组织') }, { field: 'input.organizationId' });
        }
        changes = { relationOrganizationId: unit.id, organizationId: unit.id, status: PartyMemberStatus.Active };
      } else {
        changes = { relationOrganizationId: null, status: PartyMemberStatus.TransferredOut };
      }
      await em.query(
        `INSERT INTO party_relation_transfer (party_member_id, direction, occurred_on, from_place, to_place, organization_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, input.direction, input.occurredOn, input.fromPlace ?? null, input.toPlace ?? null, input.organizationId ?? before.organizationId, input.note ?? null],
      );
      await em.update(PartyMemberEntity, { id }, { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' });
      const after = await em.findOneByOrFail(PartyMemberEntity, { id });
      await this.audit.record(em, {
        operation: 'partyMember.transfer',
        entityType: ENTITY,
        entityId: id,
        before: snapshot(before),
        after: snapshot(after),
        metadata: { direction: input.direction, occurredOn: input.occurredOn },
      });
      return after;
    });
  }

  /** The annual democratic evaluation: a year from joining (or 1921) to the current one, once per year. */
  async evaluate(caller: Caller, id: string, input: EvaluatePartyMemberInput): Promise<PartyEvaluationDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const row = await lockForWrite(em, this.access, caller, ENTITY, id, { what: (r) => r.name as string });
        const from = row.joined_on ? Number(String(row.joined_on instanceof Date ? row.joined_on.toISOString() : row.joined_on).slice(0, 4)) : 1921;
        const to = Number(today().slice(0, 4));
        if (input.year < from || input.year > to) throw PartyErrors.EVALUATION_YEAR({ year: input.year, from, to }, { field: 'input.year' });
        const [evaluation] = (await em.query(
          `INSERT INTO party_evaluation (party_member_id, year, grade, organization_id, note) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, year, grade, organization_id AS "organizationId", note`,
          [id, input.year, input.grade, row.organization_id ?? null, input.note ?? null],
        )) as PartyEvaluationDto[];
        await this.audit.record(em, { operation: 'partyMember.evaluate', entityType: ENTITY, entityId: id, after: { year: input.year, grade: input.grade } });
        return evaluation;
      });
    } catch (error) {
      const { code, constraint } = pgError(error);
      if (code === '23505' && constraint === 'ux_party_evaluation_year') throw PartyErrors.EVALUATION_EXISTS({ year: input.year }, { field: 'input.year' });
      throw error;
    }
  }

  /**
   * Party members in the caller's scope by pinyin name, keyset-paginated: the selected columns
   * and, when asked, the attended unit as JSON in the same statement (under the unit read rule).
   */
  async list(caller: Caller, args: PartyMembersArgs, selection: FieldSelection): Promise<ConnectionResult<PartyMemberDto>> {
    const qb = this.dataSource.getRepository(PartyMemberEntity).createQueryBuilder('pm');
    const scope = this.access.read(ENTITY, caller, 'pm');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.organizationId) qb.andWhere('pm.organization_id = :organizationId', { organizationId: f.organizationId });
    if (f?.relationCountyCode) qb.andWhere('pm.relation_county_code = :county', { county: f.relationCountyCode });
    if (f?.mobile === true) qb.andWhere('pm.mobile');
    if (f?.mobile === false) qb.andWhere('NOT pm.mobile');
    if (f?.status) qb.andWhere('pm.status = :status', { status: f.status });
    const columns = leanColumns(PARTY_MEMBER_READ_MODEL, 'pm', selection);
    const unitSelection = selection.get('organization');
    if (unitSelection) {
      const unitScope = this.access.read('PartyOrganization', caller, '__u');
      columns.push([unitJson(unitSelection, 'pm.organization_id', unitScope), '__unit']);
      qb.setParameters(unitScope.params);
    }
    return keysetPageOfRows(
      qb,
      { keys: ['pm.name_pinyin', 'pm.id'], direction: 'ASC', first: args.first, after: args.after, columns, run: (sql, params) => leanQuery(this.dataSource, sql, params) },
      (row: PartyMemberEntity & { __unit?: Record<string, unknown> | null }) => {
        const dto = PartyMemberDto.from(row);
        if (!unitSelection) return dto;
        const unit = row.__unit ? PartyOrganizationDto.from(rowFromJson(PARTY_ORG_READ_MODEL, row.__unit) as PartyOrganizationRow) : null;
        return withPreloaded(dto, { organization: unit });
      },
    );
  }

  /**
   * Party members by id, those in the caller's read scope, the selected columns in one statement
   * (the change feed of @crm/integration loads a page's records with it; relations resolve
   * through their request loaders).
   */
  async visibleMany(caller: Caller, ids: readonly string[], selection: FieldSelection): Promise<PartyMemberDto[]> {
    if (!ids.length) return [];
    const scope = this.access.read(ENTITY, caller, 'pm');
    if (scope.sql === 'FALSE') return [];
    const columns = leanColumns(PARTY_MEMBER_READ_MODEL, 'pm', selection);
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${columns.map(([expr, alias]) => `${expr} AS "${alias}"`).join(', ')} FROM party_member pm WHERE pm.id = ANY(string_to_array(:__ids, ',')::uuid[]) AND (${scope.sql})`,
      { ...scope.params, __ids: ids.join(',') },
      {},
    );
    return (await leanQuery<PartyMemberEntity>(this.dataSource, sql, params)).map((row) => PartyMemberDto.from(row));
  }

  async get(caller: Caller, id: string): Promise<PartyMemberEntity> {
    const scope = this.access.read(ENTITY, caller, 'pm');
    const found = await this.dataSource.getRepository(PartyMemberEntity).createQueryBuilder('pm').where('pm.id = :id', { id }).andWhere(scope.sql, scope.params).getOne();
    if (!found) throw new NotFoundError(ENTITY, id);
    return found;
  }

  loadTransfers(req: object, partyMemberId: string): Promise<PartyTransferDto[]> {
    return requestLoader<string, PartyTransferDto[]>(req, 'party.transfers', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT id, party_member_id AS owner, direction, occurred_on::text AS "occurredOn", from_place AS "fromPlace", to_place AS "toPlace", organization_id AS "organizationId", note
         FROM party_relation_transfer WHERE party_member_id = ANY($1::uuid[]) ORDER BY occurred_on DESC, created_at DESC`,
        [[...ids]],
      )) as (PartyTransferDto & { owner: string })[];
      return groupByKeys(ids, rows, (r) => r.owner);
    }).load(partyMemberId);
  }

  loadEvaluations(req: object, partyMemberId: string): Promise<PartyEvaluationDto[]> {
    return requestLoader<string, PartyEvaluationDto[]>(req, 'party.evaluations', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT id, party_member_id AS owner, year, grade, organization_id AS "organizationId", note FROM party_evaluation
         WHERE party_member_id = ANY($1::uuid[]) ORDER BY year DESC`,
        [[...ids]],
      )) as (PartyEvaluationDto & { owner: string })[];
      return groupByKeys(ids, rows, (r) => r.owner);
    }).load(partyMemberId);
  }

  /**
   * Who the person is. Linked to a member: the member must exist (not merged); a caller who may
   * read that member takes name, gender, ID number and phones from it by default, anyone else
   * must give name and ID number, and the number must be the member's (the same person).
   */
  private person(
    input: CreatePartyMemberInput,
    member: MemberEntity | null,
    readable: boolean,
    at: (field: string) => string,
  ): Pick<PartyMemberEntity, 'name' | 'namePinyin' | 'gender' | 'idNumber' | 'phones' | 'memberId'> {
    if (input.memberId && (!member || member.status === MemberStatus.Merged)) throw PartyErrors.UNKNOWN_MEMBER({ id: input.memberId }, { field: at('memberId') });
    const name = input.name ?? (readable ? member?.name : undefined);
    if (!name) throw PartyErrors.NAME_REQUIRED({}, { field: at('name') });
    const rawId = input.idNumber ?? (readable ? member?.idNumber : undefined);
    if (!rawId) throw PartyErrors.ID_NUMBER_REQUIRED({}, { field: at('idNumber') });
    const parsed = parseIdNumber(rawId);
    if (!parsed.ok) throw PartyErrors.INVALID_ID_NUMBER({ reason: idNumberProblem(parsed.reason) }, { field: at('idNumber') });
    if (member && member.idNumber && member.idNumber !== parsed.value) throw PartyErrors.ID_NUMBER_DIFFERS_FROM_MEMBER({}, { field: at('idNumber') });
    const phones = input.phones ? this.phones(input.phones, at) : readable && member ? member.phones : [];
    return { name, namePinyin: toNamePinyin(name), gender: parsed.gender, idNumber: parsed.value, phones, memberId: member?.id ?? null };
  }

  private phones(raw: string[], at: (field: string) => string = (f) => `input.${f}`): string[] {
    return raw.map((p, i) => {
      const r = normalizePhone(p);
      if (!r.ok) throw PartyErrors.INVALID_PHONE({ reason: phoneProblem(r.reason) }, { field: at(`phones.${i}`) });
      return r.value;
    });
  }

  private mobile(mobile: boolean, destination: string | null, since: string | null, at: (field: string) => string = (f) => `input.${f}`): Pick<PartyMemberEntity, 'mobile' | 'mobileDestination' | 'mobileSince'> {
    if (!mobile) return { mobile: false, mobileDestination: null, mobileSince: null };
    if (!destination) throw PartyErrors.MOBILE_NEEDS_DETAILS({}, { field: at('mobileDestination') });
    if (!since) throw PartyErrors.MOBILE_NEEDS_DETAILS({}, { field: at('mobileSince') });
    return { mobile: true, mobileDestination: destination, mobileSince: since };
  }

  /** Units by id under the caller's read rule: one statement. */
  private async units(em: EntityManager, caller: Caller, ids: string[]): Promise<Map<string, UnitRow>> {
    if (!ids.length) return new Map();
    const scope = this.access.read('PartyOrganization', caller, 'o');
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT o.id, o.name, o.kind, o.status, o.root_committee_id AS "rootCommitteeId" FROM party_organization o WHERE o.id = ANY(:ids::uuid[]) AND ${scope.sql}`,
      { ...scope.params, ids },
      {},
    );
    return new Map(((await em.query(sql, params)) as UnitRow[]).map((u) => [u.id, u]));
  }

  /** A unit a record refers to must be readable, active, and (for attendance) a branch. */
  private usableUnit(units: Map<string, UnitRow>, id: string, field: string, attended: boolean): UnitRow {
    const unit = units.get(id);
    if (!unit) throw PartyErrors.UNKNOWN_ORGANIZATION({ id }, { field });
    if (unit.status !== PartyOrgStatus.Active) throw PartyErrors.ORGANIZATION_NOT_ACTIVE({ unit: unit.name }, { field });
    if (attended && !BRANCH_KINDS.includes(unit.kind)) throw PartyErrors.MEMBERS_ATTEND_BRANCHES({ unit: unit.name }, { field });
    return unit;
  }

  /** One unit a change refers to (update, transfer): readable by the caller, active, and (for attendance) a branch. */
  private async unit(em: EntityManager, caller: Caller, id: string, field: string, attended = true): Promise<UnitRow> {
    return this.usableUnit(await this.units(em, caller, [id]), id, field, attended);
  }

  private translate(error: unknown): unknown {
    const { code, constraint } = pgError(error);
    if (code === '23505' && constraint === 'ux_party_member_id_number') return PartyErrors.DUPLICATE_ID_NUMBER({}, { field: 'input.idNumber' });
    if (code === '23505' && constraint === 'ux_party_member_member') return PartyErrors.MEMBER_ALREADY_LINKED({}, { field: 'input.memberId' });
    if (code === '23503' && constraint === 'fk_party_member_relation_county') return PartyErrors.UNKNOWN_REGION({ code: '' }, { field: 'input.relationCountyCode' });
    return error;
  }
}
