import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { RegionService } from '@crm/region';
import { AppConfig, ConnectionResult, decodeCursor, encodeCursor } from '@crm/shared';
import { MemberDuplicatesArgs } from '../dtos/args/member-duplicates.args';
import { MemberDuplicateCandidatesInput } from '../dtos/inputs/member-duplicate-candidates.input';
import {
  DUPLICATE_CERTAINTY,
  DUPLICATE_RULE_ORDER,
  DuplicateCertainty,
  DuplicateGroupDto,
  DuplicateRule,
  MAX_DUPLICATE_CANDIDATES,
  MAX_GROUP_MEMBERS,
} from '../dtos/member-duplicates.dto';
import { MemberDto } from '../dtos/member.dto';
import { MemberEntity } from '../entities/member.entity';
import { idNumberProblem, MemberErrors, phoneProblem } from '../exceptions/member.errors';
import { parseIdNumber } from '../utils/id-number';
import { normalizePhone } from '../utils/phone';

/** A keyed hash of what the members share: stable, comparable, and no personal data in it. */
const KEY = (parts: string) =>
  `left(encode(sha256(convert_to(:__keySalt || ${parts}, 'UTF8')), 'hex'), 32)`;
const SEP = `chr(31)`;

/**
 * The rules, written once for both uses: the groups among existing members (groupsQuery) and the
 * candidates for a member about to be registered (likelyDuplicatesFor).
 * - `from`: the rows that take part, over a member relation aliased `m` (the member table, or
 *   the one row of values not saved yet);
 * - `where`: which of those rows can take part;
 * - `groupBy`: what the members must share (for candidates: compared with the new values);
 * - `key`: the group's keyed hash (computed per group, never per member);
 * - `probe`: for candidates, a condition the index answers that every member sharing the new
 *   values passes (the exact comparison is `groupBy`); groups need no index, see groupsQuery.
 */
interface RuleSql {
  from(member: string): string;
  where: string;
  groupBy: string;
  key: string;
  probe: string;
}

const RULES: Readonly<Record<DuplicateRule, RuleSql>> = {
  // Upper case: legacy rows may hold 33…x next to 33…X, which the unique index lets through.
  [DuplicateRule.SameIdNumber]: {
    from: (member) => `${member} m`,
    where: 'm.id_number IS NOT NULL',
    groupBy: 'upper(m.id_number)',
    key: KEY(`'SAME_ID_NUMBER' || ${SEP} || upper(m.id_number)`),
    // ux_member_id_number, for both spellings of the check character.
    probe: 'm.id_number = ANY(:__newIdSpellings::varchar[])',
  },
  // Each phone once per member, even if a legacy row lists it twice.
  [DuplicateRule.SameNamePhone]: {
    from: (member) => `${member} m CROSS JOIN LATERAL unnest(m.phones) WITH ORDINALITY AS p(phone, n)`,
    where: 'p.phone <> ALL(m.phones[1:(p.n - 1)::int])',
    groupBy: 'm.name, p.phone',
    key: KEY(`'SAME_NAME_PHONE' || ${SEP} || m.name || ${SEP} || p.phone`),
    // ix_member_phone_suffixes: a whole number's digits are one of its suffixes.
    probe: 'm.phone_keys && :__newPhoneKeys::text[]',
  },
  [DuplicateRule.SameNameBirthHometown]: {
    from: (member) => `${member} m`,
    where: 'm.birth_date IS NOT NULL AND m.hometown_code IS NOT NULL',
    groupBy: 'm.name, m.birth_date, m.hometown_code',
    key: KEY(`'SAME_NAME_BIRTH_HOMETOWN' || ${SEP} || m.name || ${SEP} || to_char(m.birth_date, 'YYYY-MM-DD') || ${SEP} || m.hometown_code`),
    // ix_member_search_bigrams: search_keys holds the character pairs of the name (and more).
    probe: 'm.search_keys @> search_bigrams(:__newName)',
  },
};

/**
 * The member about to be registered, as a one-row relation with the member table's column
 * names and types, so the rules read it exactly as they read saved members.
 */
const NEW_MEMBER = `(SELECT CAST(:__newName AS varchar) AS name, CAST(:__newPhones AS varchar[]) AS phones,
  CAST(:__newIdNumber AS varchar) AS id_number, CAST(:__newBirthDate AS date) AS birth_date, CAST(:__newHometown AS char(6)) AS hometown_code)`;

