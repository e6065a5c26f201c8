import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';

/**
 * Moves the links of one kind of target (`member_id` or `chamber_id`) from merged rows to the
 * survivor: visits met, opinions raised, campaign assignments. A visit that met both keeps one
 * link; an assignment already listed for the survivor in the same campaign is dropped, its
 * visit (if any) moved to the survivor's assignment when that one has none.
 */
async function moveTargets(em: EntityManager, column: 'member_id' | 'chamber_id', mergedIds: readonly string[], survivorId: string): Promise<MemberMergeCounts> {
  const link = column === 'member_id' ? 'visit_member' : 'visit_chamber';
  const raiser = column === 'member_id' ? 'raised_by_member_id' : 'raised_by_chamber_id';
  const [, visits] = (await em.query(
    `WITH moved AS (
       INSERT INTO ${link} (visit_id, ${column}) SELECT visit_id, $2 FROM ${link} WHERE ${column} = ANY($1::uuid[]) ON CONFLICT DO NOTHING RETURNING visit_id
     ) DELETE FROM ${link} WHERE ${column} = ANY($1::uuid[])`,
    [mergedIds, survivorId],
  )) as [unknown, number];
  const [, opinions] = (await em.query(`UPDATE feedback SET ${raiser} = $2 WHERE ${raiser} = ANY($1::uuid[])`, [mergedIds, survivorId])) as [unknown, number];
  await em.query(
    `UPDATE visit v SET assignment_id = s.id
     FROM campaign_assignment m JOIN campaign_assignment s ON s.campaign_id = m.campaign_id AND s.${column} = $2
     WHERE m.${column} = ANY($1::uuid[]) AND v.assignment_id = m.id AND NOT EXISTS (SELECT 1 FROM visit w WHERE w.assignment_id = s.id)`,
    [mergedIds, survivorId],
  );
  await em.query(
    `DELETE FROM campaign_assignment m USING campaign_assignment s
     WHERE m.${column} = ANY($1::uuid[]) AND s.${column} = $2 AND s.campaign_id = m.campaign_id`,
    [mergedIds, survivorId],
  );
  // Two merged rows listed in one campaign: the first (by id) stays.
  await em.query(
    `DELETE FROM campaign_assignment m USING campaign_assignment k
     WHERE m.${column} = ANY($1::uuid[]) AND k.${column} = ANY($1::uuid[]) AND k.campaign_id = m.campaign_id AND k.id < m.id`,
    [mergedIds],
  );
  const [, assignments] = (await em.query(`UPDATE campaign_assignment SET ${column} = $2 WHERE ${column} = ANY($1::uuid[])`, [mergedIds, survivorId])) as [unknown, number];
  return { visits, opinions, assignments };
}

/** Chamber merges (并): visits, opinions and campaign assignments of the merged chamber move to the survivor. */
@Injectable()
export class VisitChamberMerge implements ChamberMergeParticipant, OnApplicationBootstrap {
  readonly name = 'visits';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  // After every module's own participants (registered at module init): the member and chamber
  // libraries' links move first, as their registries promise.
  onApplicationBootstrap(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string): Promise<void> {
    await moveTargets(em, 'chamber_id', [mergedId], survivorId);
  }
}

/** Member merges: visits, opinions and campaign assignments of the merged members move to the survivor. */
@Injectable()
export class VisitMemberMerge implements MemberMergeParticipant, OnApplicationBootstrap {
  readonly name = 'visits';

  constructor(private readonly participants: MemberMergeParticipants) {}

  // After every module's own participants (registered at module init): the member and chamber
  // libraries' links move first, as their registries promise.
  onApplicationBootstrap(): void {
    this.participants.register(this);
  }

  onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    return moveTargets(em, 'member_id', ctx.mergedIds, ctx.survivorId);
  }
}
