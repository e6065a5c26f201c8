import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { PositionType, PositionTypeGraphQL } from '@crm/chamber';
import { IsCalendarDate } from '@crm/shared';
import { EnterpriseRole, PoliticalLevel, PoliticalRoleKind } from '../../entities/member.enums';
import { EnterpriseRoleGraphQL, PoliticalLevelGraphQL, PoliticalRoleKindGraphQL } from '../member-enums.graphql';
import { CreateEnterpriseInput } from './enterprise.inputs';
import { RegionCodeRules } from './member-fields';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

@InputType('ChamberMembershipInput', { description: 'Membership of a chamber, optionally with a position in its running term.' })
export class ChamberMembershipInput {
  @Field(() => ID)
  @Transform(lowerCase)
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId!: string;

  @Field({ nullable: true, description: 'Day the member joined (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  joinedOn?: string;

  @Field(() => PositionTypeGraphQL, { nullable: true, description: 'A position in the chamber\'s running term (会长, 副会长 …).' })
  @IsOptional()
  @IsEnum(PositionType)
  position?: PositionType;

  @Field({ nullable: true, description: 'When the position was taken, if after the start of the term.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  positionStartsOn?: string;
}

@InputType('EnterpriseLinkInput', { description: 'A member\'s roles in an enterprise: an existing one (enterpriseId) or a new one (enterprise).' })
export class EnterpriseLinkInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'enterpriseId must be an id (UUID)' })
  enterpriseId?: string;

  @Field(() => CreateEnterpriseInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateEnterpriseInput)
  enterprise?: CreateEnterpriseInput;

  @Field(() => [EnterpriseRoleGraphQL])
  @IsArray()
  @ArrayMinSize(1, { message: 'roles: give at least one role' })
  @ArrayMaxSize(4)
  @IsEnum(EnterpriseRole, { each: true })
  roles!: EnterpriseRole[];
}

@InputType('PoliticalRoleInput', { description: '人大代表 / 政协委员 of a level, for a term.' })
export class PoliticalRoleInput {
  @Field(() => PoliticalRoleKindGraphQL)
  @IsEnum(PoliticalRoleKind)
  kind!: PoliticalRoleKind;

  @Field(() => PoliticalLevelGraphQL)
  @IsEnum(PoliticalLevel)
  level!: PoliticalLevel;

  @Field({ nullable: true, description: 'The region whose congress or conference it is; none for national.' })
  @IsOptional()
  @RegionCodeRules('regionCode')
  regionCode?: string;

  @Field(() => Int, { nullable: true, description: '第 N 届.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  termNumber?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string;

  @Field({ nullable: true, description: 'Exclusive end; omit while serving.' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;
}

/** Every mutation that changes a member carries the version it read. */
@InputType({ isAbstract: true })
export class MemberVersionInput {
  @Field(() => Int, { description: 'The member\'s version you read; if it changed since, CONFLICT and nothing is written.' })
  @IsInt()
  @Min(1)
  version!: number;
}

@InputType('JoinChamberInput')
export class JoinChamberInput extends MemberVersionInput {
  @Field(() => ChamberMembershipInput)
  @ValidateNested()
  @Type(() => ChamberMembershipInput)
  membership!: ChamberMembershipInput;
}

@InputType('UpdateChamberMembershipInput', { description: 'Corrects the dates of a membership, or ends it (leftOn).' })
export class UpdateChamberMembershipInput extends MemberVersionInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  joinedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Day the member left; null makes the membership current again.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  leftOn?: string | null;
}

@InputType('LinkEnterpriseInput')
export class LinkEnterpriseInput extends MemberVersionInput {
  @Field(() => EnterpriseLinkInput)
  @ValidateNested()
  @Type(() => EnterpriseLinkInput)
  link!: EnterpriseLinkInput;
}

@InputType('UnlinkEnterpriseInput')
export class UnlinkEnterpriseInput extends MemberVersionInput {
  @Field(() => ID)
  @Transform(lowerCase)
  @IsUUID('all', { message: 'enterpriseId must be an id (UUID)' })
  enterpriseId!: string;
}

export const MAX_LINKS = 20;
