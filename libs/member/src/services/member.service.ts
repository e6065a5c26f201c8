import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ChamberEntity, ChamberService, ChamberStatus } from '@crm/chamber';
import { RegionService } from '@crm/region';
import { localized, Localized, NotFoundError } from '@crm/shared';
import type { MemberScopeRow } from '../access/member.scope';
import { ChamberMembershipInput, EnterpriseLinkInput, JoinChamberInput, LinkEnterpriseInput, PoliticalRoleInput, UnlinkEnterpriseInput, UpdateChamberMembershipInput } from '../dtos/inputs/member-link.inputs';
import { CreateMemberInput, UpdateMemberInput } from '../dtos/inputs/member.inputs';
import { DuplicateCertainty } from '../dtos/member-duplicates.dto';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { MemberEnterpriseEntity } from '../entities/member-enterprise.entity';
import { Gender, MemberSource, MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { genderText, idNumberProblem, memberChamberStatusText, MemberErrors, memberScopeError, phoneProblem } from '../exceptions/member.errors';
import { parseIdNumber } from '../utils/id-number';
import { normalizePhone } from '../utils/phone';
import { MemberErrorContext, translateMemberError } from '../utils/member-db-errors';
import { EnterpriseService } from './enterprise.service';
import { MemberDuplicatesService } from './member-duplicates.service';
import { MembershipToAdd, memberValuesOf, MemberWrite, MemberWriter } from './member-writer';

export { memberSnapshot } from './member-writer';

const ENTITY = 'Member';
const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

/** Advisory-lock class (first key of the two-key form) serialising registrations of one name. */
const LOCK_NEW_MEMBER_NAME = 0x6d656d01;

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * The rules of changing members: validation of identity, phones, regions and roles, the lock
 * and version of the member changed, and the shape of each change. The writing itself (rows,
 * links, derived values, scope of the result, audit) is MemberWriter's, the one write path the
 * import, the merge and the scale seed share. Every change is one transaction.
 */
@Injectable()
export class MemberService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly chambers: ChamberService,
    private readonly enterprises: EnterpriseService,
    private readonly writer: MemberWriter,
    private readonly duplicates: MemberDuplicatesService,
  ) {}

  /** A member the caller may read; NOT_FOUND otherwise (existence is not revealed). */
  async getVisible(caller: Caller, id: string): Promise<MemberEntity> {
    const scope = this.access.read('Member', caller, 'm');
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
    // What the caller's scope fills in (a county office's members are of its county; a
    // secretariat's join its own chamber): the member rule registered with the access service.
    const defaults = this.access.defaults<MemberScopeRow>('Member', caller);
    const hometownCode = input.hometownCode ?? defaults.hometownCode ?? null;
    const memberships: MembershipToAdd[] = input.memberships?.length
      ? input.memberships.map((m, i) => this.membershipToAdd(m, `input.memberships.${i}`))
      : (defaults.chambers ?? []).map((c) => ({ chamberId: c.id, field: 'input.memberships.0' }));
    this.checkNoRepeats(input.memberships ?? [], (m) => m.chamberId, 'input.memberships', 'chamberId', localized('the same chamber twice', '同一商会出现了两次'));
    this.checkNoRepeats(
      (input.enterprises ?? []).filter((e) => e.enterpriseId),
      (e) => e.enterpriseId as string,
      'input.enterprises',
      'enterpriseId',
      localized('the same enterprise twice', '同一企业出现了两次'),
    );
    // A hometown outside the caller's reach is refused before anything else is looked at.
    const refusal = this.access.check<MemberScopeRow>('Member', 'write', caller, { hometownCode, chambers: [] });
    if (refusal?.field === 'hometownCode') throw memberScopeError(refusal, 'input.hometownCode');
    const ctx: MemberErrorContext = { idNumberField: 'input.idNumber' };
    return this.run(ctx, async (em) => {
      await this.checkRegions(hometownCode, input.currentRegionCode ?? null);
      await this.checkPoliticalRoles(input.politicalRoles ?? [], 'input.politicalRoles');
      if (identity.idNumber) await this.checkIdNumberFree(em, caller, identity.idNumber, null);
      // Every duplicate rule needs the same name: registrations of one name take turns, so the
      // check below (a fresh statement under READ COMMITTED) sees a twin request's member, and a
      // double-submitted form registers one member and refuses the other.
      await em.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [LOCK_NEW_MEMBER_NAME, input.name.trim()]);
      // Only members the caller may read are candidates (likelyDuplicatesFor applies the read
      // scope): one outside it neither blocks nor is named, as the caller could neither check
      // nor merge it, and a refusal would tell that such a person is registered elsewhere.
      // Phones are compared only for callers who see them in clear (the rule of the search box).
      const candidates = await this.duplicates.likelyDuplicatesFor(em, caller, {
        name: input.name,
        phones: this.access.seesPersonalData(caller) ? phones : [],
        idNumber: identity.idNumber,
        birthDate: identity.birthDate,
        hometownCode,
      });
      // The same ID number is one person whatever the caller confirms; checkIdNumberFree found
      // the exact spelling, this a legacy lower-case check character.
      const sameId = candidates.find((c) => c.certainty === DuplicateCertainty.Certain);
      if (sameId) throw MemberErrors.ID_NUMBER_TAKEN({}, { field: 'input.idNumber', extensions: { holderId: sameId.member.id } });
      if (candidates.length && input.confirmDuplicate !== true) {
        throw MemberErrors.LIKELY_DUPLICATE(
          { count: candidates.length },
          { field: 'input.confirmDuplicate', extensions: { candidates: candidates.map((c) => ({ memberId: c.member.id, rule: c.rule, certainty: c.certainty })) } },
        );
      }
      const id = randomUUID();
      const enterprises = [];
      for (const [i, link] of (input.enterprises ?? []).entries()) {
        ctx.enterpriseField = `input.enterprises.${i}.enterpriseId`;
        ctx.creditCodeField = `input.enterprises.${i}.enterprise.creditCode`;
        enterprises.push({ enterpriseId: await this.enterpriseFor(em, link, `input.enterprises.${i}`), roles: unique(link.roles) });
      }
      ctx.membershipField = memberships.length === 1 ? `${memberships[0].field}.chamberId` : undefined;
      await this.writer.write(em, caller, [
        {
          id,
          field: 'input',
          values: {
            name: input.name,
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
            status: input.status ?? MemberStatus.Active,
            note: input.note ?? null,
          },
          memberships,
          enterprises,
          politicalRoles: input.politicalRoles ?? [],
          audit: {
            operation: 'member.create',
            metadata: {
              memberships: memberships.length,
              enterprises: enterprises.length,
              politicalRoles: input.politicalRoles?.length ?? 0,
              // Registered over the duplicate check: who was shown, so a later merge can be traced.
              ...(candidates.length
                ? { duplicateConfirmed: { candidates: candidates.length, members: candidates.map((c) => ({ memberId: c.member.id, rule: c.rule })) } }
                : {}),
            },
          },
        },
      ]);
      return em.findOneByOrFail(MemberEntity, { id });
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
      if (identity.idNumber && identity.idNumber !== before.idNumber) await this.checkIdNumberFree(em, caller, identity.idNumber, id);
      if (input.politicalRoles) await this.checkPoliticalRoles(input.politicalRoles, 'input.politicalRoles');
      await this.writer.write(em, caller, [
        {
          id,
          field: 'input',
          before: memberValuesOf(before),
          values: {
            name: input.name ?? before.name,
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
            source: before.source,
            sourceNote: input.sourceNote !== undefined ? input.sourceNote : before.sourceNote,
            status: input.status ?? before.status,
            note: input.note !== undefined ? input.note : before.note,
          },
          politicalRoles: input.politicalRoles,
          audit: { operation: 'member.update', metadata: input.politicalRoles ? { politicalRoles: input.politicalRoles.length } : undefined },
        },
      ]);
      return em.findOneByOrFail(MemberEntity, { id });
    });
  }

  /** Adds a membership (and optionally a position in the chamber's running term). */
  async joinChamber(caller: Caller, memberId: string, input: JoinChamberInput): Promise<MemberEntity> {
    return this.run({ membershipField: 'input.membership.chamberId' }, async (em) => {
      const before = await this.lockForWrite(em, caller, memberId, input.version);
      const membership = this.membershipToAdd(input.membership, 'input.membership');
      return this.linkChanged(em, caller, before, 'member.joinChamber', { chamberId: input.membership.chamberId, position: input.membership.position ?? null }, { memberships: [membership] });
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
      const chamber = (await this.chambers.lockMany(em, [membership.chamberId], 'share')).get(membership.chamberId) as ChamberEntity;
      if (!this.access.admits('Chamber', 'read', caller, chamber)) throw MemberErrors.CHAMBER_OUTSIDE_SCOPE();
      const joinedOn = input.joinedOn !== undefined ? input.joinedOn : membership.joinedOn;
      const leftOn = input.leftOn !== undefined ? input.leftOn : membership.leftOn;
      if (joinedOn && leftOn && leftOn < joinedOn) {
        const field = input.leftOn === undefined ? 'input.joinedOn' : 'input.leftOn';
        throw MemberErrors.LEFT_BEFORE_JOINED({ leftOn, joinedOn }, { field });
      }
      if (leftOn === null && membership.leftOn !== null && !LIVE.includes(chamber.status)) {
        throw MemberErrors.MEMBERSHIP_CLOSED({ chamber: chamber.name, status: memberChamberStatusText(chamber.status) }, { field: 'input.leftOn' });
      }
      await em.update(ChamberMembershipEntity, { id: membershipId }, { joinedOn, leftOn });
      return this.linkChanged(em, caller, before, 'chamberMembership.update', {
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
      const enterpriseId = await this.enterpriseFor(em, input.link, 'input.link');
      const existing = await em.findOneBy(MemberEnterpriseEntity, { memberId, enterpriseId });
      if (existing) throw MemberErrors.ENTERPRISE_ALREADY_LINKED({ enterprise: localized('this enterprise', '这家企业') }, { field: 'input.link.enterpriseId' });
      const roles = unique(input.link.roles);
      return this.linkChanged(em, caller, before, 'member.linkEnterprise', { enterpriseId, roles }, { enterprises: [{ enterpriseId, roles }] });
    });
  }

  async unlinkEnterprise(caller: Caller, memberId: string, input: UnlinkEnterpriseInput): Promise<MemberEntity> {
    return this.run({}, async (em) => {
      const before = await this.lockForWrite(em, caller, memberId, input.version);
      const result = await em.delete(MemberEnterpriseEntity, { memberId, enterpriseId: input.enterpriseId });
      if (!result.affected) throw MemberErrors.NO_ENTERPRISE_ROLE({}, { field: 'input.enterpriseId' });
      return this.linkChanged(em, caller, before, 'member.unlinkEnterprise', { enterpriseId: input.enterpriseId });
    });
  }

  /**
   * Locks a member for a change: NOT_FOUND when the caller may not read it, FORBIDDEN when they
   * may read but not change it, CONFLICT when `version` is stale (nothing is written then).
   */
  async lockForWrite(em: EntityManager, caller: Caller, id: string, version: number): Promise<MemberEntity> {
    const member = await em.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!member || !(await this.access.passes(em, 'Member', 'read', caller, id))) throw new NotFoundError(ENTITY, id);
    if (!(await this.access.passes(em, 'Member', 'write', caller, id))) throw MemberErrors.OUTSIDE_SCOPE({ member: member.name });
    if (member.status === MemberStatus.Merged) {
      throw MemberErrors.MERGED({ member: member.name }, { field: 'id', extensions: { mergedIntoId: member.mergedIntoId } });
    }
    if (member.version !== version) {
      throw MemberErrors.STALE_VERSION(
        { name: member.name, current: member.version, read: version },
        { field: 'input.version', extensions: { currentVersion: member.version } },
      );
    }
    return member;
  }

  /** A change of a member's links: the writer adds them, bumps the version, re-derives and audits. */
  private async linkChanged(
    em: EntityManager,
    caller: Caller,
    before: MemberEntity,
    operation: string,
    metadata: Record<string, unknown>,
    add: Pick<MemberWrite, 'memberships' | 'enterprises'> = {},
  ): Promise<MemberEntity> {
    const values = memberValuesOf(before);
    await this.writer.write(em, caller, [{ id: before.id, field: 'input', before: values, values, ...add, audit: { operation, metadata } }]);
    return em.findOneByOrFail(MemberEntity, { id: before.id });
  }

  private membershipToAdd(m: ChamberMembershipInput, field: string): MembershipToAdd {
    return { chamberId: m.chamberId, joinedOn: m.joinedOn ?? null, positions: m.position ? [m.position] : [], positionStartsOn: m.positionStartsOn ?? null, field };
  }

  /** The enterprise a link names: an existing one, or a new one created (and audited) first. */
  private async enterpriseFor(em: EntityManager, link: EnterpriseLinkInput, field: string): Promise<string> {
    if (!!link.enterpriseId === !!link.enterprise) throw MemberErrors.ENTERPRISE_LINK_EITHER({}, { field });
    const enterprise = link.enterpriseId
      ? await this.enterprises.requireForLink(em, link.enterpriseId, `${field}.enterpriseId`)
      : await this.enterprises.createIn(em, link.enterprise as NonNullable<EnterpriseLinkInput['enterprise']>, `${field}.enterprise`);
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
    if (!parsed.ok) throw MemberErrors.INVALID_ID_NUMBER({ problem: idNumberProblem(parsed.reason) }, { field: 'input.idNumber' });
    if (birthDate && birthDate !== parsed.birthDate) {
      throw MemberErrors.BIRTH_DATE_DISAGREES({ birthDate }, { field: opts.idChanged && !opts.birthDateGiven ? 'input.idNumber' : 'input.birthDate' });
    }
    const idGender = parsed.gender === 'MALE' ? Gender.Male : Gender.Female;
    if (gender && gender !== idGender) {
      throw MemberErrors.GENDER_DISAGREES({ gender: genderText(gender) }, { field: opts.idChanged && !opts.genderGiven ? 'input.idNumber' : 'input.gender' });
    }
    return { idNumber: parsed.value, birthDate: parsed.birthDate, gender: idGender };
  }

  private checkPhones(raw: string[]): string[] {
    const out: string[] = [];
    raw.forEach((value, i) => {
      const parsed = normalizePhone(value);
      if (!parsed.ok) throw MemberErrors.INVALID_PHONE({ phone: value, problem: phoneProblem(parsed.reason) }, { field: `input.phones.${i}` });
      if (!out.includes(parsed.value)) out.push(parsed.value);
    });
    return out;
  }

  private checkNoRepeats<T>(items: T[], key: (item: T) => string, path: string, leaf: string, what: Localized): void {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) throw MemberErrors.LIST_REPEATS({ what }, { field: `${path}.${i}.${leaf}` });
      seen.add(k);
    });
  }

  private async checkRegions(hometownCode: string | null, currentRegionCode: string | null): Promise<void> {
    if (hometownCode && !(await this.regions.isHomeCounty(hometownCode))) {
      throw MemberErrors.NOT_HOME_COUNTY({ code: hometownCode }, { field: 'input.hometownCode' });
    }
    if (currentRegionCode) await this.regions.require(currentRegionCode, 'input.currentRegionCode');
  }

  private async checkPoliticalRoles(roles: PoliticalRoleInput[], path: string): Promise<void> {
    for (const [i, r] of roles.entries()) {
      if (r.startsOn && r.endsOn && r.endsOn <= r.startsOn) throw MemberErrors.DATES_REVERSED({}, { field: `${path}.${i}.endsOn` });
      if (r.regionCode) await this.regions.require(r.regionCode, `${path}.${i}.regionCode`);
    }
  }

  /** CONFLICT when another (non-merged) member holds the ID number; names it if the caller may read it. */
  private async checkIdNumberFree(em: EntityManager, caller: Caller, idNumber: string, selfId: string | null): Promise<void> {
    const [holder] = (await em.query(`SELECT id FROM member WHERE id_number = $1 AND status <> 'MERGED' AND id IS DISTINCT FROM $2::uuid`, [idNumber, selfId])) as { id: string }[];
    if (!holder) return;
    const visible = await this.access.passes(em, 'Member', 'read', caller, holder.id);
    throw MemberErrors.ID_NUMBER_TAKEN({}, { field: 'input.idNumber', extensions: visible ? { holderId: holder.id } : {} });
  }

  private async run<T>(ctx: MemberErrorContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      throw translateMemberError(error, ctx);
    }
  }
}
