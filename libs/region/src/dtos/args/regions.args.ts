import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Matches, MinLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { RegionLevel } from '../../entities/region.entity';
import { RegionDto, RegionLevelGraphQL } from '../region.dto';

@InputType('RegionFilter')
export class RegionFilterInput {
  @Field(() => RegionLevelGraphQL, { nullable: true })
  @IsOptional() @IsEnum(RegionLevel)
  level?: RegionLevel;

  @Field({ nullable: true, description: 'Children of this region.' })
  @IsOptional() @Matches(/^\d{6}$/, { message: 'parentCode must be a 6-digit code' })
  parentCode?: string;

  @Field({ nullable: true, description: 'Two-digit province prefix, e.g. 33.' })
  @IsOptional() @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field({ nullable: true, description: 'Code prefix, Chinese name fragment, full pinyin or initials (温州, wenzhou, wz).' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(40) @HasNoControlCharacters('search')
  search?: string;
}

@ArgsType()
export class RegionsArgs extends ConnectionArgs {
  @Field(() => RegionFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => RegionFilterInput)
  filter?: RegionFilterInput;
}

export const RegionConnection = Connection(RegionDto, 'Region');
