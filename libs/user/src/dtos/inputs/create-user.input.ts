import { Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, MinLength, ValidateNested } from 'class-validator';
import { Role, RoleGraphQL } from '@crm/auth';
import { IsAcceptablePassword } from './password.rules';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';
import { UserScopeInput } from './user-scope.input';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @Field({ description: 'Name shown in the UI, e.g. 王秘书长.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(100, { message: 'displayName must be at most 100 characters' })
  @HasNoControlCharacters('displayName')
  displayName!: string;

  @Field(() => RoleGraphQL)
  @IsEnum(Role)
  role!: Role;

  @Field(() => UserScopeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserScopeInput)
  scope?: UserScopeInput;

  @Field({ nullable: true, description: 'Leave out to have the server generate a temporary password.' })
  @IsOptional()
  @IsAcceptablePassword()
  password?: string;
}
