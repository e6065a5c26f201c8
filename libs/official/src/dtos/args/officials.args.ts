import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MinLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { OfficialLevel } from '../../entities/official.entity';
import { OfficialDto, OfficialLevelGraphQL } from '../official.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Every condition given is ANDed. Each is served by an index. */
@InputType('OfficialFilter')
export class OfficialFilterInput {
  @Field({ nullable: true, description: 'Part of the name or unit (瑞安), full pinyin (zhangwei) or initials (zw). Two characters use the bigram index, three or more the trigram index.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'search must not be empty' })
  @MaxLength(40, { message: 'search must be at most 40 characters' })
  @HasNoControlCharacters('search')
  search?: string;

  @Field(() => OfficialLevelGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(OfficialLevel)
  level?: OfficialLevel;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 code' })
  countyCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class OfficialsArgs extends ConnectionArgs {
  @Field(() => OfficialFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OfficialFilterInput)
  filter?: OfficialFilterInput;
}

export const OfficialConnection = Connection(OfficialDto, 'Official');
