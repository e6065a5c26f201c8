import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
        const person = await this.person(em, caller, input);
        const unit = input.organizationId ? await this.unit(em, caller, input.organizationId, 'input.organizationId') : null;
        if (input.relationOrganizationId) await this.unit(em, caller, input.relationOrganizationId, 'input.relationOrganizationId', false);
        const refusal = this.access.check(ENTITY, 'write', caller, { unitCommitteeId: unit?.rootCommitteeId ?? null, relationCountyCode: input.relationCountyCode ?? null });
        if (refusal) throw PartyErrors.OUTSIDE_SCOPE({ what: localized('The party member', '该党员') }, { field: 'input.organizationId' });
        const mobile = this.mobile(input.mobile, input.mobileDestination ?? null, input.mobileSince ?? null);
        const inserted = await em.insert(PartyMemberEntity, {
          ...person,
          joinedOn: input.joinedOn ?? null,
          standing: input.standing,
          relationCountyCode: input.relationCountyCode ?? null,
          relationOrganizationId: input.relationOrganizationId ?? null,
          organizationId: unit?.id ?? null,
          ...mobile,
        });
        const created = await em.findOneByOrFail(PartyMemberEntity, { id: (inserted.identifiers[0] as { id: string }).id });
        await this.audit.record(em, { operation: 'partyMember.create', entityType: ENTITY, entityId: created.id, after: snapshot(created) });
        return created;
      });
    } catch (error) {
      throw this.translate(error);
    }
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
  private async person(em: EntityManager, caller: Caller, input: CreatePartyMemberInput): Promise<Pick<PartyMemberEntity, 'name' | 'namePinyin' | 'gender' | 'idNumber' | 'phones' | 'memberId'>> {
    let member: MemberEntity | null = null;
    let readable = false;
    if (input.memberId) {
      member = await em.findOneBy(MemberEntity, { id: input.memberId });
      if (!member || member.status === MemberStatus.Merged) throw PartyErrors.UNKNOWN_MEMBER({ id: input.memberId }, { field: 'input.memberId' });
      readable = await this.access.passes(em, 'Member', 'read', caller, member.id);
    }
    const name = input.name ?? (readable ? member?.name : undefined);
    if (!name) throw PartyErrors.NAME_REQUIRED({}, { field: 'input.name' });
    const rawId = input.idNumber ?? (readable ? member?.idNumber : undefined);
    if (!rawId) throw PartyErrors.ID_NUMBER_REQUIRED({}, { field: 'input.idNumber' });
    const parsed = parseIdNumber(rawId);
    if (!parsed.ok) throw PartyErrors.INVALID_ID_NUMBER({ reason: idNumberProblem(parsed.reason) }, { field: 'input.idNumber' });
    if (member && member.idNumber && member.idNumber !== parsed.value) throw PartyErrors.ID_NUMBER_DIFFERS_FROM_MEMBER({}, { field: 'input.idNumber' });
    const phones = input.phones ? this.phones(input.phones) : readable && member ? member.phones : [];
    return { name, namePinyin: toNamePinyin(name), gender: parsed.gender, idNumber: parsed.value, phones, memberId: member?.id ?? null };
  }

  private phones(raw: string[]): string[] {
    return raw.map((p, i) => {
      const r = normalizePhone(p);
      if (!r.ok) throw PartyErrors.INVALID_PHONE({ reason: phoneProblem(r.reason) }, { field: `input.phones.${i}` });
      return r.value;
    });
  }

  private mobile(mobile: boolean, destination: string | null, since: string | null): Pick<PartyMemberEntity, 'mobile' | 'mobileDestination' | 'mobileSince'> {
    if (!mobile) return { mobile: false, mobileDestination: null, mobileSince: null };
    if (!destination) throw PartyErrors.MOBILE_NEEDS_DETAILS({}, { field: 'input.mobileDestination' });
    if (!since) throw PartyErrors.MOBILE_NEEDS_DETAILS({}, { field: 'input.mobileSince' });
    return { mobile: true, mobileDestination: destination, mobileSince: since };
  }

  /** A unit a record refers to: readable by the caller, active, and (for attendance) a branch. */
  private async unit(em: EntityManager, caller: Caller, id: string, field: string, attended = true): Promise<UnitRow> {
    const scope = this.access.read('PartyOrganization', caller, 'o');
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT o.id, o.name, o.kind, o.status, o.root_committee_id AS "rootCommitteeId" FROM party_organization o WHERE o.id = :id AND ${scope.sql}`,
      { ...scope.params, id },
      {},
    );
    const [unit] = (await em.query(sql, params)) as UnitRow[];
    if (!unit) throw PartyErrors.UNKNOWN_ORGANIZATION({ id }, { field });
    if (unit.status !== PartyOrgStatus.Active) throw PartyErrors.ORGANIZATION_NOT_ACTIVE({ unit: unit.name }, { field });
    if (attended && !BRANCH_KINDS.includes(unit.kind)) throw PartyErrors.MEMBERS_ATTEND_BRANCHES({ unit: unit.name }, { field });
    return unit;
  }

  private translate(error: unknown): unknown {
    const { code, constraint } = pgError(error);
    if (code === '23505' && constraint === 'ux_party_member_id_number') return PartyErrors.DUPLICATE_ID_NUMBER({}, { field: 'input.idNumber' });
    if (code === '23505' && constraint === 'ux_party_member_member') return PartyErrors.MEMBER_ALREADY_LINKED({}, { field: 'input.memberId' });
    if (code === '23503' && constraint === 'fk_party_member_relation_county') return PartyErrors.UNKNOWN_REGION({ code: '' }, { field: 'input.relationCountyCode' });
    return error;
  }
}
