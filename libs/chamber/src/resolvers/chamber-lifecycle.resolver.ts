import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { GqlRequest, ParseIdPipe } from '@crm/shared';
import { ChamberEventDto } from '../dtos/chamber-event.dto';
import { ChamberDto } from '../dtos/chamber.dto';
import {
  AllyChambersInput,
  ConvertChamberInput,
  DissolveChamberInput,
  DualBrandChamberInput,
  FoundChamberInput,
  MergeChamberInput,
} from '../dtos/inputs/chamber-lifecycle.inputs';
import { ChamberLifecycleService } from '../services/chamber-lifecycle.service';
import { ChamberService } from '../services/chamber.service';

/** 成立, 转, 并, 联, 增挂牌子, 撤销, and the history they leave. */
@Resolver(() => ChamberDto)
export class ChamberLifecycleResolver {
  constructor(private readonly lifecycle: ChamberLifecycleService) {}

  @Mutation(() => ChamberDto, { description: '成立: a chamber in preparation becomes ACTIVE (event FOUNDED). 一地一会 is enforced.' })
  @RequirePermission(Permission.ChamberManage)
  async foundChamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: FoundChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.found(caller, id, input));
  }

  @Mutation(() => ChamberDto, { description: '转: new name, kind, level or region under the same identity (event CONVERTED with before and after).' })
  @RequirePermission(Permission.ChamberManage)
  async convertChamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ConvertChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.convert(caller, id, input));
  }

  @Mutation(() => ChamberDto, {
    description: '并: the chamber becomes MERGED into a live survivor; its sub-chambers move under the survivor (events MERGED_INTO and ABSORBED). Returns the merged chamber.',
  })
  @RequirePermission(Permission.ChamberManage)
  async mergeChamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: MergeChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.merge(caller, id, input));
  }

  @Mutation(() => ChamberDto, { description: '联: two chambers ally (event ALLIED on both). Returns the first.' })
  @RequirePermission(Permission.ChamberManage)
  async allyChambers(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: AllyChambersInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.ally(caller, id, input));
  }

  @Mutation(() => ChamberDto, { description: '增挂牌子: the chamber also carries the home city\'s name (event DUAL_BRANDED).' })
  @RequirePermission(Permission.ChamberManage)
  async dualBrandChamber(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: DualBrandChamberInput,
  ): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.dualBrand(caller, id, input));
  }

  @Mutation(() => ChamberDto, { description: '撤销: status DISSOLVED (event DISSOLVED); refused while chambers in preparation or active sit below it.' })
  @RequirePermission(Permission.ChamberManage)
  async dissolveChamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: DissolveChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.lifecycle.dissolve(caller, id, input));
  }

  @Query(() => [ChamberEventDto], { description: 'The history of a chamber, oldest first (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.ChamberRead)
  async chamberEvents(@CurrentUser() caller: Caller, @Args('chamberId', { type: () => ID }, ParseIdPipe) chamberId: string): Promise<ChamberEventDto[]> {
    return (await this.lifecycle.events(caller, chamberId)).map(ChamberEventDto.from);
  }

  @ResolveField(() => [ChamberEventDto], { description: 'The history, oldest first.' })
  @RequirePermission(Permission.ChamberRead)
  async events(@Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberEventDto[]> {
    return (await this.lifecycle.loadEvents(req, chamber.id)).map(ChamberEventDto.from);
  }
}

@Resolver(() => ChamberEventDto)
export class ChamberEventResolver {
  constructor(
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The other chamber of a merger or alliance; null when there is none or it is outside your scope.' })
  @RequirePermission(Permission.ChamberRead)
  async relatedChamber(@CurrentUser() caller: Caller, @Parent() event: ChamberEventDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    if (!event.relatedChamberId) return null;
    const chamber = await this.chambers.load(req, event.relatedChamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }
}
