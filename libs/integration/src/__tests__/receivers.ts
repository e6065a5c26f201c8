import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** How a test receiver answers: a status, a delay before it, or cutting the connection. */
export type Behaviour = { status: number; delayMs?: number } | { hangUp: true };

/** A webhook receiver on 127.0.0.1 that a test starts, steers and stops. */
export class Receiver {
  readonly received: Received[] = [];
  behaviour: Behaviour = { status: 204 };
  private server!: Server;

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    r.server = createServer((req, res) => r.handle(req, res));
    r.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const behaviour = this.behaviour;
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if ('hangUp' in behaviour) {
        req.socket.destroy();
        return;
      }
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(behaviour.status).end();
      }, behaviour.delayMs ?? 0);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
