import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartyOrgKind } from '../entities/party.enums';
import { PartyOrgKindGraphQL } from './party-enums.graphql';

@ObjectType('PartyUnitKindCount')
export class PartyUnitKindCountDto {
  @Field(() => PartyOrgKindGraphQL)
  kind!: PartyOrgKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('PartyCounts', { description: 'Party work in a chamber subtree (ChamberRollup.party) or the whole network.' })
export class PartyCountsDto {
  @Field(() => Int, { description: 'Active units attached to a chamber of the subtree (each once).' })
  units!: number;

  @Field(() => [PartyUnitKindCountDto], { description: 'One entry per kind, zeros included.' })
  unitsByKind!: PartyUnitKindCountDto[];

  @Field(() => Int, { description: 'Active chambers of the subtree with an active unit attached.' })
  chambersWithUnit!: number;

  @Field(() => Int, { description: 'Active party members attending those units.' })
  partyMembers!: number;

  @Field(() => Int, { description: 'Of them, mobile (流动党员).' })
  mobileMembers!: number;
}

@ObjectType('PartyCoverageArea', { description: 'Active chambers with an active party unit, in a province or under a working committee.' })
export class PartyCoverageAreaDto {
  @Field({ description: 'Province code (by province) or the committee\'s province (by committee).' })
  provinceCode!: string;

  @Field(() => String, { nullable: true, description: 'The province\'s name.' })
  name!: string | null;

  @Field(() => ID, { nullable: true, description: 'The active working committee of the province, if any.' })
  committeeId!: string | null;

  @Field(() => String, { nullable: true })
  committeeName!: string | null;

  @Field(() => Int)
  chambers!: number;

  @Field(() => Int)
  covered!: number;

  @Field(() => Float, { description: 'covered / chambers (0 without chambers).' })
  share!: number;

  @Field()
  goalMet!: boolean;

  @Field(() => Int)
  units!: number;

  @Field(() => Int)
  partyMembers!: number;

  @Field(() => Int)
  mobileMembers!: number;
}

@ObjectType('PartyCoverage', { description: 'The 1+31+X party network against its targets: units in 80% of chambers, 8 more working committees.' })
export class PartyCoverageDto {
  @Field(() => Float)
  goal!: number;

  @Field(() => Int)
  chambers!: number;

  @Field(() => Int)
  covered!: number;

  @Field(() => Float)
  share!: number;

  @Field()
  goalMet!: boolean;

  @Field(() => Int, { description: 'Active working committees.' })
  committees!: number;

  @Field(() => Int, { description: 'The committee target (15 in the 2014 report plus 8 more).' })
  committeeTarget!: number;

  @Field(() => [PartyUnitKindCountDto])
  unitsByKind!: PartyUnitKindCountDto[];

  @Field(() => Int)
  units!: number;

  @Field(() => Int)
  partyMembers!: number;

  @Field(() => Int)
  mobileMembers!: number;

  @Field(() => [PartyCoverageAreaDto], { description: 'Each province with an active chamber or a committee, by code.' })
  provinces!: PartyCoverageAreaDto[];

  @Field(() => [PartyCoverageAreaDto], { description: 'Each active committee: the chambers of its province.' })
  byCommittee!: PartyCoverageAreaDto[];
}
