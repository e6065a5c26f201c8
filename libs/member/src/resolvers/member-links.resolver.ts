import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberPositionDto, ChamberRollupDto, ChamberService } from '@crm/chamber';
import { GqlRequest } from '@crm/shared';
import { EnterpriseDto } from '../dtos/enterprise.dto';
import { ChamberMembershipDto, MemberEnterpriseDto } from '../dtos/member-links.dto';
import { MemberDto } from '../dtos/member.dto';
import { MemberCountsDto, MemberJoinYearCountDto } from '../dtos/member-counts.dto';
import { EnterpriseService } from '../services/enterprise.service';
import { MemberQueryService } from '../services/member-query.service';
import { MemberRollupService } from '../services/member-rollup.service';

@Resolver(() => ChamberMembershipDto)
export class ChamberMembershipResolver {
  constructor(
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The chamber; null when it is outside your scope.' })
  @RequirePermission(Permission.MemberRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() membership: ChamberMembershipDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    const chamber = await this.chambers.load(req, membership.chamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }
}

@Resolver(() => MemberEnterpriseDto)
export class MemberEnterpriseResolver {
  constructor(private readonly enterprises: EnterpriseService) {}

  @ResolveField(() => EnterpriseDto)
  @RequirePermission(Permission.MemberRead)
  async enterprise(@Parent() link: MemberEnterpriseDto, @GqlRequest() req: object): Promise<EnterpriseDto> {
    const enterprise = await this.enterprises.load(req, link.enterpriseId);
    if (!enterprise) throw new Error(`Enterprise ${link.enterpriseId} is missing`);
    return EnterpriseDto.from(enterprise);
  }
}

@Resolver(() => ChamberPositionDto)
export class ChamberPositionMemberResolver {
  constructor(private readonly query: MemberQueryService) {}

  @ResolveField(() => MemberDto, { nullable: true, description: 'The holder in the information base; null when unlinked or outside your scope.' })
  @RequirePermission(Permission.MemberRead)
  async member(@CurrentUser() caller: Caller, @Parent() position: ChamberPositionDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    if (!position.memberId) return null;
    const member = await this.query.loadVisible(req, caller, position.memberId);
    return member ? MemberDto.from(member) : null;
  }
}

@Resolver(() => ChamberRollupDto)
export class ChamberRollupMembersResolver {
  constructor(private readonly rollups: MemberRollupService) {}

  @ResolveField(() => MemberCountsDto, { description: 'Members with a current membership in the subtree (each counted once).' })
  @RequirePermission(Permission.MemberRead)
  members(@Parent() rollup: ChamberRollupDto, @GqlRequest() req: object): Promise<MemberCountsDto> {
    return this.rollups.load(req, rollup.chamberId);
  }
}

@Resolver(() => MemberCountsDto)
export class MemberCountsResolver {
  constructor(private readonly rollups: MemberRollupService) {}

  @ResolveField(() => [MemberJoinYearCountDto], { description: 'The members counted here by the year they joined the subtree, oldest first (no date recorded last).' })
  @RequirePermission(Permission.MemberRead)
  joinedByYear(@Parent() counts: MemberCountsDto, @GqlRequest() req: object): Promise<MemberJoinYearCountDto[]> {
    return this.rollups.joinedByYear(req, counts.chamberId);
  }
}
