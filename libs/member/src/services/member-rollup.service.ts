import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { requestLoader } from '@crm/shared';
import { MemberCountsDto } from '../dtos/member-counts.dto';

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
          total: r?.total ?? 0,
          active: r?.active ?? 0,
          newGeneration: r?.new_generation ?? 0,
          leadGoose: r?.lead_goose ?? 0,
          politicalRoles: r?.political ?? 0,
        };
      });
    }).load(chamberId);
  }
}
