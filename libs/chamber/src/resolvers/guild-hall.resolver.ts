import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, GqlRequest, NotFoundError, ParseIdPipe } from '@crm/shared';
import { GuildHallConnection, GuildHallsArgs } from '../dtos/args/guild-halls.args';
import { ChamberDto } from '../dtos/chamber.dto';
import { GuildHallDto } from '../dtos/guild-hall.dto';
import { SetGuildHallInput } from '../dtos/inputs/set-guild-hall.input';
import { ChamberService } from '../services/chamber.service';
import { GuildHallService } from '../services/guild-hall.service';

/** Guild halls (会馆). */
@Resolver(() => GuildHallDto)
export class GuildHallResolver {
  constructor(
    private readonly halls: GuildHallService,
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @Mutation(() => GuildHallDto, { description: 'Create a chamber\'s guild hall (no version) or change it (with its version). Dates must fit the status.' })
  @RequirePermission(Permission.ChamberManage)
  async setGuildHall(
    @CurrentUser() caller: Caller,
    @Args('chamberId', { type: () => ID }, ParseIdPipe) chamberId: string,
    @Args('input') input: SetGuildHallInput,
  ): Promise<GuildHallDto> {
    return GuildHallDto.from(await this.halls.set(caller, chamberId, input));
  }

  @Query(() => GuildHallConnection, { description: 'Guild halls of the chambers you may read, optionally at one stage.' })
  @RequirePermission(Permission.ChamberRead)
  guildHalls(@CurrentUser() caller: Caller, @Args() args: GuildHallsArgs): Promise<ConnectionResult<GuildHallDto>> {
    return this.halls.list(caller, args);
  }

  @ResolveField(() => ChamberDto, { description: 'The chamber whose hall it is.' })
  @RequirePermission(Permission.ChamberRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() hall: GuildHallDto, @GqlRequest() req: object): Promise<ChamberDto> {
    // Every source of a GuildHall is scoped already; checked again so a future one cannot leak.
    const chamber = await this.chambers.load(req, hall.chamberId);
    if (!chamber || !this.access.admits('Chamber', 'read', caller, chamber)) throw new NotFoundError('Chamber', hall.chamberId);
    return ChamberDto.from(chamber);
  }
}

@Resolver(() => ChamberDto)
export class ChamberGuildHallResolver {
  constructor(private readonly halls: GuildHallService) {}

  @ResolveField(() => GuildHallDto, { nullable: true, description: 'The guild hall (会馆), if the chamber has one.' })
  @RequirePermission(Permission.ChamberRead)
  async guildHall(@Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<GuildHallDto | null> {
    const hall = await this.halls.load(req, chamber.id);
    return hall ? GuildHallDto.from(hall) : null;
  }
}
