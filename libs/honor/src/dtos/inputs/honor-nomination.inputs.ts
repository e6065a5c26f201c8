import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { HonorSubjectKind } from '../../entities/honor.enums';
import { HonorSubjectKindGraphQL } from '../honor-enums.graphql';
import { LongText, OptionalText, Text } from './honor-text.rules';

@InputType('NominateInput', { description: 'A nomination within your scope: a member (county offices, secretariats), a chamber (secretariats) or an enterprise (the office).' })
export class NominateInput {
  @Field(() => ID)
  @IsUUID()
  roundId!: string;

  @Field(() => ID)
  @IsUUID()
  honorTypeId!: string;

  @Field(() => HonorSubjectKindGraphQL)
  @IsEnum(HonorSubjectKind)
  subjectKind!: HonorSubjectKind;

  @Field(() => ID, { description: 'The member, chamber or enterprise.' })
  @IsUUID()
  subjectId!: string;

  @Field({ description: '推荐理由.' })
  @LongText('reason', 2, 2000)
  reason!: string;

  @Field(() => String, { nullable: true, description: '主要事迹: supporting facts (investment at home, donations …).' })
  @OptionalText('facts', 5000)
  facts?: string | null;

  @Field(() => ID, { nullable: true, description: 'Nominating chamber (a secretariat: default its own chamber).' })
  @IsOptional()
  @IsUUID()
  nominatingChamberId?: string | null;
}

@InputType('HonorDecisionInput', { description: 'A step on a nomination; carries the version read.' })
export class HonorDecisionInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Required to reject; kept with the decision.' })
  @OptionalText('reason', 2000)
  reason?: string | null;
}
