import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code';

/** One field at fault in an input, as a dotted path from the argument root (`input.email`). */
export interface FieldError {
  field: string;
  message: string;
  /** The same in Chinese, when known (catalogue errors, class-validator rules). */
  messageZh?: string;
  /** The catalogue reason, when the problem has one. */
  reason?: string;
}

/**
 * Base of every error this API throws on purpose. The message is written for the end user
 * (a client may show it as is); `extensions` carry the stable code and, for input errors,
 * the fields at fault. Errors from a library's catalogue (error-catalogue.ts) also carry
 * `reason` and `messageZh`; the formatter gives every other error a generic `messageZh`.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }

  /** The catalogue reason (`CHAMBER_NO_RUNNING_TERM`), when the error came from a catalogue. */
  get reason(): string | undefined {
    return this.extensions.reason as string | undefined;
  }

  get messageZh(): string | undefined {
    return this.extensions.messageZh as string | undefined;
  }
}

export class BadInputError extends AppError {
  constructor(message: string, fields: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(ErrorCode.BadUserInput, message, {
      field: fields[0]?.field,
      fields,
      ...extra,
    });
  }

  static field(field: string, message: string): BadInputError {
    return new BadInputError(message, [{ field, message }]);
  }

  /**
   * Several problems at once (a scope with two wrong fields). The first one's message, reason
   * and Chinese message become the error's own.
   */
  static fields(fields: FieldError[]): BadInputError {
    const first = fields[0];
    if (!first) return new BadInputError('Invalid input');
    return new BadInputError(first.message, fields, {
      ...(first.reason ? { reason: first.reason } : {}),
      ...(first.messageZh ? { messageZh: first.messageZh } : {}),
    });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Not signed in, or the session has expired', extra: Record<string, unknown> = {}) {
    super(ErrorCode.Unauthenticated, message, extra);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this', extra: Record<string, unknown> = {}) {
    super(ErrorCode.Forbidden, message, extra);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id?: string, options: { message?: string; extensions?: Record<string, unknown> } = {}) {
    super(ErrorCode.NotFound, options.message ?? (id ? `${entity} ${id} was not found` : `${entity} was not found`), {
      entity,
      ...options.extensions,
    });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.Conflict, message, extra);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number, extra: Record<string, unknown> = {}) {
    super(ErrorCode.TooManyRequests, message, { retryAfterSeconds, ...extra });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable; please retry shortly', extra: Record<string, unknown> = {}) {
    super(ErrorCode.ServiceUnavailable, message, extra);
  }
}

/**
 * An error of the class that goes with `code` (a catalogue CONFLICT is a ConflictError, so
 * `instanceof` checks keep working), with the given message and extensions. A BAD_USER_INPUT
 * error with a `field` lists it in `fields` too, as BadInputError.field does.
 */
export function appErrorOf(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): AppError {
  switch (code) {
    case ErrorCode.BadUserInput: {
      const { field, fields, ...rest } = extensions;
      const list =
        (fields as FieldError[] | undefined) ??
        (typeof field === 'string'
          ? [{ field, message, messageZh: rest.messageZh as string | undefined, reason: rest.reason as string | undefined }]
          : []);
      return new BadInputError(message, list, { ...(typeof field === 'string' ? { field } : {}), ...rest });
    }
    case ErrorCode.Unauthenticated:
      return new UnauthenticatedError(message, extensions);
    case ErrorCode.Forbidden:
      return new ForbiddenError(message, extensions);
    case ErrorCode.NotFound: {
      const { entity, ...rest } = extensions;
      return new NotFoundError(typeof entity === 'string' ? entity : 'Record', undefined, { message, extensions: rest });
    }
    case ErrorCode.Conflict:
      return new ConflictError(message, extensions);
    case ErrorCode.TooManyRequests: {
      const { retryAfterSeconds, ...rest } = extensions;
      return new TooManyRequestsError(message, typeof retryAfterSeconds === 'number' ? retryAfterSeconds : 60, rest);
    }
    case ErrorCode.ServiceUnavailable:
      return new ServiceUnavailableError(message, extensions);
    default:
      return new AppError(code, message, extensions);
  }
}
