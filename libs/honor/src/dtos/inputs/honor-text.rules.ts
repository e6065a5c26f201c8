import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { HasNoControlCharacters, HasNoControlCharactersButLineBreaks, MaxLength } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Required text: trimmed, `min`–`max` characters, no control characters. */
export function Text(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: `${field} must be at least ${min} characters` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharacters(field),
  );
}

/** Optional text (line breaks allowed in long texts are still refused as control characters elsewhere). */
export function OptionalText(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }));
}

/** Required long text typed in a text box (a nomination's or an award's reason): as Text, but line breaks and tabs are kept. */
export function LongText(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: `${field} must be at least ${min} characters` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharactersButLineBreaks(field),
  );
}
