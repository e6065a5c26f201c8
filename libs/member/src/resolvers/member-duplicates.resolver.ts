import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult } from '@crm/shared';
import { MemberDuplicatesArgs } from '../dtos/args/member-duplicates.args';
import { DuplicateGroupConnection, DuplicateGroupDto } from '../dtos/member-duplicates.dto';
import { MemberDuplicatesService } from '../services/member-duplicates.service';

@Resolver(() => DuplicateGroupDto)
export class MemberDuplicatesResolver {
  constructor(private readonly duplicates: MemberDuplicatesService) {}

  @Query(() => DuplicateGroupConnection, {
    description:
      'Groups of members that are probably one person, among the non-merged members you may read (a group needs two of them), strongest rule first, then by key. Narrow with `scope` (chamber subtree, home county) and `rule`.',
  })
  @RequirePermission(Permission.MemberMerge)
  memberDuplicates(@CurrentUser() caller: Caller, @Args() args: MemberDuplicatesArgs): Promise<ConnectionResult<DuplicateGroupDto>> {
    return this.duplicates.list(caller, args);
  }
}
