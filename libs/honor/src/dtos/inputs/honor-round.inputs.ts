import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { OptionalText, Text } from './honor-text.rules';

@InputType('HonorRoundTypeInput')
export class HonorRoundTypeInput {
  @Field(() => ID)
  @IsUUID()
  honorTypeId!: string;

  @Field(() => Int, { nullable: true, description: "Nomination places in this round; default the type's quotaPerRound." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  quota?: number | null;
}

@InputType('CreateHonorRoundInput', { description: 'A round (e.g. 首届温商回归先进表彰会) and the honours it awards; opens for nominations.' })
export class CreateHonorRoundInput {
  @Field()
  @Text('name', 2, 100)
  name!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1949)
  @Max(2100)
  year!: number;

  @Field(() => String, { nullable: true, description: 'The day of the award meeting (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  heldOn?: string | null;

  @Field(() => [HonorRoundTypeInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HonorRoundTypeInput)
  types!: HonorRoundTypeInput[];
}

@InputType('PublishHonorRoundInput', { description: '公示: the approved nominations are published for public notice from one day to another.' })
export class PublishHonorRoundInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field()
  @IsCalendarDate()
  noticeStartsOn!: string;

  @Field()
  @IsCalendarDate()
  noticeEndsOn!: string;
}

@InputType('HonorCertificateInput')
export class HonorCertificateInput {
  @Field(() => ID)
  @IsUUID()
  nominationId!: string;

  @Field({ description: 'Unique per honour type.' })
  @Text('certificateNo', 1, 40)
  certificateNo!: string;

  @Field(() => String, { nullable: true })
  @OptionalText('citation', 2000)
  citation?: string | null;
}

@InputType('ConfirmHonorRoundInput', { description: 'After the notice period: every approved nomination becomes an award with its certificate.' })
export class ConfirmHonorRoundInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ description: 'The day the awards take effect (YYYY-MM-DD), not before the notice ends.' })
  @IsCalendarDate()
  awardedOn!: string;

  @Field(() => [HonorCertificateInput], { description: 'One per approved nomination.' })
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => HonorCertificateInput)
  certificates!: HonorCertificateInput[];
}
