import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartyMeetingEntity } from '../entities/party-meeting.entity';
import { PartyMeetingKind, PartyMeetingMode, PartyMeetingStatus } from '../entities/party.enums';
import { PartyMeetingKindGraphQL, PartyMeetingModeGraphQL, PartyMeetingStatusGraphQL } from './party-enums.graphql';

@ObjectType('PartyMeeting', { description: 'An organisation-life meeting (组织生活: 三会一课, 主题党日 …) of one unit.' })
export class PartyMeetingDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => PartyMeetingKindGraphQL)
  kind!: PartyMeetingKind;

  @Field(() => PartyMeetingModeGraphQL)
  mode!: PartyMeetingMode;

  @Field(() => PartyMeetingStatusGraphQL)
  status!: PartyMeetingStatus;

  @Field()
  heldOn!: string;

  @Field()
  topic!: string;

  @Field(() => String, { nullable: true })
  minutes!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, m: PartyMeetingEntity): PartyMeetingDto {
    return { id: m.id, organizationId: m.organizationId, kind: m.kind, mode: m.mode, status: m.status, heldOn: m.heldOn, topic: m.topic, minutes: m.minutes, version: m.version };
  }
}

@ObjectType('PartyComplianceItem', { description: 'One requirement of 三会一课 in a quarter: how often, how many held, met or not.' })
export class PartyComplianceItemDto {
  @Field(() => PartyMeetingKindGraphQL)
  kind!: PartyMeetingKind;

  @Field({ description: 'QUARTERLY (支部党员大会, 党课) or MONTHLY (支委会, 党小组会).' })
  frequency!: string;

  @Field(() => Int, { description: 'Meetings required in the quarter (1 quarterly, 3 monthly).' })
  required!: number;

  @Field(() => Int, { description: 'Meetings held in the quarter.' })
  held!: number;

  @Field(() => [Int], { description: 'Months of the quarter (1–12) without a held meeting of a monthly kind.' })
  missingMonths!: number[];

  @Field()
  met!: boolean;
}

@ObjectType('PartyComplianceReport', { description: 'A unit\'s organisation life in one quarter.' })
export class PartyComplianceDto {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  quarter!: number;

  @Field(() => [PartyComplianceItemDto])
  items!: PartyComplianceItemDto[];

  @Field({ description: 'Every requirement met.' })
  compliant!: boolean;

  @Field(() => Int, { description: 'Held meetings of any kind in the quarter.' })
  meetingsHeld!: number;

  @Field(() => Int, { description: 'Attendance entries of the held meetings.' })
  attendanceEntries!: number;

  @Field(() => Float, { nullable: true, description: 'Present / attendance entries of the held meetings (null without entries).' })
  attendanceRate!: number | null;

  @Field(() => Float, { nullable: true, description: '(Present + on leave) / entries.' })
  accountedRate!: number | null;
}
