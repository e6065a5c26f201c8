import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartyCommitteeEntity } from '../entities/party-committee.entity';
import { PartyCommitteeStatus, PartyLeaderRole } from '../entities/party.enums';
import { PartyCommitteeStatusGraphQL, PartyLeaderRoleGraphQL } from './party-enums.graphql';

@ObjectType('PartyWorkingCommittee', { description: 'A party working committee (在外温商党工委), hosted by a provincial or provincial-capital chamber.' })
export class PartyCommitteeDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID)
  hostChamberId!: string;

  @Field({ description: 'GB/T 2260 province code (two digits) of the host chamber: one active committee per province.' })
  provinceCode!: string;

  @Field(() => String, { nullable: true })
  foundedOn!: string | null;

  @Field(() => String, { nullable: true })
  dissolvedOn!: string | null;

  @Field(() => PartyCommitteeStatusGraphQL)
  status!: PartyCommitteeStatus;

  @Field(() => Int, { description: 'Pass it back with a change; a stale version is refused (CONFLICT).' })
  version!: number;

  static from(this: void, c: PartyCommitteeEntity): PartyCommitteeDto {
    return {
      id: c.id,
      name: c.name,
      hostChamberId: c.hostChamberId,
      provinceCode: c.provinceCode,
      foundedOn: c.foundedOn,
      dissolvedOn: c.dissolvedOn,
      status: c.status,
      version: c.version,
    };
  }
}

/** A committee member or a unit leader with a term. */
@ObjectType('PartyLeader', { description: 'A member of a working committee or of a unit\'s leadership, with the term.' })
export class PartyLeaderDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The party member record, when registered.' })
  partyMemberId!: string | null;

  @Field(() => PartyLeaderRoleGraphQL)
  role!: PartyLeaderRole;

  @Field()
  startsOn!: string;

  @Field(() => String, { nullable: true })
  endsOn!: string | null;

  @Field({ description: 'Whether the term runs today.' })
  current!: boolean;
}
