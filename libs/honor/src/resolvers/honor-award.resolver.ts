import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberRollupDto } from '@crm/chamber';
import { MemberDto } from '@crm/member';
import { ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { HonorAwardCountsArgs, HonorAwardsArgs, HonorBenefitsArgs } from '../dtos/args/honor.args';
import {
  HonorAwardConnection,
  HonorAwardCountDto,
  HonorAwardDto,
  HonorBenefitConnection,
  HonorBenefitDto,
  HonorBenefitsOutstandingDto,
  HonorRollupDto,
} from '../dtos/honor-award.dto';
import { RecordHonorAwardInput, RevokeHonorAwardInput, SettleHonorBenefitInput } from '../dtos/inputs/honor-award.inputs';
import { HonorAwardService } from '../services/honor-award.service';
import { HonorAwardGrouping, HonorQueryService } from '../services/honor-query.service';


@Resolver(() => HonorAwardDto)
export class HonorAwardResolver {
  constructor(
    private readonly awardService: HonorAwardService,
    private readonly query: HonorQueryService,
  ) {}

  @Query(() => HonorAwardConnection, { nullable: true, description: 'Awards in your scope, latest year first.' })
  @RequirePermission(Permission.HonorRead)
  honorAwards(@CurrentUser() caller: Caller, @Args() args: HonorAwardsArgs): Promise<ConnectionResult<HonorAwardDto>> {
    return this.query.awards(caller, args);
  }

  @Query(() => HonorAwardDto, { nullable: true, description: 'One award (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.HonorRead)
  honorAward(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<HonorAwardDto> {
    return this.query.award(caller, id);
  }

  @Query(() => [HonorAwardCountDto], { nullable: true, description: 'Honourees (active awards) by type, year, hometown county or credited chamber.' })
  @RequirePermission(Permission.HonorRead)
  honorAwardCounts(@CurrentUser() caller: Caller, @Args() args: HonorAwardCountsArgs): Promise<HonorAwardCountDto[]> {
    return this.query.awardCounts(caller, args.by as HonorAwardGrouping, args.year, args.honorTypeId);
  }

  @Query(() => HonorBenefitConnection, { nullable: true, description: 'Benefits due from awards (status DUE: not yet received), in your scope.' })
  @RequirePermission(Permission.HonorRead)
  honorBenefits(@CurrentUser() caller: Caller, @Args() args: HonorBenefitsArgs): Promise<ConnectionResult<HonorBenefitDto>> {
    return this.query.benefits(caller, args);
  }

  @Query(() => [HonorBenefitsOutstandingDto], { nullable: true, description: 'Benefits still due, by hometown county of the honourees.' })
  @RequirePermission(Permission.HonorRead)
  honorBenefitsOutstanding(@CurrentUser() caller: Caller, @Args('year', { type: () => Int, nullable: true }) year?: number): Promise<HonorBenefitsOutstandingDto[]> {
    return this.query.benefitsOutstanding(caller, year);
  }

  @Mutation(() => HonorAwardDto, { description: 'Record an award made outside a round here (the office).' })
  @RequirePermission(Permission.HonorManage)
  recordHonorAward(@CurrentUser() caller: Caller, @Args('input') input: RecordHonorAwardInput): Promise<HonorAwardDto> {
    return this.awardService.record(caller, input);
  }

  @Mutation(() => HonorAwardDto, { description: 'Revoke an award: kept with date and reason; due benefits lapse; designations follow.' })
  @RequirePermission(Permission.HonorManage)
  revokeHonorAward(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: RevokeHonorAwardInput): Promise<HonorAwardDto> {
    return this.awardService.revoke(caller, id, input);
  }

  @Mutation(() => HonorBenefitDto, { description: 'Record a due benefit as delivered (day, who) or declined.' })
  @RequirePermission(Permission.HonorManage)
  settleHonorBenefit(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: SettleHonorBenefitInput): Promise<HonorBenefitDto> {
    return this.awardService.settleBenefit(caller, id, input);
  }

  @ResolveField(() => [HonorBenefitDto], { description: 'The benefits due from this award, in your scope.' })
  @RequirePermission(Permission.HonorRead)
  benefits(@CurrentUser() caller: Caller, @Parent() a: HonorAwardDto, @GqlRequest() req: object): Promise<HonorBenefitDto[]> {
    return this.query.benefitsOf(req, caller, a.id);
  }
}

/** Honours on a member's record. */
@Resolver(() => MemberDto)
export class MemberHonorsResolver {
  constructor(private readonly query: HonorQueryService) {}

  @ResolveField(() => [HonorAwardDto], { description: "The member's honours (荣誉), active and revoked, in your scope." })
  @RequirePermission(Permission.HonorRead)
  honors(@CurrentUser() caller: Caller, @Parent() m: MemberDto, @GqlRequest() req: object): Promise<HonorAwardDto[]> {
    return this.query.awardsOf(req, caller, m.id);
  }
}

/** Honours on a chamber's record, and in its roll-up. */
@Resolver(() => ChamberDto)
export class ChamberHonorsResolver {
  constructor(private readonly query: HonorQueryService) {}

  @ResolveField(() => [HonorAwardDto], { description: "The chamber's own honours (争先创优先进商会 …), in your scope." })
  @RequirePermission(Permission.HonorRead)
  honors(@CurrentUser() caller: Caller, @Parent() c: ChamberDto, @GqlRequest() req: object): Promise<HonorAwardDto[]> {
    return this.query.awardsOf(req, caller, c.id);
  }
}

@Resolver(() => ChamberRollupDto)
export class ChamberRollupHonorsResolver {
  constructor(private readonly query: HonorQueryService) {}

  @ResolveField(() => HonorRollupDto, { description: 'Honours in the subtree: chamber honours and member honours credited to its chambers.' })
  @RequirePermission(Permission.HonorRead)
  honors(@Parent() rollup: ChamberRollupDto, @GqlRequest() req: object): Promise<HonorRollupDto> {
    return this.query.rollup(req, rollup.chamberId);
  }
}
