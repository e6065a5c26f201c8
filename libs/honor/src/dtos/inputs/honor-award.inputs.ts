import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { HonorBenefitStatus, HonorSubjectKind } from '../../entities/honor.enums';
import { HonorBenefitStatusGraphQL, HonorSubjectKindGraphQL } from '../honor-enums.graphql';
import { LongText, OptionalText, Text } from './honor-text.rules';

@InputType('RecordHonorAwardInput', { description: 'An award made outside a round in this system (an earlier year, another body): recorded by the office.' })
export class RecordHonorAwardInput {
  @Field(() => ID)
  @IsUUID()
  honorTypeId!: string;

  @Field(() => HonorSubjectKindGraphQL)
  @IsEnum(HonorSubjectKind)
  subjectKind!: HonorSubjectKind;

  @Field(() => ID)
  @IsUUID()
  subjectId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1949)
  @Max(2100)
  year!: number;

  @Field()
  @IsCalendarDate({ notFuture: true })
  awardedOn!: string;

  @Field()
  @Text('certificateNo', 1, 40)
  certificateNo!: string;

  @Field(() => String, { nullable: true })
  @OptionalText('citation', 2000)
  citation?: string | null;

  @Field(() => ID, { nullable: true, description: 'The chamber the honour is credited to in roll-ups (default: the chamber itself for chamber honours).' })
  @IsOptional()
  @IsUUID()
  creditedChamberId?: string | null;
}

@InputType('RevokeHonorAwardInput', { description: 'Revocation keeps the award, with its date and reason; due benefits lapse.' })
export class RevokeHonorAwardInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field()
  @IsCalendarDate({ notFuture: true })
  revokedOn!: string;

  @Field()
  @LongText('reason', 2, 2000)
  reason!: string;
}

@InputType('SettleHonorBenefitInput', { description: 'Record that a due benefit was delivered (with the day) or declined.' })
export class SettleHonorBenefitInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => HonorBenefitStatusGraphQL, { description: 'DELIVERED or DECLINED.' })
  @IsIn([HonorBenefitStatus.Delivered, HonorBenefitStatus.Declined])
  status!: HonorBenefitStatus;

  @Field(() => String, { nullable: true, description: 'The day it was delivered (required for DELIVERED).' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  on?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText('note', 500)
  note?: string | null;
}
