import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requestLoader } from '@crm/shared';
import { MemberCountsDto, MemberJoinYearCountDto } from '../dtos/member-counts.dto';

interface CountRow {
  root_id: string;
  total: number;
  active: number;
  new_generation: number;
  lead_goose: number;
  political: number;
}

/**
 * Member counts for chamber roll-ups: one grouped statement for every chamber of a request,
 * through member.chamber_ids (a member counts once per root however many of its chambers lie
 * below it). The roots are chambers the caller already sees, so their subtrees are
 * inside the caller's chamber scope; counts are aggregates and reveal no member.
 */
@Injectable()
export class MemberRollupService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  load(req: object, chamberId: string): Promise<MemberCountsDto> {
    return requestLoader<string, MemberCountsDto>(req, 'member.rollup', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT root.id AS root_id, count(*)::int AS total,
                count(*) FILTER (WHERE m.status = 'ACTIVE')::int AS active,
                count(*) FILTER (WHERE m.designations @> ARRAY['NEW_GENERATION']::member_designation[])::int AS new_generation,
                count(*) FILTER (WHERE m.designations @> ARRAY['LEAD_GOOSE']::member_designation[])::int AS lead_goose,
                count(*) FILTER (WHERE EXISTS (
                  SELECT 1 FROM member_political_role pr WHERE pr.member_id = m.id
                  AND (pr.starts_on IS NULL OR pr.starts_on <= CURRENT_DATE) AND (pr.ends_on IS NULL OR pr.ends_on > CURRENT_DATE)))::int AS political
         FROM unnest($1::uuid[]) AS root(id)
         JOIN member m ON m.chamber_ids @> ARRAY[root.id] AND m.status <> 'MERGED'
         GROUP BY root.id`,
        [[...ids]],
      )) as CountRow[];
      const byRoot = new Map(rows.map((r) => [r.root_id, r]));
      return ids.map((id) => {
        const r = byRoot.get(id);
        return {
          chamberId: id,
          total: r?.total ?? 0,
          active: r?.active ?? 0,
          newGeneration: r?.new_generation ?? 0,
          leadGoose: r?.lead_goose ?? 0,
          politicalRoles: r?.political ?? 0,
        };
      });
    }).load(chamberId);
  }

  /**
   * The members counted in `load` by the year they joined the subtree: the earliest joining date
   * among their current memberships of chambers in it (a member counts once per root). Members
   * whose memberships carry no date form the `year: null` group. One grouped statement per
   * request, asked for only when the field is.
   */
  joinedByYear(req: object, chamberId: string): Promise<MemberJoinYearCountDto[]> {
    return requestLoader<string, MemberJoinYearCountDto[]>(req, 'member.rollup.joinedByYear', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT root.id AS root_id, extract(year FROM j.joined_on)::int AS year, count(*)::int AS members
         FROM unnest($1::uuid[]) AS root(id)
         JOIN member m ON m.chamber_ids @> ARRAY[root.id] AND m.status <> 'MERGED'
         CROSS JOIN LATERAL (
           SELECT min(cm.joined_on) AS joined_on
           FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id
           WHERE cm.member_id = m.id AND cm.left_on IS NULL AND (c.id = root.id OR c.ancestor_ids @> ARRAY[root.id])
         ) j
         GROUP BY root.id, 2
         ORDER BY 2 NULLS LAST`,
        [[...ids]],
      )) as { root_id: string; year: number | null; members: number }[];
      return ids.map((id) => rows.filter((r) => r.root_id === id).map((r) => ({ year: r.year, members: r.members })));
    }).load(chamberId);
  }
}