import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { RegionDto, RegionService } from '@crm/region';
import { ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { EnterpriseConnection, EnterprisesArgs } from '../dtos/args/enterprises.args';
import { EnterpriseDto } from '../dtos/enterprise.dto';
import { CreateEnterpriseInput, UpdateEnterpriseInput } from '../dtos/inputs/enterprise.inputs';
import { IndustrySectionDto } from '../dtos/member-links.dto';
import { EnterpriseService } from '../services/enterprise.service';
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, industryOf } from '../utils/industry';

@Resolver(() => EnterpriseDto)
export class EnterpriseResolver {
  constructor(
    private readonly enterpriseService: EnterpriseService,
    private readonly regions: RegionService,
  ) {}

  @Query(() => EnterpriseDto, { nullable: true })
  @RequirePermission(Permission.MemberRead)
  async enterprise(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterpriseService.get(id));
  }

  @Query(() => EnterpriseConnection, { nullable: true, description: 'Enterprises in pinyin order of name.' })
  @RequirePermission(Permission.MemberRead)
  enterprises(@Args() args: EnterprisesArgs): Promise<ConnectionResult<EnterpriseDto>> {
    return this.enterpriseService.list(args);
  }

  @Query(() => [IndustrySectionDto], { nullable: true, description: 'GB/T 4754-2017 sections (门类) and their divisions (大类), for industryCode.' })
  @RequirePermission(Permission.MemberRead)
  industries(): IndustrySectionDto[] {
    return INDUSTRY_SECTIONS.map((s) => ({
      code: s.code,
      name: s.name,
      divisions: INDUSTRY_DIVISIONS.filter((d) => d.section === s.code).map((d) => ({ code: d.code, name: d.name, sectionCode: d.section })),
    }));
  }

  @Mutation(() => EnterpriseDto)
  @RequirePermission(Permission.MemberManage)
  async createEnterprise(@CurrentUser() caller: Caller, @Args('input') input: CreateEnterpriseInput): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterpriseService.create(caller, input));
  }

  @Mutation(() => EnterpriseDto, { description: 'Edit an enterprise linked to members you keep (or to nobody yet). Carries the version read.' })
  @RequirePermission(Permission.MemberManage)
  async updateEnterprise(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateEnterpriseInput,
  ): Promise<EnterpriseDto> {
    return EnterpriseDto.from(await this.enterpriseService.update(caller, id, input));
  }

  @ResolveField(() => String, { nullable: true, description: 'Chinese name of the industry (division, or section when only the section is known).' })
  @RequirePermission(Permission.MemberRead)
  industryName(@Parent() enterprise: EnterpriseDto): string | null {
    if (!enterprise.industryCode) return null;
    const found = industryOf(enterprise.industryCode);
    return found ? (found.division?.name ?? found.section.name) : null;
  }

  @ResolveField(() => RegionDto, { nullable: true })
  @RequirePermission(Permission.MemberRead)
  async region(@Parent() enterprise: EnterpriseDto, @GqlRequest() req: object): Promise<RegionDto | null> {
    if (!enterprise.regionCode) return null;
    const region = await this.regions.load(req, enterprise.regionCode);
    return region ? RegionDto.from(region) : null;
  }
}
