import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { today } from '@crm/shared';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { EnterpriseRole, PoliticalLevel, PoliticalRoleKind } from '../entities/member.enums';
import { MemberPoliticalRoleEntity } from '../entities/member-political-role.entity';
import { EnterpriseRoleGraphQL, PoliticalLevelGraphQL, PoliticalRoleKindGraphQL } from './member-enums.graphql';

@ObjectType('ChamberMembership', { description: 'A member\'s membership of a chamber (会员).' })
export class ChamberMembershipDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  memberId!: string;

  @Field(() => ID)
  chamberId!: string;

  @Field(() => String, { nullable: true })
  joinedOn!: string | null;

  @Field(() => String, { nullable: true })
  leftOn!: string | null;

  @Field({ description: 'Whether the member still belongs (no leftOn).' })
  current!: boolean;

  static from(this: void, m: ChamberMembershipEntity): ChamberMembershipDto {
    return { id: m.id, memberId: m.memberId, chamberId: m.chamberId, joinedOn: m.joinedOn, leftOn: m.leftOn, current: m.leftOn === null };
  }
}

@ObjectType('MemberEnterprise', { description: 'A member\'s roles in one enterprise.' })
export class MemberEnterpriseDto {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID)
  enterpriseId!: string;

  @Field(() => [EnterpriseRoleGraphQL])
  roles!: EnterpriseRole[];
}

@ObjectType('PoliticalRole', { description: '人大代表 / 政协委员.' })
export class PoliticalRoleDto {
  @Field(() => ID)
  id!: string;

  @Field(() => PoliticalRoleKindGraphQL)
  kind!: PoliticalRoleKind;

  @Field(() => PoliticalLevelGraphQL)
  level!: PoliticalLevel;

  @Field(() => String, { nullable: true })
  regionCode!: string | null;

  @Field(() => Int, { nullable: true })
  termNumber!: number | null;

  @Field(() => String, { nullable: true })
  startsOn!: string | null;

  @Field(() => String, { nullable: true })
  endsOn!: string | null;

  @Field({ description: 'Serving today.' })
  current!: boolean;

  static from(this: void, r: MemberPoliticalRoleEntity): PoliticalRoleDto {
    const now = today();
    return {
      id: r.id,
      kind: r.kind,
      level: r.level,
      regionCode: r.regionCode,
      termNumber: r.termNumber,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      current: (r.startsOn === null || r.startsOn <= now) && (r.endsOn === null || r.endsOn > now),
    };
  }
}

@ObjectType('IndustryDivision')
export class IndustryDivisionDto {
  @Field({ description: 'Two digits, 01–97.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  sectionCode!: string;
}

@ObjectType('IndustrySection', { description: 'GB/T 4754-2017 国民经济行业分类: a section (门类) and its divisions (大类).' })
export class IndustrySectionDto {
  @Field({ description: 'A–T.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => [IndustryDivisionDto])
  divisions!: IndustryDivisionDto[];
}
