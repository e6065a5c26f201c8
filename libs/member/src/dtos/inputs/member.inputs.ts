import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { Gender, MemberDesignation, MemberSource, MemberStatus } from '../../entities/member.enums';
import { GenderGraphQL, MemberDesignationGraphQL, MemberSourceGraphQL, MemberStatusGraphQL } from '../member-enums.graphql';
import { ChamberMembershipInput, EnterpriseLinkInput, MAX_LINKS, MemberVersionInput, PoliticalRoleInput } from './member-link.inputs';
import { Clearable, EmailRules, IdNumberShape, IfGiven, PersonNameRules, PhonesShape, RegionCodeRules, TagsShape, TextRules } from './member-fields';

const EDITABLE_STATUSES = [MemberStatus.Active, MemberStatus.Left, MemberStatus.Deceased];
const STATUS_MESSAGE = 'status must be ACTIVE, LEFT or DECEASED (MERGED is set by merging duplicates)';

@InputType('CreateMemberInput', { description: 'A new member (温商). Only the name is required.' })
export class CreateMemberInput {
  @Field()
  @PersonNameRules('name')
  name!: string;

  @Field(() => GenderGraphQL, { nullable: true, description: 'Taken from the ID number when omitted.' })
  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender;

  @Field({ nullable: true, description: 'YYYY-MM-DD; taken from the ID number when omitted.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  birthDate?: string;

  @Field({ nullable: true, description: '18-character resident ID number (GB 11643); must agree with birth date and gender.' })
  @IsOptional()
  @IdNumberShape()
  idNumber?: string;

  @Field(() => [String], { nullable: true, description: 'Mainland mobiles, landlines with area code, or international numbers (+…); the first is the main one.' })
  @IsOptional()
  @PhonesShape()
  phones?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @TextRules('wechat', 50)
  wechat?: string;

  @Field({ nullable: true })
  @IsOptional()
  @EmailRules()
  email?: string;

  @Field({ nullable: true })
  @IsOptional()
  @TextRules('address', 200)
  address?: string;

  @Field({ nullable: true, description: '籍贯: a county-level region of the home city.' })
  @IsOptional()
  @RegionCodeRules('hometownCode')
  hometownCode?: string;

  @Field({ nullable: true, description: 'Where the member lives and works now (province, prefecture or county).' })
  @IsOptional()
  @RegionCodeRules('currentRegionCode')
  currentRegionCode?: string;

  @Field(() => [MemberDesignationGraphQL], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(MemberDesignation, { each: true })
  designations?: MemberDesignation[];

  @Field(() => [String], { nullable: true, description: 'Free tags, at most 20 of up to 20 characters.' })
  @IsOptional()
  @TagsShape()
  tags?: string[];

  @Field(() => MemberSourceGraphQL, { nullable: true, description: 'Default MANUAL.' })
  @IsOptional()
  @IsEnum(MemberSource)
  source?: MemberSource;

  @Field({ nullable: true })
  @IsOptional()
  @TextRules('sourceNote', 200)
  sourceNote?: string;

  @Field(() => MemberStatusGraphQL, { nullable: true, description: 'Default ACTIVE.' })
  @IsOptional()
  @IsIn(EDITABLE_STATUSES, { message: STATUS_MESSAGE })
  status?: MemberStatus;

  @Field({ nullable: true })
  @IsOptional()
  @TextRules('note', 1000)
  note?: string;

  @Field(() => [PoliticalRoleInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => PoliticalRoleInput)
  politicalRoles?: PoliticalRoleInput[];

  @Field(() => [ChamberMembershipInput], { nullable: true, description: 'Chambers the member belongs to. A secretary must give one in its scope.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => ChamberMembershipInput)
  memberships?: ChamberMembershipInput[];

  @Field(() => [EnterpriseLinkInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => EnterpriseLinkInput)
  enterprises?: EnterpriseLinkInput[];

  @Field({
    nullable: true,
    description:
      'Register even though members you may read are probably the same person (SAME_NAME_PHONE, SAME_NAME_BIRTH_HOMETOWN; see memberDuplicateCandidates). Without it such a registration is refused with CONFLICT (reason MEMBER_LIKELY_DUPLICATE, extensions.candidates). A member with the same ID number is refused either way.',
  })
  @IsOptional()
  @IsBoolean()
  confirmDuplicate?: boolean;
}

@InputType('UpdateMemberInput', {
  description: 'Changes a member; omitted fields stay, null clears an optional one. Lists (phones, designations, tags, politicalRoles) are replaced whole.',
})
export class UpdateMemberInput extends MemberVersionInput {
  @Field({ nullable: true })
  @IfGiven()
  @PersonNameRules('name')
  name?: string;

  @Field(() => GenderGraphQL, { nullable: true })
  @Clearable()
  @IsEnum(Gender)
  gender?: Gender | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @IsCalendarDate({ notFuture: true })
  birthDate?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @IdNumberShape()
  idNumber?: string | null;

  @Field(() => [String], { nullable: true })
  @IfGiven()
  @PhonesShape()
  phones?: string[];

  @Field(() => String, { nullable: true })
  @Clearable()
  @TextRules('wechat', 50)
  wechat?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @EmailRules()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @TextRules('address', 200)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @RegionCodeRules('hometownCode')
  hometownCode?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @RegionCodeRules('currentRegionCode')
  currentRegionCode?: string | null;

  @Field(() => [MemberDesignationGraphQL], { nullable: true })
  @IfGiven()
  @IsArray()
  @IsEnum(MemberDesignation, { each: true })
  designations?: MemberDesignation[];

  @Field(() => [String], { nullable: true })
  @IfGiven()
  @TagsShape()
  tags?: string[];

  @Field(() => String, { nullable: true })
  @Clearable()
  @TextRules('sourceNote', 200)
  sourceNote?: string | null;

  @Field(() => MemberStatusGraphQL, { nullable: true })
  @IfGiven()
  @IsIn(EDITABLE_STATUSES, { message: STATUS_MESSAGE })
  status?: MemberStatus;

  @Field(() => String, { nullable: true })
  @Clearable()
  @TextRules('note', 1000)
  note?: string | null;

  @Field(() => [PoliticalRoleInput], { nullable: true, description: 'Replaces every political role of the member.' })
  @IfGiven()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @ValidateNested({ each: true })
  @Type(() => PoliticalRoleInput)
  politicalRoles?: PoliticalRoleInput[];
}
