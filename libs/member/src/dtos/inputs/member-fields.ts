import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { HasNoControlCharacters, MaxLength, NO_CONTROL_CHARACTERS } from '@crm/shared';
import { normalizePersonName } from '../../utils/person-name';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Applies the rules when the field is given; an explicit null is refused (the field cannot be cleared). */
export const IfGiven = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** Optional, and null clears it (updates). */
export const Clearable = () => IsOptional();

/** A person's name: 2–30 characters (Chinese names are 2–4; transliterated ones longer), in the base's one form (normalizePersonName). */
export function PersonNameRules(field: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizePersonName(value) : value)),
    IsString(),
    MinLength(2, { message: `${field} must be at least 2 characters` }),
    MaxLength(30, { message: `${field} must be at most 30 characters` }),
    HasNoControlCharacters(field),
  );
}

/** A trimmed text of at most `max` characters without control characters. */
export function TextRules(field: string, max: number, min = 1): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: min > 1 ? `${field} must be at least ${min} characters` : `${field} must not be empty` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharacters(field),
  );
}

/** Shape only; the check digit and the agreement with birth date and gender are the service's. */
export function IdNumberShape(): PropertyDecorator {
  return applyDecorators(Transform(trim), IsString(), MaxLength(18, { message: 'idNumber must be 18 characters (17 digits and a check digit or X)' }));
}

export function CreditCodeShape(): PropertyDecorator {
  return applyDecorators(Transform(trim), IsString(), MaxLength(18, { message: 'creditCode must be 18 characters' }));
}

/** Each phone is checked and normalised by the service, which names the one at fault (`input.phones.1`). */
export function PhonesShape(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(5, { message: 'phones: at most 5 numbers' }),
    IsString({ each: true }),
    MaxLength(30, { each: true, message: 'each phone must be at most 30 characters' }),
  );
}

export function TagsShape(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value)),
    IsArray(),
    ArrayMaxSize(20, { message: 'tags: at most 20' }),
    IsString({ each: true }),
    MinLength(1, { each: true, message: 'a tag must not be empty' }),
    MaxLength(20, { each: true, message: 'a tag must be at most 20 characters' }),
    Matches(NO_CONTROL_CHARACTERS, { each: true, message: 'tags must not contain control characters' }),
  );
}

export function EmailRules(): PropertyDecorator {
  return applyDecorators(Transform(lowerCase), IsEmail({}, { message: 'email must be an email address' }), MaxLength(254, { message: 'email must be at most 254 characters' }));
}

export function RegionCodeRules(field: string): PropertyDecorator {
  return applyDecorators(Transform(trim), Matches(/^\d{6}$/, { message: `${field} must be a 6-digit GB/T 2260 region code` }));
}
