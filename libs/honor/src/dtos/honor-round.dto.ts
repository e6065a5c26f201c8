import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { HonorRoundStatus } from '../entities/honor.enums';
import { HonorRoundStatusGraphQL } from './honor-enums.graphql';
import { HonorTypeDto } from './honor-type.dto';

@ObjectType('HonorRoundType', { description: 'An honour awarded in a round, with its quota and the places taken.' })
export class HonorRoundTypeDto {
  @Field(() => HonorTypeDto)
  honorType!: HonorTypeDto;

  @Field(() => Int, { nullable: true, description: 'Nomination places (名额); null: no limit.' })
  quota!: number | null;

  @Field(() => Int, { description: 'Places taken: nominations submitted, shortlisted, approved or awarded.' })
  used!: number;
}

@ObjectType('HonorRound', { description: 'A round of honours (评选表彰): nominations → review → public notice (公示) → confirmed awards.' })
export class HonorRoundDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: 'The award meeting (YYYY-MM-DD).' })
  heldOn!: string | null;

  @Field(() => HonorRoundStatusGraphQL)
  status!: HonorRoundStatus;

  @Field(() => String, { nullable: true })
  noticeStartsOn!: string | null;

  @Field(() => String, { nullable: true })
  noticeEndsOn!: string | null;

  @Field(() => String, { nullable: true })
  confirmedOn!: string | null;

  @Field(() => Int)
  version!: number;

  @Field(() => [HonorRoundTypeDto])
  types!: HonorRoundTypeDto[];
}
