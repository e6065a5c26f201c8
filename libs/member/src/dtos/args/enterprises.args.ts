import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { EnterpriseDto } from '../enterprise.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('EnterpriseFilter')
export class EnterpriseFilterInput {
  @Field({ nullable: true, description: 'Part (2+ characters) of the name.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @MaxLength(40, { message: 'name must be at most 40 characters' })
  @HasNoControlCharacters('name')
  name?: string;

  @Field({ nullable: true, description: 'Exact unified social credit code.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[0-9A-Z]{18}$/, { message: 'creditCode must be 18 characters' })
  creditCode?: string;

  @Field({ nullable: true, description: 'GB/T 4754-2017 section letter or two-digit division.' })
  @IsOptional()
  @Matches(/^([A-T]|\d{2})$/, { message: 'industryCode must be a section letter (A–T) or a two-digit division' })
  industryCode?: string;

  @Field({ nullable: true, description: 'Exact GB/T 2260 code of where the enterprise is registered.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit region code' })
  regionCode?: string;
}

@ArgsType()
export class EnterprisesArgs extends ConnectionArgs {
  @Field(() => EnterpriseFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnterpriseFilterInput)
  filter?: EnterpriseFilterInput;
}

export const EnterpriseConnection = Connection(EnterpriseDto, 'Enterprise');
