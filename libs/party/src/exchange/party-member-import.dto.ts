import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsUUID, Min } from 'class-validator';
import { ImportJobDto, ImportJobRecord, ImportStatus } from '@crm/exchange';
import { Connection, enumValues } from '@crm/shared';

export const PartyMemberImportStatusGraphQL = enumValues(ImportStatus);
registerEnumType(PartyMemberImportStatusGraphQL, {
  name: 'PartyMemberImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});

/**
 * A party member spreadsheet on its way in (the shared import job fields of ImportJobDto, with
 * the failure, columns and row errors of @crm/exchange). Rows matching a registered person are skipped.
 */
@ObjectType('PartyMemberImport', { description: 'A spreadsheet of party members on its way into the base (党员导入). Upload with POST /party-member-imports.' })
export class PartyMemberImportDto extends ImportJobDto {
  @Field(() => PartyMemberImportStatusGraphQL)
  status!: ImportStatus;

  @Field(() => Int, { description: 'Rows naming a person you keep who is already registered (skipped at commit).' })
  matchedRows!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  skippedCount!: number;

  @Field(() => Int, { description: 'Rows the base refused at commit (see errors).' })
  failedCount!: number;

  static from(e: ImportJobRecord): PartyMemberImportDto {
    return {
      ...ImportJobDto.fields(e, `/party-member-imports/${e.id}/report.csv`),
      status: e.status as ImportStatus,
      matchedRows: e.matchedRows,
      createdCount: e.createdCount,
      skippedCount: e.skippedCount,
      failedCount: e.failedCount,
    };
  }
}

export const PartyMemberImportConnection = Connection(PartyMemberImportDto, 'PartyMemberImport');

@InputType('PartyMemberImportVersionInput', { description: 'An import and the version of it you read (commit and cancel).' })
export class PartyMemberImportVersionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => Int, { description: 'The version of the import you read.' })
  @IsInt()
  @Min(1)
  version!: number;
}
