import { Field, ObjectType } from '@nestjs/graphql';
import { UserDto } from './user.dto';

@ObjectType('UserPasswordPayload', { description: 'A user, and the temporary password when the server generated one.' })
export class UserPasswordPayloadDto {
  @Field(() => UserDto)
  user!: UserDto;

  @Field(() => String, {
    nullable: true,
    description: 'Shown once: hand it to the user, who should change it at first sign-in.',
  })
  temporaryPassword!: string | null;
}
