import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { ChamberEntity, ChamberLeadershipService, ChamberService, ChamberStatus, ChamberTermEntity, MemberPositionRow, PositionType, translateLeadershipError } from '@crm/chamber';
import { AppError } from '@crm/shared';
import type { PoliticalRoleInput } from '../dtos/inputs/member-link.inputs';
import { MemberWriteGuards } from './member-write-guards';
import { EnterpriseRole, Gender, MemberDesignation, MemberSource, MemberStatus } from '../entities/member.enums';
import { memberChamberStatusText, MemberErrors, memberScopeError } from '../exceptions/member.errors';
import { parseIdNumber } from '../utils/id-number';
import { normalizePersonName } from '../utils/person-name';
import { toNameInitials, toNamePinyin } from '../utils/name-pinyin';

/** The stored fields of a member, as a change leaves them. */
export interface MemberValues {
  name: string;
  gender: Gender | null;
  birthDate: string | null;
  idNumber: string | null;
  phones: string[];
  wechat: string | null;
  email: string | null;
  address: string | null;
  hometownCode: string | null;
  currentRegionCode: string | null;
  designations: MemberDesignation[];
  tags: string[];
  source: MemberSource;
  sourceNote: string | null;
  status: MemberStatus;
  note: string | null;
}

/** A membership to add, with an optional position in the chamber's running term. */
export interface MembershipToAdd {
  chamberId: string;
  joinedOn?: string | null;
  positions?: PositionType[];
  positionStartsOn?: string | null;
  /** Where an error about this membership points (`input.memberships.0`); absent in bulk. */
  field?: string;
  /** The member already belongs to the chamber: only the positions are new. */
  alreadyMember?: boolean;
  /**
   * A membership that has ended (history, e.g. from an old list): recorded with its dates, not
   * current, so it adds no chamber to the member's current ones and takes no position; the
   * chamber need not be live any more.
   */
  leftOn?: string | null;
}

/**
 * One member's change: a new member (no `before`) or an existing one the caller has locked
 * (`before`, with the version it read), its values afterwards, and links to add.
 */
export interface MemberWrite {
  id: string;
  before?: (MemberValues & { version: number }) | null;
  values: MemberValues;
  memberships?: MembershipToAdd[];
  /** Enterprise roles to add (an existing link keeps its roles and gains these). */
  enterprises?: { enterpriseId: string; roles: EnterpriseRole[] }[];
  /** Replaces the member's political roles when given. */
  politicalRoles?: PoliticalRoleInput[];
  audit: { operation: string; metadata?: Record<string, unknown> };
  /** The input path errors about this member point to (`input`); absent in bulk. */
  field?: string;
  /** When a new member was registered, if earlier than now (a historic list); ISO timestamp. */
  registeredAt?: string;
}

/** A member as lockWithLinks reads it: values, version and current links. */
export interface LockedMember extends MemberValues {
  version: number;
  /** Chambers it currently belongs to. */
  chambers: Set<string>;
  /** `termId|position` of the posts it holds. */
  positions: Set<string>;
  enterprises: { enterpriseId: string; name: string; creditCode: string | null; roles: string[] }[];
}

/** Members a partial write left out, each with the refusal that would have been thrown. */
export interface MemberWriteResult {
  refused: { write: MemberWrite; error: AppError }[];
}

export interface MemberWriteOptions {
  /** Leave refused members out (reported in the result) instead of refusing the whole call. */
  partial?: boolean;
  /** Runs after every check, before the first write, with the members that will be written. */
  beforeWrite?: (accepted: MemberWrite[]) => Promise<void>;
  /** Who the audit trail names, when not the request's caller (an import job runs as its uploader). */
  actor?: AuditRecord['actor'];
  /** Who registered new members (default: the caller). */
  registeredBy?: string;
  /**
   * Names this transaction's member writes in the identity change log, so the writer can leave
   * its own changes out when it asks what changed (MemberIdentityChanges.since: an import's
   * batches do not make it look again at its own rows). Lasts until the transaction ends.
   */
  tag?: string;
}

