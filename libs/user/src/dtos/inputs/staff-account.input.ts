import { Field, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsString, Min, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('CreateStaffAccountInput', { description: 'A staff account of your own secretariat: a chamber secretary of your chamber, with a temporary password.' })
export class CreateStaffAccountInput {
  @Field()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @Field({ description: 'Name shown in the UI, e.g. 王秘书长.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'displayName must be at least 1 character (not blank)' })
  @MaxLength(100, { message: 'displayName must be at most 100 characters' })
  @HasNoControlCharacters('displayName')
  displayName!: string;
}

@InputType('SetStaffAccountActiveInput')
export class SetStaffAccountActiveInput {
  @Field({ description: 'False disables the account (its sessions end at once); true enables it again.' })
  @IsBoolean()
  active!: boolean;

  @Field(() => Int, { description: 'The account version you read; if it changed since, CONFLICT and nothing is written.' })
  @IsInt()
  @Min(1)
  version!: number;
}
