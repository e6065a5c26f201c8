import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '@crm/shared';
import { HonorAwardStatus, HonorBenefitStatus, HonorNominationStatus } from '../../entities/honor.enums';
import { HonorAwardStatusGraphQL, HonorBenefitStatusGraphQL, HonorNominationStatusGraphQL } from '../honor-enums.graphql';

const COUNTY = /^\d{6}$/;

@InputType('HonorNominationFilter')
export class HonorNominationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @Field(() => HonorNominationStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(HonorNominationStatus)
  status?: HonorNominationStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  honorTypeId?: string;

  @Field(() => ID, { nullable: true, description: 'Nominations of this member, chamber or enterprise.' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}

@ArgsType()
export class HonorNominationsArgs extends ConnectionArgs {
  @Field(() => HonorNominationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => HonorNominationFilter)
  filter?: HonorNominationFilter;
}

@InputType('HonorAwardFilter')
export class HonorAwardFilter {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1949)
  @Max(2100)
  year?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  honorTypeId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @Field({ nullable: true, description: 'Hometown county (6-digit code).' })
  @IsOptional()
  @Matches(COUNTY, { message: 'countyCode must be a 6-digit region code' })
  countyCode?: string;

  @Field(() => HonorAwardStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(HonorAwardStatus)
  status?: HonorAwardStatus;

  @Field(() => ID, { nullable: true, description: 'Awards of this member, chamber or enterprise.' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}

@ArgsType()
export class HonorAwardsArgs extends ConnectionArgs {
  @Field(() => HonorAwardFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => HonorAwardFilter)
  filter?: HonorAwardFilter;
}

@InputType('HonorBenefitFilter')
export class HonorBenefitFilter {
  @Field(() => HonorBenefitStatusGraphQL, { nullable: true, description: 'DUE: what honourees have not yet received.' })
  @IsOptional()
  @IsEnum(HonorBenefitStatus)
  status?: HonorBenefitStatus;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1949)
  @Max(2100)
  year?: number;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(COUNTY, { message: 'countyCode must be a 6-digit region code' })
  countyCode?: string;

  @Field(() => ID, { nullable: true, description: 'One benefit of the catalogue (e.g. 列席市两会): the invitation list of a year.' })
  @IsOptional()
  @IsUUID()
  typeBenefitId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  awardId?: string;
}

@ArgsType()
export class HonorBenefitsArgs extends ConnectionArgs {
  @Field(() => HonorBenefitFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => HonorBenefitFilter)
  filter?: HonorBenefitFilter;
}

export const HonorAwardGroupingGraphQL = { TYPE: 'TYPE', YEAR: 'YEAR', COUNTY: 'COUNTY', CHAMBER: 'CHAMBER' } as const;
registerEnumType(HonorAwardGroupingGraphQL, { name: 'HonorAwardGrouping', description: 'By honour type, year, hometown county or credited chamber.' });

@ArgsType()
export class HonorAwardCountsArgs {
  @Field(() => HonorAwardGroupingGraphQL)
  @IsIn(Object.values(HonorAwardGroupingGraphQL))
  by!: keyof typeof HonorAwardGroupingGraphQL;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1949)
  @Max(2100)
  year?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  honorTypeId?: string;
}