const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

/** Every stored field of a member, in one list: what a change sets, what the audit trail records. */
const MEMBER_VALUE_KEYS = [
  'name', 'gender', 'birthDate', 'idNumber', 'phones', 'wechat', 'email', 'address', 'hometownCode', 'currentRegionCode',
  'designations', 'tags', 'source', 'sourceNote', 'status', 'note',
] as const satisfies readonly (keyof MemberValues)[];
/** Fails to compile when MemberValues gains a field the list above lacks. */
const everyFieldListed: [Exclude<keyof MemberValues, (typeof MEMBER_VALUE_KEYS)[number]>] extends [never] ? true : never = true;
void everyFieldListed;

const pickValues = (m: MemberValues): MemberValues => Object.fromEntries(MEMBER_VALUE_KEYS.map((k) => [k, m[k]])) as unknown as MemberValues;

/** The fields of a member the audit trail records (personal data is masked by the audit diff). */
export function memberSnapshot(m: MemberValues): Record<string, unknown> {
  return { ...pickValues(m) };
}

/** A loaded member as the writer takes it: its stored values and the version read. */
export function memberValuesOf(m: MemberValues & { version: number }): MemberValues & { version: number } {
  return { ...pickValues(m), version: m.version };
}

const at = (base: string | undefined, leaf: string): string => (base ? `${base}.${leaf}` : leaf);

/**
 * The one writer of members and their links. One member or a thousand go through the same
 * statements (each set-based: a statement per kind of row, not per member), the same checks
 * (live chambers in the caller's reach, positions only where the caller keeps the chamber and
 * it has a running term, the result inside the caller's scope, optimistic versions), the same
 * derived values (pinyin, initials, chamber_ids, completeness through the database's one
 * `member_missing_fields` rule) and the same audit. MemberService, the import, the merge and the
 * scale seed all write members through it. Runs inside the caller's transaction.
 */
@Injectable()
export class MemberWriter {
  constructor(
    private readonly access: AccessService,
    private readonly chambers: ChamberService,
    private readonly leadership: ChamberLeadershipService,
    private readonly audit: AuditService,
    private readonly guards: MemberWriteGuards,
  ) {}

