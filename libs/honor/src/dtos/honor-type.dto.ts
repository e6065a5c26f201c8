import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MemberDesignation, MemberDesignationGraphQL } from '@crm/member';
import { HonorBenefitKind, HonorLevel, HonorSubjectKind } from '../entities/honor.enums';
import { HonorBenefitKindGraphQL, HonorLevelGraphQL, HonorSubjectKindGraphQL } from './honor-enums.graphql';

@ObjectType('HonorTypeBenefit', { description: 'A benefit that comes with an honour type (政治待遇, 经济实惠 …).' })
export class HonorTypeBenefitDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => HonorBenefitKindGraphQL)
  kind!: HonorBenefitKind;

  @Field({ description: 'Due again each year while the award is active.' })
  yearly!: boolean;

  @Field({ description: 'No longer given with new awards (records already due stay).' })
  retired!: boolean;
}

@ObjectType('HonorType', { description: 'An entry of the honour catalogue (温商回归功勋人物, 争先创优先进商会, 百名领头雁 …).' })
export class HonorTypeDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => HonorSubjectKindGraphQL, { description: 'Who receives it.' })
  subjectKind!: HonorSubjectKind;

  @Field()
  awardingBody!: string;

  @Field(() => HonorLevelGraphQL)
  level!: HonorLevel;

  @Field()
  recursYearly!: boolean;

  @Field(() => Int, { nullable: true, description: 'Nomination places per round (名额); null: no limit.' })
  quotaPerRound!: number | null;

  @Field(() => MemberDesignationGraphQL, { nullable: true, description: 'The member designation an active award keeps in step (LEAD_GOOSE for 百名领头雁).' })
  grantsDesignation!: MemberDesignation | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'False: retired, no new rounds or nominations.' })
  active!: boolean;

  @Field(() => Int)
  version!: number;

  @Field(() => [HonorTypeBenefitDto], { description: 'In the order given, retired ones last.' })
  benefits!: HonorTypeBenefitDto[];
}
