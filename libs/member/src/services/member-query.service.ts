import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ChamberEntity, ChamberLeadershipService, ChamberPositionEntity, ChamberService, ChamberTermEntity } from '@crm/chamber';
import { AppError, byKeys, ConnectionResult, ErrorCode, escapeLike, groupByKeys, KeysetOptions, keysetPage, requestLoader } from '@crm/shared';
import { MemberFilterInput, MembersArgs } from '../dtos/args/members.args';
import { MemberSort } from '../dtos/member-enums.graphql';
import { MemberDto } from '../dtos/member.dto';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { MemberEnterpriseEntity } from '../entities/member-enterprise.entity';
import { MemberPoliticalRoleEntity } from '../entities/member-political-role.entity';
import { MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { EnterpriseService } from './enterprise.service';

/**
 * The expression `ix_member_search_trgm` indexes (migration Members): it must stay identical, or
 * the planner can no longer use it. `search_keys` holds search_bigrams() of the same text.
 */
const SEARCH_EXPR = `(m.name || ' ' || m.name_pinyin || ' ' || m.name_initials)`;

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
 * too, unless the term is very common (see list).
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
  private commonPairs: { pairs: ReadonlySet<string>; readAt: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly enterprises: EnterpriseService,
    private readonly chambers: ChamberService,
    private readonly leadership: ChamberLeadershipService,
  ) {}

  /**
   * A page of members. Which index serves what is listed in docs/members.md; the sort keys each
   * have their own (key, id) index, so a page is an index walk, never an OFFSET.
   */
  async list(caller: Caller, args: MembersArgs): Promise<ConnectionResult<MemberDto>> {
    const { qb, keyset } = await this.filteredQuery(caller, args.filter, args.sort);
    return keysetPage(qb, { ...keyset, first: args.first, after: args.after }, MemberDto.from);
  }

  /**
   * The members `members(filter, sort)` lists for this caller, before paging: the query (the
   * caller's scope ANDed with every condition of the filter; MERGED left out unless asked) and the
   * keyset (sort keys and direction) to walk it with, fenced or not as `list` would. Other readers
   * of the same selection (the export) page it themselves with these keys.
   */
  async filteredQuery(caller: Caller, filter: MemberFilterInput | null | undefined, sort: MemberSort): Promise<FilteredMemberQuery> {
    const qb = this.dataSource.getRepository(MemberEntity).createQueryBuilder('m');
    const scope = this.access.read('Member', caller, 'm');
    qb.where(scope.sql, scope.params);
    const f = filter ?? {};
    if (f.status) qb.andWhere('m.status = :status', { status: f.status });
    else qb.andWhere('m.status <> :merged', { merged: MemberStatus.Merged });
    let fence = !!(f.phone || f.idNumber);
    if (f.search) {
      // Pinyin and initials are stored lower case without spaces, ü written v.
      const term = f.search.replace(/\s+/g, '').toLowerCase().replace(/ü/g, 'v');
      // Matches of a search cluster in the name order (zyx, zhang: all near the end), which the
      // planner cannot know: walking the name index expecting a page soon can cross the whole
      // table (1 s at 250,000). Unless the term is so common that a page comes at once (a pair
      // in 3%+ of names, by the column's statistics), the matches are fetched through the GIN
      // index and sorted: the cost is bounded by the number of matches.
      fence ||= [...term].length !== 2 || !(await this.isCommonPair(term));
      if ([...term].length === 2) {
        // search_keys = search_bigrams(SEARCH_EXPR), stored by a trigger (see the migration).
        qb.andWhere('m.search_keys @> ARRAY[:searchBigram]::text[]', { searchBigram: term });
      } else if ([...term].length > 2) {
        // A term without cased letters (Chinese) compares the same with LIKE, which is cheaper.
        const op = term.toUpperCase() === term ? 'LIKE' : 'ILIKE';
        qb.andWhere(`${SEARCH_EXPR} ${op} :searchLike`, { searchLike: `%${escapeLike(term)}%` });
      } else {
        qb.andWhere('FALSE');
      }
    }
    const seesPersonal = this.access.seesPersonalData(caller);
    if (f.phone) {
      if (!seesPersonal && f.phone.length > MASKED_PHONE_DIGITS) {
        throw new AppError(ErrorCode.Forbidden, `Without the personal-data permission, search by the last ${MASKED_PHONE_DIGITS} digits of a phone`, { field: 'filter.phone' });
      }
      qb.andWhere('m.phone_keys @> ARRAY[:phoneSuffix]::text[]', { phoneSuffix: f.phone });
    }
    if (f.idNumber) {
      if (!seesPersonal) throw new AppError(ErrorCode.Forbidden, 'Searching by ID number needs the personal-data permission', { field: 'filter.idNumber' });
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
    if (f.hometownCode) qb.andWhere('m.hometown_code = :hometownCode', { hometownCode: f.hometownCode });
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
    return { qb, keyset: { keys: [...keys.keys], direction: keys.direction }, fenced: fence };
  }

  /**
   * Whether a character pair is in at least 3% of members' search keys, by the statistics
   * ANALYZE keeps for member.search_keys (read at most every ten minutes; no statistics yet: no).
   */
  private async isCommonPair(pair: string): Promise<boolean> {
    if (!this.commonPairs || this.commonPairs.readAt < Date.now() - 10 * 60_000) {
      const [row] = (await this.dataSource.query(
        `SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats
         WHERE schemaname = current_schema() AND tablename = 'member' AND attname = 'search_keys'`,
      )) as { elems: string[] | null; freqs: number[] | null }[];
      const pairs = new Set<string>();
      (row?.elems ?? []).forEach((e, i) => {
        if ((row?.freqs?.[i] ?? 0) >= 0.03) pairs.add(e);
      });
      this.commonPairs = { pairs, readAt: Date.now() };
    }
    return this.commonPairs.pairs.has(pair);
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
