import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ChamberEntity } from '../entities/chamber.entity';
import { ChamberKind, ChamberLevel, ChamberStatus } from '../entities/chamber.enums';
import { ChamberKindGraphQL, ChamberLevelGraphQL, ChamberStatusGraphQL } from './chamber-enums.graphql';

@ObjectType('Chamber', { description: 'A chamber of commerce (商会) founded by merchants from the home city.' })
export class ChamberDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  shortName!: string | null;

  @Field({ description: 'Full pinyin of the name, the sort key of lists.' })
  namePinyin!: string;

  @Field(() => ChamberLevelGraphQL)
  level!: ChamberLevel;

  @Field(() => ChamberKindGraphQL)
  kind!: ChamberKind;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of where the chamber is; null only for the national chamber.' })
  regionCode!: string | null;

  @Field(() => ID, { nullable: true })
  parentId!: string | null;

  @Field(() => [ID], { description: 'Ancestors, the root first.' })
  ancestorIds!: string[];

  @Field(() => Int, { description: '0 for a chamber without parent.' })
  depth!: number;

  @Field(() => ChamberStatusGraphQL)
  status!: ChamberStatus;

  @Field(() => ID, { nullable: true, description: 'The surviving chamber, when this one was merged into it.' })
  mergedIntoId!: string | null;

  @Field(() => String, { nullable: true, description: 'Founding date (YYYY-MM-DD).' })
  foundedOn!: string | null;

  @Field(() => String, { nullable: true })
  dissolvedOn!: string | null;

  @Field({ description: '增挂牌子: an existing local chamber that also carries the home city\'s name.' })
  dualBranded!: boolean;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  contactPerson!: string | null;

  @Field(() => Int, { description: 'Pass it back with an update; a stale version is refused (CONFLICT).' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(this: void, c: ChamberEntity): ChamberDto {
    return {
      id: c.id,
      name: c.name,
      shortName: c.shortName,
      namePinyin: c.namePinyin,
      level: c.level,
      kind: c.kind,
      regionCode: c.regionCode,
      parentId: c.parentId,
      ancestorIds: c.ancestorIds,
      depth: c.depth,
      status: c.status,
      mergedIntoId: c.mergedIntoId,
      foundedOn: c.foundedOn,
      dissolvedOn: c.dissolvedOn,
      dualBranded: c.dualBranded,
      address: c.address,
      phone: c.phone,
      email: c.email,
      contactPerson: c.contactPerson,
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
