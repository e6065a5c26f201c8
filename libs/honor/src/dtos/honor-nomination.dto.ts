import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@crm/shared';
import { HonorNominationStatus, HonorSubjectKind } from '../entities/honor.enums';
import { HonorNominationStatusGraphQL, HonorSubjectKindGraphQL } from './honor-enums.graphql';

@ObjectType('HonorReviewer', { description: 'The office account that took the last decision.' })
export class HonorReviewerDto {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;
}

/** The row a nomination is read as (aliases of HONOR_NOMINATION_COLUMNS). */
export interface HonorNominationRow {
  id: string;
  roundId: string;
  honorTypeId: string;
  subjectKind: HonorSubjectKind;
  subjectId: string;
  countyCode: string | null;
  nominatingChamberId: string | null;
  nominatingCountyCode: string | null;
  reason: string;
  facts: string | null;
  status: HonorNominationStatus;
  decisionReason: string | null;
  reviewedBy: string | null;
  reviewerEmail: string | null;
  reviewedAt: Date | null;
  nominatedAt: Date;
  version: number;
}

@ObjectType('HonorNomination', { description: 'A nomination (推荐) for an honour in a round, and its review.' })
export class HonorNominationDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  honorTypeId!: string;

  @Field(() => HonorSubjectKindGraphQL)
  subjectKind!: HonorSubjectKind;

  @Field(() => ID, { description: 'The member, chamber or enterprise (see the field of the same kind).' })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: "A member's hometown county when nominated." })
  countyCode!: string | null;

  @Field(() => ID, { nullable: true })
  nominatingChamberId!: string | null;

  @Field(() => String, { nullable: true, description: 'The county office that nominated.' })
  nominatingCountyCode!: string | null;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true })
  facts!: string | null;

  @Field(() => HonorNominationStatusGraphQL)
  status!: HonorNominationStatus;

  @Field(() => String, { nullable: true, description: 'Why rejected (or withdrawn).' })
  decisionReason!: string | null;

  @Field(() => HonorReviewerDto, { nullable: true })
  reviewer!: HonorReviewerDto | null;

  @Field(() => Date, { nullable: true })
  reviewedAt!: Date | null;

  @Field()
  nominatedAt!: Date;

  @Field(() => Int)
  version!: number;

  static from(this: void, r: HonorNominationRow): HonorNominationDto {
    return {
      id: r.id,
      roundId: r.roundId,
      honorTypeId: r.honorTypeId,
      subjectKind: r.subjectKind,
      subjectId: r.subjectId,
      countyCode: r.countyCode,
      nominatingChamberId: r.nominatingChamberId,
      nominatingCountyCode: r.nominatingCountyCode,
      reason: r.reason,
      facts: r.facts,
      status: r.status,
      decisionReason: r.decisionReason,
      reviewer: r.reviewedBy && r.reviewerEmail ? { id: r.reviewedBy, email: r.reviewerEmail } : null,
      reviewedAt: r.reviewedAt ? new Date(r.reviewedAt) : null,
      nominatedAt: new Date(r.nominatedAt),
      version: Number(r.version),
    };
  }
}

export const HonorNominationConnection = Connection(HonorNominationDto, 'HonorNomination');
