import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { enumValues } from '@crm/shared';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** The single-valued fields of a member whose surviving value a merge can choose. */
export enum MemberMergeField {
  Name = 'NAME',
  Gender = 'GENDER',
  BirthDate = 'BIRTH_DATE',
  IdNumber = 'ID_NUMBER',
  Wechat = 'WECHAT',
  Email = 'EMAIL',
  Address = 'ADDRESS',
  HometownCode = 'HOMETOWN_CODE',
  CurrentRegionCode = 'CURRENT_REGION_CODE',
  Source = 'SOURCE',
  SourceNote = 'SOURCE_NOTE',
  Note = 'NOTE',
  Status = 'STATUS',
}

export const MemberMergeFieldGraphQL = enumValues(MemberMergeField);
registerEnumType(MemberMergeFieldGraphQL, {
  name: 'MemberMergeField',
  description: 'A single-valued member field whose surviving value a merge can take from any of the merged members.',
});

/** At most this many members are merged into the survivor in one call (ten in all). */
export const MAX_MERGED = 9;

@InputType('MergeMemberRef', { description: 'A member of a merge and the version you read.' })
export class MergeMemberRefInput {
  @Field(() => ID)
  @Transform(lowerCase)
  @IsUUID('all', { message: 'id must be an id (UUID)' })
  id!: string;

  @Field(() => Int, { description: 'The member\'s version you read; if it changed since, CONFLICT and nothing is written.' })
  @IsInt()
  @Min(1)
  version!: number;
}

@InputType('MemberMergeValue', { description: 'Which member\'s value of a field the survivor keeps.' })
export class MemberMergeValueInput {
  @Field(() => MemberMergeFieldGraphQL)
  @IsEnum(MemberMergeField)
  field!: MemberMergeField;

  @Field(() => ID, { description: 'The survivor or one of the merged members; an empty value chosen clears the field.' })
  @Transform(lowerCase)
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId!: string;
}

@InputType('MergeMembersInput', {
  description:
    'Merge duplicates into one member. Fields not chosen in `values` keep the survivor\'s value, or, when it is empty, the first non-empty one of `merged` in the order given. Phones are united (survivor first, at most 5), tags and designations united.',
})
export class MergeMembersInput {
  @Field(() => MergeMemberRefInput, { description: 'The member that stays.' })
  @ValidateNested()
  @Type(() => MergeMemberRefInput)
  survivor!: MergeMemberRefInput;

  @Field(() => [MergeMemberRefInput], { description: `The members merged into it (1 to ${MAX_MERGED}); they become MERGED tombstones pointing to the survivor.` })
  @IsArray()
  @ArrayMinSize(1, { message: 'merged: give at least one member to merge into the survivor' })
  @ArrayMaxSize(MAX_MERGED, { message: `merged: at most ${MAX_MERGED} members are merged into a survivor at once (${MAX_MERGED + 1} in all)` })
  @ValidateNested({ each: true })
  @Type(() => MergeMemberRefInput)
  merged!: MergeMemberRefInput[];

  @Field(() => [MemberMergeValueInput], { nullable: true, description: 'Per field, the member whose value survives.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(MemberMergeField).length)
  @ValidateNested({ each: true })
  @Type(() => MemberMergeValueInput)
  values?: MemberMergeValueInput[];
}
