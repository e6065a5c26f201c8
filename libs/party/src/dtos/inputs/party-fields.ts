import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A required name: trimmed, min–max characters, no control characters. */
export function NameRules(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(min, { message: `${field} must be at least ${min} characters` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharacters(field),
  );
}

export function OptionalText(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trim), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharacters(field));
}

export function OptionalId(field: string): PropertyDecorator {
  return applyDecorators(IsOptional(), IsUUID('all', { message: `${field} must be an id (UUID)` }));
}

export function RequiredId(field: string): PropertyDecorator {
  return IsUUID('all', { message: `${field} must be an id (UUID)` });
}
