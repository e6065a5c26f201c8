import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, enumValues } from '@crm/shared';
import { ImportJobDto } from '@crm/exchange';
import type { MemberImportRecord } from '../services/member-import.service';
import { MemberImportAction, MemberImportMode, MemberImportStatus } from '../entities/member-import.enums';

export const MemberImportStatusGraphQL = enumValues(MemberImportStatus);
export const MemberImportModeGraphQL = enumValues(MemberImportMode);
export const MemberImportActionGraphQL = enumValues(MemberImportAction);

registerEnumType(MemberImportStatusGraphQL, {
  name: 'MemberImportStatus',
  description: 'UPLOADED → VALIDATING → VALIDATED (ready) | INVALID (bad rows: fix the file, upload again) | FAILED (the file could not be read); VALIDATED → COMMITTING → COMMITTED; CANCELLED.',
});
registerEnumType(MemberImportModeGraphQL, { name: 'MemberImportMode', description: 'What a row that matches an existing member does to it.' });
registerEnumType(MemberImportActionGraphQL, { name: 'MemberImportAction' });

@ObjectType('MemberImport', { description: 'A spreadsheet of members on its way into the base (导入).' })
export class MemberImportDto extends ImportJobDto {
  @Field(() => String, { nullable: true, description: 'The text encoding of a CSV (utf-8, gb18030 …).' })
  encoding!: string | null;

  @Field(() => MemberImportStatusGraphQL)
  status!: MemberImportStatus;

  @Field(() => MemberImportModeGraphQL, { nullable: true })
  mode!: MemberImportMode | null;

  @Field(() => Int, { description: 'Rows matching a member already in the base.' })
  matchedRows!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  updatedCount!: number;

  @Field(() => Int)
  skippedCount!: number;

  @Field(() => Int)
  unchangedCount!: number;

  @Field(() => Int, { description: 'Rows the base refused at commit because it changed since validation (see errors).' })
  failedCount!: number;

  static from(e: MemberImportRecord): MemberImportDto {
    return {
      ...ImportJobDto.fields(e, `/member-imports/${e.id}/report.csv`),
      encoding: e.encoding,
      status: e.status,
      mode: e.mode,
      matchedRows: e.matchedRows,
      createdCount: e.createdCount,
      updatedCount: e.updatedCount,
      skippedCount: e.skippedCount,
      unchangedCount: e.unchangedCount,
      failedCount: e.failedCount,
    };
  }
}

export const MemberImportConnection = Connection(MemberImportDto, 'MemberImport');
