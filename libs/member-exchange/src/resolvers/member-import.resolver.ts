import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional } from 'class-validator';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ImportRowErrorsConnection, ImportRowErrorsDto } from '@crm/exchange';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { MemberImportConnection, MemberImportDto } from '../dtos/member-import.dto';
import { MemberImportStatusGraphQL } from '../dtos/member-import.dto';
import { MemberImportStatus } from '../entities/member-import.enums';
import { CancelMemberImportInput, CommitMemberImportInput } from '../dtos/inputs/member-import.inputs';
import { rowReasonZh } from '../exceptions/import.errors';
import { MemberImportService } from '../services/member-import.service';

@ArgsType()
class ImportPageArgs extends ConnectionArgs {
  @Field(() => [MemberImportStatusGraphQL], { nullable: true, description: 'Only imports in these states (e.g. VALIDATED: waiting to be committed).' })
  @IsOptional()
  @ArrayMaxSize(8)
  @IsEnum(MemberImportStatus, { each: true })
  status?: MemberImportStatus[];
}

const mapConnection = <A, B>(page: ConnectionResult<A>, map: (a: A) => B): ConnectionResult<B> => ({
  ...page,
  edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })),
});

@Resolver(() => MemberImportDto)
export class MemberImportResolver {
  constructor(private readonly imports: MemberImportService) {}

  @Query(() => MemberImportDto, { nullable: true, description: 'An import and its progress (yours; administrators see all). Upload with POST /member-imports.' })
  @RequirePermission(Permission.MemberImport)
  async memberImport(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<MemberImportDto> {
    return MemberImportDto.from(await this.imports.get(caller, id));
  }

  @Query(() => MemberImportConnection, { nullable: true, description: 'Imports, newest first (yours; administrators see all).' })
  @RequirePermission(Permission.MemberImport)
  async memberImports(@CurrentUser() caller: Caller, @Args() args: ImportPageArgs): Promise<ConnectionResult<MemberImportDto>> {
    return mapConnection(await this.imports.list(caller, args.first, args.after ?? undefined, args.status), MemberImportDto.from);
  }

  @Mutation(() => MemberImportDto, { description: 'Commits a VALIDATED import (or resumes an interrupted commit) as a background job.' })
  @RequirePermission(Permission.MemberImport)
  async commitMemberImport(@CurrentUser() caller: Caller, @Args('input') input: CommitMemberImportInput): Promise<MemberImportDto> {
    return MemberImportDto.from(await this.imports.commit(caller, input.id, input.mode, input.version));
  }

  @Mutation(() => MemberImportDto, { description: 'Stops an import; rows already committed stay.' })
  @RequirePermission(Permission.MemberImport)
  async cancelMemberImport(@CurrentUser() caller: Caller, @Args('input') input: CancelMemberImportInput): Promise<MemberImportDto> {
    return MemberImportDto.from(await this.imports.cancel(caller, input.id, input.version));
  }

  @ResolveField(() => ImportRowErrorsConnection, { description: 'The bad rows, in row order.' })
  @RequirePermission(Permission.MemberImport)
  async errors(@Parent() imp: MemberImportDto, @Args() args: ImportPageArgs): Promise<ConnectionResult<ImportRowErrorsDto>> {
    return mapConnection(await this.imports.errors(imp.id, args.first, args.after ?? undefined), (row) => ImportRowErrorsDto.from(row, rowReasonZh));
  }
}
