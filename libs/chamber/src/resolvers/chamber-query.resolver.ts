import { Args, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, GqlRequest, ParseIdPipe } from '@crm/shared';
import { ChamberConnection, ChambersArgs } from '../dtos/args/chambers.args';
import { ChamberCoverageDto } from '../dtos/chamber-coverage.dto';
import { ChamberRollupDto } from '../dtos/chamber-rollup.dto';
import { ChamberDto } from '../dtos/chamber.dto';
import { ChamberCoverageService } from '../services/chamber-coverage.service';
import { ChamberQueryService } from '../services/chamber-query.service';

/**
 * The names of the fields selected on the items of a field's result, through fragments too (for
 * the subtree's column projection). Undefined when a fragment cannot be followed: read everything.
 */
function selectedFields(info: GraphQLResolveInfo): Set<string> | undefined {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).every((s) => {
      if (s.kind === Kind.FIELD) {
        names.add(s.name.value);
        return true;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      const fragment = info.fragments[s.name.value];
      return !!fragment && visit(fragment.selectionSet);
    });
  return info.fieldNodes.every((node) => visit(node.selectionSet)) ? names : undefined;
}

/** The read side of chambers: lists, hierarchy, roll-ups and coverage. */
@Resolver(() => ChamberDto)
export class ChamberQueryResolver {
  constructor(
    private readonly queries: ChamberQueryService,
    private readonly coverageService: ChamberCoverageService,
  ) {}

  @Query(() => ChamberConnection, {
    description: 'Chambers in pinyin order, filtered by level, kind, status, province, parent, subtree and name (within your scope).',
  })
  @RequirePermission(Permission.ChamberRead)
  chambers(@CurrentUser() caller: Caller, @Args() args: ChambersArgs): Promise<ConnectionResult<ChamberDto>> {
    return this.queries.list(caller, args);
  }

  @Query(() => [ChamberDto], { description: 'The chamber and every chamber below it, by depth then pinyin name (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.ChamberRead)
  chamberSubtree(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChamberDto[]> {
    return this.queries.subtree(caller, id, selectedFields(info));
  }

  @Query(() => [ChamberDto], { description: 'The chambers above this one, the top first; those outside your scope are left out.' })
  @RequirePermission(Permission.ChamberRead)
  async chamberAncestors(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<ChamberDto[]> {
    return (await this.queries.ancestors(caller, id)).map(ChamberDto.from);
  }

  @Query(() => ChamberRollupDto, { description: 'Counts over the chamber and every chamber below it (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.ChamberRead)
  async chamberRollup(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @GqlRequest() req: object,
  ): Promise<ChamberRollupDto> {
    return ChamberRollupDto.from(await this.queries.rollup(req, caller, id));
  }

  @Query(() => ChamberCoverageDto, { description: 'Coverage of the mainland\'s prefecture-level localities by active regional chambers, against the 80% goal.' })
  @RequirePermission(Permission.ChamberRead)
  chamberCoverage(@CurrentUser() caller: Caller): Promise<ChamberCoverageDto> {
    return this.coverageService.coverage(caller);
  }

  @ResolveField(() => ChamberRollupDto, {
    nullable: true,
    description: 'Counts over this chamber\'s subtree; one statement for a whole page. Null only outside your scope.',
  })
  @RequirePermission(Permission.ChamberRead)
  async rollup(@CurrentUser() caller: Caller, @Parent() chamber: ChamberDto, @GqlRequest() req: object): Promise<ChamberRollupDto | null> {
    const counts = await this.queries.loadRollup(req, caller, chamber.id);
    return counts && ChamberRollupDto.from(counts);
  }
}
