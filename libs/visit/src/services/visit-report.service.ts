import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { chamberSubtreeSql } from '@crm/chamber';
import { NotFoundError, requestLoader } from '@crm/shared';
import { ContactEventDto, FeedbackReportDto, VisitCountsDto, VisitReportDto } from '../dtos/visit-report.dto';
import { FeedbackCategory, FeedbackStatus, VisitKind } from '../entities/visit.enums';
import { VisitErrors } from '../exceptions/visit.errors';
import { ContactHistoryContributors } from './contact-history-contributors';

export interface Period {
  from?: string | null;
  to?: string | null;
}

const kinds = (counts: Record<string, number> | null) => Object.values(VisitKind).map((kind) => ({ kind, count: counts?.[kind] ?? 0 }));

/**
 * The office's figures on visits and opinions, each one statement under the caller's scope,
 * and the contact history of a member or a chamber (visits, opinions, answers) in one statement.
 */
@Injectable()
export class VisitReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly contributors: ContactHistoryContributors,
  ) {}

  private run<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
    return this.dataSource.query(text, values) as Promise<T[]>;
  }

  async visits(caller: Caller, period: Period): Promise<VisitReportDto> {
    const scope = this.access.read('Visit', caller, 'v');
    const [row] = await this.run<{ total: number; by_kind: Record<string, number> | null; by_month: { month: string; count: number }[] | null; by_official: { officialId: string; visits: number; led: number }[] | null; by_chamber: { chamberId: string; visits: number }[] | null }>(
      `WITH s AS (
         SELECT v.id, v.kind, v.visited_on FROM visit v
         WHERE ${scope.sql} AND (:from::date IS NULL OR v.visited_on >= :from::date) AND (:to::date IS NULL OR v.visited_on <= :to::date)
       )
       SELECT (SELECT count(*)::int FROM s) AS total,
              (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM s GROUP BY kind) k) AS by_kind,
              (SELECT jsonb_agg(jsonb_build_object('month', month, 'count', n) ORDER BY month)
                 FROM (SELECT to_char(visited_on, 'YYYY-MM') AS month, count(*)::int AS n FROM s GROUP BY 1) m) AS by_month,
              (SELECT jsonb_agg(jsonb_build_object('officialId', official_id, 'visits', n, 'led', led) ORDER BY n DESC, official_id)
                 FROM (SELECT vo.official_id, count(*)::int AS n, count(*) FILTER (WHERE vo.leads)::int AS led
                       FROM s JOIN visit_official vo ON vo.visit_id = s.id GROUP BY vo.official_id ORDER BY n DESC, vo.official_id LIMIT 100) o) AS by_official,
              (SELECT jsonb_agg(jsonb_build_object('chamberId', chamber_id, 'visits', n) ORDER BY n DESC, chamber_id)
                 FROM (SELECT vc.chamber_id, count(*)::int AS n FROM s JOIN visit_chamber vc ON vc.visit_id = s.id GROUP BY vc.chamber_id ORDER BY n DESC, vc.chamber_id LIMIT 100) c) AS by_chamber`,
      { ...scope.params, from: period.from ?? null, to: period.to ?? null },
    );
    return { total: row.total, byKind: kinds(row.by_kind), byMonth: row.by_month ?? [], byOfficial: row.by_official ?? [], byChamber: row.by_chamber ?? [] };
  }

  async feedback(caller: Caller, period: Period): Promise<FeedbackReportDto> {
    const scope = this.access.read('Feedback', caller, 'f');
    const [row] = await this.run<{ total: number; by_category: Record<string, number> | null; by_status: Record<string, number> | null; median_days: number | null; overdue: number; mean_satisfaction: number | null }>(
      `WITH s AS (
         SELECT f.* FROM feedback f
         WHERE ${scope.sql} AND (:from::date IS NULL OR f.raised_on >= :from::date) AND (:to::date IS NULL OR f.raised_on <= :to::date)
       )
       SELECT (SELECT count(*)::int FROM s) AS total,
              (SELECT jsonb_object_agg(category, n) FROM (SELECT category, count(*)::int AS n FROM s GROUP BY category) c) AS by_category,
              (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM s GROUP BY status) t) AS by_status,
              (SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_answered_at - created_at) / 86400))::numeric, 2)::float
                 FROM s WHERE first_answered_at IS NOT NULL) AS median_days,
              (SELECT count(*)::int FROM s WHERE status IN ('OPEN', 'ASSIGNED') AND due_on < CURRENT_DATE) AS overdue,
              (SELECT round(avg(satisfaction), 2)::float FROM s WHERE satisfaction IS NOT NULL) AS mean_satisfaction`,
      { ...scope.params, from: period.from ?? null, to: period.to ?? null },
    );
    return {
      total: row.total,
      byCategory: Object.values(FeedbackCategory).map((category) => ({ category, count: row.by_category?.[category] ?? 0 })),
      byStatus: Object.values(FeedbackStatus).map((status) => ({ status, count: row.by_status?.[status] ?? 0 })),
      medianDaysToAnswer: row.median_days,
      overdue: row.overdue,
      meanSatisfaction: row.mean_satisfaction,
    };
  }

  /**
   * Visits to a chamber's subtree for ChamberRollup (each visit once per root), one grouped
   * statement per request through chamberSubtreeSql(). The roots are chambers the caller
   * already sees; the counts are aggregates and name nobody.
   */
  rollup(req: object, chamberId: string): Promise<VisitCountsDto> {
    return requestLoader<string, VisitCountsDto>(req, 'visit.rollup', async (ids) => {
      const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
        `SELECT x.root_id, x.kind, count(*)::int AS n, max(x.visited_on)::text AS last,
                count(*) FILTER (WHERE x.visited_on >= date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS this_year
         FROM (SELECT DISTINCT root.id AS root_id, v.id, v.kind, v.visited_on
               FROM ${chamberSubtreeSql(':roots', 'c', 'root')}
               JOIN visit_chamber vc ON vc.chamber_id = c.id JOIN visit v ON v.id = vc.visit_id) x
         GROUP BY x.root_id, x.kind`,
        { roots: [...ids] },
        {},
      );
      const rows = (await this.dataSource.query(sql, params)) as { root_id: string; kind: VisitKind; n: number; last: string; this_year: number }[];
      return ids.map((id) => {
        const mine = rows.filter((r) => r.root_id === id);
        const counts = Object.fromEntries(mine.map((r) => [r.kind, r.n]));
        const last = mine.reduce<string | null>((m, r) => (m === null || r.last > m ? r.last : m), null);
        return {
          total: mine.reduce((s, r) => s + r.n, 0),
          thisYear: mine.reduce((s, r) => s + r.this_year, 0),
          byKind: kinds(counts),
          lastVisitedOn: last,
        };
      });
    }).load(chamberId);
  }

  /**
   * The contact history of a member (visits that met them, opinions they raised or raised in
   * those visits, the answers) or of a chamber (visits to it, opinions it raised or raised in
   * those visits, the answers), newest first: one statement, every part under the caller's
   * scope. NOT_FOUND when the member or chamber is outside it.
   */
  async contactHistory(caller: Caller, subject: { memberId?: string | null; chamberId?: string | null }, first: number): Promise<ContactEventDto[]> {
    if (!!subject.memberId === !!subject.chamberId) throw VisitErrors.SUBJECT_REQUIRED({}, { field: 'memberId' });
    const isMember = !!subject.memberId;
    const id = (subject.memberId ?? subject.chamberId) as string;
    const who = this.access.read(isMember ? 'Member' : 'Chamber', caller, 'x');
    const visits = this.access.read('Visit', caller, 'v');
    const opinions = this.access.read('Feedback', caller, 'f');
    const link = isMember ? `SELECT visit_id FROM visit_member WHERE member_id = :id` : `SELECT visit_id FROM visit_chamber WHERE chamber_id = :id`;
    // Two index lookups (ix_feedback_member or ix_feedback_chamber, then ix_feedback_visit) joined
    // by UNION: written as one OR, the planner scans the whole table.
    const raised = isMember ? 'f.raised_by_member_id = :id' : 'f.raised_by_chamber_id = :id';
    // What other modules add (meetings attended) joins the same statement.
    const added = this.contributors.parts(caller, isMember ? 'member' : 'chamber');
    const rows = await this.run<{ subject: string; type: string | null } & Record<string, unknown>>(
      `WITH s AS (SELECT x.id FROM ${isMember ? 'member' : 'chamber'} x WHERE x.id = :id AND ${who.sql}),
       vis AS (SELECT v.id, v.visited_on, v.kind, v.place, v.summary, v.created_at FROM visit v WHERE v.id IN (${link}) AND ${visits.sql}),
       fb AS (SELECT f.id, f.visit_id, f.raised_on, f.created_at, f.category, f.status, f.text FROM feedback f WHERE ${raised} AND ${opinions.sql}
              UNION
              SELECT f.id, f.visit_id, f.raised_on, f.created_at, f.category, f.status, f.text FROM feedback f WHERE f.visit_id IN (SELECT id FROM vis) AND ${opinions.sql})
       SELECT s.id AS subject, e.* FROM s LEFT JOIN LATERAL (
         SELECT * FROM (
           SELECT 'VISIT' AS type, vis.visited_on AS on_day, vis.created_at AS recorded_at, vis.id AS visit_id, NULL::uuid AS feedback_id,
                  vis.kind::text AS visit_kind, NULL::text AS category, NULL::text AS status,
                  vis.place || CASE WHEN vis.summary <> '' THEN '：' || vis.summary ELSE '' END AS text,
                  (SELECT o.name FROM visit_official vo JOIN official o ON o.id = vo.official_id WHERE vo.visit_id = vis.id AND vo.leads) AS who
           FROM vis
           UNION ALL
           SELECT 'OPINION', fb.raised_on, fb.created_at, fb.visit_id, fb.id, NULL, fb.category::text, fb.status::text, fb.text, NULL FROM fb
           UNION ALL
           SELECT 'ANSWER', a.answered_on, a.created_at, fb.visit_id, fb.id, NULL, fb.category::text, fb.status::text, a.text, a.author_name
           FROM feedback_answer a JOIN fb ON fb.id = a.feedback_id${added.map((p) => `
           UNION ALL ${p.sql}`).join('')}
         ) t ORDER BY t.on_day DESC, t.recorded_at DESC LIMIT :first
       ) e ON true`,
      { ...who.params, ...visits.params, ...opinions.params, ...Object.assign({}, ...added.map((p) => p.params)), id, first },
    );
    if (!rows.length) throw new NotFoundError(isMember ? 'Member' : 'Chamber', id);
    return rows
      .filter((r) => r.type !== null)
      .map((r) => ({
        type: r.type as string,
        on: (r.on_day as Date | string) instanceof Date ? (r.on_day as Date).toISOString().slice(0, 10) : String(r.on_day),
        recordedAt: r.recorded_at as Date,
        visitId: (r.visit_id as string | null) ?? null,
        feedbackId: (r.feedback_id as string | null) ?? null,
        visitKind: (r.visit_kind as VisitKind | null) ?? null,
        category: (r.category as FeedbackCategory | null) ?? null,
        status: (r.status as FeedbackStatus | null) ?? null,
        text: r.text as string,
        who: (r.who as string | null) ?? null,
      }));
  }
}
