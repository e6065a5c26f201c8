import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { OfficialLevel } from '../../entities/official.entity';
import { OfficialLevelGraphQL } from '../official.dto';
import { OptionalCounty, OptionalPhone, RequiredText } from '../official-fields';

@InputType('CreateOfficialInput')
export class CreateOfficialInput {
  @Field({ description: 'Name, 2–40 characters.' })
  @RequiredText('name', 2, 40)
  name!: string;

  @Field({ description: '职务.' })
  @RequiredText('title', 1, 100)
  title!: string;

  @Field({ description: '单位.' })
  @RequiredText('unit', 1, 200)
  unit!: string;

  @Field(() => OfficialLevelGraphQL, { nullable: true, description: 'A county office\'s officials are COUNTY level by default.' })
  @IsOptional()
  @IsEnum(OfficialLevel)
  level?: OfficialLevel;

  @Field({ nullable: true, description: 'The county (a county of the home city) of a COUNTY-level official.' })
  @OptionalCounty()
  countyCode?: string;

  @Field({ nullable: true })
  @OptionalPhone()
  phone?: string;
}

@InputType('UpdateOfficialInput')
export class UpdateOfficialInput {
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @RequiredText('name', 2, 40)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @RequiredText('title', 1, 100)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @RequiredText('unit', 1, 200)
  unit?: string;

  @Field(() => OfficialLevelGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(OfficialLevel)
  level?: OfficialLevel;

  @Field(() => String, { nullable: true })
  @OptionalCounty()
  countyCode?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalPhone()
  phone?: string | null;

  @Field({ nullable: true, description: 'false when the official leaves office (kept for history).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
