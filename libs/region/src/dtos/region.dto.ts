import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RegionEntity, RegionLevel } from '../entities/region.entity';

export const RegionLevelGraphQL = Object.fromEntries(Object.values(RegionLevel).map((v) => [v, v])) as { [K in RegionLevel]: K };
registerEnumType(RegionLevelGraphQL, { name: 'RegionLevel', description: 'GB/T 2260 tier: 省级, 地级, 县级.' });

@ObjectType('Region', { description: 'A GB/T 2260 administrative division (行政区划).' })
export class RegionDto {
  @Field({ description: 'Six-digit GB/T 2260 code, e.g. 330381.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => RegionLevelGraphQL)
  level!: RegionLevel;

  @Field(() => String, { nullable: true })
  parentCode!: string | null;

  @Field({ description: 'First two digits of the code.' })
  provinceCode!: string;

  @Field({ description: 'Full pinyin without tones, e.g. ruianshi.' })
  pinyin!: string;

  static from(this: void, r: RegionEntity): RegionDto {
    return { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, provinceCode: r.provinceCode, pinyin: r.namePinyin };
  }
}
