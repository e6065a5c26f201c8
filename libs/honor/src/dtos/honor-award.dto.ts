import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@crm/shared';
import { HonorAwardStatus, HonorBenefitStatus, HonorSubjectKind } from '../entities/honor.enums';
import { HonorAwardStatusGraphQL, HonorBenefitStatusGraphQL, HonorSubjectKindGraphQL } from './honor-enums.graphql';

export interface HonorAwardRow {
  id: string;
  honorTypeId: string;
  subjectKind: HonorSubjectKind;
  subjectId: string;
  year: number;
  roundId: string | null;
  nominationId: string | null;
  citation: string | null;
  certificateNo: string;
  awardedOn: string;
  countyCode: string | null;
  creditedChamberId: string | null;
  status: HonorAwardStatus;
  revokedOn: string | null;
  revokeReason: string | null;
  version: number;
}

@ObjectType('HonorAward', { description: 'An honour awarded (荣誉): revocation keeps it, with the date and reason.' })
export class HonorAwardDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  honorTypeId!: string;

  @Field(() => HonorSubjectKindGraphQL)
  subjectKind!: HonorSubjectKind;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID, { nullable: true })
  roundId!: string | null;

  @Field(() => ID, { nullable: true })
  nominationId!: string | null;

  @Field(() => String, { nullable: true })
  citation!: string | null;

  @Field({ description: 'Unique per honour type.' })
  certificateNo!: string;

  @Field()
  awardedOn!: string;

  @Field(() => String, { nullable: true, description: "A member's hometown county when awarded (the county credited in reports)." })
  countyCode!: string | null;

  @Field(() => ID, { nullable: true, description: 'The chamber credited in chamber roll-ups.' })
  creditedChamberId!: string | null;

  @Field(() => HonorAwardStatusGraphQL)
  status!: HonorAwardStatus;

  @Field(() => String, { nullable: true })
  revokedOn!: string | null;

  @Field(() => String, { nullable: true })
  revokeReason!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, r: HonorAwardRow): HonorAwardDto {
    return { ...r, year: Number(r.year), version: Number(r.version) };
  }
}

export const HonorAwardConnection = Connection(HonorAwardDto, 'HonorAward');

export interface HonorBenefitRow {
  id: string;
  awardId: string;
  name: string;
  year: number;
  countyCode: string | null;
  status: HonorBenefitStatus;
  deliveredOn: string | null;
  note: string | null;
  version: number;
}

@ObjectType('HonorBenefit', { description: 'A benefit due from an award, tracked to delivery.' })
export class HonorBenefitDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  awardId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'The year it is due for.' })
  year!: number;

  @Field(() => String, { nullable: true })
  countyCode!: string | null;

  @Field(() => HonorBenefitStatusGraphQL)
  status!: HonorBenefitStatus;

  @Field(() => String, { nullable: true })
  deliveredOn!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, r: HonorBenefitRow): HonorBenefitDto {
    return { ...r, year: Number(r.year), version: Number(r.version) };
  }
}

export const HonorBenefitConnection = Connection(HonorBenefitDto, 'HonorBenefit');

@ObjectType('HonorBenefitsOutstanding', { description: 'Benefits still due, per hometown county of the honourees.' })
export class HonorBenefitsOutstandingDto {
  @Field(() => String, { nullable: true, description: 'Null: honours to chambers and enterprises (no county).' })
  countyCode!: string | null;

  @Field(() => Int)
  benefits!: number;

  @Field(() => Int, { description: 'Awards with at least one benefit due.' })
  awards!: number;
}

@ObjectType('HonorAwardCount', { description: 'Active awards in one group of a report.' })
export class HonorAwardCountDto {
  @Field({ description: 'The group: an honour type id, a year, a county code or a chamber id.' })
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('HonorRollup', { description: 'Honours in a chamber subtree: chamber honours and member honours credited to its chambers.' })
export class HonorRollupDto {
  @Field(() => Int, { description: 'Active awards.' })
  active!: number;

  @Field(() => Int)
  revoked!: number;

  @Field(() => [HonorAwardCountDto], { description: 'Active awards by honour type id.' })
  byType!: HonorAwardCountDto[];
}
