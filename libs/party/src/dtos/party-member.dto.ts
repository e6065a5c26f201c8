import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartyMemberEntity } from '../entities/party-member.entity';
import { PartyAttendance, PartyEvaluationGrade, PartyMemberStanding, PartyMemberStatus, PartyTransferDirection } from '../entities/party.enums';
import {
  PartyAttendanceGraphQL,
  PartyEvaluationGradeGraphQL,
  PartyMemberStandingGraphQL,
  PartyMemberStatusGraphQL,
  PartyTransferDirectionGraphQL,
} from './party-enums.graphql';

@ObjectType('PartyMember', {
  description: 'A party member (党员). `idNumber` and `phones` are masked unless you may see personal data (secretariats and viewers always see masks); reading them in clear is audited.',
})
export class PartyMemberDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  namePinyin!: string;

  @Field(() => String, { nullable: true })
  gender!: string | null;

  @Field(() => ID, { nullable: true, description: 'The member of the information base this person is, when a merchant there.' })
  memberId!: string | null;

  @Field(() => String, { nullable: true, description: '入党日期.' })
  joinedOn!: string | null;

  @Field(() => PartyMemberStandingGraphQL)
  standing!: PartyMemberStanding;

  @Field(() => String, { nullable: true, description: '组织关系所在地: a county of the home city (GB/T 2260).' })
  relationCountyCode!: string | null;

  @Field(() => ID, { nullable: true, description: 'The unit that holds the membership relation, when it was transferred into one of ours.' })
  relationOrganizationId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The unit the person attends now.' })
  organizationId!: string | null;

  @Field({ description: '流动党员.' })
  mobile!: boolean;

  @Field(() => String, { nullable: true, description: 'Where a mobile member went (流入地).' })
  mobileDestination!: string | null;

  @Field(() => String, { nullable: true })
  mobileSince!: string | null;

  @Field(() => PartyMemberStatusGraphQL)
  status!: PartyMemberStatus;

  @Field(() => Int, { description: 'Pass it back with a change; a stale version is refused (CONFLICT).' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Read by the personal-data field resolvers only. */
  personal!: { idNumber: string; phones: string[] };

  static from(this: void, m: PartyMemberEntity): PartyMemberDto {
    return {
      id: m.id,
      name: m.name,
      namePinyin: m.namePinyin,
      gender: m.gender,
      memberId: m.memberId,
      joinedOn: m.joinedOn,
      standing: m.standing,
      relationCountyCode: m.relationCountyCode,
      relationOrganizationId: m.relationOrganizationId,
      organizationId: m.organizationId,
      mobile: m.mobile,
      mobileDestination: m.mobileDestination,
      mobileSince: m.mobileSince,
      status: m.status,
      version: m.version,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      personal: { idNumber: m.idNumber, phones: m.phones ?? [] },
    };
  }
}

@ObjectType('PartyRelationTransfer', { description: 'A transfer of the membership relation (转入 / 转出).' })
export class PartyTransferDto {
  @Field(() => ID)
  id!: string;

  @Field(() => PartyTransferDirectionGraphQL)
  direction!: PartyTransferDirection;

  @Field()
  occurredOn!: string;

  @Field(() => String, { nullable: true })
  fromPlace!: string | null;

  @Field(() => String, { nullable: true })
  toPlace!: string | null;

  @Field(() => ID, { nullable: true, description: 'Our unit on the receiving (IN) or giving (OUT) side.' })
  organizationId!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('PartyEvaluation', { description: 'The annual democratic evaluation (民主评议) of a party member.' })
export class PartyEvaluationDto {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => PartyEvaluationGradeGraphQL)
  grade!: PartyEvaluationGrade;

  @Field(() => ID, { nullable: true })
  organizationId!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('PartyMeetingAttendance')
export class PartyAttendanceDto {
  @Field(() => ID)
  partyMemberId!: string;

  @Field({ description: 'The party member\'s name.' })
  name!: string;

  @Field(() => PartyAttendanceGraphQL)
  attendance!: PartyAttendance;
}
