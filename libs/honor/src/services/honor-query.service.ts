import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService, Caller, Role } from '@crm/auth';
import { chamberSubtreeSql } from '@crm/chamber';
import { ConnectionResult, declarePreloadable, FieldSelection, keysetPageOfRows, NotFoundError, requestLoader, withPreloaded } from '@crm/shared';
import { HonorAwardsArgs, HonorBenefitsArgs, HonorNominationsArgs } from '../dtos/args/honor.args';
import { HonorAwardCountDto, HonorAwardDto, HonorAwardRow, HonorBenefitDto, HonorBenefitRow, HonorBenefitsOutstandingDto, HonorRollupDto } from '../dtos/honor-award.dto';
import { HonorNominationDto, HonorNominationRow } from '../dtos/honor-nomination.dto';
import { HONOR_AWARD_COLUMNS, HONOR_BENEFIT_COLUMNS } from './honor-award.service';
import { HonorCatalogueService } from './honor-catalogue.service';
import { HONOR_NOMINATION_COLUMNS } from './honor-nomination.service';

/** `"expr" AS "alias"` lists as keysetPageOfRows takes them. */
function columnPairs(list: string): [string, string][] {
  return list.split(/,\s*(?![^(]*\))/).map((part) => {
    const m = /^(.*?)\s+AS\s+"(\w+)"$/s.exec(part.trim());
    if (m) return [m[1], m[2]];
    const expr = part.trim();
    return [expr, expr.split('.').pop() as string];
  });
}

const NOMINATION_PAIRS = columnPairs(HONOR_NOMINATION_COLUMNS);
const AWARD_PAIRS = columnPairs(HONOR_AWARD_COLUMNS);
const BENEFIT_PAIRS = columnPairs(HONOR_BENEFIT_COLUMNS);