/** What is known of a member about to be registered (likelyDuplicatesFor). */
export interface NewMemberIdentity {
  name: string;
  /** Normalised as the write path stores them (others are compared as given). */
  phones?: readonly string[] | null;
  /** Compared in upper case. */
  idNumber?: string | null;
  /** YYYY-MM-DD; when missing, taken from a valid ID number. */
  birthDate?: string | null;
  hometownCode?: string | null;
}

/** An existing member that may be the new one, under the strongest rule that says so. */
export interface DuplicateCandidate {
  rule: DuplicateRule;
  certainty: DuplicateCertainty;
  member: MemberEntity;
}

interface GroupRow {
  ord: number;
  key: string;
  size: number;
  ids: string[];
  total: number;
}

/**
 * Duplicate detection: groups of non-merged members that a rule says are one person, among the
 * members the caller may read (a group needs two of them), narrowed by chamber subtree or home
 * county. A page is computed by one statement (a GROUP BY per rule over the members in scope,
 * groups with the same members kept once under the strongest rule, keyset on rule and key),
 * and its members are loaded by a second one, whatever the page size.
 */
@Injectable()
export class MemberDuplicatesService {
  private readonly keySalt: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    config: AppConfig,
  ) {
    // Derived from the server secret, so a key cannot be reversed by hashing candidate ID
    // numbers or phones; it changes only when JWT_SECRET does.
    this.keySalt = createHash('sha256').update(`crm:member-duplicates:${config.JWT_SECRET ?? ''}`).digest('hex');
  }

  async list(caller: Caller, args: MemberDuplicatesArgs): Promise<ConnectionResult<DuplicateGroupDto>> {
    const { sql, params } = await this.groupsQuery(caller, args);
    const page: Record<string, unknown> = { ...params, __limit: args.first + 1 };
    let keyset = '';
    if (args.after) {
      const [ord, key] = decodeCursor(args.after, 2);
      if (!/^[1-9]$/.test(ord) || !/^[0-9a-f]{32}$/.test(key)) throw MemberErrors.DUPLICATES_NOT_A_CURSOR({}, { field: 'after' });
      keyset = 'WHERE (g.ord, g.key) > (:__afterOrd::int, :__afterKey::text)';
      Object.assign(page, { __afterOrd: ord, __afterKey: key });
    }
    // The whole set of groups is computed for any page anyway: counting it on the way (before
    // the keyset filter) makes totalCount free unless the page is empty.
    const rows = (await this.query(
      `SELECT g.ord, g.key, g.size, g.ids, g.total FROM (SELECT d.*, count(*) OVER ()::int AS total FROM (${sql}) d) g ${keyset} ORDER BY g.ord, g.key LIMIT :__limit`,
      page,
    )) as GroupRow[];
    const hasNextPage = rows.length > args.first;
    const groups = rows.slice(0, args.first);
    const members = await this.loadMembers(caller, groups.flatMap((g) => g.ids));
    const edges = groups.map((g) => {
      const rule = DUPLICATE_RULE_ORDER[g.ord - 1];
      return {
        cursor: encodeCursor([String(g.ord), g.key]),
        node: {
          rule,
          certainty: DUPLICATE_CERTAINTY[rule],
          key: g.key,
          size: g.size,
          members: g.ids.flatMap((id) => {
            const m = members.get(id);
            return m ? [MemberDto.from(m)] : [];
          }),
        },
      };
    });
    return {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: async () => {
        if (rows.length) return rows[0].total;
        const [row] = (await this.query(`SELECT count(*)::int AS n FROM (${sql}) g`, params)) as { n: number }[];
        return row.n;
      },
    };
  }

  /**
   * `memberDuplicateCandidates`: the form's values checked as createMember checks them (the
   * field at fault named), then likelyDuplicatesFor.
   */
  async candidates(caller: Caller, input: MemberDuplicateCandidatesInput): Promise<DuplicateCandidate[]> {
    // The rule of the search box: matching on an ID number or a whole phone is a search by
    // personal data (today every role that registers members holds the permission).
    if (!this.access.seesPersonalData(caller) && (input.idNumber || input.phones?.length)) {
      throw MemberErrors.DUPLICATE_MATCH_NEEDS_PERSONAL_DATA();
    }
    let idNumber: string | null = null;
    let birthDate = input.birthDate ?? null;
    if (input.idNumber) {
      const parsed = parseIdNumber(input.idNumber);
      if (!parsed.ok) throw MemberErrors.DUPLICATE_CHECK_ID_NUMBER({ problem: idNumberProblem(parsed.reason) }, { field: 'input.idNumber' });
      idNumber = parsed.value;
      birthDate ??= parsed.birthDate;
    }
    const phones = (input.phones ?? []).map((raw, i) => {
      const phone = normalizePhone(raw);
      if (!phone.ok) throw MemberErrors.DUPLICATE_CHECK_PHONE({ phone: raw, problem: phoneProblem(phone.reason) }, { field: `input.phones.${i}` });
      return phone.value;
    });
    if (input.hometownCode && !(await this.regions.isHomeCounty(input.hometownCode))) {
      throw MemberErrors.NOT_HOME_COUNTY({ code: input.hometownCode }, { field: 'input.hometownCode' });
    }
    return this.likelyDuplicatesFor(null, caller, { name: input.name, phones, idNumber, birthDate, hometownCode: input.hometownCode ?? null });
  }

  /**
   * The non-merged members the caller may read that the duplicate rules say may be the member
   * described by `values` (not saved yet): the same ID number (CERTAIN), the same name and a
   * phone in common (LIKELY), the same name, birth date and hometown (POSSIBLE). Each member
   * once, under its strongest rule; strongest first, then oldest registration; at most
   * MAX_DUPLICATE_CANDIDATES. Two statements whatever the values (the matches, then the
   * members); each rule is reached through an index (RULES.probe). Values are not checked
   * here: the write path passes what it is about to store. With `em`, inside its transaction.
   */
  async likelyDuplicatesFor(em: EntityManager | null, caller: Caller, values: NewMemberIdentity): Promise<DuplicateCandidate[]> {
    const manager = em ?? this.dataSource.manager;
    const name = values.name.trim();
    const phones = [...new Set((values.phones ?? []).map((p) => p.trim()).filter((p) => p))];
    const idNumber = values.idNumber?.trim().toUpperCase() || null;
    let birthDate = values.birthDate ?? null;
    if (!birthDate && idNumber) {
      const parsed = parseIdNumber(idNumber);
      if (parsed.ok) birthDate = parsed.birthDate;
    }
    const hometownCode = values.hometownCode ?? null;
    const rules = DUPLICATE_RULE_ORDER.filter((rule) => {
      if (rule === DuplicateRule.SameIdNumber) return !!idNumber;
      if (rule === DuplicateRule.SameNamePhone) return phones.length > 0;
      return !!birthDate && !!hometownCode;
    });
    if (!name || !rules.length) return [];

    const read = this.access.read('Member', caller, 'm');
    const params: Record<string, unknown> = {
      ...read.params,
      __newName: name,
      __newPhones: phones,
      __newIdNumber: idNumber,
      __newBirthDate: birthDate,
      __newHometown: hometownCode,
      // The check character is the only letter of an ID number.
      __newIdSpellings: idNumber ? [idNumber, idNumber.toLowerCase()] : [],
      __newPhoneKeys: phones.map((p) => p.replace(/\D/g, '')).filter((d) => d.length >= 4),
      __limit: MAX_DUPLICATE_CANDIDATES,
    };
    // Per rule: the members in scope that pass the index probe and share the rule's values with
    // the new member, those values computed by the rule itself from NEW_MEMBER.
    const branches = rules.map((rule) => {
      const r = RULES[rule];
      return `SELECT ${DUPLICATE_RULE_ORDER.indexOf(rule) + 1} AS ord, m.id FROM ${r.from('member')}
        WHERE m.status <> 'MERGED' AND ${read.sql} AND ${r.where} AND ${r.probe}
          AND (${r.groupBy}) IN (SELECT ${r.groupBy} FROM ${r.from(NEW_MEMBER)} WHERE ${r.where})`;
    });
    const rows = (await this.query(
      `SELECT c.id, c.ord FROM (SELECT b.id, min(b.ord) AS ord FROM (${branches.join('\nUNION ALL\n')}) b GROUP BY b.id) c
       JOIN member mm ON mm.id = c.id ORDER BY c.ord, mm.registered_at, mm.id LIMIT :__limit`,
      params,
      manager,
    )) as { id: string; ord: number }[];
    const members = await this.loadMembers(caller, rows.map((r) => r.id), manager);
    return rows.flatMap((r) => {
      const member = members.get(r.id);
      const rule = DUPLICATE_RULE_ORDER[r.ord - 1];
      return member ? [{ rule, certainty: DUPLICATE_CERTAINTY[rule], member }] : [];
    });
  }

  /** The groups of the caller's scope, one row each: rule ordinal, key, size, member ids. */
  private async groupsQuery(caller: Caller, args: MemberDuplicatesArgs): Promise<{ sql: string; params: Record<string, unknown> }> {
    const read = this.access.read('Member', caller, 'm');
    const conditions = [`m.status <> 'MERGED'`, read.sql];
    const params: Record<string, unknown> = { ...read.params, __keySalt: this.keySalt };
    const scope = args.scope ?? {};
    if (scope.chamberId) {
      const chambers = this.access.read('Chamber', caller, 'c');
      const found = (await this.query(`SELECT 1 FROM chamber c WHERE c.id = :__chamber AND ${chambers.sql}`, { ...chambers.params, __chamber: scope.chamberId })) as unknown[];
      if (!found.length) throw MemberErrors.UNKNOWN_CHAMBER({ id: scope.chamberId }, { field: 'scope.chamberId' });
      // chamber_ids: current memberships' chambers and their ancestors (kept by triggers).
      conditions.push('m.chamber_ids @> ARRAY[:__scopeChamberId]::uuid[]');
      params.__scopeChamberId = scope.chamberId;
    }
    if (scope.countyCode) {
      if (!(await this.regions.isHomeCounty(scope.countyCode))) {
        throw MemberErrors.NOT_A_HOME_COUNTY({ code: scope.countyCode }, { field: 'scope.countyCode' });
      }
      conditions.push('m.hometown_code = :__dupCounty');
      params.__dupCounty = scope.countyCode;
    }
    const rules = args.rule ? [args.rule] : DUPLICATE_RULE_ORDER;
    // Two passes per rule: a hash aggregate finds the shared values held by 2+ members (cheap:
    // no per-group arrays), then only the members holding one of them are collected and sorted.
    // Collecting ordered arrays in the first pass sorted the whole table per rule (4–5 s for
    // one page at 250,000 members; this way about 3 s for all three rules, count included).
    const branches = rules.map((rule) => {
      const r = RULES[rule];
      const where = [...conditions, r.where].join(' AND ');
      return `SELECT ${DUPLICATE_RULE_ORDER.indexOf(rule) + 1} AS ord, ${r.key} AS key, count(*)::int AS size,
          (array_agg(m.id ORDER BY m.registered_at, m.id))[1:${MAX_GROUP_MEMBERS}] AS ids,
          array_agg(m.id ORDER BY m.id) AS id_set
        FROM ${r.from('member')}
        WHERE ${where} AND (${r.groupBy}) IN (SELECT ${r.groupBy} FROM ${r.from('member')} WHERE ${where} GROUP BY ${r.groupBy} HAVING count(*) > 1)
        GROUP BY ${r.groupBy}`;
    });
    // The same members found by two rules (or by two shared phones) are one group, listed
    // under the strongest rule and the smallest key.
    const sql = `SELECT DISTINCT ON (d.id_set) d.ord, d.key, d.size, d.ids FROM (${branches.join('\nUNION ALL\n')}) d ORDER BY d.id_set, d.ord, d.key`;
    return { sql, params };
  }

  /** The members of a page's groups in one statement, through the caller's read scope again. */
  private async loadMembers(caller: Caller, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MemberEntity>> {
    if (!ids.length) return new Map();
    const read = this.access.read('Member', caller, 'm');
    const rows = await manager
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .where('m.id = ANY(:ids::uuid[])', { ids: [...new Set(ids)] })
      .andWhere(`m.status <> 'MERGED'`)
      .andWhere(read.sql, read.params)
      .getMany();
    return new Map(rows.map((m) => [m.id, m]));
  }

  private query(sql: string, params: Record<string, unknown>, manager: EntityManager = this.dataSource.manager): Promise<unknown[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
    return manager.query(text, values) as Promise<unknown[]>;
  }
}
