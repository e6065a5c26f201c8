import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';

/**
 * When a chamber is merged (并), its current members become members of the survivor. A member
 * already in the survivor keeps that membership; the merged chamber's one is closed on the day
 * of the merge. Past memberships stay where they were: they are the merged chamber's history.
 */
@Injectable()
export class MemberChamberMerge implements ChamberMergeParticipant, OnModuleInit {
  readonly name = 'members';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string, on: string): Promise<void> {
    const touched = (await em.query(
      `WITH closed AS (
         UPDATE chamber_membership cm SET left_on = greatest($3::date, coalesce(cm.joined_on, $3::date))
         WHERE cm.chamber_id = $1 AND cm.left_on IS NULL
           AND EXISTS (SELECT 1 FROM chamber_membership s WHERE s.chamber_id = $2 AND s.member_id = cm.member_id AND s.left_on IS NULL)
         RETURNING cm.member_id
       ), moved AS (
         UPDATE chamber_membership cm SET chamber_id = $2
         WHERE cm.chamber_id = $1 AND cm.left_on IS NULL AND cm.member_id NOT IN (SELECT member_id FROM closed)
         RETURNING cm.member_id
       )
       SELECT member_id FROM closed UNION SELECT member_id FROM moved`,
      [mergedId, survivorId, on],
    )) as { member_id: string }[];
    if (touched.length) await em.query('SELECT refresh_member_quality($1::uuid[])', [touched.map((r) => r.member_id)]);
  }
}
