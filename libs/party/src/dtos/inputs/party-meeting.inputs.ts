import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsCalendarDate, MaxLength } from '@crm/shared';
import { PartyAttendance, PartyMeetingKind, PartyMeetingMode, PartyMeetingStatus } from '../../entities/party.enums';
import { PartyAttendanceGraphQL, PartyMeetingKindGraphQL, PartyMeetingModeGraphQL, PartyMeetingStatusGraphQL } from '../party-enums.graphql';
import { NameRules, RequiredId } from './party-fields';

@InputType('PartyAttendanceInput')
export class PartyAttendanceInput {
  @Field(() => ID)
  @RequiredId('partyMemberId')
  partyMemberId!: string;

  @Field(() => PartyAttendanceGraphQL)
  @IsEnum(PartyAttendance)
  attendance!: PartyAttendance;
}

@InputType('RecordPartyMeetingInput')
export class RecordPartyMeetingInput {
  @Field(() => ID)
  @RequiredId('organizationId')
  organizationId!: string;

  @Field(() => PartyMeetingKindGraphQL)
  @IsEnum(PartyMeetingKind)
  kind!: PartyMeetingKind;

  @Field(() => PartyMeetingModeGraphQL, { defaultValue: PartyMeetingMode.OnSite })
  @IsEnum(PartyMeetingMode)
  mode: PartyMeetingMode = PartyMeetingMode.OnSite;

  @Field(() => PartyMeetingStatusGraphQL, { description: 'HELD only for a date up to today.' })
  @IsEnum(PartyMeetingStatus)
  status!: PartyMeetingStatus;

  @Field()
  @IsCalendarDate()
  heldOn!: string;

  @Field()
  @NameRules('topic', 2, 200)
  topic!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  minutes?: string;

  @Field(() => [PartyAttendanceInput], { defaultValue: [], description: 'Members of the unit and whether they came.' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PartyAttendanceInput)
  attendance: PartyAttendanceInput[] = [];
}
