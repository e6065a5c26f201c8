import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';

/**
 * Chamber merges (并): projects the merged chamber introduced move to the survivor; its annual
 * targets move too, added to the survivor's own target of the same year where it has one.
 */
@Injectable()
export class InvestmentChamberMerge implements ChamberMergeParticipant, OnApplicationBootstrap {
  readonly name = 'investment';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  // After the core's own participants (registered at module init).
  onApplicationBootstrap(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string): Promise<void> {
    await em.query('UPDATE investment_project SET chamber_id = $2, version = version + 1, updated_at = now() WHERE chamber_id = $1', [mergedId, survivorId]);
    await em.query(
      `UPDATE investment_target s SET funds_target = s.funds_target + m.funds_target, new_projects_target = s.new_projects_target + m.new_projects_target, version = s.version + 1
       FROM investment_target m WHERE m.chamber_id = $1 AND s.chamber_id = $2 AND s.year = m.year`,
      [mergedId, survivorId],
    );
    await em.query(`DELETE FROM investment_target m USING investment_target s WHERE m.chamber_id = $1 AND s.chamber_id = $2 AND s.year = m.year`, [mergedId, survivorId]);
    await em.query('UPDATE investment_target SET chamber_id = $2 WHERE chamber_id = $1', [mergedId, survivorId]);
  }
}

/** Member merges: the merged members' investor links move to the survivor (one link per project). */
@Injectable()
export class InvestmentMemberMerge implements MemberMergeParticipant, OnApplicationBootstrap {
  readonly name = 'investment';

  constructor(private readonly participants: MemberMergeParticipants) {}

  onApplicationBootstrap(): void {
    this.participants.register(this);
  }

  async onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    const [, moved] = (await em.query(
      `WITH moved AS (
         INSERT INTO project_investor (project_id, member_id)
         SELECT DISTINCT project_id, $2::uuid FROM project_investor WHERE member_id = ANY($1::uuid[]) ON CONFLICT DO NOTHING RETURNING project_id
       ) DELETE FROM project_investor WHERE member_id = ANY($1::uuid[])`,
      [ctx.mergedIds, ctx.survivorId],
    )) as [unknown, number];
    return { projectInvestors: moved };
  }
}
