import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Gender, MemberDesignation, MemberQualityItem, MemberSource, MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { GenderGraphQL, MemberDesignationGraphQL, MemberQualityItemGraphQL, MemberSourceGraphQL, MemberStatusGraphQL } from './member-enums.graphql';

/** What the personal-data field resolvers mask or reveal; never a GraphQL field itself. */
export interface MemberPersonalData {
  idNumber: string | null;
  phones: string[];
  birthDate: string | null;
}

@ObjectType('Member', {
  description:
    'A merchant in the information base (温商). `idNumber`, `phones` and `birthDate` are masked unless you may see personal data; reading them in clear is audited.',
})
export class MemberDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Full pinyin, surname read as a surname (单 → shan): the sort key of the NAME order.' })
  namePinyin!: string;

  @Field()
  nameInitials!: string;

  @Field(() => GenderGraphQL, { nullable: true })
  gender!: Gender | null;

  @Field(() => Int, { nullable: true, description: 'Year of birth (always shown; the full birth date is personal data).' })
  birthYear!: number | null;

  @Field(() => String, { nullable: true })
  wechat!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: '籍贯: a county of the home city (GB/T 2260 code).' })
  hometownCode!: string | null;

  @Field(() => String, { nullable: true })
  currentRegionCode!: string | null;

  @Field(() => [MemberDesignationGraphQL])
  designations!: MemberDesignation[];

  @Field(() => [String])
  tags!: string[];

  @Field(() => MemberSourceGraphQL)
  source!: MemberSource;

  @Field(() => String, { nullable: true })
  sourceNote!: string | null;

  @Field(() => ID, { nullable: true, description: 'The account that registered the member.' })
  registeredById!: string | null;

  @Field()
  registeredAt!: Date;

  @Field(() => MemberStatusGraphQL)
  status!: MemberStatus;

  @Field(() => ID, { nullable: true, description: 'For a MERGED member: the member it was merged into.' })
  mergedIntoId!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Completeness 0–100: ten items worth 10 points each (see missingFields).' })
  completeness!: number;

  @Field(() => [MemberQualityItemGraphQL], { description: 'The completeness items this record lacks.' })
  missingFields!: MemberQualityItem[];

  @Field(() => Int, { description: 'Pass it back with a change; a stale version is refused (CONFLICT).' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Read by the idNumber/phones field resolvers only. */
  personal!: MemberPersonalData;

  static from(this: void, m: MemberEntity): MemberDto {
    return {
      id: m.id,
      name: m.name,
      namePinyin: m.namePinyin,
      nameInitials: m.nameInitials,
      gender: m.gender,
      birthYear: m.birthDate ? Number(m.birthDate.slice(0, 4)) : null,
      wechat: m.wechat,
      email: m.email,
      address: m.address,
      hometownCode: m.hometownCode,
      currentRegionCode: m.currentRegionCode,
      designations: m.designations,
      tags: m.tags,
      source: m.source,
      sourceNote: m.sourceNote,
      registeredById: m.registeredBy,
      registeredAt: m.registeredAt,
      status: m.status,
      mergedIntoId: m.mergedIntoId,
      note: m.note,
      completeness: m.completeness,
      missingFields: m.missingFields as MemberQualityItem[],
      version: m.version,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      personal: { idNumber: m.idNumber, phones: m.phones, birthDate: m.birthDate },
    };
  }
}
