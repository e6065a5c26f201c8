import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { PartyCommitteeStatus, PartyLeaderRole } from '../../entities/party.enums';
import { PartyCommitteeStatusGraphQL, PartyLeaderRoleGraphQL } from '../party-enums.graphql';
import { NameRules, OptionalId, RequiredId } from './party-fields';

@InputType('CreatePartyCommitteeInput')
export class CreatePartyCommitteeInput {
  @Field({ description: 'e.g. 中共上海市温州商会工作委员会.' })
  @NameRules('name', 2, 100)
  name!: string;

  @Field(() => ID, { description: 'A provincial chamber or the chamber of a provincial capital; the committee\'s province is the chamber\'s.' })
  @RequiredId('hostChamberId')
  hostChamberId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  foundedOn?: string;
}

@InputType('UpdatePartyCommitteeInput')
export class UpdatePartyCommitteeInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @NameRules('name', 2, 100)
  name?: string;

  @Field(() => PartyCommitteeStatusGraphQL, { nullable: true, description: 'DISSOLVED needs dissolvedOn; ACTIVE again takes the province back (one active committee per province).' })
  @IsOptional()
  @IsEnum(PartyCommitteeStatus)
  status?: PartyCommitteeStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  dissolvedOn?: string;
}

@InputType('PartyLeaderInput')
export class PartyLeaderInput {
  @Field()
  @NameRules('name', 2, 30)
  name!: string;

  @Field(() => ID, { nullable: true })
  @OptionalId('partyMemberId')
  partyMemberId?: string;

  @Field(() => PartyLeaderRoleGraphQL)
  @IsEnum(PartyLeaderRole)
  role!: PartyLeaderRole;

  @Field()
  @IsCalendarDate()
  startsOn!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;
}
