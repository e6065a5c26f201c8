import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import { OfficialEntity, OfficialLevel } from '../entities/official.entity';

export const OfficialLevelGraphQL = enumValues(OfficialLevel);
registerEnumType(OfficialLevelGraphQL, { name: 'OfficialLevel', description: 'City (市级) or county (县级) official.' });

@ObjectType('Official', { description: 'An official (干部) of the home city or one of its counties.' })
export class OfficialDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Full pinyin of the name (surname-aware), the sort key.' })
  namePinyin!: string;

  @Field({ description: '职务, e.g. 副市长.' })
  title!: string;

  @Field({ description: '单位, e.g. 市经合办.' })
  unit!: string;

  @Field(() => OfficialLevelGraphQL)
  level!: OfficialLevel;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of the county of a county-level official.' })
  countyCode!: string | null;

  /** Resolved by OfficialResolver.phone (masked without the personal-data permission). */
  phoneValue!: string | null;

  @Field()
  active!: boolean;

  @Field(() => Int)
  version!: number;

  static from(this: void, o: Pick<OfficialEntity, 'id' | 'name' | 'namePinyin' | 'title' | 'unit' | 'level' | 'countyCode' | 'phone' | 'active' | 'version'>): OfficialDto {
    return {
      id: o.id,
      name: o.name,
      namePinyin: o.namePinyin,
      title: o.title,
      unit: o.unit,
      level: o.level,
      countyCode: o.countyCode,
      phoneValue: o.phone,
      active: o.active,
      version: o.version,
    };
  }
}
