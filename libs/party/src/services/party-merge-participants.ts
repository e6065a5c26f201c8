import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChamberMergeParticipant, ChamberMergeParticipants } from '@crm/chamber';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from '@crm/member';
import { PartyErrors } from '../exceptions/party.errors';

/**
 * When a chamber is merged (并), party units attached to it are attached to the survivor (a unit
 * attached to both keeps one link), managing bodies naming it name the survivor, and a working
 * committee it hosted is hosted by the survivor.
 */
@Injectable()
export class PartyChamberMerge implements ChamberMergeParticipant, OnModuleInit {
  readonly name = 'party';

  constructor(private readonly participants: ChamberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string): Promise<void> {
    await em.query(
      `WITH moved AS (
         UPDATE party_organization_chamber oc SET chamber_id = $2 WHERE oc.chamber_id = $1
           AND NOT EXISTS (SELECT 1 FROM party_organization_chamber s WHERE s.organization_id = oc.organization_id AND s.chamber_id = $2)
         RETURNING oc.organization_id
       )
       DELETE FROM party_organization_chamber WHERE chamber_id = $1 AND organization_id NOT IN (SELECT organization_id FROM moved)`,
      [mergedId, survivorId],
    );
    await em.query('UPDATE party_organization_manager SET chamber_id = $2 WHERE chamber_id = $1', [mergedId, survivorId]);
    await em.query('UPDATE party_working_committee SET host_chamber_id = $2, version = version + 1, updated_at = now() WHERE host_chamber_id = $1', [mergedId, survivorId]);
  }
}

/**
 * When members are merged, the party record linked to a merged member is linked to the
 * survivor. One person has one party record: when more than one of them has one, the merge is
 * refused until the party records are reconciled.
 */
@Injectable()
export class PartyMemberMerge implements MemberMergeParticipant, OnModuleInit {
  readonly name = 'party';

  constructor(private readonly participants: MemberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    const linked = (await em.query('SELECT id, member_id FROM party_member WHERE member_id = ANY($1::uuid[]) FOR UPDATE', [[ctx.survivorId, ...ctx.mergedIds]])) as { id: string; member_id: string }[];
    if (linked.length > 1) throw PartyErrors.MERGE_BOTH_PARTY_MEMBERS({}, { field: 'input.merged' });
    const moving = linked.filter((l) => l.member_id !== ctx.survivorId);
    if (moving.length) await em.query('UPDATE party_member SET member_id = $1, version = version + 1, updated_at = now() WHERE id = $2', [ctx.survivorId, moving[0].id]);
    return { moved: moving.length };
  }
}
