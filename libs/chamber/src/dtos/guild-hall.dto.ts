import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GuildHallStatus } from '../entities/chamber.enums';
import { GuildHallEntity } from '../entities/guild-hall.entity';
import { GuildHallStatusGraphQL } from './chamber-enums.graphql';

@ObjectType('GuildHall', { description: 'A chamber\'s guild hall project (会馆), at most one per chamber.' })
export class GuildHallDto {
  @Field(() => ID)
  chamberId!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => GuildHallStatusGraphQL)
  status!: GuildHallStatus;

  @Field(() => String, { nullable: true, description: '规划: when the project was planned.' })
  plannedOn!: string | null;

  @Field(() => String, { nullable: true, description: '开工: when construction started.' })
  constructionStartedOn!: string | null;

  @Field(() => String, { nullable: true, description: '基本建成.' })
  basicallyCompletedOn!: string | null;

  @Field(() => String, { nullable: true, description: '建成.' })
  completedOn!: string | null;

  @Field(() => Int, { description: 'Pass it back with setGuildHall; a stale version is refused (CONFLICT).' })
  version!: number;

  static from(this: void, g: GuildHallEntity): GuildHallDto {
    return {
      chamberId: g.chamberId,
      name: g.name,
      status: g.status,
      plannedOn: g.plannedOn,
      constructionStartedOn: g.constructionStartedOn,
      basicallyCompletedOn: g.basicallyCompletedOn,
      completedOn: g.completedOn,
      version: g.version,
    };
  }
}
