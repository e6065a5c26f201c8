import { Args, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { EnterpriseDto, EnterpriseService, MemberDto, MemberQueryService } from '@crm/member';
import { ConnectionResult, GqlRequest, ParseIdPipe, selectionAt } from '@crm/shared';
import { HonorNominationsArgs } from '../dtos/args/honor.args';
import { HonorAwardDto } from '../dtos/honor-award.dto';
import { HonorNominationConnection, HonorNominationDto } from '../dtos/honor-nomination.dto';
import { HonorTypeDto } from '../dtos/honor-type.dto';
import { HonorDecisionInput, NominateInput } from '../dtos/inputs/honor-nomination.inputs';
import { HonorCatalogueService } from '../services/honor-catalogue.service';
import { HonorNominationService } from '../services/honor-nomination.service';
import { HonorQueryService } from '../services/honor-query.service';

/**
 * The subject of a nomination or award, each kind through its own library's request loader
 * (one statement per kind and request) under that library's read rule: outside the caller's
 * scope the field is null. Members come as Member, so their personal data stays masked/audited.
 */
abstract class HonorSubjectFields {
  constructor(
    protected readonly access: AccessService,
    protected readonly members: MemberQueryService,
    protected readonly chambers: ChamberService,
    protected readonly enterprises: EnterpriseService,
    protected readonly catalogue: HonorCatalogueService,
  ) {}

  protected async memberOf(req: object, caller: Caller, row: { subjectKind: string; subjectId: string }): Promise<MemberDto | null> {
    if (row.subjectKind !== 'MEMBER') return null;
    const m = await this.members.loadVisible(req, caller, row.subjectId);
    return m ? MemberDto.from(m) : null;
  }

  protected async chamberOf(req: object, caller: Caller, row: { subjectKind: string; subjectId: string }): Promise<ChamberDto | null> {
    if (row.subjectKind !== 'CHAMBER') return null;
    const c = await this.chambers.load(req, row.subjectId);
    return c && this.access.admits('Chamber', 'read', caller, c) ? ChamberDto.from(c) : null;
  }

  protected async enterpriseOf(req: object, row: { subjectKind: string; subjectId: string }): Promise<EnterpriseDto | null> {
    if (row.subjectKind !== 'ENTERPRISE') return null;
    const e = await this.enterprises.load(req, row.subjectId);
    return e ? EnterpriseDto.from(e) : null;
  }
}

@Resolver(() => HonorNominationDto)
export class HonorNominationResolver extends HonorSubjectFields {
  constructor(
    access: AccessService,
    members: MemberQueryService,
    chambers: ChamberService,
    enterprises: EnterpriseService,
    catalogue: HonorCatalogueService,
    private readonly nominationService: HonorNominationService,
    private readonly query: HonorQueryService,
  ) {
    super(access, members, chambers, enterprises, catalogue);
  }

  @Query(() => HonorNominationConnection, { nullable: true, description: 'Nominations in your scope, latest first (viewers: the published list only).' })
  @RequirePermission(Permission.HonorRead)
  honorNominations(@CurrentUser() caller: Caller, @Args() args: HonorNominationsArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<HonorNominationDto>> {
    return this.query.nominations(caller, args, selectionAt(info, 'edges', 'node'));
  }

  @Query(() => HonorNominationDto, { nullable: true, description: 'One nomination (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.HonorRead)
  honorNomination(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<HonorNominationDto> {
    return this.query.nomination(caller, id);
  }

  @Mutation(() => HonorNominationDto, { description: 'Nominate a member or chamber within your scope (the office: also enterprises). Quotas are enforced.' })
  @RequirePermission(Permission.HonorNominate)
  nominateForHonor(@CurrentUser() caller: Caller, @Args('input') input: NominateInput): Promise<HonorNominationDto> {
    return this.nominationService.nominate(caller, input);
  }

  @Mutation(() => HonorNominationDto, { description: 'Withdraw a nomination you made (or, the office, any) before confirmation.' })
  @RequirePermission(Permission.HonorNominate)
  withdrawHonorNomination(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: HonorDecisionInput): Promise<HonorNominationDto> {
    return this.nominationService.decide(caller, id, 'withdraw', input);
  }

  @Mutation(() => HonorNominationDto, { description: 'The office shortlists a submitted nomination (入围).' })
  @RequirePermission(Permission.HonorManage)
  shortlistHonorNomination(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: HonorDecisionInput): Promise<HonorNominationDto> {
    return this.nominationService.decide(caller, id, 'shortlist', input);
  }

  @Mutation(() => HonorNominationDto, { description: 'The office approves a nomination for the published list.' })
  @RequirePermission(Permission.HonorManage)
  approveHonorNomination(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: HonorDecisionInput): Promise<HonorNominationDto> {
    return this.nominationService.decide(caller, id, 'approve', input);
  }

  @Mutation(() => HonorNominationDto, { description: 'The office rejects a nomination, with a reason (also during the public notice).' })
  @RequirePermission(Permission.HonorManage)
  rejectHonorNomination(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: HonorDecisionInput): Promise<HonorNominationDto> {
    return this.nominationService.decide(caller, id, 'reject', input);
  }

  @ResolveField(() => MemberDto, { nullable: true, description: 'The member nominated (null for other kinds or outside your member scope).' })
  @RequirePermission(Permission.HonorRead)
  member(@CurrentUser() caller: Caller, @Parent() n: HonorNominationDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    return this.memberOf(req, caller, n);
  }

  @ResolveField(() => ChamberDto, { nullable: true })
  @RequirePermission(Permission.HonorRead)
  chamber(@CurrentUser() caller: Caller, @Parent() n: HonorNominationDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    return this.chamberOf(req, caller, n);
  }

  @ResolveField(() => EnterpriseDto, { nullable: true })
  @RequirePermission(Permission.HonorRead)
  enterprise(@Parent() n: HonorNominationDto, @GqlRequest() req: object): Promise<EnterpriseDto | null> {
    return this.enterpriseOf(req, n);
  }

  @ResolveField(() => HonorTypeDto)
  @RequirePermission(Permission.HonorRead)
  async honorType(@Parent() n: HonorNominationDto, @GqlRequest() req: object): Promise<HonorTypeDto> {
    return (await this.catalogue.load(req, n.honorTypeId)) as HonorTypeDto;
  }
}

@Resolver(() => HonorAwardDto)
export class HonorAwardFieldsResolver extends HonorSubjectFields {
  constructor(
    access: AccessService,
    members: MemberQueryService,
    chambers: ChamberService,
    enterprises: EnterpriseService,
    catalogue: HonorCatalogueService,
  ) {
    super(access, members, chambers, enterprises, catalogue);
  }

  @ResolveField(() => MemberDto, { nullable: true, description: 'The member honoured (null for other kinds or outside your member scope).' })
  @RequirePermission(Permission.HonorRead)
  member(@CurrentUser() caller: Caller, @Parent() a: HonorAwardDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    return this.memberOf(req, caller, a);
  }

  @ResolveField(() => ChamberDto, { nullable: true })
  @RequirePermission(Permission.HonorRead)
  chamber(@CurrentUser() caller: Caller, @Parent() a: HonorAwardDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    return this.chamberOf(req, caller, a);
  }

  @ResolveField(() => EnterpriseDto, { nullable: true })
  @RequirePermission(Permission.HonorRead)
  enterprise(@Parent() a: HonorAwardDto, @GqlRequest() req: object): Promise<EnterpriseDto | null> {
    return this.enterpriseOf(req, a);
  }

  @ResolveField(() => HonorTypeDto)
  @RequirePermission(Permission.HonorRead)
  async honorType(@Parent() a: HonorAwardDto, @GqlRequest() req: object): Promise<HonorTypeDto> {
    return (await this.catalogue.load(req, a.honorTypeId)) as HonorTypeDto;
  }
}
