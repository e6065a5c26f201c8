import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MemberDesignation, MemberDesignationGraphQL } from '@crm/member';
import { HonorBenefitKind, HonorLevel, HonorSubjectKind } from '../../entities/honor.enums';
import { HonorBenefitKindGraphQL, HonorLevelGraphQL, HonorSubjectKindGraphQL } from '../honor-enums.graphql';
import { OptionalText, Text } from './honor-text.rules';

@InputType('HonorTypeBenefitInput', { description: 'A benefit that comes with the honour (e.g. 列席市两会, 优先服务).' })
export class HonorTypeBenefitInput {
  @Field()
  @Text('name', 2, 100)
  name!: string;

  @Field(() => HonorBenefitKindGraphQL)
  @IsEnum(HonorBenefitKind)
  kind!: HonorBenefitKind;

  @Field({ defaultValue: false, description: 'Due again every year while the award is active (an invitation to the 两会 each year).' })
  @IsBoolean()
  yearly: boolean = false;
}

@InputType({ isAbstract: true })
abstract class HonorTypeFields {
  @Field({ nullable: true, description: 'Awarded every year (a new round each year).' })
  @IsOptional()
  @IsBoolean()
  recursYearly?: boolean;

  @Field(() => Int, { nullable: true, description: 'Nomination places per round (名额); null: no limit. A round may set its own.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  quotaPerRound?: number | null;

  @Field(() => MemberDesignationGraphQL, { nullable: true, description: 'A member designation this honour keeps in step (百名领头雁 → LEAD_GOOSE); members only.' })
  @IsOptional()
  @IsEnum(MemberDesignation)
  grantsDesignation?: MemberDesignation | null;

  @Field(() => String, { nullable: true })
  @OptionalText('description', 2000)
  description?: string | null;

  @Field(() => [HonorTypeBenefitInput], { nullable: true, description: 'The benefits, replaced whole; a benefit left out is retired (records already due stay).' })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HonorTypeBenefitInput)
  benefits?: HonorTypeBenefitInput[];
}

@InputType('CreateHonorTypeInput', { description: 'A new honour type in the catalogue.' })
export class CreateHonorTypeInput extends HonorTypeFields {
  @Field()
  @Text('name', 2, 60)
  name!: string;

  @Field(() => HonorSubjectKindGraphQL)
  @IsEnum(HonorSubjectKind)
  subjectKind!: HonorSubjectKind;

  @Field({ description: 'The body that awards it (市委市政府, 市经合办 …).' })
  @Text('awardingBody', 2, 100)
  awardingBody!: string;

  @Field(() => HonorLevelGraphQL)
  @IsEnum(HonorLevel)
  level!: HonorLevel;
}

@InputType('UpdateHonorTypeInput', { description: 'Edit an honour type; omitted fields stay. Carries the version read.' })
export class UpdateHonorTypeInput extends HonorTypeFields {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @Text('name', 2, 60)
  name?: string;

  @Field(() => HonorSubjectKindGraphQL, { nullable: true, description: 'Only while no nomination or award uses the type.' })
  @IsOptional()
  @IsEnum(HonorSubjectKind)
  subjectKind?: HonorSubjectKind;

  @Field({ nullable: true, description: 'The body that awards it (市委市政府, 市经合办 …).' })
  @IsOptional()
  @Text('awardingBody', 2, 100)
  awardingBody?: string;

  @Field(() => HonorLevelGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(HonorLevel)
  level?: HonorLevel;

  @Field({ nullable: true, description: 'False retires the type: no new rounds or nominations.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
