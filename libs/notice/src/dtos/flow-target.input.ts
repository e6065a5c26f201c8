import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { MemberDesignation } from '@crm/member';
import { enumValues } from '@crm/shared';

/** How a notice's (or a meeting's) recipients are chosen; resolved to the kept list when sent. */
export enum FlowTargetKind {
  AllChambers = 'ALL_CHAMBERS',
  Province = 'PROVINCE',
  ChamberSubtree = 'CHAMBER_SUBTREE',
  Counties = 'COUNTIES',
  PartyOrganisations = 'PARTY_ORGANISATIONS',
  MembersWithDesignation = 'MEMBERS_WITH_DESIGNATION',
  MembersWithHonour = 'MEMBERS_WITH_HONOUR',
}

/** Who receives: a chamber, a county office, a party organisation. */
export enum FlowRecipientKind {
  Chamber = 'CHAMBER',
  County = 'COUNTY',
  PartyOrganization = 'PARTY_ORGANIZATION',
}

export const FlowTargetKindGraphQL = enumValues(FlowTargetKind);
export const FlowRecipientKindGraphQL = enumValues(FlowRecipientKind);
registerEnumType(FlowTargetKindGraphQL, {
  name: 'FlowTargetKind',
  description: '全部商会, 某省商会, 某商会及下级, 县市区, 党组织, 具有某称号的会员所在商会, 获某荣誉的会员所在商会.',
});
registerEnumType(FlowRecipientKindGraphQL, { name: 'FlowRecipientKind', description: '商会, 县市区办公室, 党组织.' });

@InputType('FlowTargetInput', { description: 'A target rule; only the parameters of its kind are read.' })
export class FlowTargetInput {
  @Field(() => FlowTargetKindGraphQL)
  @IsEnum(FlowTargetKind)
  kind!: FlowTargetKind;

  @Field(() => String, { nullable: true, description: 'PROVINCE: the two-digit GB/T 2260 province code of the chambers.' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  provinceCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'CHAMBER_SUBTREE: the chamber whose subtree (itself and below) receives.' })
  @IsOptional()
  @IsUUID()
  chamberId?: string | null;

  @Field(() => [String], { nullable: true, description: 'COUNTIES: the home city’s county codes whose offices receive.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\d{6}$/, { each: true })
  countyCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'PARTY_ORGANISATIONS: the organisations that receive.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  partyOrganizationIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'PARTY_ORGANISATIONS: every active organisation under this working committee.' })
  @IsOptional()
  @IsUUID()
  partyCommitteeId?: string | null;

  @Field(() => String, { nullable: true, description: 'MEMBERS_WITH_DESIGNATION: NEW_GENERATION or LEAD_GOOSE.' })
  @IsOptional()
  @IsEnum(MemberDesignation)
  designation?: MemberDesignation | null;

  @Field(() => ID, { nullable: true, description: 'MEMBERS_WITH_HONOUR: holders of an active award of this honour type.' })
  @IsOptional()
  @IsUUID()
  honorTypeId?: string | null;
}
