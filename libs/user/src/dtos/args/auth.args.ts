import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @MinLength(3, { message: 'email is required' })
  @MaxLength(320)
  @HasNoControlCharacters('email')
  email!: string;

  @Field()
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(128)
  password!: string;
}

@ArgsType()
export class RefreshArgs {
  @Field(() => String, { nullable: true, description: 'The refresh token; omitted in the cookie session (`x-crm-session: cookie`), which reads it from the cookie.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken?: string | null;
}

@ArgsType()
export class LogoutArgs {
  @Field(() => String, { nullable: true, description: 'The refresh token of the session to end.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string | null;

  @Field({ defaultValue: false, description: 'End every session of yours, on every device.' })
  @IsBoolean()
  everywhere: boolean = false;
}
