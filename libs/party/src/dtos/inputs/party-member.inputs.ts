import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { PartyEvaluationGrade, PartyMemberStanding, PartyMemberStatus, PartyTransferDirection } from '../../entities/party.enums';
import { PartyEvaluationGradeGraphQL, PartyMemberStandingGraphQL, PartyMemberStatusGraphQL, PartyTransferDirectionGraphQL } from '../party-enums.graphql';
import { NameRules, OptionalId, OptionalText } from './party-fields';

@InputType('CreatePartyMemberInput')
export class CreatePartyMemberInput {
  @Field(() => ID, { nullable: true, description: 'The member of the information base this person is; name, gender, ID number and phones default to the member\'s.' })
  @OptionalId('memberId')
  memberId?: string;

  @Field({ nullable: true, description: 'Required without memberId.' })
  @IsOptional()
  @NameRules('name', 2, 30)
  name?: string;

  @Field({ nullable: true, description: 'Resident ID number (18 characters); required unless the linked member has one. One record per number.' })
  @IsOptional()
  @IsString()
  idNumber?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  phones?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  joinedOn?: string;

  @Field(() => PartyMemberStandingGraphQL, { defaultValue: PartyMemberStanding.Full })
  @IsEnum(PartyMemberStanding)
  standing: PartyMemberStanding = PartyMemberStanding.Full;

  @Field({ nullable: true, description: '组织关系所在地: a county of the home city (6 digits).' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'relationCountyCode must be a 6-digit GB/T 2260 code' })
  relationCountyCode?: string;

  @Field(() => ID, { nullable: true })
  @OptionalId('relationOrganizationId')
  relationOrganizationId?: string;

  @Field(() => ID, { nullable: true, description: 'The branch the person attends.' })
  @OptionalId('organizationId')
  organizationId?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  mobile: boolean = false;

  @Field({ nullable: true })
  @OptionalText('mobileDestination', 100)
  mobileDestination?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  mobileSince?: string;
}

@InputType('UpdatePartyMemberInput')
export class UpdatePartyMemberInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @NameRules('name', 2, 30)
  name?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  phones?: string[];

  @Field(() => PartyMemberStandingGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(PartyMemberStanding)
  standing?: PartyMemberStanding;

  @Field(() => ID, { nullable: true, description: 'Move to another branch (attendance only; relation transfers go through transferPartyMember).' })
  @OptionalId('organizationId')
  organizationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  mobile?: boolean;

  @Field({ nullable: true })
  @OptionalText('mobileDestination', 100)
  mobileDestination?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  mobileSince?: string;

  @Field(() => PartyMemberStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsIn([PartyMemberStatus.Active, PartyMemberStatus.Deceased, PartyMemberStatus.Removed], { message: 'status must be ACTIVE, DECEASED or REMOVED (TRANSFERRED_OUT comes from a transfer)' })
  status?: PartyMemberStatus;
}

@InputType('TransferPartyMemberInput')
export class TransferPartyMemberInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => PartyTransferDirectionGraphQL)
  @IsEnum(PartyTransferDirection)
  direction!: PartyTransferDirection;

  @Field()
  @IsCalendarDate({ notFuture: true })
  occurredOn!: string;

  @Field({ nullable: true })
  @OptionalText('fromPlace', 100)
  fromPlace?: string;

  @Field({ nullable: true })
  @OptionalText('toPlace', 100)
  toPlace?: string;

  @Field(() => ID, { nullable: true, description: 'IN: the unit of ours that now holds the relation (and that the person attends).' })
  @OptionalId('organizationId')
  organizationId?: string;

  @Field({ nullable: true })
  @OptionalText('note', 500)
  note?: string;
}

@InputType('EvaluatePartyMemberInput')
export class EvaluatePartyMemberInput {
  @Field(() => Int, { description: 'From the year the person joined to the current year.' })
  @IsInt()
  year!: number;

  @Field(() => PartyEvaluationGradeGraphQL)
  @IsEnum(PartyEvaluationGrade)
  grade!: PartyEvaluationGrade;

  @Field({ nullable: true })
  @OptionalText('note', 500)
  note?: string;
}
