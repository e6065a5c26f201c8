import { Args, ArgsType, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ImportRowErrorsConnection, ImportRowErrorsDto } from '@crm/exchange';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { CampaignImportConnection, CampaignImportDto } from '../dtos/campaign-import.dto';
import { CancelCampaignImportInput, CommitCampaignImportInput } from '../dtos/inputs/campaign-import.inputs';
import { CampaignImportService } from '../services/campaign-import.service';

@ArgsType()
class CampaignImportPageArgs extends ConnectionArgs {}

const mapConnection = <A, B>(page: ConnectionResult<A>, map: (a: A) => B): ConnectionResult<B> => ({
  ...page,
  edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })),
});

/** Campaign list imports: thin, each field one engine call through CampaignImportService. */
@Resolver(() => CampaignImportDto)
export class CampaignImportResolver {
  constructor(private readonly imports: CampaignImportService) {}

  @Query(() => CampaignImportDto, { nullable: true, description: 'A campaign list import and its progress. Upload with POST /campaign-imports (fields campaignId, file).' })
  @RequirePermission(Permission.CampaignManage)
  async campaignImport(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<CampaignImportDto> {
    return CampaignImportDto.from(await this.imports.get(caller, id));
  }

  @Query(() => CampaignImportConnection, { nullable: true, description: 'Campaign list imports, newest first.' })
  @RequirePermission(Permission.CampaignManage)
  async campaignImports(@CurrentUser() caller: Caller, @Args() args: CampaignImportPageArgs): Promise<ConnectionResult<CampaignImportDto>> {
    return mapConnection(await this.imports.list(caller, args.first, args.after ?? undefined), CampaignImportDto.from);
  }

  @Mutation(() => CampaignImportDto, { description: 'Commits a VALIDATED list (or resumes an interrupted commit) as a background job.' })
  @RequirePermission(Permission.CampaignManage)
  async commitCampaignImport(@CurrentUser() caller: Caller, @Args('input') input: CommitCampaignImportInput): Promise<CampaignImportDto> {
    return CampaignImportDto.from(await this.imports.commit(caller, input.id, input.version));
  }

  @Mutation(() => CampaignImportDto, { description: 'Stops an import; rows already committed stay.' })
  @RequirePermission(Permission.CampaignManage)
  async cancelCampaignImport(@CurrentUser() caller: Caller, @Args('input') input: CancelCampaignImportInput): Promise<CampaignImportDto> {
    return CampaignImportDto.from(await this.imports.cancel(caller, input.id, input.version));
  }

  @ResolveField(() => ImportRowErrorsConnection, { description: 'The bad rows, in row order.' })
  @RequirePermission(Permission.CampaignManage)
  async errors(@Parent() imp: CampaignImportDto, @Args() args: CampaignImportPageArgs): Promise<ConnectionResult<ImportRowErrorsDto>> {
    return mapConnection(await this.imports.errors(imp.id, args.first, args.after ?? undefined), (row) => ImportRowErrorsDto.from(row));
  }
}
