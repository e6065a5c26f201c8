import { Matches } from 'class-validator';

/**
 * No C0 control characters or DEL in a name, an email, a code or a search. (NUL anywhere is
 * refused earlier, by InputValidationPipe, because PostgreSQL cannot store it in text or jsonb.)
 */
export function HasNoControlCharacters(field: string): PropertyDecorator {
  return Matches(/^[^\u0000-\u001F\u007F]*$/, { message: `${field} must not contain control characters` });
}
