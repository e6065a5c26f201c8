import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { RegionDto, RegionService } from '@crm/region';
import { GqlRequest, ParseIdPipe } from '@crm/shared';
import { ChamberDto } from '../dtos/chamber.dto';
import { CreateChamberInput } from '../dtos/inputs/create-chamber.input';
import { UpdateChamberInput } from '../dtos/inputs/update-chamber.input';
import { ChamberService } from '../services/chamber.service';

@Resolver(() => ChamberDto)
export class ChamberResolver {
  constructor(
    private readonly chambers: ChamberService,
    private readonly regions: RegionService,
    private readonly access: AccessService,
  ) {}

  @Query(() => ChamberDto, { description: 'One chamber (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.ChamberRead)
  async chamber(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<ChamberDto> {
    return ChamberDto.from(await this.chambers.getVisible(caller, id));
  }

  @Mutation(() => ChamberDto, { description: 'Register a chamber (PREPARING, or ACTIVE with its founding date). 一地一会 is enforced.' })
  @RequirePermission(Permission.ChamberManage)
  async createChamber(@CurrentUser() caller: Caller, @Args('input') input: CreateChamberInput): Promise<ChamberDto> {
    return ChamberDto.from(await this.chambers.create(caller, input));
  }

  @Mutation(() => ChamberDto, { description: 'Edit name, contact details or parent. Carries the version read.' })
  @RequirePermission(Permission.ChamberManage)
  async updateChamber(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateChamberInput,
  ): Promise<ChamberDto> {
    return ChamberDto.from(await this.chambers.update(caller, id, input));
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The chamber above; null at the top or outside your scope.' })
  @RequirePermission(Permission.ChamberRead)
  parent(@CurrentUser() caller: Caller, @Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    return this.related(caller, req, chamber.parentId);
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The survivor this chamber was merged into.' })
  @RequirePermission(Permission.ChamberRead)
  mergedInto(@CurrentUser() caller: Caller, @Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    return this.related(caller, req, chamber.mergedIntoId);
  }

  @ResolveField(() => RegionDto, { nullable: true })
  @RequirePermission(Permission.ChamberRead)
  async region(@Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<RegionDto | null> {
    if (!chamber.regionCode) return null;
    const region = await this.regions.load(req, chamber.regionCode);
    return region ? RegionDto.from(region) : null;
  }

  private async related(caller: Caller, req: object, id: string | null): Promise<ChamberDto | null> {
    if (!id) return null;
    const chamber = await this.chambers.load(req, id);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }
}
