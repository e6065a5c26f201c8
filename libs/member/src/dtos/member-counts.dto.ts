import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MemberCounts', { description: 'Members with a current membership in a chamber subtree, each counted once.' })
export class MemberCountsDto {
  /** The chamber at the root of the counted subtree (for the fields resolved on demand); not in the schema. */
  chamberId!: string;

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

@ObjectType('MemberJoinYearCount', { description: 'Members of a chamber subtree by the year they joined it.' })
export class MemberJoinYearCountDto {
  @Field(() => Int, { nullable: true, description: 'The year of the earliest current membership in the subtree; null when no joining date is recorded.' })
  year!: number | null;

  @Field(() => Int)
  members!: number;
}
