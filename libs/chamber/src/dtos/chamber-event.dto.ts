import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ChamberEventEntity } from '../entities/chamber-event.entity';
import { ChamberEventType } from '../entities/chamber.enums';
import { ChamberEventTypeGraphQL } from './chamber-enums.graphql';

@ObjectType('ChamberEvent', { description: 'A dated step in a chamber\'s history: 成立, 转, 并入, 吸收, 联, 增挂牌子, 换届, 撤销.' })
export class ChamberEventDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  chamberId!: string;

  @Field(() => ChamberEventTypeGraphQL)
  type!: ChamberEventType;

  @Field({ description: 'When it happened (YYYY-MM-DD).' })
  occurredOn!: string;

  @Field(() => ID, { nullable: true, description: 'The other chamber of a merger (survivor or absorbed) or an alliance.' })
  relatedChamberId!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON with what changed, e.g. `{"before":{"name":…},"after":{"name":…}}` for a conversion.' })
  details!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who recorded it.' })
  actorId!: string | null;

  @Field()
  createdAt!: Date;

  static from(this: void, e: ChamberEventEntity): ChamberEventDto {
    return {
      id: e.id,
      chamberId: e.chamberId,
      type: e.type,
      occurredOn: e.occurredOn,
      relatedChamberId: e.relatedChamberId,
      note: e.note,
      details: e.details === null || e.details === undefined ? null : JSON.stringify(e.details),
      actorId: e.actorId,
      createdAt: e.createdAt,
    };
  }
}
