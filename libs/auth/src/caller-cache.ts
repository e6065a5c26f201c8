import { Injectable } from '@nestjs/common';
import { ExtractJwt } from 'passport-jwt';
import { CallerClaims, CallerRow } from './caller';

/** A token passport-jwt verified (signature, algorithm, issuer, audience): what it proved. */
export interface VerifiedClaims extends CallerClaims {
  /** Expiry, in seconds since the epoch (the JWT `exp`). */
  exp: number;
}

/** Where the token is read from: the guard and the strategy use this one extractor. */
export const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

const MAX_TOKENS = 10_000;
const MAX_USERS = 10_000;
/** A cached row is used this long at most, even when no change notification arrives. */
const USER_TTL_MS = 60_000;

/**
 * Remembers, per process, what the caller check learnt, so a request with a token already seen
 * costs neither the JWT verification nor the `app_user` read:
 *
 * - verified tokens → their claims, until `exp` (checked against the clock on every use: a
 *   signature stays valid, only time ends it);
 * - user id → the account row, for USER_TTL_MS at most, and only while the user library's
 *   change listener is connected (`live`): a row is dropped when the account changes (the
 *   service that changed it, at once; other processes through NOTIFY `app_user_changed`).
 *
 * Both maps are bounded; the oldest entry goes first. A miss costs what the check cost before
 * the cache: passport-jwt and one primary-key read, which fill the cache again.
 */
@Injectable()
export class CallerCache {
  /** The clock, replaceable in unit tests. */
  clock: () => number = Date.now;

  private readonly tokens = new Map<string, VerifiedClaims>();
  private readonly users = new Map<string, { row: CallerRow; storedAt: number }>();
  private live = false;
  /**
   * Bumped by every drop. A row read from the database is stored only if no drop happened
   * since the read began (`stamp()`): a notification that overtook the read leaves no stale row.
   */
  private epoch = 0;

  /** The claims of a token seen before; 'expired' once its `exp` has passed; undefined if unseen. */
  claims(token: string): VerifiedClaims | 'expired' | undefined {
    const claims = this.tokens.get(token);
    if (!claims) return undefined;
    // jsonwebtoken's rule (no clock tolerance): expired from the second `exp` on.
    if (Math.floor(this.clock() / 1000) >= claims.exp) {
      this.tokens.delete(token);
      return 'expired';
    }
    return claims;
  }

  rememberToken(token: string, claims: VerifiedClaims): void {
    if (!Number.isFinite(claims.exp)) return; // a token without expiry is verified every time
    this.tokens.delete(token);
    evictOldest(this.tokens, MAX_TOKENS);
    this.tokens.set(token, { sub: claims.sub, ver: claims.ver, exp: claims.exp });
  }

  /** The account row, when cached, young enough and the listener connected. */
  user(id: string): CallerRow | undefined {
    if (!this.live) return undefined;
    const entry = this.users.get(id);
    if (!entry) return undefined;
    if (this.clock() - entry.storedAt >= USER_TTL_MS) {
      this.users.delete(id);
      return undefined;
    }
    return entry.row;
  }

  /** Taken before reading a row from the database; hand it to rememberUser. */
  stamp(): number {
    return this.epoch;
  }

  rememberUser(row: CallerRow, stamp: number): void {
    if (!this.live || stamp !== this.epoch) return;
    this.users.delete(row.id);
    evictOldest(this.users, MAX_USERS);
    this.users.set(row.id, { row: { ...row }, storedAt: this.clock() });
  }

  /** The account changed: its next request reads it again. */
  forgetUser(id: string): void {
    this.epoch += 1;
    this.users.delete(id);
  }

  /**
   * The listener (dis)connected. Either way every row goes: while disconnected changes are not
   * heard, and on (re)connect those missed meanwhile are unknown. Verified tokens stay: a
   * notification never changes what a signature proves.
   */
  setLive(live: boolean): void {
    this.live = live;
    this.epoch += 1;
    this.users.clear();
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Entry counts, for tests and diagnostics. */
  get size(): { tokens: number; users: number } {
    return { tokens: this.tokens.size, users: this.users.size };
  }
}

function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
