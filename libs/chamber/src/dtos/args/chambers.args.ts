import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MinLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { ChamberKind, ChamberLevel, ChamberStatus } from '../../entities/chamber.enums';
import { ChamberKindGraphQL, ChamberLevelGraphQL, ChamberStatusGraphQL } from '../chamber-enums.graphql';
import { ChamberDto } from '../chamber.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Every condition given is ANDed, and ANDed with the caller's scope. Each is served by an index. */
@InputType('ChamberFilter')
export class ChamberFilterInput {
  @Field(() => ChamberLevelGraphQL, { nullable: true })
  @IsOptional() @IsEnum(ChamberLevel)
  level?: ChamberLevel;

  @Field(() => ChamberKindGraphQL, { nullable: true })
  @IsOptional() @IsEnum(ChamberKind)
  kind?: ChamberKind;

  @Field(() => ChamberStatusGraphQL, { nullable: true })
  @IsOptional() @IsEnum(ChamberStatus)
  status?: ChamberStatus;

  @Field({ nullable: true, description: 'Two-digit GB/T 2260 province prefix of the chamber\'s region, e.g. 31 (上海).' })
  @IsOptional() @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field(() => ID, { nullable: true, description: 'Direct children of this chamber.' })
  @IsOptional() @IsUUID('all', { message: 'parentId must be an id (UUID)' })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: 'This chamber and every chamber below it, at any depth.' })
  @IsOptional() @IsUUID('all', { message: 'subtreeOf must be an id (UUID)' })
  subtreeOf?: string;

  @Field({
    nullable: true,
    description: 'Part of the name or short name (上海), full pinyin (shanghai) or pinyin initials (shswzsh for 上海市温州商会). Case and spaces are ignored. Three characters or more use the search index.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(40, { message: 'name must be at most 40 characters' })
  @HasNoControlCharacters('name')
  name?: string;
}

@ArgsType()
export class ChambersArgs extends ConnectionArgs {
  @Field(() => ChamberFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => ChamberFilterInput)
  filter?: ChamberFilterInput;
}

export const ChamberConnection = Connection(ChamberDto, 'Chamber');
