/**
 * The stable error codes a client can switch on (GraphQL `extensions.code`).
 * Adding a code is an API change; renaming one breaks clients.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
}

export const STABLE_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));
