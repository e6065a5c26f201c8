import { ArgumentMetadata, Injectable, PipeTransform, ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BadInputError, FieldError } from './app-error';
import { localized } from './error-catalogue';
import { InputErrors, validationMessageZh } from './shared.errors';
import { isStorableText } from './unicode';

function collect(errors: ValidationError[], prefix: string, out: FieldError[]): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field: path, message, messageZh: validationMessageZh(constraint, message) });
    }
    if (error.children?.length) collect(error.children, path, out);
  }
}

/** Flattens class-validator errors into field paths (`input.scope.countyCode`). */
export function toFieldErrors(errors: ValidationError[], root = ''): FieldError[] {
  const out: FieldError[] = [];
  collect(errors, root, out);
  return out;
}

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

/**
 * The path of the first string PostgreSQL cannot store or a validator cannot read: one holding
 * NUL, or malformed UTF-16 (a lone surrogate, which is no character at all).
 */
function findUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const found = findUnstorable(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The global validation pipe: every class-typed GraphQL argument is validated with
 * class-validator, unknown properties are refused, and the error names each field at fault
 * under the argument's name (`input.email`), so a form can mark the right box.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type === 'custom') return value;
    const badAt = findUnstorable(value, metadata.data ?? '');
    if (badAt !== null) throw InputErrors.UNSTORABLE_TEXT({}, { field: badAt || 'input' });
    if (!metatype || PRIMITIVES.includes(metatype)) return value;
    if (value === null || value === undefined) return value;
    const instance = plainToInstance(metatype as new () => object, value);
    const errors = await validate(instance as object, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    if (errors.length) {
      const fields = toFieldErrors(errors, metadata.data ?? '');
      const first = fields[0];
      if (!first) throw new BadInputError('Invalid input', fields);
      throw InputErrors.INVALID(
        { field: first.field, detail: localized(first.message, first.messageZh ?? '取值无效') },
        { field: first.field, extensions: { fields } },
      );
    }
    return instance;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For scalar `id` arguments: a malformed id is bad input, not a database error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID_RE.test(value)) {
      throw InputErrors.NOT_AN_ID({}, { field: metadata.data ?? 'id' });
    }
    return value.toLowerCase();
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}