  /**
   * Writes the changes. By default the first refusal throws and nothing is written; with
   * `partial` (a batch of independent rows: the import) a refused member is left out with its
   * reason and the others are written. What only the database can tell (a unique index taken
   * meanwhile, a stale version) still fails the whole call.
   */
  async write(em: EntityManager, caller: Caller, writes: MemberWrite[], options: MemberWriteOptions = {}): Promise<MemberWriteResult> {
    const refused = new Map<MemberWrite, AppError>();
    const judge = (w: MemberWrite, check: () => void): void => {
      if (refused.has(w)) return;
      try {
        check();
      } catch (error) {
        if (!options.partial || !(error instanceof AppError)) throw error;
        refused.set(w, error);
      }
    };
    const ids = new Set<string>();
    for (const w of writes) {
      w.values.name = normalizePersonName(w.values.name);
      judge(w, () => {
        if (ids.has(w.id)) throw MemberErrors.SAME_MEMBER_TWICE({ member: w.values.name }, { field: at(w.field, 'id') });
        ids.add(w.id);
      });
      judge(w, () => this.checkIdentity(w));
    }
    const allMemberships = writes.flatMap((w) => (w.memberships ?? []).map((m) => ({ w, m })));
    // FOR SHARE, positions included: a merge, dissolution or re-election (which lock the chamber
    // for update) waits for this change, while writers adding members to one chamber side by
    // side (two import connections) do not wait for each other; single-holder posts are the
    // unique index's to guard.
    const chambers = await this.chambers.lockMany(em, allMemberships.map(({ m }) => m.chamberId), 'share');
    for (const { w, m } of allMemberships) judge(w, () => this.checkChamber(caller, m, chambers));
    for (const { w, error } of await this.membersAlready(em, allMemberships.filter(({ w }) => !refused.has(w)))) judge(w, () => {
      throw error;
    });
    const terms = await this.leadership.runningTerms(em, allMemberships.filter(({ m }) => m.positions?.length).map(({ m }) => m.chamberId));
    // Posts a member already holds in the running term are not recorded twice (a member who left
    // and rejoins with the same post keeps the one record).
    const held = new Set(
      (await this.leadership.positionsOfMembers(em, [...new Set(allMemberships.filter(({ w, m }) => w.before && m.positions?.length).map(({ w }) => w.id))])).map(
        (p) => `${p.memberId}|${p.termId}|${p.position}`,
      ),
    );
    const positions: (MemberPositionRow & { field?: string; w: MemberWrite })[] = [];
    for (const { w, m } of allMemberships) {
      if (!m.positions?.length) continue;
      judge(w, () => positions.push(...this.positionsOf(caller, w, m, chambers, terms).filter((p) => !held.has(`${p.memberId}|${p.termId}|${p.position}`))));
    }
    for (const w of writes) if (!w.before) judge(w, () => this.checkNewInScope(caller, w, chambers));
    // Rules other modules keep over members (registered MemberWriteGuards), for what is still accepted.
    for (const guard of this.guards.list()) {
      for (const { write, error } of await guard.check(em, writes.filter((w) => !refused.has(w)))) {
        judge(write, () => {
          throw error;
        });
      }
    }

    const accepted = writes.filter((w) => !refused.has(w));
    const memberships = allMemberships.filter(({ w }) => !refused.has(w));
    if (options.tag !== undefined) await em.query(`SELECT set_config('crm.member_write_tag', $1, true)`, [options.tag]);
    // The caller's last step before anything is written, for the accepted members only (the
    // import creates the enterprises they name here, so a refused row leaves none behind).
    await options.beforeWrite?.(accepted);
    await this.insertMembers(em, accepted.filter((w) => !w.before), chambers, options.registeredBy ?? caller.id);
    await this.updateMembers(em, accepted.filter((w) => w.before));
    await this.replacePoliticalRoles(em, accepted.filter((w) => w.politicalRoles));
    const joined = memberships.filter(({ m }) => !m.alreadyMember);
    if (joined.length) {
      await em.query(
        `INSERT INTO chamber_membership (member_id, chamber_id, joined_on, left_on)
         SELECT r.member_id, r.chamber_id, r.joined_on, r.left_on FROM jsonb_to_recordset($1::jsonb) AS r(member_id uuid, chamber_id uuid, joined_on date, left_on date)`,
        [JSON.stringify(joined.map(({ w, m }) => ({ member_id: w.id, chamber_id: m.chamberId, joined_on: m.joinedOn ?? null, left_on: m.leftOn ?? null })))],
      );
    }
    await this.addPositions(em, positions.filter((p) => !refused.has(p.w)), options.actor);
    await this.linkEnterprises(em, accepted);
    const renamed = accepted.filter((w) => w.before && w.before.name !== w.values.name);
    if (renamed.length) await this.leadership.renameHolders(em, renamed.map((w) => ({ memberId: w.id, name: w.values.name })));

    // New members were inserted with their completeness; changed ones are re-derived by the same rule.
    const changed = accepted.filter((w) => w.before);
    if (changed.length) {
      await em.query('SELECT refresh_member_quality($1::uuid[])', [changed.map((w) => w.id)]);
      await this.checkStillInScope(em, caller, changed);
    }
    await this.audit.recordMany(
      em,
      accepted.map((w) => ({
        operation: w.audit.operation,
        entityType: 'Member',
        entityId: w.id,
        before: w.before ? memberSnapshot(w.before) : undefined,
        after: memberSnapshot(w.values),
        metadata: w.audit.metadata,
        ...(options.actor !== undefined ? { actor: options.actor } : {}),
      })),
    );
    return { refused: [...refused].map(([write, error]) => ({ write, error })) };
  }

