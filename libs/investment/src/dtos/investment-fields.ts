import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Trimmed text of `min`–`max` characters without control characters. */
export function Text(field: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(Transform(trimmed), IsString(), MinLength(min, { message: `${field} must not be empty` }), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharacters(field));
}

export function OptionalTextOf(field: string, max: number): PropertyDecorator {
  return applyDecorators(Transform(trimmed), IsOptional(), IsString(), MaxLength(max, { message: `${field} must be at most ${max} characters` }), HasNoControlCharacters(field));
}
