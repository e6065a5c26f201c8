import { Field, Int, ObjectType } from '@nestjs/graphql';
import { UserDto } from './user.dto';

@ObjectType('AuthPayload', { description: 'A signed-in session: send accessToken as `Authorization: Bearer …`.' })
export class AuthPayloadDto {
  @Field({ description: 'Short-lived JWT for the Authorization header.' })
  accessToken!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Single-use token for `refreshToken`; using it twice revokes the session. Null when the request asked for the cookie session (`x-crm-session: cookie`): the token is then in an httpOnly cookie.',
  })
  refreshToken!: string | null;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => UserDto, { description: 'The signed-in account, as `me` answers it: a client restoring a session needs no second request.' })
  user!: UserDto;
}
