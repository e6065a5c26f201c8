import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code';
import { formatGraphQLError } from './format-error';

const HTTP_STATUS: Readonly<Record<string, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.InternalServerError]: 500,
};

/** Nest's own HTTP exceptions (from interceptors such as file uploads) as our codes. */
function fromHttpException(exception: HttpException): GraphQLError {
  const status = exception.getStatus();
  const code =
    status === 401 ? ErrorCode.Unauthenticated
    : status === 403 ? ErrorCode.Forbidden
    : status === 404 ? ErrorCode.NotFound
    : status === 409 ? ErrorCode.Conflict
    : status === 429 ? ErrorCode.TooManyRequests
    : status >= 400 && status < 500 ? ErrorCode.BadUserInput
    : ErrorCode.InternalServerError;
  const reason = status === 413 ? 'PAYLOAD_TOO_LARGE' : undefined;
  const message = code === ErrorCode.InternalServerError ? 'Internal server error' : exception.message;
  return new GraphQLError(message, { originalError: exception, extensions: { code, ...(reason ? { reason } : {}), httpStatus: status } });
}

const httpLogger = new Logger('HTTP');
/** The most of an unread request body drained after an early answer (a refused upload). */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;
/** How long a refused request's body may take to arrive before the answer goes out anyway. */
const DRAIN_WAIT_MS = 10_000;

/**
 * In GraphQL, hands every exception to Apollo as a GraphQLError (the original kept inside),
 * where formatGraphQLError decides what the client sees and logs only the unexpected ones.
 * Nest's default handler would log every refused login as an error with a stack, and a value
 * that is not recognisably an Error would be returned as if it were data.
 *
 * On plain HTTP routes (uploads, downloads) the same errors answer with the same body shape
 * as GraphQL (`{ errors: [{ message, extensions: { code, field } }] }`) and a matching status.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<GqlContextType>();
    if (type === 'graphql') {
      if (exception instanceof GraphQLError) return exception;
      const message = exception && typeof exception === 'object' && 'message' in exception ? String(exception.message) : String(exception);
      return new GraphQLError(message, { originalError: exception as Error });
    }
    if (type !== 'http') return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    const error =
      exception instanceof GraphQLError ? exception
      : exception instanceof HttpException ? fromHttpException(exception)
      : new GraphQLError('Internal server error', { originalError: exception as Error });
    const formatted = formatGraphQLError({ message: error.message, extensions: error.extensions }, error, (e) =>
      httpLogger.error(e instanceof Error ? (e.stack ?? e.message) : String(e)),
    );
    const { httpStatus, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const status = typeof httpStatus === 'number' && httpStatus >= 400 ? httpStatus : (HTTP_STATUS[String(extensions.code)] ?? 500);
    if (res.headersSent) {
      // A download already under way cannot change its status: cut it, so the client sees a broken file, not a short one.
      res.destroy();
      return undefined;
    }
    // Refused before its body was read (an upload without the right, a file too large): read and
    // discard the rest, so the client finishes sending and gets this answer instead of a broken
    // pipe. A declared length over the bound gets its connection closed at once; a chunked body
    // (multipart clients often send one) is read until it ends or passes the bound, then cut.
    const req = host.switchToHttp().getRequest<Request>();
    const answer = () => {
      if (!res.headersSent) res.status(status).json({ errors: [{ message: formatted.message, extensions }] });
    };
    if (req.complete || req.readableEnded) {
      answer();
      return undefined;
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > MAX_DRAIN_BYTES) {
      res.setHeader('connection', 'close');
      answer();
      return undefined;
    }
    // Answer once the body is read: answered earlier, Node closes the connection under a client
    // still sending (EPIPE on its side instead of this answer). A body past the bound, or one
    // that does not end within DRAIN_WAIT_MS, gets the answer and a closed connection.
    let read = 0;
    const timer = setTimeout(() => {
      res.setHeader('connection', 'close');
      answer();
    }, DRAIN_WAIT_MS);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MAX_DRAIN_BYTES) {
        clearTimeout(timer);
        res.setHeader('connection', 'close');
        answer();
        req.destroy();
      }
    });
    req.once('end', () => {
      clearTimeout(timer);
      answer();
    });
    req.once('error', () => clearTimeout(timer));
    req.resume();
    return undefined;
  }
}