  /**
   * The ID number decides birth date and gender: missing ones are taken from it, differing ones
   * refused. Judged when a member is new or one of the three changes (a stored legacy value
   * does not block unrelated edits).
   */
  private checkIdentity(w: MemberWrite): void {
    const v = w.values;
    if (!v.idNumber) return;
    if (w.before && w.before.idNumber === v.idNumber && w.before.birthDate === v.birthDate && w.before.gender === v.gender) return;
    const parsed = parseIdNumber(v.idNumber);
    if (!parsed.ok) throw MemberErrors.INVALID_ID_NUMBER({ problem: parsed.reason }, { field: at(w.field, 'idNumber') });
    if (v.birthDate && v.birthDate !== parsed.birthDate) throw MemberErrors.BIRTH_DATE_DISAGREES({ birthDate: v.birthDate }, { field: at(w.field, 'birthDate') });
    const gender = parsed.gender === 'MALE' ? Gender.Male : Gender.Female;
    if (v.gender && v.gender !== gender) throw MemberErrors.GENDER_DISAGREES({ gender: v.gender }, { field: at(w.field, 'gender') });
    v.birthDate = parsed.birthDate;
    v.gender = gender;
  }

  /**
   * Members about to be changed, locked in id order, with what they already have: current
   * chambers, positions (through the chamber library) and enterprises. For bulk writers (the
   * import) that decide per member what is new before handing the changes to write().
   */
  async lockWithLinks(em: EntityManager, ids: string[]): Promise<Map<string, LockedMember>> {
    const result = new Map<string, LockedMember>();
    if (!ids.length) return result;
    const members = (await em.query(
      `SELECT id, name, gender, birth_date::text AS "birthDate", id_number AS "idNumber", phones, wechat, email, address, hometown_code AS "hometownCode",
              current_region_code AS "currentRegionCode", designations::text[] AS designations, tags, note, source, source_note AS "sourceNote", status, version
         FROM member WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    )) as (MemberValues & { id: string; version: number })[];
    for (const { id, ...m } of members) result.set(id, { ...m, chambers: new Set(), positions: new Set(), enterprises: [] });
    const chambers = (await em.query(`SELECT member_id AS "memberId", chamber_id AS "chamberId" FROM chamber_membership WHERE member_id = ANY($1::uuid[]) AND left_on IS NULL`, [
      ids,
    ])) as { memberId: string; chamberId: string }[];
    const enterprises = (await em.query(
      `SELECT l.member_id AS "memberId", e.id AS "enterpriseId", e.name, e.credit_code AS "creditCode", l.roles::text[] AS roles
         FROM member_enterprise l JOIN enterprise e ON e.id = l.enterprise_id WHERE l.member_id = ANY($1::uuid[])`,
      [ids],
    )) as ({ memberId: string } & LockedMember['enterprises'][number])[];
    for (const c of chambers) result.get(c.memberId)?.chambers.add(c.chamberId);
    for (const p of await this.leadership.positionsOfMembers(em, ids)) result.get(p.memberId)?.positions.add(`${p.termId}|${p.position}`);
    for (const { memberId, ...e } of enterprises) result.get(memberId)?.enterprises.push(e);
    return result;
  }

  /** Members join live chambers the caller may read; a past membership only needs the chamber to exist. */
  private checkChamber(caller: Caller, m: MembershipToAdd, chambers: Map<string, ChamberEntity>): void {
    {
      const chamber = chambers.get(m.chamberId);
      if (!chamber || !this.access.admits('Chamber', 'read', caller, chamber)) {
        throw MemberErrors.UNKNOWN_CHAMBER({ id: m.chamberId }, { field: at(m.field, 'chamberId') });
      }
      if (m.leftOn) {
        if (m.positions?.length) throw MemberErrors.PAST_MEMBERSHIP_POSITION({ chamber: chamber.name }, { field: at(m.field, 'positions') });
        if (m.joinedOn && m.leftOn < m.joinedOn) throw MemberErrors.LEFT_BEFORE_JOINED({ leftOn: m.leftOn, joinedOn: m.joinedOn }, { field: at(m.field, 'leftOn') });
        return;
      }
      if (!LIVE.includes(chamber.status)) {
        throw MemberErrors.CHAMBER_NOT_LIVE({ chamber: chamber.name, status: memberChamberStatusText(chamber.status) }, { field: at(m.field, 'chamberId') });
      }
    }
  }

  /** One current membership per member and chamber (the unique index says so too; this names it). */
  private async membersAlready(em: EntityManager, memberships: { w: MemberWrite; m: MembershipToAdd }[]): Promise<{ w: MemberWrite; error: AppError }[]> {
    const existing = memberships.filter(({ w, m }) => w.before && !m.alreadyMember && !m.leftOn);
    if (!existing.length) return [];
    const current = (await em.query(
      `SELECT cm.id, cm.member_id AS "memberId", cm.chamber_id AS "chamberId" FROM chamber_membership cm
         JOIN jsonb_to_recordset($1::jsonb) AS r(member_id uuid, chamber_id uuid) ON cm.member_id = r.member_id AND cm.chamber_id = r.chamber_id
        WHERE cm.left_on IS NULL`,
      [JSON.stringify(existing.map(({ w, m }) => ({ member_id: w.id, chamber_id: m.chamberId })))],
    )) as { id: string; memberId: string; chamberId: string }[];
    return current.flatMap((c) => {
      const hit = existing.find(({ w, m }) => w.id === c.memberId && m.chamberId === c.chamberId);
      return hit ? [{ w: hit.w, error: MemberErrors.ALREADY_MEMBER({ member: hit.w.values.name }, { field: at(hit.m.field, 'chamberId'), extensions: { membershipId: c.id } }) }] : [];
    });
  }

  /** Positions go into running terms of chambers the caller keeps, not before the term began. */
  private positionsOf(
    caller: Caller,
    w: MemberWrite,
    m: MembershipToAdd,
    chambers: Map<string, ChamberEntity>,
    terms: Map<string, ChamberTermEntity>,
  ): (MemberPositionRow & { field?: string; w: MemberWrite })[] {
    const chamber = chambers.get(m.chamberId) as ChamberEntity;
    if (this.access.check('Chamber', 'write', caller, chamber)) throw MemberErrors.POSITIONS_BY_SECRETARIAT({ chamber: chamber.name }, { field: at(m.field, 'position') });
    const term = terms.get(chamber.id);
    if (!term) throw MemberErrors.NO_RUNNING_TERM({ chamber: chamber.name }, { field: at(m.field, 'position') });
    const startsOn = m.positionStartsOn ?? null;
    if (startsOn && startsOn < term.startsOn) {
      throw MemberErrors.POSITION_BEFORE_TERM({ number: term.number, chamber: chamber.name, startsOn: term.startsOn }, { field: at(m.field, 'positionStartsOn') });
    }
    return (m.positions ?? []).map((position) => ({ termId: term.id, chamberId: chamber.id, position, memberId: w.id, startsOn, field: m.field, w }));
  }

  private async addPositions(em: EntityManager, positions: (MemberPositionRow & { field?: string; w: MemberWrite })[], actor: AuditRecord['actor'] | undefined): Promise<void> {
    if (!positions.length) return;
    try {
      // A savepoint, so a single-holder post taken meanwhile can be explained without losing the transaction.
      await em.transaction((inner) => this.leadership.addMemberPositions(inner, positions.map(({ field: _f, w: _w, ...p }) => p), actor));
    } catch (error) {
      for (const p of positions) {
        const translated = await translateLeadershipError(error, em, { termId: p.termId, position: p.position, positionField: at(p.field, 'position') });
        if (translated !== error) throw translated;
      }
      throw error;
    }
  }

  /** A new member must be one the caller may keep (a county's own, a member of the secretariat's chambers). */
  private checkNewInScope(caller: Caller, w: MemberWrite, chambers: Map<string, ChamberEntity>): void {
    const joined = (w.memberships ?? []).map((m) => chambers.get(m.chamberId)).filter((c): c is ChamberEntity => !!c);
    const refusal = this.access.check('Member', 'write', caller, { hometownCode: w.values.hometownCode, chambers: joined });
    if (refusal) throw memberScopeError(refusal, at(w.field, refusal.field));
  }

  /** A change cannot carry a member out of the caller's reach (one statement for the batch). */
  private async checkStillInScope(em: EntityManager, caller: Caller, writes: MemberWrite[]): Promise<void> {
    const scope = this.access.write('Member', caller, 'm');
    if (scope.sql === 'TRUE') return;
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT m.id FROM member m WHERE m.id = ANY(:__ids::uuid[]) AND NOT coalesce((${scope.sql}), false) LIMIT 1`,
      { ...scope.params, __ids: writes.map((w) => w.id) },
      {},
    );
    const [outside] = (await em.query(sql, params)) as { id: string }[];
    if (!outside) return;
    const w = writes.find((x) => x.id === outside.id) as MemberWrite;
    // Name the field when the rule can tell it from the values alone (a county office's hometown).
    const refusal = this.access.check('Member', 'write', caller, { hometownCode: w.values.hometownCode, chambers: [] });
    const field = refusal?.field === 'hometownCode' && w.values.hometownCode !== w.before?.hometownCode ? at(w.field, 'hometownCode') : undefined;
    throw MemberErrors.WOULD_LEAVE_SCOPE({ member: w.values.name }, field ? { field } : {});
  }

  private async insertMembers(em: EntityManager, writes: MemberWrite[], chambers: Map<string, ChamberEntity>, registeredBy: string): Promise<void> {
    if (!writes.length) return;
    const rows = writes.map((w) => {
      // chamber_ids: the current memberships' chambers with their ancestors (past ones do not count).
      const current = (w.memberships ?? []).filter((m) => !m.leftOn).map((m) => chambers.get(m.chamberId) as ChamberEntity);
      return {
        ...this.row(w.id, w.values),
        chamber_ids: [...new Set(current.flatMap((c) => [c.id, ...c.ancestorIds]))].sort(),
        has_enterprise: !!w.enterprises?.length,
        registered_by: registeredBy,
        registered_at: w.registeredAt ?? null,
      };
    });
    // Completeness and chamber_ids go in with the row, so no trigger rewrites it afterwards.
    await em.query(
      `INSERT INTO member (id, name, name_pinyin, name_initials, gender, birth_date, id_number, phones, wechat, email, address, hometown_code,
                           current_region_code, designations, tags, note, source, source_note, status, registered_by, registered_at, chamber_ids, missing_fields, completeness)
       SELECT r.id, r.name, r.name_pinyin, r.name_initials, r.gender, r.birth_date, r.id_number, r.phones, r.wechat, r.email, r.address, r.hometown_code,
              r.current_region_code, r.designations, r.tags, r.note, r.source, r.source_note, r.status, r.registered_by, coalesce(r.registered_at, now()), r.chamber_ids, q.missing,
              10 * (10 - cardinality(q.missing))
         FROM jsonb_to_recordset($1::jsonb) AS r(${ROW_COLUMNS}, registered_by uuid, registered_at timestamptz, chamber_ids uuid[], has_enterprise boolean),
              LATERAL (SELECT member_missing_fields(r.gender, r.birth_date, r.id_number, r.phones, r.wechat, r.address, r.hometown_code,
                                                   r.current_region_code, r.has_enterprise, cardinality(r.chamber_ids) > 0) AS missing) q`,
      [JSON.stringify(rows)],
    );
  }

  /** Every changed member in one UPDATE, each only at the version its writer read. */
  private async updateMembers(em: EntityManager, writes: MemberWrite[]): Promise<void> {
    if (!writes.length) return;
    const [, affected] = (await em.query(
      `UPDATE member m SET name = r.name, name_pinyin = r.name_pinyin, name_initials = r.name_initials, gender = r.gender, birth_date = r.birth_date,
              id_number = r.id_number, phones = r.phones, wechat = r.wechat, email = r.email, address = r.address, hometown_code = r.hometown_code,
              current_region_code = r.current_region_code, designations = r.designations, tags = r.tags, note = r.note, source = r.source, source_note = r.source_note,
              status = r.status, version = m.version + 1, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(${ROW_COLUMNS}, version int)
        WHERE m.id = r.id AND m.version = r.version`,
      [JSON.stringify(writes.map((w) => ({ ...this.row(w.id, w.values), version: w.before?.version })))],
    )) as [unknown, number];
    if (affected !== writes.length) {
      throw MemberErrors.STALE_VERSION({}, { field: at(writes[0].field, 'version') });
    }
  }

  private async replacePoliticalRoles(em: EntityManager, writes: MemberWrite[]): Promise<void> {
    if (!writes.length) return;
    const existing = writes.filter((w) => w.before).map((w) => w.id);
    if (existing.length) await em.query('DELETE FROM member_political_role WHERE member_id = ANY($1::uuid[])', [existing]);
    const rows = writes.flatMap((w) =>
      (w.politicalRoles ?? []).map((r) => ({
        member_id: w.id,
        kind: r.kind,
        level: r.level,
        region_code: r.regionCode ?? null,
        term_number: r.termNumber ?? null,
        starts_on: r.startsOn ?? null,
        ends_on: r.endsOn ?? null,
      })),
    );
    if (!rows.length) return;
    await em.query(
      `INSERT INTO member_political_role (member_id, kind, level, region_code, term_number, starts_on, ends_on)
       SELECT r.member_id, r.kind::political_role_kind, r.level::political_level, r.region_code, r.term_number, r.starts_on, r.ends_on
         FROM jsonb_to_recordset($1::jsonb) AS r(member_id uuid, kind text, level text, region_code char(6), term_number int, starts_on date, ends_on date)`,
      [JSON.stringify(rows)],
    );
  }

  /** Links in the order given after any the member has; an existing link gains the new roles. */
  private async linkEnterprises(em: EntityManager, writes: MemberWrite[]): Promise<void> {
    const links = writes.flatMap((w) => (w.enterprises ?? []).map((e, i) => ({ member_id: w.id, enterprise_id: e.enterpriseId, roles: [...new Set(e.roles)], sort_order: i })));
    if (!links.length) return;
    await em.query(
      `INSERT INTO member_enterprise (member_id, enterprise_id, roles, sort_order)
       SELECT r.member_id, r.enterprise_id, r.roles::enterprise_role[],
              r.sort_order + coalesce((SELECT max(x.sort_order) + 1 FROM member_enterprise x WHERE x.member_id = r.member_id), 0)
         FROM jsonb_to_recordset($1::jsonb) AS r(member_id uuid, enterprise_id uuid, roles text[], sort_order int)
       ON CONFLICT (member_id, enterprise_id) DO UPDATE
          SET roles = ARRAY(SELECT DISTINCT x FROM unnest(member_enterprise.roles || EXCLUDED.roles) AS x ORDER BY x)`,
      [JSON.stringify(links)],
    );
  }

  private row(id: string, v: MemberValues) {
    return {
      id,
      name: v.name,
      name_pinyin: toNamePinyin(v.name),
      name_initials: toNameInitials(v.name),
      gender: v.gender,
      birth_date: v.birthDate,
      id_number: v.idNumber,
      phones: v.phones,
      wechat: v.wechat,
      email: v.email,
      address: v.address,
      hometown_code: v.hometownCode,
      current_region_code: v.currentRegionCode,
      designations: v.designations,
      tags: v.tags,
      note: v.note,
      source: v.source,
      source_note: v.sourceNote,
      status: v.status,
    };
  }
}

const ROW_COLUMNS = `id uuid, name text, name_pinyin text, name_initials text, gender gender, birth_date date, id_number text, phones varchar[],
  wechat text, email text, address text, hometown_code char(6), current_region_code char(6), designations member_designation[], tags varchar[],
  note text, source member_source, source_note text, status member_status`;
