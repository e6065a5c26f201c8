import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code';

/** One field at fault in an input, as a dotted path from the argument root (`input.email`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Base of every error this API throws on purpose. The message is written for the end user
 * (a client may show it as is); `extensions` carry the stable code and, for input errors,
 * the fields at fault.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class BadInputError extends AppError {
  constructor(message: string, fields: FieldError[] = []) {
    super(ErrorCode.BadUserInput, message, {
      field: fields[0]?.field,
      fields,
    });
  }

  static field(field: string, message: string): BadInputError {
    return new BadInputError(message, [{ field, message }]);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Not signed in, or the session has expired') {
    super(ErrorCode.Unauthenticated, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super(ErrorCode.Forbidden, message);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id?: string) {
    super(ErrorCode.NotFound, id ? `${entity} ${id} was not found` : `${entity} was not found`, {
      entity,
    });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.Conflict, message, extra);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.TooManyRequests, message, { retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable; please retry shortly') {
    super(ErrorCode.ServiceUnavailable, message);
  }
}