/** keysetPageOfRows over a table without an entity: the count is written out (getCount needs metadata). */
async function pageWithCount<N>(dataSource: DataSource, qb: SelectQueryBuilder<ObjectLiteral>, page: Promise<ConnectionResult<N>>): Promise<ConnectionResult<N>> {
  const counted = qb.clone().select('1');
  const result = await page;
  return {
    ...result,
    totalCount: async () => {
      const [sql, params] = counted.getQueryAndParameters();
      const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) counted`, params)) as { n: number }[];
      return row.n;
    },
  };
}

/**
 * The sort keys of a nominations page, led by the column a filter fixes, so that only the index
 * on (that column, nominated_at, id) gives the order: otherwise the planner may walk the
 * whole-list index and filter (rounds are years apart, which it cannot see from statistics;
 * measured: 8,000 rows read for a page of an old round). The filter fixes that column with a
 * range (see nominations()) so the planner keeps it in the order.
 */
function nominationKeys(f: { roundId?: string; status?: string } | undefined): string[] {
  if (f?.roundId) return ['n.round_id', 'n.nominated_at', 'n.id'];
  if (f?.status) return ['n.status', 'n.nominated_at', 'n.id'];
  return ['n.nominated_at', 'n.id'];
}

// Nominations and awards carry the subject fields of the other kinds as null, and the honour type
// when the page read it: no resolver call per row for what the page already knows.
declarePreloadable('HonorNomination', 'member', 'chamber', 'enterprise', 'honorType');
declarePreloadable('HonorAward', 'member', 'chamber', 'enterprise');

/** The subject fields a node of `kind` answers null without asking anyone. */
function otherKindsNull<T extends object>(node: T & { subjectKind: string }): T {
  const values: Record<string, null> = {};
  if (node.subjectKind !== 'MEMBER') values.member = null;
  if (node.subjectKind !== 'CHAMBER') values.chamber = null;
  if (node.subjectKind !== 'ENTERPRISE') values.enterprise = null;
  return withPreloaded(node, values);
}

/** Who reviewed a nomination is the office's business: viewers read the published list without the reviewer. */
function forCaller(caller: Caller, n: HonorNominationDto): HonorNominationDto {
  return caller.role === Role.Admin || caller.role === Role.CountyOfficer || caller.role === Role.ChamberSecretary ? n : Object.assign(n, { reviewer: null });
}

/** What awards are grouped by in `honorAwardCounts`. */
export type HonorAwardGrouping = 'TYPE' | 'YEAR' | 'COUNTY' | 'CHAMBER';
const GROUP_SQL: Readonly<Record<HonorAwardGrouping, string>> = {
  TYPE: 'a.honor_type_id::text',
  YEAR: 'a.year::text',
  COUNTY: `coalesce(a.county_code, '')`,
  CHAMBER: `coalesce(a.credited_chamber_id::text, '')`,
};

/**
 * The read side of honours: keyset pages of nominations, awards and benefits (one statement
 * each, only the node's columns: the reviewer comes with the nomination's row; subjects and
 * types are loaded once per request), reports and per-request loaders for the honours on a
 * member's and a chamber's record. Every read ANDed with the caller's scope.
 */
@Injectable()
export class HonorQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly catalogue: HonorCatalogueService,
  ) {}

  async nominations(caller: Caller, args: HonorNominationsArgs, selection?: FieldSelection): Promise<ConnectionResult<HonorNominationDto>> {
    const scope = this.access.read('HonorNomination', caller, 'n');
    const qb = this.dataSource.createQueryBuilder().from('honor_nomination', 'n').where(scope.sql, scope.params);
    const f = args.filter;
    // The column that leads the sort keys (nominationKeys) is fixed by a range, not an equality:
    // an equality would let the planner drop it from the order and walk the whole-list index.
    if (f?.roundId) qb.andWhere('n.round_id >= :roundId AND n.round_id <= :roundId', { roundId: f.roundId });
    if (f?.status) qb.andWhere(f.roundId ? 'n.status = :status' : 'n.status >= :status AND n.status <= :status', { status: f.status });
    if (f?.honorTypeId) qb.andWhere('n.honor_type_id = :typeId', { typeId: f.honorTypeId });
    if (f?.subjectId) qb.andWhere('(n.member_id = :subjectId OR n.chamber_id = :subjectId OR n.enterprise_id = :subjectId)', { subjectId: f.subjectId });
    const page = await pageWithCount(
      this.dataSource,
      qb,
      keysetPageOfRows(qb, { keys: nominationKeys(f), direction: 'DESC', first: args.first, after: args.after, columns: NOMINATION_PAIRS }, (r: HonorNominationRow) =>
        otherKindsNull(forCaller(caller, HonorNominationDto.from(r))),
      ),
    );
    // The honour types of the page in one statement (the catalogue is small), handed out preloaded.
    if (selection?.has('honorType') && page.edges.length) {
      const types = await this.catalogue.byIds([...new Set(page.edges.map((e) => e.node.honorTypeId))]);
      for (const e of page.edges) withPreloaded(e.node, { honorType: types.get(e.node.honorTypeId) ?? null });
    }
    return page;
  }

  async nomination(caller: Caller, id: string): Promise<HonorNominationDto> {
    const scope = this.access.read('HonorNomination', caller, 'n');
    const [row] = (await this.dataSource.createQueryBuilder().select(HONOR_NOMINATION_COLUMNS).from('honor_nomination', 'n').where('n.id = :id', { id }).andWhere(scope.sql, scope.params).getRawMany()) as HonorNominationRow[];
    if (!row) throw new NotFoundError('HonorNomination', id, { extensions: { field: 'id' } });
    return forCaller(caller, HonorNominationDto.from(row));
  }

  awards(caller: Caller, args: HonorAwardsArgs): Promise<ConnectionResult<HonorAwardDto>> {
    const scope = this.access.read('HonorAward', caller, 'a');
    const qb = this.dataSource.createQueryBuilder().from('honor_award', 'a').where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.year) qb.andWhere('a.year = :year', { year: f.year });
    if (f?.honorTypeId) qb.andWhere('a.honor_type_id = :typeId', { typeId: f.honorTypeId });
    if (f?.roundId) qb.andWhere('a.round_id = :roundId', { roundId: f.roundId });
    if (f?.countyCode) qb.andWhere('a.county_code = :county', { county: f.countyCode });
    if (f?.status) qb.andWhere('a.status = :status', { status: f.status });
    if (f?.subjectId) qb.andWhere('(a.member_id = :subjectId OR a.chamber_id = :subjectId OR a.enterprise_id = :subjectId)', { subjectId: f.subjectId });
    return pageWithCount(
      this.dataSource,
      qb,
      keysetPageOfRows(qb, { keys: ['a.year', 'a.id'], direction: 'DESC', first: args.first, after: args.after, columns: AWARD_PAIRS }, (r: HonorAwardRow) =>
        otherKindsNull(HonorAwardDto.from(r)),
      ),
    );
  }

  async award(caller: Caller, id: string): Promise<HonorAwardDto> {
    const scope = this.access.read('HonorAward', caller, 'a');
    const [row] = (await this.dataSource.createQueryBuilder().select(HONOR_AWARD_COLUMNS).from('honor_award', 'a').where('a.id = :id', { id }).andWhere(scope.sql, scope.params).getRawMany()) as HonorAwardRow[];
    if (!row) throw new NotFoundError('HonorAward', id, { extensions: { field: 'id' } });
    return HonorAwardDto.from(row);
  }

  benefits(caller: Caller, args: HonorBenefitsArgs): Promise<ConnectionResult<HonorBenefitDto>> {
    const scope = this.access.read('HonorBenefit', caller, 'b');
    const qb = this.dataSource.createQueryBuilder().from('honor_benefit', 'b').where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.status) qb.andWhere('b.status = :status', { status: f.status });
    if (f?.year) qb.andWhere('b.year = :year', { year: f.year });
    if (f?.countyCode) qb.andWhere('b.county_code = :county', { county: f.countyCode });
    if (f?.typeBenefitId) qb.andWhere('b.type_benefit_id = :tb', { tb: f.typeBenefitId });
    if (f?.awardId) qb.andWhere('b.award_id = :awardId', { awardId: f.awardId });
    return pageWithCount(
      this.dataSource,
      qb,
      keysetPageOfRows(qb, { keys: ['b.year', 'b.id'], direction: 'DESC', first: args.first, after: args.after, columns: BENEFIT_PAIRS }, (r: HonorBenefitRow) =>
        HonorBenefitDto.from(r),
      ),
    );
  }

  /** Benefits still due, by the honourees' hometown county (one grouped statement over the partial index). */
  async benefitsOutstanding(caller: Caller, year?: number | null): Promise<HonorBenefitsOutstandingDto[]> {
    const scope = this.access.read('HonorBenefit', caller, 'b');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('b.county_code', 'countyCode')
      .addSelect('count(*)::int', 'benefits')
      .addSelect('count(DISTINCT b.award_id)::int', 'awards')
      .from('honor_benefit', 'b')
      .where(`b.status = 'DUE'`)
      .andWhere(scope.sql, scope.params)
      .groupBy('b.county_code')
      .orderBy('b.county_code', 'ASC', 'NULLS LAST');
    if (year) qb.andWhere('b.year = :year', { year });
    return (await qb.getRawMany()) as HonorBenefitsOutstandingDto[];
  }

  /** Active awards counted by type, year, hometown county or credited chamber (within scope). */
  async awardCounts(caller: Caller, by: HonorAwardGrouping, year?: number | null, honorTypeId?: string | null): Promise<HonorAwardCountDto[]> {
    const scope = this.access.read('HonorAward', caller, 'a');
    const qb = this.dataSource
      .createQueryBuilder()
      .select(GROUP_SQL[by], 'key')
      .addSelect('count(*)::int', 'count')
      .from('honor_award', 'a')
      .where(`a.status = 'ACTIVE'`)
      .andWhere(scope.sql, scope.params)
      .groupBy('1')
      .orderBy('1');
    if (year) qb.andWhere('a.year = :year', { year });
    if (honorTypeId) qb.andWhere('a.honor_type_id = :typeId', { typeId: honorTypeId });
    return (await qb.getRawMany()) as HonorAwardCountDto[];
  }

  /** Awards of a member, chamber or enterprise (its record), within the caller's scope; one statement per request. */
  awardsOf(req: object, caller: Caller, subjectId: string): Promise<HonorAwardDto[]> {
    return requestLoader<string, HonorAwardDto[]>(req, 'honor.awardsOf', async (ids) => {
      const scope = this.access.read('HonorAward', caller, 'a');
      const rows = (await this.dataSource
        .createQueryBuilder()
        .select(HONOR_AWARD_COLUMNS)
        .from('honor_award', 'a')
        .where('a.subject_id IN (:...ids)', { ids: [...ids] })
        .andWhere(scope.sql, scope.params)
        .orderBy('a.year', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .getRawMany()) as HonorAwardRow[];
      return ids.map((id) => rows.filter((r) => r.subjectId === id).map(HonorAwardDto.from));
    }).load(subjectId);
  }

  /** Benefits of each award on a page (one statement per request). */
  benefitsOf(req: object, caller: Caller, awardId: string): Promise<HonorBenefitDto[]> {
    return requestLoader<string, HonorBenefitDto[]>(req, 'honor.benefitsOf', async (ids) => {
      const scope = this.access.read('HonorBenefit', caller, 'b');
      const rows = (await this.dataSource
        .createQueryBuilder()
        .select(HONOR_BENEFIT_COLUMNS)
        .from('honor_benefit', 'b')
        .where('b.award_id IN (:...ids)', { ids: [...ids] })
        .andWhere(scope.sql, scope.params)
        .orderBy('b.year', 'DESC')
        .addOrderBy('b.name')
        .getRawMany()) as HonorBenefitRow[];
      return ids.map((id) => rows.filter((r) => r.awardId === id).map(HonorBenefitDto.from));
    }).load(awardId);
  }

  /**
   * Honours in a chamber subtree for ChamberRollup: chamber honours of its chambers and member
   * honours credited to them. The roots are chambers the caller sees; the counts reveal no one.
   */
  rollup(req: object, chamberId: string): Promise<HonorRollupDto> {
    return requestLoader<string, HonorRollupDto>(req, 'honor.rollup', async (roots) => {
      const rows = (await this.dataSource.query(
        `SELECT root.id AS root, a.honor_type_id AS "typeId", count(*) FILTER (WHERE a.status = 'ACTIVE')::int AS active,
                count(*) FILTER (WHERE a.status = 'REVOKED')::int AS revoked
           FROM ${chamberSubtreeSql('$1')}
           JOIN honor_award a ON a.credited_chamber_id = c.id
          GROUP BY root.id, a.honor_type_id`,
        [[...roots]],
      )) as { root: string; typeId: string; active: number; revoked: number }[];
      return roots.map((root) => {
        const mine = rows.filter((r) => r.root === root);
        return {
          active: mine.reduce((s, r) => s + r.active, 0),
          revoked: mine.reduce((s, r) => s + r.revoked, 0),
          byType: mine.filter((r) => r.active > 0).map((r) => ({ key: r.typeId, count: r.active })),
        };
      });
    }).load(chamberId);
  }
}
