import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ChamberPositionEntity } from '@crm/chamber';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { MemberEnterpriseEntity } from '../entities/member-enterprise.entity';
import { MemberPoliticalRoleEntity } from '../entities/member-political-role.entity';
import { EnterpriseRole } from '../entities/member.enums';
import { MemberMergeContext, MemberMergeCounts, MemberMergeParticipant, MemberMergeParticipants } from './member-merge-participant';

/**
 * The member module's own rows on a merge of members: everything moves to the survivor.
 *
 * - Chamber memberships: a chamber with a current membership on two of the members keeps one,
 *   the earliest joined (unknown dates last, the survivor's on a tie), and the others are
 *   deleted: they record the same membership twice, and closing them would invent a departure.
 *   Past memberships move as they are.
 * - Enterprise links: one per enterprise (unique index); the survivor's link (else the first
 *   merged member's) keeps the union of the roles, the others are deleted. Moved links come
 *   after the survivor's own in its list.
 * - Chamber positions move with their terms and dates; `holder_name` stays the name as elected.
 * - Political roles move; exact duplicates (same kind, level, region, term and dates) are dropped.
 */
@Injectable()
export class MemberLinksMerge implements MemberMergeParticipant, OnModuleInit {
  readonly name = 'members';

  constructor(private readonly participants: MemberMergeParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async onMemberMerge(em: EntityManager, ctx: MemberMergeContext): Promise<MemberMergeCounts> {
    const order = [ctx.survivorId, ...ctx.mergedIds];
    const rank = (memberId: string) => order.indexOf(memberId);
    const mergedIds = [...ctx.mergedIds];
    return {
      ...(await this.memberships(em, ctx.survivorId, mergedIds, order, rank)),
      ...(await this.enterpriseLinks(em, ctx.survivorId, order, rank)),
      positionsMoved: (await em.update(ChamberPositionEntity, { memberId: In(mergedIds) }, { memberId: ctx.survivorId })).affected ?? 0,
      ...(await this.politicalRoles(em, ctx.survivorId, mergedIds, order, rank)),
    };
  }

  private async memberships(em: EntityManager, survivorId: string, mergedIds: string[], order: string[], rank: (id: string) => number): Promise<MemberMergeCounts> {
    const rows = await em.find(ChamberMembershipEntity, { where: { memberId: In(order) } });
    const current = new Map<string, ChamberMembershipEntity[]>();
    for (const row of rows.filter((r) => r.leftOn === null)) current.set(row.chamberId, [...(current.get(row.chamberId) ?? []), row]);
    const dropped: string[] = [];
    for (const same of current.values()) {
      if (same.length < 2) continue;
      same.sort(
        (a, b) =>
          // Earliest known joining date first; an unknown one after every known one.
          (a.joinedOn ?? '9999-12-31').localeCompare(b.joinedOn ?? '9999-12-31') || rank(a.memberId) - rank(b.memberId) || a.id.localeCompare(b.id),
      );
      dropped.push(...same.slice(1).map((r) => r.id));
    }
    // Deleted before the move, so the partial unique index (one current membership per member
    // and chamber) never sees two; the statement triggers keep chamber_ids of both sides.
    if (dropped.length) await em.delete(ChamberMembershipEntity, { id: In(dropped) });
    const moved = (await em.update(ChamberMembershipEntity, { memberId: In(mergedIds) }, { memberId: survivorId })).affected ?? 0;
    return { membershipsMoved: moved, membershipsDropped: dropped.length };
  }

  private async enterpriseLinks(em: EntityManager, survivorId: string, order: string[], rank: (id: string) => number): Promise<MemberMergeCounts> {
    const links = await em.find(MemberEnterpriseEntity, { where: { memberId: In(order) } });
    const byOrder = (a: MemberEnterpriseEntity, b: MemberEnterpriseEntity) => rank(a.memberId) - rank(b.memberId) || a.sortOrder - b.sortOrder || a.id.localeCompare(b.id);
    const perEnterprise = new Map<string, MemberEnterpriseEntity[]>();
    for (const link of [...links].sort(byOrder)) perEnterprise.set(link.enterpriseId, [...(perEnterprise.get(link.enterpriseId) ?? []), link]);
    const dropped: string[] = [];
    const changes: { link: MemberEnterpriseEntity; roles: EnterpriseRole[] }[] = [];
    for (const [keeper, ...others] of perEnterprise.values()) {
      const roles = [...keeper.roles];
      for (const role of others.flatMap((o) => o.roles)) if (!roles.includes(role)) roles.push(role);
      dropped.push(...others.map((o) => o.id));
      if (keeper.memberId !== survivorId || roles.length !== keeper.roles.length) changes.push({ link: keeper, roles });
    }
    if (dropped.length) await em.delete(MemberEnterpriseEntity, { id: In(dropped) });
    let next = Math.max(-1, ...links.filter((l) => l.memberId === survivorId).map((l) => l.sortOrder)) + 1;
    let moved = 0;
    for (const { link, roles } of changes.sort((a, b) => byOrder(a.link, b.link))) {
      const move = link.memberId !== survivorId;
      await em.update(MemberEnterpriseEntity, { id: link.id }, move ? { memberId: survivorId, sortOrder: next++, roles } : { roles });
      if (move) moved += 1;
    }
    return { enterpriseLinksMoved: moved, enterpriseLinksCombined: dropped.length };
  }

  private async politicalRoles(em: EntityManager, survivorId: string, mergedIds: string[], order: string[], rank: (id: string) => number): Promise<MemberMergeCounts> {
    const roles = await em.find(MemberPoliticalRoleEntity, { where: { memberId: In(order) } });
    roles.sort((a, b) => rank(a.memberId) - rank(b.memberId) || a.id.localeCompare(b.id));
    const seen = new Set<string>();
    const dropped: string[] = [];
    for (const r of roles) {
      const signature = JSON.stringify([r.kind, r.level, r.regionCode, r.termNumber, r.startsOn, r.endsOn]);
      // Only moved rows are dropped: the survivor's own list is left as it was.
      if (seen.has(signature) && r.memberId !== survivorId) dropped.push(r.id);
      seen.add(signature);
    }
    if (dropped.length) await em.delete(MemberPoliticalRoleEntity, { id: In(dropped) });
    const moved = (await em.update(MemberPoliticalRoleEntity, { memberId: In(mergedIds) }, { memberId: survivorId })).affected ?? 0;
    return { politicalRolesMoved: moved, politicalRolesDropped: dropped.length };
  }
}
