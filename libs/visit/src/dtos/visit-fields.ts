import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { HasNoControlCharacters, HasNoControlCharactersButLineBreaks, MaxLength } from '@crm/shared';

/** Text without control characters, as HasNoControlCharacters checks it (for lists: `each`). */
export { NO_CONTROL_CHARACTERS } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Required text: trimmed, `min`–`max` characters, no control characters. */
export function RequiredText(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: `${field} must be at least ${min} characters` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharacters(field),
  );
}

/** Optional text: trimmed, at most `max` characters, no control characters. */
export function OptionalText(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharacters(field));
}

/** Required long text typed in a text box (an opinion, an answer): as RequiredText, but line breaks and tabs are kept. */
export function RequiredLongText(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: `${field} must be at least ${min} characters` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharactersButLineBreaks(field),
  );
}

/** Optional long text (a visit's summary): as OptionalText, but line breaks and tabs are kept. */
export function OptionalLongText(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharactersButLineBreaks(field));
}

export function OptionalPhone(field = 'phone'): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), Matches(/^[0-9+\-() ]{5,40}$/, { message: `${field} must be a telephone number (digits, +, -, spaces)` }));
}

export function OptionalCounty(field = 'countyCode'): PropertyDecorator {
  return applyDecorators(IsOptional(), Matches(/^\d{6}$/, { message: `${field} must be a 6-digit GB/T 2260 code` }));
}
