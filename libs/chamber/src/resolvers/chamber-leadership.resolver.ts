import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { GqlRequest, ParseIdPipe } from '@crm/shared';
import { ChamberPositionDto, ChamberTermDto } from '../dtos/chamber-term.dto';
import { ChamberDto } from '../dtos/chamber.dto';
import { ChamberPositionInput, ReElectChamberInput, StartChamberTermInput, UpdateChamberPositionInput } from '../dtos/inputs/chamber-leadership.inputs';
import { ChamberLeadershipService } from '../services/chamber-leadership.service';
import { ChamberService } from '../services/chamber.service';

/** Terms (届), positions and re-election (换届). */
@Resolver(() => ChamberDto)
export class ChamberLeadershipResolver {
  constructor(private readonly leadership: ChamberLeadershipService) {}

  @Mutation(() => ChamberTermDto, { description: 'Record a term: a past one with its end, or the running one without. Terms of a chamber cannot overlap.' })
  @RequirePermission(Permission.ChamberManage)
  async startChamberTerm(
    @CurrentUser() caller: Caller,
    @Args('chamberId', { type: () => ID }, ParseIdPipe) chamberId: string,
    @Args('input') input: StartChamberTermInput,
  ): Promise<ChamberTermDto> {
    return ChamberTermDto.from(await this.leadership.startTerm(caller, chamberId, input));
  }

  @Mutation(() => ChamberDto, { description: '换届: the running term ends on `on`, the next one starts with the positions elected (event RE_ELECTED).' })
  @RequirePermission(Permission.ChamberManage)
  async reElectChamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ReElectChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.leadership.reElect(caller, id, input));
  }

  @Mutation(() => ChamberPositionDto, { description: 'Add a position to a term; a term has one 会长, 秘书长 and 监事长 (CONFLICT).' })
  @RequirePermission(Permission.ChamberManage)
  async addChamberPosition(
    @CurrentUser() caller: Caller,
    @Args('termId', { type: () => ID }, ParseIdPipe) termId: string,
    @Args('input') input: ChamberPositionInput,
  ): Promise<ChamberPositionDto> {
    return ChamberPositionDto.from(await this.leadership.addPosition(caller, termId, input));
  }

  @Mutation(() => ChamberPositionDto, { description: 'Change a position (holder, dates, order, or the position itself).' })
  @RequirePermission(Permission.ChamberManage)
  async updateChamberPosition(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateChamberPositionInput,
  ): Promise<ChamberPositionDto> {
    return ChamberPositionDto.from(await this.leadership.updatePosition(caller, id, input));
  }

  @Mutation(() => ChamberTermDto, { description: 'Remove a position; returns its term.' })
  @RequirePermission(Permission.ChamberManage)
  async removeChamberPosition(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<ChamberTermDto> {
    return ChamberTermDto.from(await this.leadership.removePosition(caller, id));
  }

  @ResolveField(() => [ChamberTermDto], { description: 'Every term (届), oldest first.' })
  @RequirePermission(Permission.ChamberRead)
  async terms(@Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberTermDto[]> {
    return (await this.leadership.loadTerms(req, chamber.id)).map(ChamberTermDto.from);
  }

  @ResolveField(() => ChamberTermDto, { nullable: true, description: 'The running term with its positions; null when none runs (e.g. after a merger or dissolution).' })
  @RequirePermission(Permission.ChamberRead)
  async currentLeadership(@Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberTermDto | null> {
    const term = await this.leadership.loadRunningTerm(req, chamber.id);
    return term ? ChamberTermDto.from(term) : null;
  }
}

@Resolver(() => ChamberTermDto)
export class ChamberTermResolver {
  constructor(private readonly leadership: ChamberLeadershipService) {}

  @ResolveField(() => [ChamberPositionDto], { description: 'By rank (名誉会长, 会长, 常务副会长, 副会长, 秘书长 …), then sortOrder.' })
  @RequirePermission(Permission.ChamberRead)
  async positions(@Parent() term: ChamberTermDto, @GqlRequest() req: object): Promise<ChamberPositionDto[]> {
    return (await this.leadership.loadPositions(req, term.id)).map(ChamberPositionDto.from);
  }
}

/** The way back from a position (listed under a member) to its chamber and term. */
@Resolver(() => ChamberPositionDto)
export class ChamberPositionResolver {
  constructor(
    private readonly leadership: ChamberLeadershipService,
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The chamber; null when it is outside your scope.' })
  @RequirePermission(Permission.ChamberRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() position: ChamberPositionDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    const chamber = await this.chambers.load(req, position.chamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }

  @ResolveField(() => ChamberTermDto, { nullable: true, description: 'The term (届) the position belongs to; null when its chamber is outside your scope.' })
  @RequirePermission(Permission.ChamberRead)
  async term(@CurrentUser() caller: Caller, @Parent() position: ChamberPositionDto, @GqlRequest() req: object): Promise<ChamberTermDto | null> {
    // The term leads to the chamber's whole leadership: only for chambers the caller may read.
    const chamber = await this.chambers.load(req, position.chamberId);
    if (!chamber || !this.access.admits('Chamber', 'read', caller, chamber)) return null;
    return ChamberTermDto.from(await this.leadership.loadTerm(req, position.termId));
  }
}
