import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A module that holds rows referring to a chamber (members, party units, visits, projects …)
 * and moves them to the survivor when a chamber is merged (并).
 *
 * How a module takes part: implement this interface in one of its providers, inject
 * `ChamberMergeParticipants` and register in `onModuleInit`:
 *
 * ```ts
 * @Injectable()
 * export class MemberChamberMerge implements ChamberMergeParticipant, OnModuleInit {
 *   readonly name = 'members';
 *   constructor(private readonly participants: ChamberMergeParticipants) {}
 *   onModuleInit() { this.participants.register(this); }
 *   async onChamberMerge(em: EntityManager, mergedId: string, survivorId: string, on: string) {
 *     await em.update(MemberChamberEntity, { chamberId: mergedId }, { chamberId: survivorId });
 *   }
 * }
 * ```
 */
export interface ChamberMergeParticipant {
  /** Names the participant in the merge's audit event, e.g. `members`. */
  readonly name: string;
  /**
   * Moves this module's rows from the merged chamber to the survivor. Runs inside the merge's
   * transaction (use `em`, never the data source), after both chambers are locked and checked
   * and before the events are written. `on` is the day of the merge (YYYY-MM-DD). Throw an error
   * from `@crm/shared` to refuse the merge: the whole merge rolls back.
   */
  onChamberMerge(em: EntityManager, mergedId: string, survivorId: string, on: string): Promise<void>;
}

/**
 * The registry of merge participants: the extension point (and its injection token) through
 * which modules that arrive after the chamber module move their rows on a merge, without the
 * chamber module depending on them.
 *
 * The members module registers (memberships move to the survivor); party, visit and investment
 * modules will when they exist. Leadership terms and positions and the guild hall are not moved:
 * they are the merged chamber's own history.
 */
@Injectable()
export class ChamberMergeParticipants {
  private readonly participants: ChamberMergeParticipant[] = [];

  register(participant: ChamberMergeParticipant): void {
    if (this.participants.some((p) => p.name === participant.name)) {
      throw new Error(`A chamber merge participant named ${participant.name} is already registered`);
    }
    this.participants.push(participant);
  }

  /** In registration order (module initialisation order). */
  list(): readonly ChamberMergeParticipant[] {
    return this.participants;
  }
}
