import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { VisitEntity } from '../entities/visit.entity';
import { VisitDirection, VisitKind } from '../entities/visit.enums';
import { VisitDirectionGraphQL, VisitKindGraphQL } from './visit-enums.graphql';

@ObjectType('Visit', { description: 'A visit (走访): who went, whom they met, what was said and asked.' })
export class VisitDto {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'YYYY-MM-DD, never in the future.' })
  visitedOn!: string;

  @Field(() => VisitKindGraphQL)
  kind!: VisitKind;

  @Field(() => VisitDirectionGraphQL)
  direction!: VisitDirection;

  @Field()
  place!: string;

  @Field()
  summary!: string;

  @Field(() => [String], { description: 'Follow-ups agreed (后续跟进事项).' })
  followUps!: string[];

  @Field(() => ID, { nullable: true, description: 'The campaign assignment this visit completes.' })
  assignmentId!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, v: Pick<VisitEntity, 'id' | 'visitedOn' | 'kind' | 'direction' | 'place' | 'summary' | 'followUps' | 'assignmentId' | 'version'>): VisitDto {
    return {
      id: v.id,
      visitedOn: v.visitedOn,
      kind: v.kind,
      direction: v.direction,
      place: v.place,
      summary: v.summary,
      followUps: v.followUps,
      assignmentId: v.assignmentId,
      version: v.version,
    };
  }
}

/** An official on a visit; `official` is resolved through the officials library. */
@ObjectType('VisitOfficial')
export class VisitOfficialDto {
  officialId!: string;

  @Field({ description: 'The one who led the visit (带队).' })
  leads!: boolean;
}
