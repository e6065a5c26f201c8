import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';

const LIVE = `('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED')`;

/**
 * Moves the honours of merged subjects (`column` = member_id or chamber_id) to the survivor.
 * Where the survivor already has the same live nomination (round and type) or the same active
 * award (type and year), the merged one's is withdrawn or revoked with the merge as its reason
 * (kept as history), so the unique rules hold; then every row moves.
 */
async function moveHonours(em: EntityManager, column: 'member_id' | 'chamber_id', mergedIds: readonly string[], survivorId: string, on: string): Promise<MemberMergeCounts> {
  const withdrawn = (await em.query(
    `UPDATE honor_nomination n SET status = 'WITHDRAWN', decision_reason = '合并：与保留记录的推荐重复', version = version + 1
      WHERE n.${column} = ANY($1::uuid[]) AND n.status IN ${LIVE}
        AND EXISTS (SELECT 1 FROM honor_nomination s WHERE s.${column} = $2 AND s.round_id = n.round_id AND s.honor_type_id = n.honor_type_id AND s.status IN ${LIVE})
      RETURNING n.id`,
    [mergedIds, survivorId],
  )) as unknown[];
  const revoked = (await em.query(
    `UPDATE honor_award a SET status = 'REVOKED', revoked_on = greatest($3::date, a.awarded_on), revoke_reason = '合并：与保留记录的荣誉重复', version = version + 1
      WHERE a.${column} = ANY($1::uuid[]) AND a.status = 'ACTIVE'
        AND EXISTS (SELECT 1 FROM honor_award s WHERE s.${column} = $2 AND s.honor_type_id = a.honor_type_id AND s.year = a.year AND s.status = 'ACTIVE')
      RETURNING a.id`,
    [mergedIds, survivorId, on],
  )) as { id: string }[];
  if (revoked.length) {
    await em.query(`UPDATE honor_benefit SET status = 'LAPSED', version = version + 1 WHERE award_id = ANY($1::uuid[]) AND status = 'DUE'`, [revoked.map((r) => r.id)]);
  }
  const [, nominations] = (await em.query(`UPDATE honor_nomination SET ${column} = $2, version = version + 1 WHERE ${column} = ANY($1::uuid[])`, [mergedIds, survivorId])) as [unknown, number];
  const [, awards] = (await em.query(`UPDATE honor_award SET ${column} = $2, version = version + 1 WHERE ${column} = ANY($1::uuid[])`, [mergedIds, survivorId])) as [unknown, number];
  const counts: MemberMergeCounts = { nominations, awards, withdrawn: withdrawn.length, revoked: revoked.length };
  if (column === 'chamber_id') {
    // The merged chamber's nominations and credits (as nominator, in roll-ups) go with its members.
    await em.query(`UPDATE honor_nomination SET nominating_chamber_id = $2 WHERE nominating_chamber_id = ANY($1::uuid[])`, [mergedIds, survivorId]);
    await em.query(`UPDATE honor_award SET credited_chamber_id = $2 WHERE credited_chamber_id = ANY($1::uuid[])`, [mergedIds, survivorId]);
  }
  return counts;
}

/**
 * Member merges move nominations and awards to the survivor. Designations need no change here:
 * the merge unites the members' designations, and the awards that govern them move with them.
 */
@Injectable()
export class HonorMemberMerge implements MemberMergeParticipant, OnModuleInit {
  readonly name = 'honours';

  constructor(private readonly participants: MemberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    return moveHonours(em, 'member_id', ctx.mergedIds, ctx.survivorId, ctx.on);
  }
}

/** Chamber merges (并) move the merged chamber's honours, nominations and credits to the survivor. */
@Injectable()
export class HonorChamberMerge implements ChamberMergeParticipant, OnModuleInit {
  readonly name = 'honours';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string, on: string): Promise<void> {
    await moveHonours(em, 'chamber_id', [mergedId], survivorId, on);
  }
}
