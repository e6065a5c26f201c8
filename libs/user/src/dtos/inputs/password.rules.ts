import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MinLength } from 'class-validator';
import { MaxLength } from '@crm/shared';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Password policy: 10–128 characters with at least one letter and one digit. */
export function IsAcceptablePassword(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters` }),
    MaxLength(PASSWORD_MAX, { message: `password must be at most ${PASSWORD_MAX} characters` }),
    Matches(/(?=.*\p{L})(?=.*\p{N})/u, { message: 'password must contain at least one letter and one digit' }),
  );
}
