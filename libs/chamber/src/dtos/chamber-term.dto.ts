import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ChamberPositionEntity } from '../entities/chamber-position.entity';
import { ChamberTermEntity } from '../entities/chamber-term.entity';
import { PositionType } from '../entities/chamber.enums';
import { PositionTypeGraphQL } from './chamber-enums.graphql';

@ObjectType('ChamberPosition', { description: 'A position held in a term (会长, 常务副会长, 秘书长 …).' })
export class ChamberPositionDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  termId!: string;

  @Field(() => ID)
  chamberId!: string;

  @Field(() => PositionTypeGraphQL)
  position!: PositionType;

  @Field({ description: 'The holder\'s name as recorded by the chamber.' })
  holderName!: string;

  @Field(() => ID, { nullable: true, description: 'The holder in the member information base, once linked.' })
  memberId!: string | null;

  @Field(() => String, { nullable: true, description: 'When the holder took the position, if not at the start of the term.' })
  startsOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Exclusive end, if the holder left before the end of the term.' })
  endsOn!: string | null;

  @Field(() => Int, { description: 'Order among holders of the same position (副会长 …).' })
  sortOrder!: number;

  static from(this: void, p: ChamberPositionEntity): ChamberPositionDto {
    return {
      id: p.id,
      termId: p.termId,
      chamberId: p.chamberId,
      position: p.position,
      holderName: p.holderName,
      memberId: p.memberId,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      sortOrder: p.sortOrder,
    };
  }
}

@ObjectType('ChamberTerm', { description: 'A leadership term (届). Terms of one chamber never overlap.' })
export class ChamberTermDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  chamberId!: string;

  @Field(() => Int, { description: '第 N 届.' })
  number!: number;

  @Field({ description: 'First day of the term (YYYY-MM-DD).' })
  startsOn!: string;

  @Field(() => String, { nullable: true, description: 'Exclusive end (the day the next term began); null while the term runs.' })
  endsOn!: string | null;

  @Field({ description: 'True while the term runs (no end yet).' })
  current!: boolean;

  static from(this: void, t: ChamberTermEntity): ChamberTermDto {
    return { id: t.id, chamberId: t.chamberId, number: t.number, startsOn: t.startsOn, endsOn: t.endsOn, current: t.endsOn === null };
  }
}
