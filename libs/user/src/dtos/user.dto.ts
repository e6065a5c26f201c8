import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role, RoleGraphQL } from '@crm/auth';
import { UserEntity, userScope } from '../entities/user.entity';

@ObjectType('UserScope', { description: 'The rows a user may reach; which field is set depends on the role.' })
export class UserScopeDto {
  @Field(() => String, { nullable: true, description: 'County-level GB/T 2260 code (COUNTY_OFFICER).' })
  countyCode!: string | null;

  @Field(() => ID, { nullable: true, description: 'Chamber; its subtree is included (CHAMBER_SECRETARY).' })
  chamberId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Party working committee (PARTY_OFFICER).' })
  partyCommitteeId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Official record of this user (PROJECT_OFFICIAL).' })
  officialId!: string | null;
}

@ObjectType('User', { description: 'An account that signs in to the CRM (系统用户).' })
export class UserDto {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => RoleGraphQL)
  role!: Role;

  @Field(() => UserScopeDto)
  scope!: UserScopeDto;

  @Field({ description: 'False once an administrator disables the account: it can no longer sign in.' })
  active!: boolean;

  @Field({ description: 'True after an administrator set or reset the password.' })
  mustChangePassword!: boolean;

  @Field(() => Date, { nullable: true })
  lastLoginAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Int, { description: 'Pass it back with an update; a stale version is refused (CONFLICT).' })
  version!: number;

  static from(this: void, u: UserEntity): UserDto {
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      scope: userScope(u),
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      lastLoginAt: u.lastLoginAt,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
      version: u.version,
    };
  }
}
