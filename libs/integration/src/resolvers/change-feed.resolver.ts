import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberQueryService } from '@crm/chamber';
import { MemberDto, MemberQueryService } from '@crm/member';
import { PartyMemberDto, PartyMemberService } from '@crm/party';
import { selectionAt } from '@crm/shared';
import { ChangeFeedArgs, ChangeFeedTypes, ChangePageNode } from '../dtos/change-feed.dto';
import { ChangeFeedService, ChangePage } from '../services/change-feed.service';

/**
 * A feed page's cost for the complexity limit: its records are flat rows read in one statement
 * (relations through request loaders), so ten of them count as one connection item. A full sync
 * then pages 1,000 records of a dozen fields within the default limit.
 */
const feedComplexity = ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }): number =>
  1 + Math.ceil((args.first ?? 500) / 10) * Math.max(childComplexity, 1);

const MemberFeed = ChangeFeedTypes(MemberDto, 'Member');
const ChamberFeed = ChangeFeedTypes(ChamberDto, 'Chamber');
const PartyMemberFeed = ChangeFeedTypes(PartyMemberDto, 'PartyMember');

/** The page with each change's record attached (one statement loads the page's records). */
async function withRecords<R extends { id: string }>(page: ChangePage, load: (ids: string[]) => Promise<R[]>): Promise<ChangePageNode<R>> {
  const ids = [...new Set(page.changes.filter((c) => c.change !== 'REMOVED').map((c) => c.recordId))];
  const records = new Map((await load(ids)).map((r) => [r.id, r]));
  return { ...page, changes: page.changes.map((c) => ({ ...c, record: records.get(c.recordId) ?? null })) };
}

/**
 * The change feeds: what changed since a cursor, in commit order, each change with its record
 * as the caller may see it. Two statements a page (the log, the records), whatever its size.
 */
@Resolver()
export class ChangeFeedResolver {
  constructor(
    private readonly feed: ChangeFeedService,
    private readonly members: MemberQueryService,
    private readonly chambers: ChamberQueryService,
    private readonly partyMembers: PartyMemberService,
  ) {}

  @Query(() => MemberFeed.Page, { nullable: true, description: 'Members created, updated, merged or removed after `after`, in commit order (your scope only).', complexity: feedComplexity })
  @RequirePermission(Permission.MemberRead)
  async memberChanges(@CurrentUser() caller: Caller, @Args() args: ChangeFeedArgs, @Info() info: GraphQLResolveInfo): Promise<ChangePageNode<MemberDto>> {
    const page = await this.feed.page(caller, 'member', args.after, args.first);
    const selection = selectionAt(info, 'changes', 'record');
    if (!selection.size) return withRecords(page, async () => []);
    return withRecords(page, (ids) => this.members.visibleMany(caller, ids, selection));
  }

  @Query(() => ChamberFeed.Page, { description: 'Chambers created, updated, merged or removed after `after`, in commit order.', complexity: feedComplexity })
  @RequirePermission(Permission.ChamberRead)
  async chamberChanges(@CurrentUser() caller: Caller, @Args() args: ChangeFeedArgs, @Info() info: GraphQLResolveInfo): Promise<ChangePageNode<ChamberDto>> {
    const page = await this.feed.page(caller, 'chamber', args.after, args.first);
    if (!selectionAt(info, 'changes', 'record').size) return withRecords(page, async () => []);
    return withRecords(page, (ids) => this.chambers.visibleMany(caller, ids));
  }

  @Query(() => PartyMemberFeed.Page, { nullable: true, description: 'Party members created, updated or removed after `after`, in commit order (your scope only).', complexity: feedComplexity })
  @RequirePermission(Permission.PartyRead)
  async partyMemberChanges(@CurrentUser() caller: Caller, @Args() args: ChangeFeedArgs, @Info() info: GraphQLResolveInfo): Promise<ChangePageNode<PartyMemberDto>> {
    const page = await this.feed.page(caller, 'partyMember', args.after, args.first);
    const selection = selectionAt(info, 'changes', 'record');
    if (!selection.size) return withRecords(page, async () => []);
    return withRecords(page, (ids) => this.partyMembers.visibleMany(caller, ids, selection));
  }
}
