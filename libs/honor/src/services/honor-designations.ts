import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '@crm/auth';
import { MemberDesignation, memberValuesOf, MemberWrite, MemberWriteGuard, MemberWriteGuards, MemberWriter } from '@crm/member';
import { AppError } from '@crm/shared';
import { HonorErrors } from '../exceptions/honor.errors';

interface Governed {
  memberId: string;
  designation: MemberDesignation;
  /** Whether an active award of a type granting it stands. */
  held: boolean;
  /** The honour types (names) of those active awards. */
  types: string[];
}

/**
 * The one rule that keeps member designations in step with honours: a member holds a designation
 * an honour type grants (百名领头雁 → LEAD_GOOSE) while they hold an active award of such a type,
 * and loses it when their last such award is revoked. A designation no honour of theirs governs
 * (set by hand, say) is left alone.
 *
 * Both directions live here. `sync` is called after every change of awards (confirmation, a
 * recorded award, revocation) and writes through the member library's one write path
 * (MemberWriter: version, scope, completeness, audit), never member rows directly. As a
 * MemberWriteGuard on that same path, `check` refuses any other member write (an edit, an
 * import row) that would drop a designation an active award of the member carries.
 */
@Injectable()
export class HonorDesignations implements MemberWriteGuard, OnModuleInit {
  readonly name = 'honours';

  constructor(
    private readonly writer: MemberWriter,
    private readonly guards: MemberWriteGuards,
  ) {}

  onModuleInit(): void {
    this.guards.register(this);
  }

  /** The designations honour types grant to these members, and whether an active award carries each. */
  private async governed(em: EntityManager, ids: readonly string[]): Promise<Governed[]> {
    return (await em.query(
      `SELECT a.member_id AS "memberId", t.grants_designation::text AS designation, bool_or(a.status = 'ACTIVE') AS held,
              coalesce(array_agg(DISTINCT t.name) FILTER (WHERE a.status = 'ACTIVE'), '{}') AS types
         FROM honor_award a JOIN honor_type t ON t.id = a.honor_type_id
        WHERE a.member_id = ANY($1::uuid[]) AND t.grants_designation IS NOT NULL
        GROUP BY a.member_id, t.grants_designation`,
      [ids],
    )) as Governed[];
  }

  async sync(em: EntityManager, caller: Caller, memberIds: readonly string[]): Promise<number> {
    const ids = [...new Set(memberIds)];
    if (!ids.length) return 0;
    const governed = await this.governed(em, ids);
    if (!governed.length) return 0;
    const members = await this.writer.lockWithLinks(em, [...new Set(governed.map((g) => g.memberId))]);
    const writes: MemberWrite[] = [];
    for (const [id, member] of members) {
      const mine = governed.filter((g) => g.memberId === id);
      const next = new Set(member.designations);
      for (const g of mine) (g.held ? next.add(g.designation) : next.delete(g.designation));
      const designations = [...next];
      if (designations.length === member.designations.length && designations.every((d) => member.designations.includes(d))) continue;
      const before = memberValuesOf(member);
      writes.push({
        id,
        before,
        values: { ...memberValuesOf(member), designations },
        audit: { operation: 'member.designationsFromHonours', metadata: { governed: mine.map((g) => ({ designation: g.designation, held: g.held })) } },
      });
    }
    if (writes.length) await this.writer.write(em, caller, writes);
    return writes.length;
  }

  /** Refuses a member write that drops a designation an active award of the member carries. */
  async check(em: EntityManager, writes: readonly MemberWrite[]): Promise<{ write: MemberWrite; error: AppError }[]> {
    const dropping = writes.filter((w) => w.before?.designations.some((d) => !w.values.designations.includes(d)));
    if (!dropping.length) return [];
    const held = (await this.governed(em, dropping.map((w) => w.id))).filter((g) => g.held);
    const refusals: { write: MemberWrite; error: AppError }[] = [];
    for (const w of dropping) {
      const lost = held.find((g) => g.memberId === w.id && !w.values.designations.includes(g.designation));
      if (!lost) continue;
      const field = w.field ? `${w.field}.designations` : 'designations';
      refusals.push({ write: w, error: HonorErrors.DESIGNATION_HELD({ designation: lost.designation, type: lost.types.join('、') }, { field }) });
    }
    return refusals;
  }
}
