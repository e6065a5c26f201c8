import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ChamberLevel, ChamberStatus } from '../entities/chamber.enums';
import { ChamberLevelGraphQL, ChamberStatusGraphQL } from './chamber-enums.graphql';

@ObjectType('ChamberStatusCount')
export class ChamberStatusCountDto {
  @Field(() => ChamberStatusGraphQL)
  status!: ChamberStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ChamberLevelCount')
export class ChamberLevelCountDto {
  @Field(() => ChamberLevelGraphQL)
  level!: ChamberLevel;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ChamberCounts', { description: 'Chambers in a subtree, the root included.' })
export class ChamberCountsDto {
  @Field(() => Int)
  total!: number;

  @Field(() => [ChamberStatusCountDto], { description: 'One entry per status, in lifecycle order, zeros included.' })
  byStatus!: ChamberStatusCountDto[];

  @Field(() => [ChamberLevelCountDto], { description: 'One entry per level, from NATIONAL down, zeros included.' })
  byLevel!: ChamberLevelCountDto[];
}

/** What the service counts for one root: chambers by status and level in its subtree. */
export interface ChamberSubtreeCounts {
  chamberId: string;
  byStatus: ReadonlyMap<ChamberStatus, number>;
  byLevel: ReadonlyMap<ChamberLevel, number>;
}

/**
 * Counts over a chamber and everything below it.
 *
 * Extension point: a later module (members, party units, projects) adds its own counts as a
 * field of this type from its own resolver — `@Resolver(() => ChamberRollupDto)` with
 * `@ResolveField(() => MemberCountsDto) members(@Parent() rollup: ChamberRollupDto, @GqlRequest() req)`
 * — keyed by `chamberId`, batched per request with a DataLoader whose single grouped statement
 * uses `chamberSubtreeSql()` (exported with ChamberQueryService). Nothing here pretends those
 * counts exist before their modules do.
 */
@ObjectType('ChamberRollup', { description: 'Counts over a chamber and every chamber below it (itself included).' })
export class ChamberRollupDto {
  @Field(() => ID, { description: 'The chamber at the root of the counted subtree.' })
  chamberId!: string;

  @Field(() => ChamberCountsDto)
  chambers!: ChamberCountsDto;

  static from(this: void, counts: ChamberSubtreeCounts): ChamberRollupDto {
    const byStatus = Object.values(ChamberStatus).map((status) => ({ status, count: counts.byStatus.get(status) ?? 0 }));
    const byLevel = Object.values(ChamberLevel).map((level) => ({ level, count: counts.byLevel.get(level) ?? 0 }));
    return {
      chamberId: counts.chamberId,
      chambers: { total: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus, byLevel },
    };
  }
}
