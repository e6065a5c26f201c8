import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

interface Connection {
  /** Requests on this connection whose response has not ended yet. */
  inFlight: number;
  /** When the connection last had nothing to do (accepted, or its last response ended). */
  idleSince: number;
}

/**
 * How long a connection with nothing to do is left alone after the listener closes before it is
 * closed: enough for bytes a client already sent (still in the kernel's buffer) to reach the
 * HTTP parser and start a request, which is then answered.
 */
export const IDLE_SETTLE_MS = 500;
const POLL_MS = 25;

export interface DrainResult {
  /** Connections still open at the deadline, destroyed. */
  cut: number;
}

/**
 * Stops an HTTP server without cutting anyone off.
 *
 * Node 20's `server.close()` calls `closeIdleConnections()`, which destroys every connection the
 * parser has not started a request on: a connection accepted a moment ago whose request is still
 * in the kernel's buffer counts as idle, so its client gets ECONNRESET. This drain instead:
 *
 * 1. `startClosing()` (the grace period begins): every response from then on carries
 *    `Connection: close`, so keep-alive clients are told to go away after their answer.
 * 2. `drain(deadline)`: stops accepting (the listener only), answers every request already
 *    accepted or arriving on an open connection (each again with `Connection: close`), and closes a
 *    connection only once it has been idle for IDLE_SETTLE_MS with no request being read. At the
 *    deadline whatever is left is destroyed.
 */
export class HttpDrain {
  private readonly connections = new Map<Socket, Connection>();
  private closing = false;
  private closeOnAccept: (() => void) | null = null;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { inFlight: 0, idleSince: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
      this.closeOnAccept?.();
    });
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const connection = this.connections.get(req.socket as Socket);
      if (this.closing) res.setHeader('connection', 'close');
      if (!connection) return;
      connection.inFlight += 1;
      res.once('close', () => {
        connection.inFlight -= 1;
        connection.idleSince = Date.now();
      });
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
    const deadline = Date.now() + deadlineMs;
    const listenerClosed = this.closeListener();
    const closedAt = Date.now();
    while (this.connections.size > 0 && Date.now() < deadline) {
      const reading = this.socketsReadingARequest();
      const now = Date.now();
      for (const [socket, connection] of this.connections) {
        if (connection.inFlight > 0 || reading.has(socket)) continue;
        if (now - Math.max(connection.idleSince, closedAt) < IDLE_SETTLE_MS) continue;
        // A clean FIN, never a reset: nothing was sent on it that is left unanswered.
        this.connections.delete(socket);
        socket.end();
        setTimeout(() => socket.destroy(), 1_000).unref();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const cut = this.connections.size;
    for (const socket of this.connections.keys()) socket.destroy();
    this.connections.clear();
    await listenerClosed;
    return { cut };
  }

  /**
   * Closes the listener only: net.Server's close, not http.Server's (which destroys "idle"
   * connections). Resolves once every connection has ended too.
   *
   * Closing a listening socket makes the kernel reset the connections still in its accept queue
   * (handshake done, request maybe sent, not yet accepted by the process). Under load the
   * listener is therefore closed from inside the callback of a connection just accepted, where
   * the queue has just been emptied, microseconds after the accept; with no connection arriving
   * within a few milliseconds there is no load to race with and it closes at once.
   */
  private closeListener(): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const close = () => {
        if (done) return;
        done = true;
        this.closeOnAccept = null;
        clearTimeout(timer);
        NetServer.prototype.close.call(this.server, () => resolve());
      };
      this.closeOnAccept = close;
      const timer = setTimeout(close, 20);
    });
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
