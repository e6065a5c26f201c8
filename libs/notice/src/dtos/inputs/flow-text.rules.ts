import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A one-line text of the information flow (a title, a place): trimmed, 1–`max` characters as
 * PostgreSQL counts them, no control characters. Blank text is refused on its field here, not by
 * a CHECK constraint as a server error.
 */
export function FlowLine(field: string, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(1, { message: `${field} must not be blank` }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
    HasNoControlCharacters(field),
  );
}

/** A long text (a notice's body, a request's text): line breaks allowed, never blank. */
export function FlowText(field: string, max: number): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/\S/, { message: `${field} must not be blank` }), MaxLength(max, { message: `${field} must be at most ${max} characters` }));
}
