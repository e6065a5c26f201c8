import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { FlowLine, FlowRecipientKind, FlowRecipientKindGraphQL, FlowTargetInput } from '@crm/notice';
import { Connection, ConnectionArgs, enumValues, HasNoControlCharacters, MaxLength } from '@crm/shared';

export enum MeetingKind {
  AnnualMeeting = 'ANNUAL_MEETING',
  Training = 'TRAINING',
  InspectionTour = 'INSPECTION_TOUR',
  Other = 'OTHER',
}
export enum RegistrationStatus {
  Registered = 'REGISTERED',
  Waitlisted = 'WAITLISTED',
  Cancelled = 'CANCELLED',
}
export const MeetingKindGraphQL = enumValues(MeetingKind);
export const RegistrationStatusGraphQL = enumValues(RegistrationStatus);
registerEnumType(MeetingKindGraphQL, { name: 'MeetingKind', description: '年会, 培训班, 考察, 其他.' });
registerEnumType(RegistrationStatusGraphQL, { name: 'RegistrationStatus', description: '已报名, 候补, 已取消.' });

@ObjectType('Meeting', { description: 'A meeting (会议活动) with its capacity and invitees chosen by a target rule.' })
export class MeetingDto {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => MeetingKindGraphQL) kind!: MeetingKind;
  @Field({ description: 'YYYY-MM-DD.' }) startsOn!: string;
  @Field({ description: 'YYYY-MM-DD.' }) endsOn!: string;
  @Field() place!: string;
  @Field(() => Int) capacity!: number;
  @Field(() => Int, { description: 'Places taken (registered, not waiting).' }) registeredCount!: number;
  @Field(() => Int) waitlistedCount!: number;
  @Field(() => Int) inviteeCount!: number;
  @Field(() => Date) registrationDeadline!: Date;
  @Field({ description: 'The target rule as sent (JSON).' }) target!: string;
  @Field(() => Int) version!: number;
}
export const MeetingConnection = Connection(MeetingDto, 'Meeting');

@ObjectType('MeetingRegistration', { description: 'A delegate registered by an invited unit.' })
export class RegistrationDto {
  @Field(() => ID) id!: string;
  @Field(() => ID) meetingId!: string;
  @Field(() => ID) memberId!: string;
  @Field({ description: 'The delegate’s name.' }) memberName!: string;
  @Field({ description: 'The invited unit.' }) unit!: string;
  @Field(() => FlowRecipientKindGraphQL) unitKind!: FlowRecipientKind;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) arrival!: string | null;
  @Field(() => RegistrationStatusGraphQL) status!: RegistrationStatus;
  @Field(() => Date) queuedAt!: Date;
  @Field(() => Date, { nullable: true }) checkedInAt!: Date | null;
  @Field(() => Int) version!: number;
}
export const RegistrationConnection = Connection(RegistrationDto, 'MeetingRegistration');

@InputType('CreateMeetingInput')
export class CreateMeetingInput {
  @Field()
  @FlowLine('title', 200)
  title!: string;

  @Field(() => MeetingKindGraphQL)
  @IsEnum(MeetingKind)
  kind!: MeetingKind;

  @Field()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startsOn!: string;

  @Field()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  endsOn!: string;

  @Field()
  @FlowLine('place', 200)
  place!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;

  @Field(() => Date)
  @Type(() => Date)
  @IsDate()
  registrationDeadline!: Date;

  @Field(() => FlowTargetInput, { description: 'Who is invited (the notices’ targeting).' })
  @ValidateNested()
  @Type(() => FlowTargetInput)
  target!: FlowTargetInput;
}

@InputType('DelegateInput')
export class DelegateInput {
  @Field(() => ID)
  @IsUUID()
  memberId!: string;

  @Field(() => String, { nullable: true, description: 'e.g. 会长, 秘书长, 随员.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @HasNoControlCharacters('role')
  role?: string | null;

  @Field(() => String, { nullable: true, description: 'Arrival details (train, flight, time).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @HasNoControlCharacters('arrival')
  arrival?: string | null;
}

@InputType('RegisterDelegatesInput')
export class RegisterDelegatesInput {
  @Field(() => [DelegateInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DelegateInput)
  delegates!: DelegateInput[];
}

@InputType('VersionInput')
export class VersionInput {
  @Field(() => Int, { description: 'The version read (stale: CONFLICT).' })
  @IsInt()
  version!: number;
}

@InputType('SetMeetingCapacityInput')
export class SetMeetingCapacityInput extends VersionInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;
}

@ArgsType()
export class RegistrationsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  meetingId!: string;

  @Field(() => RegistrationStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(RegistrationStatus)
  status?: RegistrationStatus | null;
}
