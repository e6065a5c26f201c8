import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A chamber name: 2–100 characters, trimmed, no control characters. */
export function ChamberNameRules(field: string): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(2, { message: `${field} must be at least 2 characters` }),
    MaxLength(100, { message: `${field} must be at most 100 characters` }),
    HasNoControlCharacters(field),
  );
}

export function OptionalText(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharacters(field));
}

export function OptionalPhone(): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), Matches(/^[0-9+\-() ]{5,40}$/, { message: 'phone must be a telephone number (digits, +, -, spaces)' }));
}

export function OptionalEmail(): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsEmail({}, { message: 'email must be an email address' }), MaxLength(320));
}
