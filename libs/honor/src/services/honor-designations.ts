import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '@crm/auth';
import { MemberDesignation, memberValuesOf, MemberWrite, MemberWriter } from '@crm/member';

/**
 * The one rule that keeps member designations in step with honours: a member holds a designation
 * an honour type grants (百名领头雁 → LEAD_GOOSE) while they hold an active award of such a type,
 * and loses it when their last such award is revoked. A designation no honour of theirs governs
 * (set by hand, say) is left alone. Called after every change of awards (confirmation, a recorded
 * award, revocation); the change is written through the member library's one write path
 * (MemberWriter: version, scope, completeness, audit), never by writing member rows here.
 */
@Injectable()
export class HonorDesignations {
  constructor(private readonly writer: MemberWriter) {}

  async sync(em: EntityManager, caller: Caller, memberIds: readonly string[]): Promise<number> {
    const ids = [...new Set(memberIds)];
    if (!ids.length) return 0;
    const governed = (await em.query(
      `SELECT a.member_id AS "memberId", t.grants_designation::text AS designation, bool_or(a.status = 'ACTIVE') AS held
         FROM honor_award a JOIN honor_type t ON t.id = a.honor_type_id
        WHERE a.member_id = ANY($1::uuid[]) AND t.grants_designation IS NOT NULL
        GROUP BY a.member_id, t.grants_designation`,
      [ids],
    )) as { memberId: string; designation: MemberDesignation; held: boolean }[];
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
}
