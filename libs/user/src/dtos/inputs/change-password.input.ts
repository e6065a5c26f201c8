import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from './password.rules';

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  @Field()
  @IsAcceptablePassword()
  newPassword!: string;
}
