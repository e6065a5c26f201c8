import { Field, InputType } from '@nestjs/graphql';
import { IsString } from 'class-validator';
import { MaxLength } from '@crm/shared';
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
