import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs } from '@crm/shared';
import { PartyMemberStatus, PartyOrgKind, PartyOrgStatus } from '../../entities/party.enums';
import { PartyMeetingDto } from '../party-meeting.dto';
import { PartyMemberDto } from '../party-member.dto';
import { PartyOrganizationDto } from '../party-organization.dto';
import { PartyMemberStatusGraphQL, PartyOrgKindGraphQL, PartyOrgStatusGraphQL } from '../party-enums.graphql';

/** Every condition given is ANDed, and ANDed with the caller's scope; each has an index. */
@InputType('PartyOrganizationFilter')
export class PartyOrganizationFilterInput {
  @Field(() => ID, { nullable: true, description: 'Units under this working committee, at any depth.' })
  @IsOptional() @IsUUID('all', { message: 'committeeId must be an id (UUID)' })
  committeeId?: string;

  @Field(() => ID, { nullable: true, description: 'Direct sub-units of this unit.' })
  @IsOptional() @IsUUID('all', { message: 'parentId must be an id (UUID)' })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: 'Units attached to this chamber.' })
  @IsOptional() @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => PartyOrgKindGraphQL, { nullable: true })
  @IsOptional() @IsEnum(PartyOrgKind)
  kind?: PartyOrgKind;

  @Field(() => PartyOrgStatusGraphQL, { nullable: true })
  @IsOptional() @IsEnum(PartyOrgStatus)
  status?: PartyOrgStatus;
}

@ArgsType()
export class PartyOrganizationsArgs extends ConnectionArgs {
  @Field(() => PartyOrganizationFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => PartyOrganizationFilterInput)
  filter?: PartyOrganizationFilterInput;
}

@InputType('PartyMemberFilter')
export class PartyMemberFilterInput {
  @Field(() => ID, { nullable: true, description: 'Members attending this unit.' })
  @IsOptional() @IsUUID('all', { message: 'organizationId must be an id (UUID)' })
  organizationId?: string;

  @Field({ nullable: true, description: '组织关系所在地 (6 digits).' })
  @IsOptional() @Matches(/^\d{6}$/, { message: 'relationCountyCode must be a 6-digit GB/T 2260 code' })
  relationCountyCode?: string;

  @Field({ nullable: true, description: 'Only mobile members (true).' })
  @IsOptional() @IsBoolean()
  mobile?: boolean;

  @Field(() => PartyMemberStatusGraphQL, { nullable: true })
  @IsOptional() @IsEnum(PartyMemberStatus)
  status?: PartyMemberStatus;
}

@ArgsType()
export class PartyMembersArgs extends ConnectionArgs {
  @Field(() => PartyMemberFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => PartyMemberFilterInput)
  filter?: PartyMemberFilterInput;
}

@ArgsType()
export class PartyMeetingsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'organizationId must be an id (UUID)' })
  organizationId!: string;
}

@ArgsType()
export class PartyQuarterArgs {
  @Field(() => Int)
  @IsInt() @Min(1921) @Max(2200)
  year!: number;

  @Field(() => Int, { description: '1 to 4.' })
  @IsInt() @Min(1) @Max(4)
  quarter!: number;
}

@ArgsType()
export class PartyComplianceArgs extends PartyQuarterArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'organizationId must be an id (UUID)' })
  organizationId!: string;
}

export const PartyOrganizationConnection = Connection(PartyOrganizationDto, 'PartyOrganization');
export const PartyMemberConnection = Connection(PartyMemberDto, 'PartyMember');
export const PartyMeetingConnection = Connection(PartyMeetingDto, 'PartyMeeting');
