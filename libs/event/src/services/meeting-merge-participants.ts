import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';
import { MeetingService } from './meeting.service';

/**
 * Member merges: registrations move to the survivor; where the survivor is already registered
 * for the same meeting, the merged member's registration is cancelled (its place, if it had one,
 * goes to the first waiting) and kept as history.
 */
@Injectable()
export class MeetingMemberMerge implements MemberMergeParticipant, OnModuleInit {
  readonly name = 'meetings';

  constructor(
    private readonly participants: MemberMergeParticipants,
    private readonly meetings: MeetingService,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    const duplicates = (await em.query(
      `SELECT r.id, r.meeting_id AS "meetingId", r.status FROM meeting_registration r
        WHERE r.member_id = ANY($1::uuid[]) AND r.status <> 'CANCELLED'
          AND EXISTS (SELECT 1 FROM meeting_registration s WHERE s.meeting_id = r.meeting_id AND s.member_id = $2 AND s.status <> 'CANCELLED')
        ORDER BY r.meeting_id`,
      [ctx.mergedIds, ctx.survivorId],
    )) as { id: string; meetingId: string; status: string }[];
    for (const d of duplicates) await this.meetings.cancelInMerge(em, d.meetingId, d.id, d.status === 'REGISTERED');
    // The remaining live ones, merged member by merged member (two merged members in one meeting keep the first).
    let moved = 0;
    for (const mergedId of ctx.mergedIds) {
      const [, n] = (await em.query(
        `UPDATE meeting_registration r SET member_id = $2, version = version + 1 WHERE r.member_id = $1
            AND (r.status = 'CANCELLED' OR NOT EXISTS (SELECT 1 FROM meeting_registration s WHERE s.meeting_id = r.meeting_id AND s.member_id = $2 AND s.status <> 'CANCELLED'))`,
        [mergedId, ctx.survivorId],
      )) as [unknown, number];
      moved += n;
      const rest = (await em.query(`SELECT id, meeting_id AS "meetingId", status FROM meeting_registration WHERE member_id = $1 AND status <> 'CANCELLED'`, [mergedId])) as {
        id: string;
        meetingId: string;
        status: string;
      }[];
      for (const d of rest) await this.meetings.cancelInMerge(em, d.meetingId, d.id, d.status === 'REGISTERED');
    }
    return { moved, cancelled: duplicates.length };
  }
}

/**
 * Chamber merges: the merged chamber's invitations go to the survivor; where the survivor was
 * invited too, the merged chamber's registrations move under the survivor's invitation.
 */
@Injectable()
export class MeetingChamberMerge implements ChamberMergeParticipant, OnModuleInit {
  readonly name = 'meetings';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string): Promise<void> {
    await em.query(
      `UPDATE meeting_registration r SET invitee_id = s.id FROM meeting_invitee m, meeting_invitee s
        WHERE r.invitee_id = m.id AND m.chamber_id = $1 AND s.meeting_id = m.meeting_id AND s.chamber_id = $2`,
      [mergedId, survivorId],
    );
    await em.query(
      `UPDATE meeting_invitee i SET chamber_id = $2 WHERE i.chamber_id = $1
          AND NOT EXISTS (SELECT 1 FROM meeting_invitee s WHERE s.meeting_id = i.meeting_id AND s.chamber_id = $2)`,
      [mergedId, survivorId],
    );
  }
}
