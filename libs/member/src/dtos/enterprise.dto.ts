import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EnterpriseSize } from '../entities/member.enums';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { EnterpriseSizeGraphQL } from './member-enums.graphql';

@ObjectType('Enterprise', { description: 'An enterprise (企业) run by members.' })
export class EnterpriseDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  namePinyin!: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码.' })
  creditCode!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 4754-2017 section letter or two-digit division.' })
  industryCode!: string | null;

  @Field(() => String, { nullable: true })
  regionCode!: string | null;

  @Field(() => EnterpriseSizeGraphQL, { nullable: true })
  size!: EnterpriseSize | null;

  @Field(() => Int)
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(this: void, e: EnterpriseEntity): EnterpriseDto {
    return {
      id: e.id,
      name: e.name,
      namePinyin: e.namePinyin,
      creditCode: e.creditCode,
      industryCode: e.industryCode,
      regionCode: e.regionCode,
      size: e.size,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}
