import { Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { Role, RoleGraphQL } from '@crm/auth';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';
import { UserScopeInput } from './user-scope.input';

@InputType('UpdateUserInput', { description: 'Changes to an account. Role and scope change together.' })
export class UpdateUserInput {
  @Field(() => Int, { description: 'The version you read; if someone changed the user since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(100, { message: 'displayName must be at most 100 characters' })
  @HasNoControlCharacters('displayName')
  displayName?: string;

  @Field(() => RoleGraphQL, { nullable: true, description: 'With a new role, give the scope it needs.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field(() => UserScopeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserScopeInput)
  scope?: UserScopeInput;

  @Field({ nullable: true, description: 'False disables the account and ends its sessions.' })
  @IsOptional()
  active?: boolean;
}
