import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Connection, ConnectionArgs } from '@crm/shared';
import { GuildHallStatus } from '../../entities/chamber.enums';
import { GuildHallStatusGraphQL } from '../chamber-enums.graphql';
import { GuildHallDto } from '../guild-hall.dto';

@ArgsType()
export class GuildHallsArgs extends ConnectionArgs {
  @Field(() => GuildHallStatusGraphQL, { nullable: true, description: 'Only halls at this stage.' })
  @IsOptional()
  @IsEnum(GuildHallStatus)
  status?: GuildHallStatus;
}

export const GuildHallConnection = Connection(GuildHallDto, 'GuildHall');
