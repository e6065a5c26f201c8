import { GraphQLFormattedError } from 'graphql';
import { ErrorCode, STABLE_ERROR_CODES } from './error-code';

/** Apollo's own codes for requests that never reach a resolver, mapped onto ours. */
const APOLLO_CODE_MAP: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BadUserInput,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BadUserInput,
  BAD_REQUEST: ErrorCode.BadUserInput,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.BadUserInput,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BadUserInput,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BadUserInput,
};

/** PostgreSQL error classes that mean "the database is not reachable right now". */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '3D000']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export type ErrorLogger = (error: unknown, formatted: GraphQLFormattedError) => void;

/** graphql-js and our filter each wrap the thrown error; the cause is at the bottom. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    const next = (current as { originalError?: unknown } | null)?.originalError;
    if (!next || next === current) break;
    current = next;
  }
  return current;
}

function isDatabaseUnavailable(original: unknown): boolean {
  if (!original || typeof original !== 'object') return false;
  const code = (original as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_PG_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) {
    return true;
  }
  const message = String((original as { message?: unknown }).message ?? '');
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection|not currently accepting connections|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

/**
 * The one place where errors become what a client sees. Known codes pass through with their
 * message; anything else is reported as INTERNAL_SERVER_ERROR with a generic message and is
 * logged with its stack, which never leaves the server.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: ErrorLogger,
): GraphQLFormattedError {
  const rawCode = String(formatted.extensions?.code ?? '');
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  void _stack;

  if (APOLLO_CODE_MAP[rawCode]) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...extensions, code: APOLLO_CODE_MAP[rawCode], reason: rawCode },
    };
  }
  if (STABLE_ERROR_CODES.has(rawCode) && rawCode !== ErrorCode.InternalServerError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, code: rawCode } };
  }

  const original = rootCause(error);
  const pgCode = (original as { code?: unknown } | null)?.code;
  if (pgCode === '40P01' || pgCode === '40001') {
    const result: GraphQLFormattedError = {
      message: 'A concurrent change got in the way; please retry',
      path: formatted.path,
      extensions: { code: ErrorCode.Conflict, reason: 'CONCURRENT_UPDATE', retryable: true },
    };
    log(error, result);
    return result;
  }
  if (isDatabaseUnavailable(original)) {
    const result: GraphQLFormattedError = {
      message: 'The database is temporarily unavailable; please retry shortly',
      path: formatted.path,
      extensions: { code: ErrorCode.ServiceUnavailable },
    };
    log(error, result);
    return result;
  }
  const result: GraphQLFormattedError = {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.InternalServerError },
  };
  log(error, result);
  return result;
}
