import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AppConfig, ErrorCode, RequestContext } from '@crm/shared';

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

function errorBody(message: string, code: ErrorCode, reason: string) {
  return { errors: [{ message, extensions: { code, reason } }] };
}

/**
 * Express-level concerns that come before GraphQL: the request id and its async context,
 * a bounded JSON body parser, and clean 4xx answers for bodies that cannot be parsed.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');

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
      res.status(413).json(errorBody(`The request body is larger than ${config.BODY_LIMIT}`, ErrorCode.BadUserInput, 'PAYLOAD_TOO_LARGE'));
      return;
    }
    if (err.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('The request body is not valid JSON', ErrorCode.BadUserInput, 'MALFORMED_JSON'));
      return;
    }
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
      res.status(415).json(errorBody('The request body encoding is not supported; send UTF-8 JSON', ErrorCode.BadUserInput, 'UNSUPPORTED_ENCODING'));
      return;
    }
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json(errorBody('The request could not be read', ErrorCode.BadUserInput, 'BAD_REQUEST'));
      return;
    }
    next(err);
  });
}
