import { Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * No C0 control characters or DEL in a name, an email, a code or a search. (NUL anywhere is
 * refused earlier, by InputValidationPipe, because PostgreSQL cannot store it in text or jsonb.)
 */
export function HasNoControlCharacters(field: string): PropertyDecorator {
  return Matches(/^[^\u0000-\u001F\u007F]*$/, { message: `${field} must not contain control characters` });
}

/** Characters as PostgreSQL counts them for varchar(n): code points. */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/**
 * At most `max` characters, counted as PostgreSQL counts them (code points). Use it instead of
 * class-validator's MaxLength, whose count leaves out variation selectors (U+FE0E/U+FE0F): text
 * made of them passed the check and overflowed the column (a 500 instead of a field error).
 */
export function MaxLength(max: number, options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'maxLength',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [max],
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && charCount(value) <= max,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be at most ${max} characters`,
      },
    });
  };
}

/** Escapes LIKE wildcards (and the escape character) so user text matches literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
