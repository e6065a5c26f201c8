import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuthPayload', { description: 'A signed-in session: send accessToken as `Authorization: Bearer …`.' })
export class AuthPayloadDto {
  @Field({ description: 'Short-lived JWT for the Authorization header.' })
  accessToken!: string;

  @Field({ description: 'Single-use token for `refreshToken`; using it twice revokes the session.' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;
}
