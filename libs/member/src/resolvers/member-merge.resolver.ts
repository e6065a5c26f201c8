import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { GqlRequest } from '@crm/shared';
import { MergeMembersInput } from '../dtos/inputs/merge-members.input';
import { MemberDto } from '../dtos/member.dto';
import { MemberMergeService } from '../services/member-merge.service';
import { MemberQueryService } from '../services/member-query.service';

@Resolver(() => MemberDto)
export class MemberMergeResolver {
  constructor(
    private readonly merges: MemberMergeService,
    private readonly query: MemberQueryService,
  ) {}

  @Mutation(() => MemberDto, {
    description:
      'Merge duplicates into one member (the survivor, returned): links move to it, the others become MERGED tombstones pointing to it. Every member carries the version read; all must be within your scope. One transaction; any refusal writes nothing.',
  })
  @RequirePermission(Permission.MemberMerge)
  async mergeMembers(@CurrentUser() caller: Caller, @Args('input') input: MergeMembersInput): Promise<MemberDto> {
    return MemberDto.from(await this.merges.merge(caller, input));
  }

  @ResolveField(() => MemberDto, { nullable: true, description: 'For a MERGED member: the member it was merged into (null otherwise, or when outside your scope).' })
  @RequirePermission(Permission.MemberRead)
  async mergedInto(@CurrentUser() caller: Caller, @Parent() member: MemberDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    if (!member.mergedIntoId) return null;
    const survivor = await this.query.loadVisible(req, caller, member.mergedIntoId);
    return survivor ? MemberDto.from(survivor) : null;
  }
}
