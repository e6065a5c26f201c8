import { Args, ArgsType, Field, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, GqlRequest } from '@crm/shared';
import { RegionConnection, RegionsArgs } from '../dtos/args/regions.args';
import { RegionDto } from '../dtos/region.dto';
import { RegionService } from '../services/region.service';

@ArgsType()
class RegionCodeArgs {
  @Field()
  @Matches(/^\d{6}$/, { message: 'code must be a 6-digit GB/T 2260 code' })
  code!: string;
}

@Resolver(() => RegionDto)
export class RegionResolver {
  constructor(private readonly service: RegionService) {}

  @Query(() => RegionDto, { description: 'One division by its GB/T 2260 code.' })
  @RequirePermission(Permission.RegionRead)
  async region(@Args() args: RegionCodeArgs): Promise<RegionDto> {
    return RegionDto.from(await this.service.get(args.code));
  }

  @Query(() => RegionConnection, { description: 'Divisions in code order, filtered by level, parent, province and a search term.' })
  @RequirePermission(Permission.RegionRead)
  regions(@Args() args: RegionsArgs): Promise<ConnectionResult<RegionDto>> {
    return this.service.list(args);
  }

  @Query(() => [RegionDto], { description: 'The county-level divisions of the home city (籍贯 choices).' })
  @RequirePermission(Permission.RegionRead)
  async homeCounties(): Promise<RegionDto[]> {
    return (await this.service.homeCounties()).map(RegionDto.from);
  }

  @ResolveField(() => RegionDto, { nullable: true })
  @RequirePermission(Permission.RegionRead)
  async parent(@Parent() region: RegionDto, @GqlRequest() req: object): Promise<RegionDto | null> {
    if (!region.parentCode) return null;
    const parent = await this.service.load(req, region.parentCode);
    return parent ? RegionDto.from(parent) : null;
  }
}
