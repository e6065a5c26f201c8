import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { leanQuery } from '@crm/database';
import { ChamberEntity, ChamberLeadershipService, ChamberPositionEntity, ChamberService, ChamberTermEntity } from '@crm/chamber';
import { byKeys, ConnectionResult, escapeLike, FieldSelection, groupByKeys, KeysetOptions, keysetPage, keysetPageOfRows, NotFoundError, requestLoader } from '@crm/shared';
import { MemberFilterInput, MembersArgs } from '../dtos/args/members.args';
import { MemberSort } from '../dtos/member-enums.graphql';
import { MemberDto } from '../dtos/member.dto';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { MemberEnterpriseEntity } from '../entities/member-enterprise.entity';
import { MemberPoliticalRoleEntity } from '../entities/member-political-role.entity';
import { MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { MemberErrors } from '../exceptions/member.errors';
import { parseSearchTerm, PHONE_SUFFIX_MIN_DIGITS } from '../utils/search-term';
import { EnterpriseService } from './enterprise.service';
import { MemberReadModel } from './member-read-model';

/**
 * The expression `ix_member_search_trgm` indexes (migration Members), over a member alias: it must
 * stay identical, or the planner can no longer use it. `search_keys` holds search_bigrams() of the
 * same text.
 */
const searchExpr = (alias: string) => `(${alias}.name || ' ' || ${alias}.name_pinyin || ' ' || ${alias}.name_initials)`;

const SORT_KEYS: Readonly<Record<MemberSort, Pick<KeysetOptions, 'keys' | 'direction'>>> = {
  [MemberSort.Name]: { keys: ['m.name_pinyin', 'm.id'], direction: 'ASC' },
  [MemberSort.RegisteredAt]: { keys: ['m.registered_at', 'm.id'], direction: 'DESC' },
  [MemberSort.Completeness]: { keys: ['m.completeness', 'm.id'], direction: 'ASC' },
};

/**
 * The same orders, written so that no index can produce them. Used when a filter is known to
 * match a handful of rows (a phone suffix, an ID number): their keys are nearly all distinct, so
 * PostgreSQL keeps no statistics on them, assumes 0.5% of the table matches, and would walk the
 * name index expecting a page soon — through all 250,000 rows (a second per request). Fenced,
 * it fetches the few matches through the GIN or unique index and sorts them. Searches are fenced
 * too, unless the term is very common (see searchCondition).
 */
const FENCED_SORT_KEYS: Readonly<Record<MemberSort, Pick<KeysetOptions, 'keys' | 'direction'>>> = {
  [MemberSort.Name]: { keys: [`(m.name_pinyin || '')`, 'm.id'], direction: 'ASC' },
  [MemberSort.RegisteredAt]: { keys: [`(m.registered_at + interval '0')`, 'm.id'], direction: 'DESC' },
  [MemberSort.Completeness]: { keys: ['(m.completeness + 0)', 'm.id'], direction: 'ASC' },
};

/** The selection behind `members(filter, sort)`, before paging (see MemberQueryService.filteredQuery). */
export interface FilteredMemberQuery {
  /** Over `member m`, one row per member, no ORDER BY or LIMIT yet. */
  qb: SelectQueryBuilder<MemberEntity>;
  /** The sort keys (SQL over `m`, the last one `m.id`) and their one direction. */
  keyset: Pick<KeysetOptions, 'keys' | 'direction'>;
  /** Whether the keys are the fenced ones (written so no index produces the order). */
  fenced: boolean;
}

/**
 * A name pair this common (share of members) comes often enough in the name order that walking
 * it finds a page at once; an enterprise word this common (share of enterprises) likewise.
 */
const COMMON_NAME_PAIR = 0.03;
const COMMON_ENTERPRISE_PAIR = 0.01;

/** How many digits of a phone a mask shows: a longer suffix search would reveal more. */
const MASKED_PHONE_DIGITS = 4;

/** The code range of a region and everything below it (GB/T 2260 codes nest by prefix). */
export function regionCodeRange(code: string): [string, string] {
  if (code.endsWith('0000')) return [code, `${code.slice(0, 2)}9999`];
  if (code.endsWith('00')) return [code, `${code.slice(0, 4)}99`];
  return [code, code];
}

/**
 * The read side of members: the filtered, sorted list and the request-scoped loaders for what
 * hangs off a member (memberships, positions, enterprises, political roles). Every read is ANDed
 * with the caller's scope (AccessService); every loader is one statement per request.
 */
@Injectable()
export class MemberQueryService {
  private keyStats: { member: ReadonlyMap<string, number>; enterprise: ReadonlyMap<string, number>; readAt: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly enterprises: EnterpriseService,
    private readonly chambers: ChamberService,
    private readonly leadership: ChamberLeadershipService,
    private readonly readModel: MemberReadModel,
  ) {}

  /**
   * One member in the caller's read scope (NOT_FOUND otherwise), read lean: the columns and
   * relations `selection` asks for, in one statement (see MemberReadModel).
   */
  async visible(caller: Caller, id: string, selection: FieldSelection): Promise<MemberDto> {
    const scope = this.access.read('Member', caller, 'm');
    const plan = this.readModel.plan(caller, 'm', selection);
    // Written out rather than through a query builder: on the hottest lookup, building the
    // statement cost more than running it.
    const columns = plan.columns.map(([expr, alias]) => `${expr} AS "${alias}"`).join(', ');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${columns} FROM member m WHERE m.id = :__id AND (${scope.sql})`,
      { ...scope.params, ...plan.params, __id: id },
      {},
    );
    const [row] = await leanQuery<Record<string, unknown>>(this.dataSource, sql, params);
    if (!row) throw new NotFoundError('Member', id);
    return plan.toDto(row);
  }

  /**
   * Members by id, those in the caller's read scope (MERGED tombstones included), read lean as
   * `visible` reads one: one statement for the lot, in no particular order. The change feed
   * (@crm/integration) loads a page's records with it.
   */
  async visibleMany(caller: Caller, ids: readonly string[], selection: FieldSelection): Promise<MemberDto[]> {
    if (!ids.length) return [];
    const scope = this.access.read('Member', caller, 'm');
    if (scope.sql === 'FALSE') return [];
    const plan = this.readModel.plan(caller, 'm', selection);
    const columns = plan.columns.map(([expr, alias]) => `${expr} AS "${alias}"`).join(', ');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${columns} FROM member m WHERE m.id = ANY(string_to_array(:__ids, ',')::uuid[]) AND (${scope.sql})`,
      { ...scope.params, ...plan.params, __ids: ids.join(',') },
      {},
    );
    return (await leanQuery<Record<string, unknown>>(this.dataSource, sql, params)).map((row) => plan.toDto(row));
  }

  /**
   * A page of members. Which index serves what is listed in docs/members.md; the sort keys each
   * have their own (key, id) index, so a page is an index walk, never an OFFSET.
   */
  async list(caller: Caller, args: MembersArgs, selection?: FieldSelection): Promise<ConnectionResult<MemberDto>> {
    const { query, walksSearch } = await this.build(caller, args.filter, args.sort, 'page');
    const keyset = { ...query.keyset, first: args.first, after: args.after };
    let page: ConnectionResult<MemberDto>;
    if (selection) {
      // What the query selects, relations included, in the page's one statement.
      const plan = this.readModel.plan(caller, 'm', selection);
      query.qb.setParameters(plan.params);
      page = await keysetPageOfRows(query.qb, { ...keyset, columns: plan.columns, run: (sql, params) => leanQuery(this.dataSource, sql, params) }, plan.toDto);
    } else {
      page = await keysetPage(query.qb, keyset, MemberDto.from);
    }
    if (!walksSearch) return page;
    // The page checked members one by one along the sort order; a count must read every match,
    // which the ORed index scans do at a fraction of the cost (see searchCondition).
    return { ...page, totalCount: async () => (await this.build(caller, args.filter, args.sort, 'count')).query.qb.getCount() };
  }

  /**
   * The members `members(filter, sort)` lists for this caller, before paging: the query (the
   * caller's scope ANDed with every condition of the filter; MERGED left out unless asked) and the
   * keyset (sort keys and direction) to walk it with, fenced or not as `list` would. Other readers
   * of the same selection (the export) page it themselves with these keys.
   */
  async filteredQuery(caller: Caller, filter: MemberFilterInput | null | undefined, sort: MemberSort): Promise<FilteredMemberQuery> {
    return (await this.build(caller, filter, sort, 'page')).query;
  }

  /** filteredQuery, for reading pages or for counting; `walksSearch`: whether the two differ. */
  private async build(
    caller: Caller,
    filter: MemberFilterInput | null | undefined,
    sort: MemberSort,
    purpose: 'page' | 'count',
  ): Promise<{ query: FilteredMemberQuery; walksSearch: boolean }> {
    const qb = this.dataSource.getRepository(MemberEntity).createQueryBuilder('m');
    const scope = this.access.read('Member', caller, 'm');
    qb.where(scope.sql, scope.params);
    const f = filter ?? {};
    if (f.status) qb.andWhere('m.status = :status', { status: f.status });
    else qb.andWhere('m.status <> :merged', { merged: MemberStatus.Merged });
    const seesPersonal = this.access.seesPersonalData(caller);
    let fence = !!(f.phone || f.idNumber);
    let walksSearch = false;
    if (f.search) {
      const search = await this.searchCondition(f.search, seesPersonal, purpose);
      qb.andWhere(search.sql, search.params);
      fence ||= search.fence;
      walksSearch = search.walks;
    }
    if (f.phone) {
      if (!seesPersonal && f.phone.length > MASKED_PHONE_DIGITS) {
        throw MemberErrors.PHONE_SEARCH_NEEDS_PERSONAL_DATA({ digits: MASKED_PHONE_DIGITS }, { field: 'filter.phone' });
      }
      qb.andWhere('m.phone_keys @> ARRAY[:phoneSuffix]::text[]', { phoneSuffix: f.phone });
    }
    if (f.idNumber) {
      if (!seesPersonal) throw MemberErrors.ID_SEARCH_NEEDS_PERSONAL_DATA({}, { field: 'filter.idNumber' });
      qb.andWhere('m.id_number = :idNumber', { idNumber: f.idNumber });
    }
    if (f.enterprise) {
      const sub = this.dataSource.createQueryBuilder().select('l.member_id').from(MemberEnterpriseEntity, 'l').innerJoin('enterprise', 'e', 'e.id = l.enterprise_id');
      this.enterprises.whereNameMatches(sub, 'e', f.enterprise, 'enterpriseTerm');
      qb.andWhere(`m.id IN (${sub.getQuery()})`, sub.getParameters());
    }
    if (f.chamberSubtree) {
      // chamber_ids: current memberships' chambers and their ancestors (kept by triggers).
      qb.andWhere('m.chamber_ids @> ARRAY[:chamberSubtree]::uuid[]', { chamberSubtree: f.chamberSubtree });
    }
    if (f.hometownCode) {
      // Beside a selective condition (a search, a phone ending, an ID number: a few hundred rows
      // at most) the county is checked on those rows, not ANDed as a bitmap of its own: a large
      // county's index entries (45,000 at 250,000 members) cost 14 ms to read, the rows 1 ms.
      const selective = !!(f.search || f.phone || f.idNumber);
      qb.andWhere(selective ? 'm.hometown_code::text = :hometownCode' : 'm.hometown_code = :hometownCode', { hometownCode: f.hometownCode });
    }
    if (f.currentRegionCode) {
      const [lo, hi] = regionCodeRange(f.currentRegionCode);
      qb.andWhere('m.current_region_code BETWEEN :regionLo AND :regionHi', { regionLo: lo, regionHi: hi });
    }
    if (f.designation) qb.andWhere('m.designations @> ARRAY[:designation]::member_designation[]', { designation: f.designation });
    if (f.tag) qb.andWhere('m.tags @> ARRAY[:tag]::varchar[]', { tag: f.tag });
    if (f.politicalRole) {
      const conditions = ['(pr.starts_on IS NULL OR pr.starts_on <= CURRENT_DATE)', '(pr.ends_on IS NULL OR pr.ends_on > CURRENT_DATE)'];
      if (f.politicalRole.kind) conditions.push('pr.kind = :prKind');
      if (f.politicalRole.level) conditions.push('pr.level = :prLevel');
      qb.andWhere(`m.id IN (SELECT pr.member_id FROM member_political_role pr WHERE ${conditions.join(' AND ')})`, {
        prKind: f.politicalRole.kind,
        prLevel: f.politicalRole.level,
      });
    }
    if (f.completenessBelow !== undefined) qb.andWhere('m.completeness < :completenessBelow', { completenessBelow: f.completenessBelow });
    const keys = fence ? FENCED_SORT_KEYS[sort] : SORT_KEYS[sort];
    return { query: { qb, keyset: { keys: [...keys.keys], direction: keys.direction }, fenced: fence }, walksSearch };
  }

  /**
   * The search box: an OR of the branches the shape of the term allows (utils/search-term.ts),
   * each served by its own index. `fence`: whether the list must sort the matches rather than
   * walk a sort index (see FENCED_SORT_KEYS).
   *
   * Branches over the member row alone (name, phone ending, ID number) are ORed: the planner ORs
   * their bitmap index scans. The enterprise branch reaches members through member_enterprise,
   * and an OR with a sub-query cannot be served by bitmap scans, so:
   * - a rare term (the usual case: 瑞祥建设, a name) ORs the member conditions with
   *   `m.id = ANY(ARRAY(enterprise matches' member ids))`, the array computed once (enterprise
   *   name index, then member_enterprise): a BitmapOr of the name index and the primary key,
   *   and the matches are sorted;
   * - a term in many enterprises (鞋业, 有限公司, by the statistics of enterprise.search_keys) walks
   *   the sort order and checks each member (EXISTS through member_enterprise by member id):
   *   a page comes within a few hundred members, where collecting every match first took up to
   *   1.6 s for 鞋业 at 250,000 members.
   */
  private async searchCondition(
    raw: string,
    seesPersonal: boolean,
    purpose: 'page' | 'count',
  ): Promise<{ sql: string; params: Record<string, unknown>; fence: boolean; walks: boolean }> {
    const term = parseSearchTerm(raw);
    if (term.tooFewDigits) {
      throw MemberErrors.SEARCH_TOO_FEW_DIGITS({ digits: PHONE_SUFFIX_MIN_DIGITS }, { field: 'filter.search' });
    }
    if (!seesPersonal && (term.idNumber || (term.phoneSuffix && term.phoneSuffix.length > MASKED_PHONE_DIGITS))) {
      throw MemberErrors.SEARCH_NEEDS_PERSONAL_DATA({ digits: MASKED_PHONE_DIGITS }, { field: 'filter.search' });
    }
    const params: Record<string, unknown> = {};
    // Conditions over a member alias.
    const onMember: ((alias: string) => string)[] = [];
    const chars = [...term.text].length;
    if (term.name && chars === 2) {
      // search_keys = search_bigrams(searchExpr), stored by a trigger (see the migration).
      onMember.push((a) => `${a}.search_keys @> ARRAY[:searchBigram]::text[]`);
      params.searchBigram = term.text;
    } else if (term.name && chars > 2) {
      // A term without cased letters (Chinese) compares the same with LIKE, which is cheaper.
      const op = term.text.toUpperCase() === term.text ? 'LIKE' : 'ILIKE';
      onMember.push((a) => `${searchExpr(a)} ${op} :searchLike`);
      params.searchLike = `%${escapeLike(term.text)}%`;
    }
    if (term.phoneSuffix) {
      onMember.push((a) => `${a}.phone_keys @> ARRAY[:searchPhone]::text[]`);
      params.searchPhone = term.phoneSuffix;
    }
    if (term.idNumber) {
      onMember.push((a) => `${a}.id_number = :searchIdNumber`);
      params.searchIdNumber = term.idNumber;
    }
    // Matches of a name search cluster in the name order (zyx, zhang: all near the end), which
    // the planner cannot know: walking the name index expecting a page soon can cross the whole
    // table (1 s at 250,000). Unless the term is a pair so common that a page comes at once (in
    // 3%+ of names, by the column's statistics), the matches are fetched through the index and
    // sorted: the cost is bounded by the number of matches. Phone endings and ID numbers match
    // a handful of rows and are always fenced.
    const commonName = term.name && chars === 2 && (await this.isCommonTerm('member', term.text, COMMON_NAME_PAIR));
    if (term.enterprise && chars >= 2) {
      const enterprise = this.dataSource.createQueryBuilder().select('l.member_id').from(MemberEnterpriseEntity, 'l').innerJoin('enterprise', 'e', 'e.id = l.enterprise_id');
      this.enterprises.whereNameMatches(enterprise, 'e', raw, 'searchEnterprise');
      Object.assign(params, enterprise.getParameters());
      const common = commonName || (await this.isCommonTerm('enterprise', term.text, COMMON_ENTERPRISE_PAIR));
      if (common && purpose === 'page') {
        enterprise.andWhere('l.member_id = m.id');
        // OFFSET 0 keeps the EXISTS a per-member probe (ux_member_enterprise, then the
        // enterprise by primary key): without it PostgreSQL turns it into a hashed set of every
        // matching member, built before the first row (54 ms for 鞋业, 300 ms for 有限公司,
        // against 3 ms and 0.4 ms).
        const exists = `EXISTS (${enterprise.getQuery()} OFFSET 0)`;
        return { sql: `(${[...onMember.map((c) => c('m')), exists].join(' OR ')})`, params, fence: false, walks: true };
      }
      // The enterprise matches' member ids as one array, computed once (an InitPlan): then
      // `m.id = ANY(…)` is an index condition like the member ones, and PostgreSQL ORs their
      // bitmap scans and reads each member row once, applying the other filters on the way.
      // (As `m.id IN (a UNION of both)` it read the name matches' rows twice: 4,200 buffers
      // against 840 for 陈晓 in a county, 10 ms against 2; 170 ms against 88 to count 瑞安.)
      const conditions = [...onMember.map((c) => c('m')), `m.id = ANY(ARRAY(${enterprise.getQuery()}))`];
      return { sql: `(${conditions.join(' OR ')})`, params, fence: true, walks: false };
    }
    if (!onMember.length) return { sql: 'FALSE', params, fence: true, walks: false };
    const sql = onMember.length === 1 ? onMember[0]('m') : `(${onMember.map((c) => c('m')).join(' OR ')})`;
    return { sql, params, fence: !(commonName && onMember.length === 1), walks: false };
  }

  /**
   * Whether every character pair of `term` is in at least `share` of the rows' search keys, by
   * the statistics ANALYZE keeps for member.search_keys and enterprise.search_keys (read at most
   * every ten minutes, both in one statement; no statistics yet: no). For a pair that is the
   * pair's frequency; for a longer term an upper bound (a term with a rare pair is rare).
   */
  private async isCommonTerm(table: 'member' | 'enterprise', term: string, share: number): Promise<boolean> {
    if (!this.keyStats || this.keyStats.readAt < Date.now() - 10 * 60_000) {
      const rows = (await this.dataSource.query(
        `SELECT tablename AS table, most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats
         WHERE schemaname = current_schema() AND tablename IN ('member', 'enterprise') AND attname = 'search_keys'`,
      )) as { table: 'member' | 'enterprise'; elems: string[] | null; freqs: number[] | null }[];
      const byTable = { member: new Map<string, number>(), enterprise: new Map<string, number>() };
      for (const row of rows) (row.elems ?? []).forEach((e, i) => byTable[row.table].set(e, row.freqs?.[i] ?? 0));
      this.keyStats = { ...byTable, readAt: Date.now() };
    }
    const freqs = this.keyStats[table];
    const chars = [...term];
    const pairs = chars.slice(1).map((c, i) => chars[i] + c);
    return pairs.length > 0 && pairs.every((p) => (freqs.get(p) ?? 0) >= share);
  }

  /** Members by id for related fields (a position's holder), filtered by the caller's read scope. */
  loadVisible(req: object, caller: Caller, id: string): Promise<MemberEntity | null> {
    return requestLoader<string, MemberEntity | null>(req, 'member.visible', async (ids) => {
      const scope = this.access.read('Member', caller, 'm');
      const rows = await this.dataSource
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .where('m.id IN (:...ids)', { ids: [...ids] })
        .andWhere(scope.sql, scope.params)
        .getMany();
      return byKeys(ids, rows, (m) => m.id);
    }).load(id);
  }

  /** Memberships, current ones first, then by joining date (latest first). */
  loadMemberships(req: object, memberId: string): Promise<ChamberMembershipEntity[]> {
    return requestLoader<string, ChamberMembershipEntity[]>(req, 'member.memberships', async (ids) => {
      const rows = await this.dataSource
        .getRepository(ChamberMembershipEntity)
        .createQueryBuilder('cm')
        // The chambers come in the same statement and go to the request's chamber loader.
        .innerJoinAndSelect('cm.chamber', 'c')
        .where('cm.member_id IN (:...ids)', { ids: [...ids] })
        .orderBy('(cm.left_on IS NULL)', 'DESC')
        .addOrderBy('cm.joined_on', 'DESC', 'NULLS LAST')
        .addOrderBy('cm.id')
        .getMany();
      this.chambers.prime(req, rows.map((r) => r.chamber as ChamberEntity));
      return groupByKeys(ids, rows, (r) => r.memberId);
    }).load(memberId);
  }

  /** Chamber positions the member holds or held, the running ones first, latest term first. */
  loadPositions(req: object, memberId: string): Promise<ChamberPositionEntity[]> {
    return requestLoader<string, ChamberPositionEntity[]>(req, 'member.positions', async (ids) => {
      const rows = await this.dataSource
        .getRepository(ChamberPositionEntity)
        .createQueryBuilder('p')
        // Terms and chambers in the same statement, handed to the request's loaders.
        .innerJoinAndSelect('p.term', 't')
        .innerJoinAndSelect('p.chamber', 'c')
        .where('p.member_id IN (:...ids)', { ids: [...ids] })
        .orderBy('(t.ends_on IS NULL)', 'DESC')
        .addOrderBy('t.starts_on', 'DESC')
        .addOrderBy('p.position')
        .addOrderBy('p.id')
        .getMany();
      this.leadership.primeTerms(req, rows.map((r) => r.term as ChamberTermEntity));
      this.chambers.prime(req, rows.map((r) => r.chamber as ChamberEntity));
      return groupByKeys(ids, rows, (r) => r.memberId as string);
    }).load(memberId);
  }

  loadEnterpriseLinks(req: object, memberId: string): Promise<MemberEnterpriseEntity[]> {
    return requestLoader<string, MemberEnterpriseEntity[]>(req, 'member.enterprises', async (ids) => {
      const rows = await this.dataSource
        .getRepository(MemberEnterpriseEntity)
        .find({ where: { memberId: In([...ids]) }, relations: { enterprise: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
      this.enterprises.prime(req, rows.map((r) => r.enterprise as EnterpriseEntity));
      return groupByKeys(ids, rows, (r) => r.memberId);
    }).load(memberId);
  }

  loadPoliticalRoles(req: object, memberId: string): Promise<MemberPoliticalRoleEntity[]> {
    return requestLoader<string, MemberPoliticalRoleEntity[]>(req, 'member.politicalRoles', async (ids) =>
      groupByKeys(
        ids,
        await this.dataSource.getRepository(MemberPoliticalRoleEntity).find({ where: { memberId: In([...ids]) }, order: { startsOn: 'DESC', id: 'ASC' } }),
        (r) => r.memberId,
      ),
    ).load(memberId);
  }
}
