import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { EnterpriseSize } from '../../entities/member.enums';
import { EnterpriseSizeGraphQL } from '../member-enums.graphql';
import { Clearable, CreditCodeShape, IfGiven, RegionCodeRules, TextRules } from './member-fields';

const INDUSTRY = /^([A-T]|\d{2})$/;
const INDUSTRY_MESSAGE = 'industryCode must be a GB/T 4754-2017 section letter (A–T) or two-digit division (01–97)';

@InputType('CreateEnterpriseInput', { description: 'A new enterprise (企业).' })
export class CreateEnterpriseInput {
  @Field()
  @TextRules('name', 100, 2)
  name!: string;

  @Field({ nullable: true, description: '统一社会信用代码: 18 characters with its GB 32100 check character.' })
  @IsOptional()
  @CreditCodeShape()
  creditCode?: string;

  @Field({ nullable: true, description: 'GB/T 4754-2017: a section letter (C) or a two-digit division (38); see `industries`.' })
  @IsOptional()
  @Matches(INDUSTRY, { message: INDUSTRY_MESSAGE })
  industryCode?: string;

  @Field({ nullable: true, description: 'GB/T 2260 code of where the enterprise is registered.' })
  @IsOptional()
  @RegionCodeRules('regionCode')
  regionCode?: string;

  @Field(() => EnterpriseSizeGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(EnterpriseSize)
  size?: EnterpriseSize;
}

@InputType('UpdateEnterpriseInput', { description: 'Changes an enterprise; omitted fields stay, null clears an optional one.' })
export class UpdateEnterpriseInput {
  @Field(() => Int, { description: 'The version you read; if it changed since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IfGiven()
  @TextRules('name', 100, 2)
  name?: string;

  @Field(() => String, { nullable: true })
  @Clearable()
  @CreditCodeShape()
  creditCode?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @Matches(INDUSTRY, { message: INDUSTRY_MESSAGE })
  industryCode?: string | null;

  @Field(() => String, { nullable: true })
  @Clearable()
  @RegionCodeRules('regionCode')
  regionCode?: string | null;

  @Field(() => EnterpriseSizeGraphQL, { nullable: true })
  @Clearable()
  @IsEnum(EnterpriseSize)
  size?: EnterpriseSize | null;
}
