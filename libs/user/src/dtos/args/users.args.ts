import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, MinLength, ValidateNested } from 'class-validator';
import { Role, RoleGraphQL } from '@crm/auth';
import { Connection, ConnectionArgs, MaxLength } from '@crm/shared';
import { HasNoControlCharacters } from '@crm/shared';
import { UserDto } from '../user.dto';

@InputType('UserFilter')
export class UserFilterInput {
  @Field(() => RoleGraphQL, { nullable: true })
  @IsOptional() @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true })
  @IsOptional() @IsBoolean()
  active?: boolean;

  @Field({ nullable: true, description: 'Part of the email or display name (2+ characters).' })
  @IsOptional() @IsString() @MinLength(2) @MaxLength(100) @HasNoControlCharacters('search')
  search?: string;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => UserFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => UserFilterInput)
  filter?: UserFilterInput;
}

export const UserConnection = Connection(UserDto, 'User');
