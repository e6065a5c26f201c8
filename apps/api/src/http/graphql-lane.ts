import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { INestApplication } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import { AppConfig, ErrorCode, RequestContext } from '@crm/shared';
import { checkDocumentSize } from '../graphql/document-limits';
import { MetricsService } from '../metrics/metrics.service';
import { BODY_REFUSALS, errorBody, REQUEST_ID_RE } from './configure-http';

/**
 * `application/json`, optionally with the charset `utf-8`: what the lane reads; anything else goes
 * to Express. Not `utf8`: express.json takes only charsets spelt `utf-…` and refuses that one (415).
 */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const GRAPHQL_PATH = /^\/graphql\/?(\?.*)?$/;

/** `1mb`, `100kb` (the forms AppConfig accepts) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`BODY_LIMIT ${limit} is not of the form 100kb or 1mb`);
  return Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

interface LaneAnswer {
  status: number;
  headers: Iterable<[string, string]>;
  body: string;
}

/**
 * The one route that carries nearly all traffic, `POST /graphql` with a JSON body, served from
 * Node's request event straight into Apollo Server, without the Express stack: no router walk,
 * no body-parser, no per-request child logger. It does what that stack did for these requests,
 * in the same order and with the same answers: request id and async context, HTTP metrics, the
 * body bound (413), malformed JSON (400), the document size limits (400), then Apollo with the
 * same `{ req, res }` context. Everything else (GET, other content types or encodings, uploads,
 * health, metrics) still goes through Express unchanged.
 *
 * A request line is logged at `info` (one call on the root logger with flat fields, see
 * docs/operations.md, "The request log"), and not built at all at higher levels.
 */
export function installGraphQLLane(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpServer() as Server;
  const apollo = (app.get(GraphQLModule) as unknown as { graphQlAdapter: { instance: ApolloServer<Record<string, unknown>> } }).graphQlAdapter.instance;
  const metrics = app.get(MetricsService);
  const express = app.getHttpAdapter().getInstance() as { get(setting: string): unknown };
  const trust = express.get('trust proxy fn') as (addr: string, i: number) => boolean;
  const limit = bodyLimitBytes(config.BODY_LIMIT);
  const logger = PinoLogger.root;

  const others = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && GRAPHQL_PATH.test(req.url ?? '') && JSON_TYPE.test(req.headers['content-type'] ?? '') && !req.headers['content-encoding']) {
      serve(req, res);
      return;
    }
    for (const listener of others) listener.call(server, req, res);
  });

  function serve(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
    (req as IncomingMessage & { id?: string }).id = requestId;
    res.setHeader('x-request-id', requestId);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.recordHttp('POST', '/graphql', res.statusCode, seconds);
      if (logger.isLevelEnabled('info')) {
        const actorId = (req as IncomingMessage & { user?: { id?: string } }).user?.id;
        // Flat fields, not pino-http's `req`/`res` (their serializers copy every header and run
        // the redaction on each line: a fifth of a small request's CPU). No header is logged.
        logger.info(
          { reqId: requestId, method: 'POST', url: req.url, statusCode: res.statusCode, responseTime: Math.round(seconds * 1000), ...(actorId ? { actorId } : {}) },
          'request completed',
        );
      }
    });
    const context = { requestId, ip: proxyAddr(req, trust) };
    readBody(req, limit, config.BODY_LIMIT, (refusal, text) => {
      if (refusal) return send(res, refusal);
      // Entered here, in the body's 'end' callback: the stream's events run in the socket's
      // async context, not in one opened before them.
      RequestContext.run(context, () => {
        void answer(req, res, text as string).then(
          (a) => send(res, a),
          () => send(res, { status: 500, headers: [], body: JSON.stringify(errorBody('Internal server error', ErrorCode.InternalServerError, 'INTERNAL_SERVER_ERROR', '服务器内部错误')) }),
        );
      });
    });
  }

  async function answer(req: IncomingMessage, res: ServerResponse, text: string): Promise<LaneAnswer> {
    // As express.json (strict): a leading byte order mark dropped (its UTF-8 decoder drops it), an
    // empty body read as {}, anything else an object or an array after JSON's own whitespace
    // (a body of spaces is malformed, not empty).
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let body: unknown = {};
    if (source.length > 0) {
      const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(source)?.[1];
      try {
        if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
        body = JSON.parse(source);
      } catch {
        return json(400, BODY_REFUSALS.malformedJson());
      }
    }
    for (const source of graphqlSources(body)) {
      const refusal = checkDocumentSize(source);
      if (refusal) return json(400, errorBody(refusal.message, ErrorCode.BadUserInput, refusal.reason, refusal.messageZh));
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = (req.url ?? '').indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: queryAt >= 0 ? (req.url as string).slice(queryAt) : '', body },
      context: async () => ({ req, res }),
    });
    if (response.body.kind !== 'complete') {
      // Incremental delivery (@defer) is not enabled; Apollo never answers in chunks here.
      let chunks = '';
      for await (const chunk of response.body.asyncIterator) chunks += chunk;
      return { status: response.status ?? 200, headers: response.headers, body: chunks };
    }
    return { status: response.status ?? 200, headers: response.headers, body: response.body.string };
  }
}

function json(status: number, value: unknown): LaneAnswer {
  return { status, headers: [['content-type', 'application/json; charset=utf-8']], body: JSON.stringify(value) };
}

function send(res: ServerResponse, answer: LaneAnswer): void {
  if (res.headersSent) return;
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status;
  res.setHeader('content-length', Buffer.byteLength(answer.body));
  res.end(answer.body);
}

/**
 * Reads the body as UTF-8 up to `limit` bytes. A declared length over the bound is answered at
 * once; a body that grows past it while arriving is answered when it ends (answered earlier,
 * Node would close the connection under a client still sending).
 */
function readBody(req: IncomingMessage, limit: number, limitText: string, done: (refusal: LaneAnswer | null, text?: string) => void): void {
  const tooLarge = json(413, BODY_REFUSALS.tooLarge(limitText));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    done(tooLarge);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) over = true;
    else chunks.push(chunk);
  });
  req.once('end', () => done(over ? tooLarge : null, over ? undefined : Buffer.concat(chunks, size).toString('utf8')));
  req.once('error', () => req.destroy());
}


/** The GraphQL documents a POST body carries (one operation or a batch). */
function graphqlSources(body: unknown): string[] {
  const items = (Array.isArray(body) ? body : [body]) as unknown[];
  return items
    .map((b) => (b && typeof b === 'object' ? (b as { query?: unknown }).query : undefined))
    .filter((q): q is string => typeof q === 'string');
}
