import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { maxHeaderSize, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppConfig, ErrorCode, RequestContext } from '@crm/shared';
import { checkDocumentSize } from '../graphql/document-limits';
import { MetricsService } from '../metrics/metrics.service';

export const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

export function errorBody(message: string, code: ErrorCode, reason: string, messageZh: string) {
  return { errors: [{ message, extensions: { code, reason, messageZh } }] };
}

/** The answers to bodies that cannot be read, shared by the Express stack and the GraphQL lane. */
export const BODY_REFUSALS = {
  tooLarge: (limit: string) => errorBody(`The request body is larger than ${limit}`, ErrorCode.BadUserInput, 'PAYLOAD_TOO_LARGE', `提交的内容超过上限 ${limit}`),
  malformedJson: () => errorBody('The request body is not valid JSON', ErrorCode.BadUserInput, 'MALFORMED_JSON', '请求内容不是有效的 JSON'),
};

interface ClientErrorAnswer {
  status: number;
  statusText: string;
  reason: string;
  message: string;
  messageZh: string;
}

/** What Node's HTTP parser refuses before any middleware runs, and how each is answered. */
function clientErrorAnswers(headerLimitKb: number): Readonly<Record<string, ClientErrorAnswer>> {
  return {
    HPE_HEADER_OVERFLOW: {
      status: 431,
      statusText: 'Request Header Fields Too Large',
      reason: 'HEADERS_TOO_LARGE',
      message: `The request headers are too large (at most ${headerLimitKb} KB in all); send a shorter Authorization header or fewer cookies`,
      messageZh: `请求头过大（合计不超过 ${headerLimitKb} KB），请缩短 Authorization 头或减少 Cookie`,
    },
    ERR_HTTP_REQUEST_TIMEOUT: {
      status: 408,
      statusText: 'Request Timeout',
      reason: 'REQUEST_TIMEOUT',
      message: 'The request took too long to arrive',
      messageZh: '请求发送超时',
    },
  };
}
const MALFORMED_REQUEST: ClientErrorAnswer = {
  status: 400,
  statusText: 'Bad Request',
  reason: 'MALFORMED_REQUEST',
  message: 'The request is not valid HTTP',
  messageZh: '请求不是有效的 HTTP 请求',
};

/** The GraphQL documents a request to /graphql carries: POST bodies (one or a batch) and GET `?query=`. */
function graphqlSources(req: Request): string[] {
  const fromBody = (Array.isArray(req.body) ? req.body : [req.body]) as unknown[];
  const sources = fromBody.map((b) => (b && typeof b === 'object' ? (b as { query?: unknown }).query : undefined));
  if (req.method === 'GET') sources.push(...[req.query.query].flat());
  return sources.filter((q): q is string => typeof q === 'string');
}

/**
 * Node's HTTP parser refuses oversized headers and malformed requests before Express sees them
 * and, by default, answers a bare status line. This answers in the API's JSON error shape
 * instead. The socket is half-closed after the answer (not destroyed), so a client still sending
 * its oversized headers reads the answer rather than a connection reset.
 */
function answerClientErrors(server: Server, metrics: MetricsService): void {
  const answers = clientErrorAnswers(Math.floor(((server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize) / 1024));
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser reports again for every later chunk of an already refused request.
    if (answered.has(socket)) return;
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const answer = answers[error.code ?? ''] ?? MALFORMED_REQUEST;
    metrics.recordRejected(answer.reason);
    const body = JSON.stringify(errorBody(answer.message, ErrorCode.BadUserInput, answer.reason, answer.messageZh));
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.statusText}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
    // A client that never closes its side is not waited for.
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}

/**
 * HTTP-level concerns that come before GraphQL: JSON answers for requests Node's parser refuses,
 * request metrics, the request id and its async context, a bounded JSON body parser, and clean
 * 4xx answers for bodies that cannot be parsed.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const metrics = app.get(MetricsService);
  answerClientErrors(app.getHttpServer() as Server, metrics);
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');

  // First, so that requests refused below (body too large, malformed JSON) are counted too.
  app.use(metrics.httpMiddleware);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
    (req as Request & { id?: string }).id = requestId;
    res.setHeader('x-request-id', requestId);
    RequestContext.run({ requestId, ip: req.ip }, next);
  });

  app.use(express.json({ limit: config.BODY_LIMIT }));

  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.too.large') {
      res
        .status(413)
        .json(BODY_REFUSALS.tooLarge(config.BODY_LIMIT));
      return;
    }
    if (err.type === 'entity.parse.failed') {
      res.status(400).json(BODY_REFUSALS.malformedJson());
      return;
    }
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
      res
        .status(415)
        .json(errorBody('The request body encoding is not supported; send UTF-8 JSON', ErrorCode.BadUserInput, 'UNSUPPORTED_ENCODING', '不支持该编码，请以 UTF-8 发送 JSON'));
      return;
    }
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json(errorBody('The request could not be read', ErrorCode.BadUserInput, 'BAD_REQUEST', '请求无法读取'));
      return;
    }
    next(err);
  });

  // Before Apollo parses: graphql-js parses recursively and validates in time that grows with the
  // document, so a huge or deeply nested one would exhaust the stack or the CPU. (Here rather than
  // in an Apollo plugin: Apollo reports an error thrown by a plugin before parsing as a 500.)
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    for (const source of graphqlSources(req)) {
      const refusal = checkDocumentSize(source);
      if (refusal) {
        res.status(400).json(errorBody(refusal.message, ErrorCode.BadUserInput, refusal.reason, refusal.messageZh));
        return;
      }
    }
    next();
  });
}
