import { createHmac, timingSafeEqual } from 'node:crypto';
import { IntegrationErrors } from '../exceptions/integration.errors';

/** A position in the change log: after (xid, id) in the log's commit order. */
export interface FeedPosition {
  xid: string;
  id: string;
}

/**
 * Cursors are opaque to clients: `v1.<kind>.<xid>.<id>.<mac>` in base64url, the MAC (HMAC-SHA256
 * under the server's secret, truncated) binding the position to its feed, so a cursor cannot be
 * forged or carried from the member feed to the chamber feed.
 */
export class FeedCursorCodec {
  constructor(private readonly secret: string) {}

  encode(kind: string, p: FeedPosition): string {
    const body = `v1.${kind}.${p.xid}.${p.id}`;
    return Buffer.from(`${body}.${this.mac(body)}`).toString('base64url');
  }

  decode(kind: string, cursor: string, field = 'after'): FeedPosition {
    const fail = () => IntegrationErrors.CURSOR_INVALID({}, { field });
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw fail();
    const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
    if (parts.length !== 5 || parts[0] !== 'v1' || parts[1] !== kind || !/^\d{1,20}$/.test(parts[2]) || !/^\d{1,19}$/.test(parts[3])) throw fail();
    const body = parts.slice(0, 4).join('.');
    const given = Buffer.from(parts[4]);
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail();
    return { xid: parts[2], id: parts[3] };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`feed-cursor:${body}`).digest('base64url').slice(0, 22);
  }
}
