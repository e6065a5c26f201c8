import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CoverageLocality', { description: 'A prefecture-level locality (a PREFECTURE region, or a municipality as a whole).' })
export class CoverageLocalityDto {
  @Field({ description: 'GB/T 2260 code: the prefecture, or the province code of a municipality.' })
  code!: string;

  @Field()
  name!: string;
}

@ObjectType('ProvinceCoverage', { description: 'Coverage of one mainland province by active regional chambers.' })
export class ProvinceCoverageDto {
  @Field({ description: 'Two-digit GB/T 2260 province code.' })
  provinceCode!: string;

  @Field()
  name!: string;

  @Field({ description: 'A province without prefecture tier (北京, 天津, 上海, 重庆): one locality as a whole.' })
  municipality!: boolean;

  @Field(() => Int, { description: 'Prefecture-level localities in the province.' })
  localities!: number;

  @Field(() => Int, { description: 'Localities with an ACTIVE REGIONAL chamber in them (at their level or at a county below).' })
  covered!: number;

  @Field(() => Float, { description: 'covered / localities (0 to 1).' })
  share!: number;

  @Field({ description: 'share ≥ the goal.' })
  goalMet!: boolean;

  @Field({ description: 'The province has an ACTIVE REGIONAL PROVINCIAL chamber.' })
  provincialChamber!: boolean;

  @Field(() => [CoverageLocalityDto], { description: 'The localities still without a chamber, by code.' })
  uncovered!: CoverageLocalityDto[];
}

@ObjectType('ChamberNetwork', { description: 'The 1+31+X shape: one national chamber, a provincial chamber per province, X below.' })
export class ChamberNetworkDto {
  @Field({ description: 'An ACTIVE REGIONAL NATIONAL chamber exists.' })
  nationalChamber!: boolean;

  @Field(() => Int, { description: 'Mainland provinces with an ACTIVE REGIONAL PROVINCIAL chamber.' })
  provincialChambers!: number;

  @Field(() => Int, { description: 'Mainland provinces (31).' })
  provinces!: number;

  @Field(() => Int, { description: 'X: ACTIVE REGIONAL chambers below provincial level (prefecture and county).' })
  belowProvincial!: number;
}

@ObjectType('ChamberCoverage', {
  description:
    'How many prefecture-level localities of the mainland (Hong Kong, Macau and Taiwan excluded) have an active regional chamber, against the goal. ' +
    'Counts the chambers within your scope.',
})
export class ChamberCoverageDto {
  @Field(() => Float, { description: 'The share of localities to cover (0.8).' })
  goal!: number;

  @Field(() => Int)
  localities!: number;

  @Field(() => Int)
  covered!: number;

  @Field(() => Float, { description: 'covered / localities (0 to 1).' })
  share!: number;

  @Field()
  goalMet!: boolean;

  @Field(() => ChamberNetworkDto)
  network!: ChamberNetworkDto;

  @Field(() => [ProvinceCoverageDto], { description: 'Mainland provinces in code order.' })
  provinces!: ProvinceCoverageDto[];
}
