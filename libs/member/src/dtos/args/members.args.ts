import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { MemberDesignation, MemberStatus, PoliticalLevel, PoliticalRoleKind } from '../../entities/member.enums';
import { MemberDesignationGraphQL, MemberSort, MemberSortGraphQL, MemberStatusGraphQL, PoliticalLevelGraphQL, PoliticalRoleKindGraphQL } from '../member-enums.graphql';
import { MemberDto } from '../member.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

@InputType('PoliticalRoleFilter')
export class PoliticalRoleFilterInput {
  @Field(() => PoliticalRoleKindGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(PoliticalRoleKind)
  kind?: PoliticalRoleKind;

  @Field(() => PoliticalLevelGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(PoliticalLevel)
  level?: PoliticalLevel;
}

/** Every condition given is ANDed, and ANDed with the caller's scope. Each is served by an index. */
@InputType('MemberFilter')
export class MemberFilterInput {
  @Field({
    nullable: true,
    description:
      'One search box, read by the shape of the term (spaces ignored, letters in any case): Chinese characters (or anything not covered below) find 2+ consecutive characters of the name or of the name of an enterprise the member has a role in (瓯江); Latin letters only find a part of the full pinyin or of the initials (zhangjianguo, jianguo, zjg), not enterprise names; digits only (hyphens ignored, 4 or more) find the end of any phone, and 18 digits also an exact ID number; 17 digits and X an exact ID number. More than 4 digits, or an ID number, needs the personal-data permission (FORBIDDEN otherwise); fewer than 4 digits is refused.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2, { message: 'search must be at least 2 characters' })
  @MaxLength(40, { message: 'search must be at most 40 characters' })
  @HasNoControlCharacters('search')
  search?: string;

  @Field({ nullable: true, description: 'The last digits (4 or more) of any phone. More than the 4 digits a mask shows needs the personal-data permission.' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^\d{4,15}$/, { message: 'phone must be 4 to 15 digits (the end of a phone number)' })
  phone?: string;

  @Field({ nullable: true, description: 'Exact ID number; needs the personal-data permission.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be 18 characters (17 digits and a check digit or X)' })
  idNumber?: string;

  @Field({ nullable: true, description: 'Part (2+ characters) of the name of an enterprise the member has a role in.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2, { message: 'enterprise must be at least 2 characters' })
  @MaxLength(40, { message: 'enterprise must be at most 40 characters' })
  @HasNoControlCharacters('enterprise')
  enterprise?: string;

  @Field(() => ID, { nullable: true, description: 'Members with a current membership in this chamber or any chamber below it.' })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'chamberSubtree must be an id (UUID)' })
  chamberSubtree?: string;

  @Field({ nullable: true, description: '籍贯: a county of the home city.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'hometownCode must be a 6-digit region code' })
  hometownCode?: string;

  @Field({ nullable: true, description: 'Where members are now: a province (310000), prefecture (310100) or county code; regions below it included.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'currentRegionCode must be a 6-digit region code' })
  currentRegionCode?: string;

  @Field(() => MemberDesignationGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(MemberDesignation)
  designation?: MemberDesignation;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(20, { message: 'tag must be at most 20 characters' })
  @HasNoControlCharacters('tag')
  tag?: string;

  @Field(() => PoliticalRoleFilterInput, { nullable: true, description: 'Members holding such a role now.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PoliticalRoleFilterInput)
  politicalRole?: PoliticalRoleFilterInput;

  @Field(() => Int, { nullable: true, description: 'Members whose completeness is below this score (0–100).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(101)
  completenessBelow?: number;

  @Field(() => MemberStatusGraphQL, { nullable: true, description: 'By default every status except MERGED.' })
  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus;
}

@ArgsType()
export class MembersArgs extends ConnectionArgs {
  @Field(() => MemberFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MemberFilterInput)
  filter?: MemberFilterInput;

  @Field(() => MemberSortGraphQL, { defaultValue: MemberSort.Name })
  @IsEnum(MemberSort)
  sort: MemberSort = MemberSort.Name;
}

export const MemberConnection = Connection(MemberDto, 'Member');
