import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '@crm/auth';

/** What a participant is told about a merge of members. */
export interface MemberMergeContext {
  caller: Caller;
  /** The member that stays. */
  survivorId: string;
  /** The members that become tombstones, in the order the caller gave them (never the survivor). */
  mergedIds: readonly string[];
  /** The day of the merge (YYYY-MM-DD). */
  on: string;
}

/** Row counts a participant reports for the merge's audit event, e.g. `{ moved: 3, dropped: 1 }`. */
export type MemberMergeCounts = Record<string, number>;

/**
 * A module that holds rows referring to a member (memberships, enterprise links, party
 * membership, visits, honours, project contacts …) and moves them to the survivor when
 * members are merged.
 *
 * How a module takes part: implement this interface in one of its providers, inject
 * `MemberMergeParticipants` (exported by `MemberModule`) and register in `onModuleInit`:
 *
 * ```ts
 * @Injectable()
 * export class VisitMemberMerge implements MemberMergeParticipant, OnModuleInit {
 *   readonly name = 'visits';
 *   constructor(private readonly participants: MemberMergeParticipants) {}
 *   onModuleInit() { this.participants.register(this); }
 *   async onMemberMerge(em: EntityManager, ctx: MemberMergeContext) {
 *     const r = await em.query('UPDATE visit_member SET member_id = $1 WHERE member_id = ANY($2::uuid[])', [ctx.survivorId, ctx.mergedIds]);
 *     return { moved: r[1] };
 *   }
 * }
 * ```
 */
export interface MemberMergeParticipant {
  /** Names the participant in the merge's audit event (`metadata.moved.<name>`), e.g. `visits`. */
  readonly name: string;
  /**
   * Moves this module's rows from the merged members to the survivor. Runs inside the merge's
   * transaction (use `em`, never the data source), after every member is locked and checked
   * (versions, scope) and before the merged members become tombstones and the survivor gets
   * its new values. Keep unique indexes satisfied (drop or combine what the survivor already
   * has). Throw an error from `@crm/shared` to refuse the merge: all of it rolls back.
   */
  onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts | void>;
}

/**
 * The registry of member merge participants: the extension point (and its injection token)
 * through which modules that depend on the member module move their rows on a merge, without
 * the member module depending on them. The member module's own links (memberships, enterprise
 * links, chamber positions, political roles) are the first participant, `members`.
 */
@Injectable()
export class MemberMergeParticipants {
  private readonly participants: MemberMergeParticipant[] = [];

  register(participant: MemberMergeParticipant): void {
    if (this.participants.some((p) => p.name === participant.name)) {
      throw new Error(`A member merge participant named ${participant.name} is already registered`);
    }
    this.participants.push(participant);
  }

  /** In registration order (module initialisation order: the member module's own first). */
  list(): readonly MemberMergeParticipant[] {
    return this.participants;
  }
}
