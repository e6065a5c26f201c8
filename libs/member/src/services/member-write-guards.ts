import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '@crm/shared';
import type { MemberWrite } from './member-writer';

/**
 * A rule another module keeps over members' values, checked on the one member write path
 * (MemberWriter: create, edit, import, the honours' own designation changes) so that no way of
 * writing a member bypasses it. Example: the honours module refuses an edit that drops the
 * LEAD_GOOSE designation while the member holds an active 百名领头雁 award.
 *
 * How a module takes part: implement this interface in one of its providers, inject
 * `MemberWriteGuards` (exported by `MemberModule`) and register in `onModuleInit`.
 */
export interface MemberWriteGuard {
  /** Names the guard (unique). */
  readonly name: string;
  /**
   * The writes this guard refuses, each with its error (name the field with `write.field`).
   * Runs inside the write's transaction, members locked, before anything is written; one
   * statement for the whole batch.
   */
  check(em: EntityManager, writes: readonly MemberWrite[]): Promise<{ write: MemberWrite; error: AppError }[]>;
}

/** The registry of member write guards: the extension point, without the member module depending on the guards' modules. */
@Injectable()
export class MemberWriteGuards {
  private readonly guards: MemberWriteGuard[] = [];

  register(guard: MemberWriteGuard): void {
    if (this.guards.some((g) => g.name === guard.name)) throw new Error(`A member write guard named ${guard.name} is already registered`);
    this.guards.push(guard);
  }

  list(): readonly MemberWriteGuard[] {
    return this.guards;
  }
}
