import { Args, ArgsType, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ImportRowErrorsConnection, ImportRowErrorsDto } from '@crm/exchange';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { PartyMemberImportConnection, PartyMemberImportDto, PartyMemberImportVersionInput } from './party-member-import.dto';
import { PartyMemberImportService } from './party-member-import.service';

@ArgsType()
class PartyImportPageArgs extends ConnectionArgs {}

const mapConnection = <A, B>(page: ConnectionResult<A>, map: (a: A) => B): ConnectionResult<B> => ({
  ...page,
  edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })),
});

/** The party member import's jobs over GraphQL, as the member import's (the upload and the report stay REST). */
@Resolver(() => PartyMemberImportDto)
export class PartyMemberImportResolver {
  constructor(private readonly imports: PartyMemberImportService) {}

  @Query(() => PartyMemberImportDto, { nullable: true, description: 'A party member import and its progress (yours; administrators see all). Upload with POST /party-member-imports.' })
  @RequirePermission(Permission.PartyManage)
  async partyMemberImport(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<PartyMemberImportDto> {
    return PartyMemberImportDto.from(await this.imports.get(caller, id));
  }

  @Query(() => PartyMemberImportConnection, { nullable: true, description: 'Party member imports, newest first (yours; administrators see all).' })
  @RequirePermission(Permission.PartyManage)
  async partyMemberImports(@CurrentUser() caller: Caller, @Args() args: PartyImportPageArgs): Promise<ConnectionResult<PartyMemberImportDto>> {
    return mapConnection(await this.imports.list(caller, args.first, args.after ?? undefined), PartyMemberImportDto.from);
  }

  @Mutation(() => PartyMemberImportDto, { description: 'Commits a VALIDATED party member import (or resumes an interrupted commit) as a background job; registered people are skipped.' })
  @RequirePermission(Permission.PartyManage)
  async commitPartyMemberImport(@CurrentUser() caller: Caller, @Args('input') input: PartyMemberImportVersionInput): Promise<PartyMemberImportDto> {
    return PartyMemberImportDto.from(await this.imports.commit(caller, input.id, input.version));
  }

  @Mutation(() => PartyMemberImportDto, { description: 'Stops a party member import; rows already committed stay.' })
  @RequirePermission(Permission.PartyManage)
  async cancelPartyMemberImport(@CurrentUser() caller: Caller, @Args('input') input: PartyMemberImportVersionInput): Promise<PartyMemberImportDto> {
    return PartyMemberImportDto.from(await this.imports.cancel(caller, input.id, input.version));
  }

  @ResolveField(() => ImportRowErrorsConnection, { description: 'The bad rows, in row order.' })
  @RequirePermission(Permission.PartyManage)
  async errors(@Parent() imp: PartyMemberImportDto, @Args() args: PartyImportPageArgs): Promise<ConnectionResult<ImportRowErrorsDto>> {
    return mapConnection(await this.imports.errors(imp.id, args.first, args.after ?? undefined), (row) => ImportRowErrorsDto.from(row));
  }
}
