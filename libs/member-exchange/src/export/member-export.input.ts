import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEnum, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { MemberFilterInput, MemberSort } from '@crm/member';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The JSON body of `POST /members/export`: the same filter and sort as the `members` query, and
 * the file format. Validated by the global InputValidationPipe (unknown properties refused,
 * fields at fault named `format`, `filter.search` …).
 */
export class MemberExportInput {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsDefined({ message: 'format is required: csv or xlsx' })
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or xlsx' })
  format!: ExportFormat;

  @IsOptional()
  @ValidateNested()
  @Type(() => MemberFilterInput)
  filter?: MemberFilterInput | null;

  @IsOptional()
  @IsEnum(MemberSort, { message: `sort must be one of ${Object.values(MemberSort).join(', ')}` })
  sort?: MemberSort | null;
}
