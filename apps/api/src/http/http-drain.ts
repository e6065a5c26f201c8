import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { ErrorCode } from '@crm/shared';
import { errorBody } from './configure-http';

interface Connection {
  /** Requests on this connection whose response has not ended yet. */
  inFlight: number;
  /** When the connection last had nothing to do (accepted, or its last response ended). */
  idleSince: number;
}

/**
 * How long a connection with nothing to do is left alone once the grace period is over before it
 * is closed: enough for bytes a client already sent (still in the kernel's buffer) to reach the
 * HTTP parser and start a request, which is then answered.
 */
export const IDLE_SETTLE_MS = 500;
/**
 * How long no new connection may arrive, with no request in flight, before the listener closes.
 * Closing a listening socket makes the kernel reset the connections still in its accept queue;
 * after a quiet interval that queue is empty.
 */
export const LISTENER_QUIET_MS = 50;
/** How long a request refused after the grace period may take to send its body before the 503. */
const REFUSAL_BODY_WAIT_MS = 2_000;
const POLL_MS = 10;

/** The answer to every request that arrives after the grace period. */
export const SHUTTING_DOWN_BODY = JSON.stringify({
  status: 'shutting-down',
  ...errorBody('The server is shutting down; retry the request', ErrorCode.ServiceUnavailable, 'shutting-down', '服务正在停止，请稍后重试'),
});

export interface DrainResult {
  /** Connections still open at the deadline, destroyed. */
  cut: number;
  /** Milliseconds from the start of the drain to the listener's close. */
  listenerClosedAfterMs: number;
}

/**
 * Stops an HTTP server without cutting anyone off.
 *
 * Node 20's `server.close()` calls `closeIdleConnections()`, which destroys every connection the
 * parser has not started a request on (one accepted a moment ago whose request is still in the
 * kernel's buffer counts as idle: its client gets ECONNRESET). And closing the listening socket
 * while connections wait in the kernel's accept queue resets those. This drain instead:
 *
 * 1. `startClosing()` (the grace period begins): every response from then on carries
 *    `Connection: close`, so keep-alive clients are told to go away after their answer.
 * 2. `drain(deadline)` (the grace period is over): the listener stays open. Requests already
 *    accepted are answered normally; every request that arrives from now on is answered 503
 *    `shutting-down` with `Connection: close` and `Retry-After`. A connection is closed (FIN) once
 *    it has been idle for IDLE_SETTLE_MS. The listener closes only when no request is in flight
 *    and no connection has arrived for LISTENER_QUIET_MS, from a timer followed by a
 *    setImmediate (so an event-loop poll, which accepts whatever is queued, runs in between and
 *    nothing new was accepted): never inside the 'connection' callback, where libuv is still
 *    emptying the accept queue. At the deadline whatever is left is closed and destroyed.
 */
export class HttpDrain {
  private readonly connections = new Map<Socket, Connection>();
  private closing = false;
  private refusing = false;
  private lastAcceptAt = Date.now();

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.lastAcceptAt = Date.now();
      this.connections.set(socket, { inFlight: 0, idleSince: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    // The application's handlers (Express) run only while requests are served; after the grace
    // period the drain answers instead.
    const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    if (handlers.length === 0) throw new Error('HttpDrain must wrap a server that already has its request handler');
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const connection = this.connections.get(req.socket as Socket);
      if (connection) {
        connection.inFlight += 1;
        res.once('close', () => {
          connection.inFlight -= 1;
          connection.idleSince = Date.now();
        });
      }
      if (this.refusing) return this.refuse(req, res);
      if (this.closing) res.setHeader('connection', 'close');
      for (const handler of handlers) handler.call(server, req, res);
    });
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** From now on every response asks its client to close the connection. */
  startClosing(): void {
    this.closing = true;
  }

  /** Open connections (for tests and logs). */
  get openConnections(): number {
    return this.connections.size;
  }

  async drain(deadlineMs: number): Promise<DrainResult> {
    this.closing = true;
    this.refusing = true;
    const deadline = Date.now() + deadlineMs;
    const refusingSince = Date.now();
    let listenerClosed: Promise<void> | null = null;
    let listenerClosedAt = 0;
    while ((this.connections.size > 0 || !listenerClosed) && Date.now() < deadline) {
      if (!listenerClosed && Date.now() - this.lastAcceptAt >= LISTENER_QUIET_MS && !this.busy()) {
        if (await this.stillQuietAfterAPoll()) {
          listenerClosed = this.closeListener();
          listenerClosedAt = Date.now();
        }
      }
      const reading = this.socketsReadingARequest();
      const now = Date.now();
      for (const [socket, connection] of this.connections) {
        if (connection.inFlight > 0 || reading.has(socket)) continue;
        if (now - Math.max(connection.idleSince, refusingSince) < IDLE_SETTLE_MS) continue;
        // A clean FIN, never a reset: nothing was sent on it that is left unanswered.
        this.connections.delete(socket);
        socket.end();
        setTimeout(() => socket.destroy(), 1_000).unref();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (!listenerClosed) {
      listenerClosed = this.closeListener();
      listenerClosedAt = Date.now();
    }
    const cut = this.connections.size;
    for (const socket of this.connections.keys()) socket.destroy();
    this.connections.clear();
    await listenerClosed;
    return { cut, listenerClosedAfterMs: listenerClosedAt - refusingSince };
  }

  /** A request after the grace period: its body read to the end, then a clean 503. */
  private refuse(req: IncomingMessage, res: ServerResponse): void {
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (res.headersSent || res.destroyed) return;
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(SHUTTING_DOWN_BODY),
        'retry-after': '1',
        connection: 'close',
      });
      res.end(SHUTTING_DOWN_BODY);
    };
    // Answering before the body is read would close the socket with unread bytes: a reset.
    const timer = setTimeout(answer, REFUSAL_BODY_WAIT_MS);
    req.once('end', answer);
    req.once('error', answer);
    req.resume();
  }

  /** A request in flight or being read on any connection. */
  private busy(): boolean {
    for (const connection of this.connections.values()) if (connection.inFlight > 0) return true;
    return this.socketsReadingARequest().size > 0;
  }

  /**
   * Called from a timer: waits for the check phase, after the event loop's poll has accepted
   * whatever connection was queued, and tells whether that poll accepted nothing and nothing is
   * in flight (the listener may then close, in that same check-phase callback).
   */
  private async stillQuietAfterAPoll(): Promise<boolean> {
    const seen = this.lastAcceptAt;
    await new Promise((r) => setImmediate(r));
    return this.lastAcceptAt === seen && !this.busy();
  }

  /**
   * Closes the listener only: net.Server's close, not http.Server's (which destroys "idle"
   * connections). Resolves once every connection has ended too.
   */
  private closeListener(): Promise<void> {
    return new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
  }

  /**
   * Sockets whose parser has begun a request it has not finished reading (headers or body still
   * arriving): Node's own list of connections, the one `closeIdleConnections()` walks.
   */
  private socketsReadingARequest(): Set<Socket> {
    const key = Object.getOwnPropertySymbols(this.server).find((s) => s.description === 'http.server.connections');
    const list = key ? (this.server as unknown as Record<symbol, { active?: () => { socket?: Socket }[] } | undefined>)[key] : undefined;
    const active = list?.active?.() ?? [];
    return new Set(active.map((p) => p.socket).filter((s): s is Socket => !!s));
  }
}
