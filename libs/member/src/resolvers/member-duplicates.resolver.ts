import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult } from '@crm/shared';
import { MemberDuplicatesArgs } from '../dtos/args/member-duplicates.args';
import { MemberDuplicateCandidatesInput } from '../dtos/inputs/member-duplicate-candidates.input';
import { DuplicateCandidateDto, DuplicateGroupConnection, DuplicateGroupDto, MAX_DUPLICATE_CANDIDATES } from '../dtos/member-duplicates.dto';
import { MemberDto } from '../dtos/member.dto';
import { MemberDuplicatesService } from '../services/member-duplicates.service';

@Resolver(() => DuplicateGroupDto)
export class MemberDuplicatesResolver {
  constructor(private readonly duplicates: MemberDuplicatesService) {}

  @Query(() => DuplicateGroupConnection, {
    nullable: true,
    description:
      'Groups of members that are probably one person, among the non-merged members you may read (a group needs two of them), strongest rule first, then by key. Narrow with `scope` (chamber subtree, home county) and `rule`.',
  })
  @RequirePermission(Permission.MemberMerge)
  memberDuplicates(@CurrentUser() caller: Caller, @Args() args: MemberDuplicatesArgs): Promise<ConnectionResult<DuplicateGroupDto>> {
    return this.duplicates.list(caller, args);
  }

  @Query(() => [DuplicateCandidateDto], {
    nullable: true,
    description:
      `Before registering a member: the members you may read that are probably the same person (SAME_ID_NUMBER: CERTAIN; SAME_NAME_PHONE: LIKELY; SAME_NAME_BIRTH_HOMETOWN: POSSIBLE), strongest rule first, then oldest registration; at most ${MAX_DUPLICATE_CANDIDATES}. Phones and ID number are checked as createMember checks them; the birth date is taken from the ID number when omitted. Merged members never count.`,
  })
  @RequirePermission(Permission.MemberManage)
  async memberDuplicateCandidates(@CurrentUser() caller: Caller, @Args('input') input: MemberDuplicateCandidatesInput): Promise<DuplicateCandidateDto[]> {
    return (await this.duplicates.candidates(caller, input)).map((c) => ({ rule: c.rule, certainty: c.certainty, member: MemberDto.from(c.member) }));
  }
}
