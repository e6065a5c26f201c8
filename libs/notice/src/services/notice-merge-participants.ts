import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';
import type { StoredAnswer } from '../utils/return-form';

/** `ids` with each merged id replaced by the survivor, once. */
function replaced(ids: string[], merged: readonly string[], survivor: string): string[] {
  return [...new Set(ids.map((id) => (merged.includes(id) ? survivor : id)))];
}

/**
 * Member merges: the members a member-based rule listed on a recipient, and the members named in
 * returns (their answers and index column), now name the survivor.
 */
@Injectable()
export class NoticeMemberMerge implements MemberMergeParticipant, OnModuleInit {
  readonly name = 'notices';

  constructor(private readonly participants: MemberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    const [, recipients] = (await em.query(
      `UPDATE notice_recipient SET member_ids = ARRAY(SELECT DISTINCT CASE WHEN x = ANY($1::uuid[]) THEN $2::uuid ELSE x END FROM unnest(member_ids) x)
        WHERE member_ids && $1::uuid[]`,
      [ctx.mergedIds, ctx.survivorId],
    )) as [unknown, number];
    const returns = (await em.query(`SELECT id, answers FROM notice_return WHERE member_ids && $1::uuid[] FOR UPDATE`, [ctx.mergedIds])) as { id: string; answers: StoredAnswer[] }[];
    for (const r of returns) {
      const answers = r.answers.map((a) => (a.memberIds ? { ...a, memberIds: replaced(a.memberIds, ctx.mergedIds, ctx.survivorId) } : a));
      await em.query(`UPDATE notice_return SET answers = $2, member_ids = $3, version = version + 1 WHERE id = $1`, [
        r.id,
        JSON.stringify(answers),
        [...new Set(answers.flatMap((a) => a.memberIds ?? []))],
      ]);
    }
    return { recipients, returns: returns.length };
  }
}

/**
 * Chamber merges (并): the merged chamber's requests and the notices it sent go to the survivor,
 * and so do its receipts of notices the survivor did not receive itself (where both received one,
 * the merged chamber's receipt stays its own history).
 */
@Injectable()
export class NoticeChamberMerge implements ChamberMergeParticipant, OnModuleInit {
  readonly name = 'notices';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string): Promise<void> {
    await em.query(`UPDATE request SET chamber_id = $2, version = version + 1 WHERE chamber_id = $1`, [mergedId, survivorId]);
    await em.query(`UPDATE notice SET sender_chamber_id = $2 WHERE sender_chamber_id = $1`, [mergedId, survivorId]);
    await em.query(
      `UPDATE notice_recipient r SET chamber_id = $2 WHERE r.chamber_id = $1
          AND NOT EXISTS (SELECT 1 FROM notice_recipient s WHERE s.notice_id = r.notice_id AND s.chamber_id = $2)`,
      [mergedId, survivorId],
    );
  }
}
