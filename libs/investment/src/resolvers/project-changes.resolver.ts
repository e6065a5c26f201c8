import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChangeFeedArgs, ChangeFeedService, ChangeFeedTypes, ChangePageNode } from '@crm/integration';
import { selectionAt } from '@crm/shared';
import { InvestmentProjectDto } from '../dtos/investment-project.dto';
import { InvestmentProjectService } from '../services/investment-project.service';

const ProjectFeed = ChangeFeedTypes(InvestmentProjectDto, 'InvestmentProject');

/** As the other feeds: a page's flat records count ten to a connection item against the complexity limit. */
const feedComplexity = ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }): number =>
  1 + Math.ceil((args.first ?? 500) / 10) * Math.max(childComplexity, 1);

/**
 * `projectChanges`, the investment module's change feed (docs/integrations.md): the change log's
 * page, then the page's projects as the caller may see them in one statement.
 */
@Resolver()
export class ProjectChangesResolver {
  constructor(
    private readonly feed: ChangeFeedService,
    private readonly projects: InvestmentProjectService,
  ) {}

  @Query(() => ProjectFeed.Page, {
    nullable: true,
    description: 'Investment projects created, updated (their investors, officials, funds, notes … included) or removed after `after`, in commit order (your scope only).',
    complexity: feedComplexity,
  })
  @RequirePermission(Permission.ProjectRead)
  async projectChanges(@CurrentUser() caller: Caller, @Args() args: ChangeFeedArgs, @Info() info: GraphQLResolveInfo): Promise<ChangePageNode<InvestmentProjectDto>> {
    const page = await this.feed.page(caller, 'project', args.after, args.first);
    const ids = selectionAt(info, 'changes', 'record').size ? [...new Set(page.changes.filter((c) => c.change !== 'REMOVED').map((c) => c.recordId))] : [];
    const records = new Map((await this.projects.visibleMany(caller, ids)).map((p) => [p.id, p]));
    return { ...page, changes: page.changes.map((c) => ({ ...c, record: records.get(c.recordId) ?? null })) };
  }
}
