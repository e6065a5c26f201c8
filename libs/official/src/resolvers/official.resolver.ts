import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { OfficialConnection, OfficialsArgs } from '../dtos/args/officials.args';
import { CreateOfficialInput, UpdateOfficialInput } from '../dtos/inputs/official.inputs';
import { OfficialDto } from '../dtos/official.dto';
import { OfficialService } from '../services/official.service';

@Resolver(() => OfficialDto)
export class OfficialResolver {
  constructor(private readonly officialsService: OfficialService) {}

  @Query(() => OfficialDto, { description: 'One official (干部).' })
  @RequirePermission(Permission.OfficialRead)
  async official(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<OfficialDto> {
    return OfficialDto.from(await this.officialsService.getVisible(caller, id));
  }

  @Query(() => OfficialConnection, { description: 'The officials\' directory: search by name, pinyin, initials or unit; filters by level, county, active.' })
  @RequirePermission(Permission.OfficialRead)
  officials(@CurrentUser() caller: Caller, @Args() args: OfficialsArgs): Promise<ConnectionResult<OfficialDto>> {
    return this.officialsService.list(caller, args);
  }

  @Mutation(() => OfficialDto, { description: 'Add an official (a county office: officials of its county).' })
  @RequirePermission(Permission.OfficialManage)
  async createOfficial(@CurrentUser() caller: Caller, @Args('input') input: CreateOfficialInput): Promise<OfficialDto> {
    return OfficialDto.from(await this.officialsService.create(caller, input));
  }

  @Mutation(() => OfficialDto, { description: 'Edit an official. Carries the version read; a stale one answers CONFLICT.' })
  @RequirePermission(Permission.OfficialManage)
  async updateOfficial(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateOfficialInput,
  ): Promise<OfficialDto> {
    return OfficialDto.from(await this.officialsService.update(caller, id, input));
  }

  @ResolveField(() => String, { nullable: true, description: 'Contact phone; masked (138****1234) without the personal-data permission, otherwise audited.' })
  @RequirePermission(Permission.OfficialRead)
  phone(@CurrentUser() caller: Caller, @Parent() official: OfficialDto, @GqlRequest() req: object): Promise<string | null> {
    return this.officialsService.phone(req, caller, official);
  }
}
