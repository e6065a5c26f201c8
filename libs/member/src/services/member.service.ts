import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, RowFilter, Role } from '@crm/auth';
import {
  ChamberEntity,
  ChamberPositionEntity,
  ChamberService,
  ChamberStatus,
  ChamberTermEntity,
  translateLeadershipError,
} from '@crm/chamber';
import { RegionService } from '@crm/region';
import { AppError, BadInputError, ConflictError, ErrorCode, ForbiddenError, NotFoundError } from '@crm/shared';
import { ChamberMembershipInput, EnterpriseLinkInput, JoinChamberInput, LinkEnterpriseInput, PoliticalRoleInput, UnlinkEnterpriseInput, UpdateChamberMembershipInput } from '../dtos/inputs/member-link.inputs';
import { CreateMemberInput, UpdateMemberInput } from '../dtos/inputs/member.inputs';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { MemberEnterpriseEntity } from '../entities/member-enterprise.entity';
import { MemberPoliticalRoleEntity } from '../entities/member-political-role.entity';
import { Gender, MemberSource, MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { parseIdNumber } from '../utils/id-number';
import { toNameInitials, toNamePinyin } from '../utils/name-pinyin';
import { normalizePhone } from '../utils/phone';
import { MemberErrorContext, translateMemberError } from '../utils/member-db-errors';
import { EnterpriseService } from './enterprise.service';

const ENTITY = 'Member';
const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

/** The fields of a member the audit trail records (personal data is masked by the audit diff). */
export function memberSnapshot(m: MemberEntity): Record<string, unknown> {
  return {
    name: m.name,
    gender: m.gender,
    birthDate: m.birthDate,
    idNumber: m.idNumber,
    phones: m.phones,
    wechat: m.wechat,
    email: m.email,
    address: m.address,
    hometownCode: m.hometownCode,
    currentRegionCode: m.currentRegionCode,
    designations: m.designations,
    tags: m.tags,
    source: m.source,
    sourceNote: m.sourceNote,
    status: m.status,
    note: m.note,
  };
}

function forbiddenOn(field: string, message: string): AppError {
  return new AppError(ErrorCode.Forbidden, message, { field });
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * Writes to the member information base. Every change is one transaction: the member row is
 * locked and its version checked (a stale version answers CONFLICT and nothing is written),
 * the scope is checked before and after (a change cannot carry a member out of the caller's
 * reach), completeness is recomputed by the database function, and one audit event is written.
 */
@Injectable()
export class MemberService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly chambers: ChamberService,
    private readonly enterprises: EnterpriseService,
    private readonly audit: AuditService,
  ) {}

  /** A member the caller may read; NOT_FOUND otherwise (existence is not revealed). */
  async getVisible(caller: Caller, id: string): Promise<MemberEntity> {
    const scope = this.access.memberReadFilter(caller, 'm');
    const member = await this.dataSource.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :id', { id }).andWhere(scope.sql, scope.params).getOne();
    if (!member) throw new NotFoundError(ENTITY, id);
    return member;
  }

  async create(caller: Caller, input: CreateMemberInput): Promise<MemberEntity> {
    const identity = this.checkIdentity(input.idNumber ?? null, input.birthDate ?? null, input.gender ?? null, {
      idChanged: true,
      birthDateGiven: input.birthDate !== undefined,
      genderGiven: input.gender !== undefined,
    });
    const phones = this.checkPhones(input.phones ?? []);
    let hometownCode = input.hometownCode ?? null;
    if (caller.role === Role.CountyOfficer) {
      // A county office registers the merchants of its county.
      hometownCode ??= caller.countyCode;
      if (hometownCode !== caller.countyCode) throw forbiddenOn('input.hometownCode', `You register members whose hometown is your county (${caller.countyCode})`);
    }
    if (caller.role === Role.ChamberSecretary && !input.memberships?.length) {
      throw forbiddenOn('input.memberships', 'A secretariat registers members of its own chambers: add a membership in one of them');
    }
    this.checkNoRepeats(input.memberships ?? [], (m) => m.chamberId, 'input.memberships', 'chamberId', 'the same chamber twice');
    this.checkNoRepeats(
      (input.enterprises ?? []).filter((e) => e.enterpriseId),
      (e) => e.enterpriseId as string,
      'input.enterprises',
      'enterpriseId',
      'the same enterprise twice',
    );
    const ctx: MemberErrorContext = { idNumberField: 'input.idNumber' };
    return this.run(ctx, async (em) => {
      await this.checkRegions(hometownCode, input.currentRegionCode ?? null);
      await this.checkPoliticalRoles(input.politicalRoles ?? [], 'input.politicalRoles');
      if (identity.idNumber) await this.checkIdNumberFree(em, caller, identity.idNumber, null);
      const result = await em.insert(MemberEntity, {
        name: input.name,
        namePinyin: toNamePinyin(input.name),
        nameInitials: toNameInitials(input.name),
        gender: identity.gender,
        birthDate: identity.birthDate,
        idNumber: identity.idNumber,
        phones,
        wechat: input.wechat ?? null,
        email: input.email ?? null,
        address: input.address ?? null,
        hometownCode,
        currentRegionCode: input.currentRegionCode ?? null,
        designations: unique(input.designations ?? []),
        tags: unique(input.tags ?? []),
        source: input.source ?? MemberSource.Manual,
        sourceNote: input.sourceNote ?? null,
        registeredBy: caller.id,
        status: input.status ?? MemberStatus.Active,
        note: input.note ?? null,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      const member = { id, name: input.name };
      await this.insertPoliticalRoles(em, id, input.politicalRoles ?? []);
      for (const [i, m] of (input.memberships ?? []).entries()) {
        ctx.membershipField = `input.memberships.${i}.chamberId`;
        await this.addMembership(em, caller, member, m, `input.memberships.${i}`);
      }
      for (const [i, link] of (input.enterprises ?? []).entries()) {
        ctx.enterpriseField = `input.enterprises.${i}.enterpriseId`;
        ctx.creditCodeField = `input.enterprises.${i}.enterprise.creditCode`;
        await this.addEnterpriseLink(em, id, link, `input.enterprises.${i}`, i);
      }
      // The final word on scope: the new member must be one the caller may keep.
      if (!(await this.passes(em, this.access.memberWriteFilter(caller, 'm'), id))) {
        throw new ForbiddenError('The member would be outside your scope');
      }
      const created = await this.refreshed(em, id);
      await this.audit.record(em, {
        operation: 'member.create',
        entityType: ENTITY,
        entityId: id,
        after: memberSnapshot(created),
        metadata: { memberships: input.memberships?.length ?? 0, enterprises: input.enterprises?.length ?? 0, politicalRoles: input.politicalRoles?.length ?? 0 },
      });
      return created;
    });
  }

  async update(caller: Caller, id: string, input: UpdateMemberInput): Promise<MemberEntity> {
    const phones = input.phones !== undefined ? this.checkPhones(input.phones) : undefined;
    return this.run({ idNumberField: 'input.idNumber' }, async (em) => {
      const before = await this.lockForWrite(em, caller, id, input.version);
      const idNumber = input.idNumber !== undefined ? input.idNumber : before.idNumber;
      // Clearing the ID number keeps birth date and gender; a new one brings its own.
      const idChanged = !!input.idNumber && input.idNumber !== before.idNumber;
      // A new ID number brings its birth date and gender unless they are given too.
      const identity = this.checkIdentity(
        idNumber,
        input.birthDate !== undefined ? input.birthDate : idChanged ? null : before.birthDate,
        input.gender !== undefined ? input.gender : idChanged ? null : before.gender,
        { idChanged, birthDateGiven: input.birthDate !== undefined, genderGiven: input.gender !== undefined },
      );
      const hometownCode = input.hometownCode !== undefined ? input.hometownCode : before.hometownCode;
      const currentRegionCode = input.currentRegionCode !== undefined ? input.currentRegionCode : before.currentRegionCode;
      await this.checkRegions(input.hometownCode !== undefined ? hometownCode : null, input.currentRegionCode !== undefined ? currentRegionCode : null);
      if (caller.role === Role.CountyOfficer && hometownCode !== caller.countyCode) {
        throw forbiddenOn('input.hometownCode', `The member would leave your county (${caller.countyCode}); ask the office to move them`);
      }
      if (identity.idNumber && identity.idNumber !== before.idNumber) await this.checkIdNumberFree(em, caller, identity.idNumber, id);
      const name = input.name ?? before.name;
      await em.update(MemberEntity, { id }, {
        name,
        namePinyin: toNamePinyin(name),
        nameInitials: toNameInitials(name),
        gender: identity.gender,
        birthDate: identity.birthDate,
        idNumber: identity.idNumber,
        phones: phones ?? before.phones,
        wechat: input.wechat !== undefined ? input.wechat : before.wechat,
        email: input.email !== undefined ? input.email : before.email,
        address: input.address !== undefined ? input.address : before.address,
        hometownCode,
        currentRegionCode,
        designations: input.designations ? unique(input.designations) : before.designations,
        tags: input.tags ? unique(input.tags) : before.tags,
        sourceNote: input.sourceNote !== undefined ? input.sourceNote : before.sourceNote,
        status: input.status ?? before.status,
        note: input.note !== undefined ? input.note : before.note,
        version: () => 'version + 1',
      });
      let rolesChanged = false;
      if (input.politicalRoles) {
        await this.checkPoliticalRoles(input.politicalRoles, 'input.politicalRoles');
        await em.delete(MemberPoliticalRoleEntity, { memberId: id });
        await this.insertPoliticalRoles(em, id, input.politicalRoles);
        rolesChanged = true;
      }
      const after = await this.refreshed(em, id);
      await this.audit.record(em, {
        operation: 'member.update',
        entityType: ENTITY,
        entityId: id,
        before: memberSnapshot(before),
        after: memberSnapshot(after),
        metadata: rolesChanged ? { politicalRoles: input.politicalRoles?.length ?? 0 } : undefined,
      });
      return after;
    });
  }

  /** Adds a membership (and optionally a position in the chamber's running term). */
  async joinChamber(caller: Caller, memberId: string, input: JoinChamberInput): Promise<MemberEntity> {
    return this.run({ membershipField: 'input.membership.chamberId' }, async (em) => {
      const before = await this.lockForWrite(em, caller, memberId, input.version);
      const membershipId = await this.addMembership(em, caller, before, input.membership, 'input.membership');
      return this.finishLinkChange(em, before, 'member.joinChamber', { membershipId, chamberId: input.membership.chamberId, position: input.membership.position ?? null });
    });
  }

  /** Corrects a membership's dates or ends it; the member's version is the one checked. */
  async updateMembership(caller: Caller, membershipId: string, input: UpdateChamberMembershipInput): Promise<MemberEntity> {
    return this.run({ membershipField: 'input.leftOn' }, async (em) => {
      const membership = await em.findOneBy(ChamberMembershipEntity, { id: membershipId });
      if (!membership) throw new NotFoundError('ChamberMembership', membershipId);
      let before: MemberEntity;
      try {
        before = await this.lockForWrite(em, caller, membership.memberId, input.version);
      } catch (error) {
        if (error instanceof NotFoundError) throw new NotFoundError('ChamberMembership', membershipId);
        throw error;
      }
      const chamber = await em.findOneByOrFail(ChamberEntity, { id: membership.chamberId });
      if (caller.role === Role.ChamberSecretary && !this.access.canReadChamber(caller, chamber)) {
        throw new ForbiddenError('The membership is of a chamber outside your scope');
      }
      const joinedOn = input.joinedOn !== undefined ? input.joinedOn : membership.joinedOn;
      const leftOn = input.leftOn !== undefined ? input.leftOn : membership.leftOn;
      if (joinedOn && leftOn && leftOn < joinedOn) {
        const field = input.leftOn === undefined ? 'input.joinedOn' : 'input.leftOn';
        throw BadInputError.field(field, `A member cannot leave (${leftOn}) before joining (${joinedOn})`);
      }
      if (leftOn === null && membership.leftOn !== null && !LIVE.includes(chamber.status)) {
        throw BadInputError.field('input.leftOn', `${chamber.name} is ${chamber.status.toLowerCase()}; a membership of it cannot become current again`);
      }
      await em.update(ChamberMembershipEntity, { id: membershipId }, { joinedOn, leftOn });
      return this.finishLinkChange(em, before, 'chamberMembership.update', {
        membershipId,
        chamberId: membership.chamberId,
        before: { joinedOn: membership.joinedOn, leftOn: membership.leftOn },
        after: { joinedOn, leftOn },
      });
    });
  }

  async linkEnterprise(caller: Caller, memberId: string, input: LinkEnterpriseInput): Promise<MemberEntity> {
    return this.run({ enterpriseField: 'input.link.enterpriseId', creditCodeField: 'input.link.enterprise.creditCode' }, async (em) => {
      const before = await this.lockForWrite(em, caller, memberId, input.version);
      const order = (await em.count(MemberEnterpriseEntity, { where: { memberId } })) as number;
      const enterpriseId = await this.addEnterpriseLink(em, memberId, input.link, 'input.link', order);
      return this.finishLinkChange(em, before, 'member.linkEnterprise', { enterpriseId, roles: unique(input.link.roles) });
    });
  }

  async unlinkEnterprise(caller: Caller, memberId: string, input: UnlinkEnterpriseInput): Promise<MemberEntity> {
    return this.run({}, async (em) => {
      const before = await this.lockForWrite(em, caller, memberId, input.version);
      const result = await em.delete(MemberEnterpriseEntity, { memberId, enterpriseId: input.enterpriseId });
      if (!result.affected) throw BadInputError.field('input.enterpriseId', 'The member has no role in this enterprise');
      return this.finishLinkChange(em, before, 'member.unlinkEnterprise', { enterpriseId: input.enterpriseId });
    });
  }

  /**
   * Locks a member for a change: NOT_FOUND when the caller may not read it, FORBIDDEN when they
   * may read but not change it, CONFLICT when `version` is stale (nothing is written then).
   */
  async lockForWrite(em: EntityManager, caller: Caller, id: string, version: number): Promise<MemberEntity> {
    const member = await em.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!member || !(await this.passes(em, this.access.memberReadFilter(caller, 'm'), id))) throw new NotFoundError(ENTITY, id);
    if (!(await this.passes(em, this.access.memberWriteFilter(caller, 'm'), id))) throw new ForbiddenError(`${member.name} is outside your scope`);
    if (member.status === MemberStatus.Merged) {
      throw new ConflictError(`${member.name} was merged into another member; change the surviving record`, { field: 'id', mergedIntoId: member.mergedIntoId });
    }
    if (member.version !== version) {
      throw new ConflictError(`${member.name} was changed by someone else (version ${member.version}, you read ${version}); reload and try again`, {
        field: 'input.version',
        currentVersion: member.version,
      });
    }
    return member;
  }

  private async finishLinkChange(em: EntityManager, before: MemberEntity, operation: string, metadata: Record<string, unknown>): Promise<MemberEntity> {
    await em.update(MemberEntity, { id: before.id }, { version: () => 'version + 1' });
    const after = await this.refreshed(em, before.id);
    await this.audit.record(em, { operation, entityType: ENTITY, entityId: before.id, before: memberSnapshot(before), after: memberSnapshot(after), metadata });
    return after;
  }

  /**
   * A membership of a chamber the caller may read and that is live. The chamber row is share-
   * locked so a merge or dissolution (which lock it for update) cannot slip in between.
   * A position goes into the chamber's running term, which needs the right to change the chamber.
   */
  private async addMembership(em: EntityManager, caller: Caller, member: { id: string; name: string }, input: ChamberMembershipInput, field: string): Promise<string> {
    const scope = this.access.chamberReadFilter(caller, 'c');
    const chamber = await em
      .getRepository(ChamberEntity)
      .createQueryBuilder('c')
      .where('c.id = :id', { id: input.chamberId })
      .andWhere(scope.sql, scope.params)
      // With a position the chamber row is locked for update below; taking that lock now (not a
      // share lock first, then an upgrade) keeps concurrent joins from deadlocking each other.
      .setLock(input.position ? 'pessimistic_write' : 'pessimistic_read')
      .getOne();
    if (!chamber) throw BadInputError.field(`${field}.chamberId`, `chamber ${input.chamberId} does not exist or is outside your scope`);
    if (!LIVE.includes(chamber.status)) {
      throw BadInputError.field(`${field}.chamberId`, `${chamber.name} is ${chamber.status.toLowerCase()}; members join live chambers`);
    }
    const current = await em.findOneBy(ChamberMembershipEntity, { memberId: member.id, chamberId: chamber.id, leftOn: IsNull() });
    if (current) throw new ConflictError(`${member.name} already belongs to ${chamber.name}`, { field: `${field}.chamberId`, membershipId: current.id });
    const result = await em.insert(ChamberMembershipEntity, { memberId: member.id, chamberId: chamber.id, joinedOn: input.joinedOn ?? null, leftOn: null });
    if (input.position) await this.addPosition(em, caller, member, chamber, input, field);
    return (result.identifiers[0] as { id: string }).id;
  }

  private async addPosition(em: EntityManager, caller: Caller, member: { id: string; name: string }, chamber: ChamberEntity, input: ChamberMembershipInput, field: string): Promise<void> {
    try {
      await this.chambers.lockForWrite(em, caller, chamber.id, undefined, `${field}.chamberId`);
    } catch (error) {
      if (error instanceof ForbiddenError) throw forbiddenOn(`${field}.position`, `Positions of ${chamber.name} are recorded by its secretariat or an administrator`);
      throw error;
    }
    const term = await em.findOneBy(ChamberTermEntity, { chamberId: chamber.id, endsOn: IsNull() });
    if (!term) throw BadInputError.field(`${field}.position`, `${chamber.name} has no running term; record its term (届) first`);
    const startsOn = input.positionStartsOn ?? null;
    if (startsOn && startsOn < term.startsOn) {
      throw BadInputError.field(`${field}.positionStartsOn`, `第${term.number}届 of ${chamber.name} began on ${term.startsOn}; the position cannot start earlier`);
    }
    const position = input.position as NonNullable<ChamberMembershipInput['position']>;
    try {
      // A savepoint, so the unique-index refusal can be explained without losing the transaction.
      await em.transaction(async (inner) => {
        const result = await inner.insert(ChamberPositionEntity, {
          termId: term.id,
          chamberId: chamber.id,
          position,
          memberId: member.id,
          holderName: member.name,
          startsOn,
          endsOn: null,
          sortOrder: 0,
        });
        await this.audit.record(inner, {
          operation: 'chamberPosition.create',
          entityType: 'ChamberPosition',
          entityId: (result.identifiers[0] as { id: string }).id,
          after: { chamberId: chamber.id, termId: term.id, position, holderName: member.name, memberId: member.id, startsOn },
        });
      });
    } catch (error) {
      const translated = await translateLeadershipError(error, em, { termId: term.id, position, positionField: `${field}.position` });
      if (translated !== error) throw translated;
      throw error;
    }
  }

  private async addEnterpriseLink(em: EntityManager, memberId: string, link: EnterpriseLinkInput, field: string, sortOrder: number): Promise<string> {
    if (!!link.enterpriseId === !!link.enterprise) throw BadInputError.field(field, 'Give either enterpriseId (an existing enterprise) or enterprise (a new one)');
    const enterprise = link.enterpriseId
      ? await this.enterprises.requireForLink(em, link.enterpriseId, `${field}.enterpriseId`)
      : await this.enterprises.createIn(em, link.enterprise as NonNullable<EnterpriseLinkInput['enterprise']>, `${field}.enterprise`);
    const existing = await em.findOneBy(MemberEnterpriseEntity, { memberId, enterpriseId: enterprise.id });
    if (existing) throw new ConflictError(`Already linked to ${enterprise.name}; change the roles instead`, { field: `${field}.enterpriseId` });
    await em.insert(MemberEnterpriseEntity, { memberId, enterpriseId: enterprise.id, roles: unique(link.roles), sortOrder });
    return enterprise.id;
  }

  /**
   * The ID number is valid (GB 11643), and birth date and gender agree with it; missing ones are
   * taken from it. Returns the values to store.
   */
  private checkIdentity(
    idNumber: string | null,
    birthDate: string | null,
    gender: Gender | null,
    opts: { idChanged: boolean; birthDateGiven?: boolean; genderGiven?: boolean },
  ): { idNumber: string | null; birthDate: string | null; gender: Gender | null } {
    if (!idNumber) return { idNumber: null, birthDate, gender };
    const parsed = parseIdNumber(idNumber);
    if (!parsed.ok) throw BadInputError.field('input.idNumber', `idNumber ${parsed.reason}`);
    if (birthDate && birthDate !== parsed.birthDate) {
      throw BadInputError.field(opts.idChanged && !opts.birthDateGiven ? 'input.idNumber' : 'input.birthDate', `The birth date ${birthDate} does not agree with the ID number`);
    }
    const idGender = parsed.gender === 'MALE' ? Gender.Male : Gender.Female;
    if (gender && gender !== idGender) {
      throw BadInputError.field(opts.idChanged && !opts.genderGiven ? 'input.idNumber' : 'input.gender', `The gender ${gender} does not agree with the ID number`);
    }
    return { idNumber: parsed.value, birthDate: parsed.birthDate, gender: idGender };
  }

  private checkPhones(raw: string[]): string[] {
    const out: string[] = [];
    raw.forEach((value, i) => {
      const parsed = normalizePhone(value);
      if (!parsed.ok) throw BadInputError.field(`input.phones.${i}`, `${value} ${parsed.reason}`);
      if (!out.includes(parsed.value)) out.push(parsed.value);
    });
    return out;
  }

  private checkNoRepeats<T>(items: T[], key: (item: T) => string, path: string, leaf: string, message: string): void {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) throw BadInputError.field(`${path}.${i}.${leaf}`, `The list names ${message}`);
      seen.add(k);
    });
  }

  private async checkRegions(hometownCode: string | null, currentRegionCode: string | null): Promise<void> {
    if (hometownCode && !(await this.regions.isHomeCounty(hometownCode))) {
      throw BadInputError.field('input.hometownCode', `${hometownCode} is not a county of the home city; 籍贯 is a county-level region of the home city`);
    }
    if (currentRegionCode) await this.regions.require(currentRegionCode, 'input.currentRegionCode');
  }

  private async checkPoliticalRoles(roles: PoliticalRoleInput[], path: string): Promise<void> {
    for (const [i, r] of roles.entries()) {
      if (r.startsOn && r.endsOn && r.endsOn <= r.startsOn) throw BadInputError.field(`${path}.${i}.endsOn`, 'The end must come after the start');
      if (r.regionCode) await this.regions.require(r.regionCode, `${path}.${i}.regionCode`);
    }
  }

  private async insertPoliticalRoles(em: EntityManager, memberId: string, roles: PoliticalRoleInput[]): Promise<void> {
    if (!roles.length) return;
    await em.insert(
      MemberPoliticalRoleEntity,
      roles.map((r) => ({
        memberId,
        kind: r.kind,
        level: r.level,
        regionCode: r.regionCode ?? null,
        termNumber: r.termNumber ?? null,
        startsOn: r.startsOn ?? null,
        endsOn: r.endsOn ?? null,
      })),
    );
  }

  /** CONFLICT when another (non-merged) member holds the ID number; names it if the caller may read it. */
  private async checkIdNumberFree(em: EntityManager, caller: Caller, idNumber: string, selfId: string | null): Promise<void> {
    const [holder] = (await em.query(`SELECT id FROM member WHERE id_number = $1 AND status <> 'MERGED' AND id IS DISTINCT FROM $2::uuid`, [idNumber, selfId])) as { id: string }[];
    if (!holder) return;
    const visible = await this.passes(em, this.access.memberReadFilter(caller, 'm'), holder.id);
    throw new ConflictError('A member with this ID number is already registered', { field: 'input.idNumber', ...(visible ? { holderId: holder.id } : {}) });
  }

  private async refreshed(em: EntityManager, id: string): Promise<MemberEntity> {
    await em.query('SELECT refresh_member_quality($1::uuid[])', [[id]]);
    return em.findOneByOrFail(MemberEntity, { id });
  }

  private async passes(em: EntityManager, filter: RowFilter, id: string): Promise<boolean> {
    if (filter.sql === 'TRUE') return true;
    if (filter.sql === 'FALSE') return false;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(`SELECT 1 FROM member m WHERE m.id = :__id AND ${filter.sql}`, { ...filter.params, __id: id }, {});
    return ((await em.query(sql, params)) as unknown[]).length > 0;
  }

  private async run<T>(ctx: MemberErrorContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      throw translateMemberError(error, ctx);
    }
  }
}
