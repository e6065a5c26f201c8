import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MemberCounts', { description: 'Members with a current membership in a chamber subtree, each counted once.' })
export class MemberCountsDto {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Of them ACTIVE.' })
  active!: number;

  @Field(() => Int, { description: '新生代.' })
  newGeneration!: number;

  @Field(() => Int, { description: '领头雁.' })
  leadGoose!: number;

  @Field(() => Int, { description: 'Holding a current 人大代表 or 政协委员 role.' })
  politicalRoles!: number;
}
