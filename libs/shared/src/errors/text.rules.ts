import { Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * No C0 control characters or DEL in a name, an email, a code or a search, and no bidirectional
 * formatting characters (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069): a display name such as
 * "\u202E…" would show its text reversed in every list and audit entry, and let one account pass
 * for another. (NUL anywhere is refused earlier, by InputValidationPipe, because PostgreSQL cannot
 * store it in text or jsonb.)
 */
export function HasNoControlCharacters(field: string): PropertyDecorator {
  return Matches(NO_CONTROL_CHARACTERS, { message: `${field} must not contain control characters` });
}

/** The bidirectional formatting characters refused in names and short texts (see HasNoControlCharacters). */
export const BIDI_CONTROLS = String.raw`\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069`;
/** A whole value free of C0 controls, DEL and bidirectional formatting characters. */
export const NO_CONTROL_CHARACTERS = new RegExp(String.raw`^[^\u0000-\u001F\u007F${BIDI_CONTROLS}]*$`);

/**
 * A long text a person types in a text box (an opinion, an answer, a nomination's reason): line
 * breaks and tabs are what such text is made of and are kept; every other C0 control, DEL and
 * the bidirectional formatting characters are refused as in names.
 */
export function HasNoControlCharactersButLineBreaks(field: string): PropertyDecorator {
  return Matches(LONG_TEXT_CHARACTERS, { message: `${field} must not contain control characters` });
}

/** A whole long text free of control characters other than line breaks (\n, \r) and tabs. */
export const LONG_TEXT_CHARACTERS = new RegExp(String.raw`^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F${BIDI_CONTROLS}]*$`);

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
