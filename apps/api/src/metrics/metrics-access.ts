import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@crm/shared';

/**
 * Who may read `GET /metrics`. Metrics name every operation clients run, error rates and pool
 * sizes: not secret, but nothing to publish on a server that faces the internet either, and
 * "only from loopback" protects nothing behind a reverse proxy on the same host.
 *
 * - `METRICS_TOKEN` set (any environment): only `Authorization: Bearer <METRICS_TOKEN>` reads them.
 * - unset in production: /metrics is off (404), so a deployment never exposes them by accident.
 * - unset in development and test: open, for a developer's own machine.
 */
export interface MetricsAccess {
  enabled: boolean;
  /** SHA-256 of the token, compared in constant time; null: no token needed. */
  tokenDigest: Buffer | null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Reads METRICS_TOKEN from the environment; a token too short to resist guessing stops the server. */
export function metricsAccessFrom(env: Record<string, string | undefined>, isProduction: boolean): MetricsAccess {
  const token = env.METRICS_TOKEN ?? '';
  if (token !== '') {
    if (token.length < 16 || /\s/.test(token)) {
      throw new ConfigError(['METRICS_TOKEN must be at least 16 characters without spaces']);
    }
    return { enabled: true, tokenDigest: digest(token) };
  }
  return { enabled: !isProduction, tokenDigest: null };
}

/** Whether an Authorization header value carries the token. */
export function presentsToken(access: MetricsAccess, authorization: string | undefined): boolean {
  if (!access.tokenDigest) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return !!match && timingSafeEqual(digest(match[1]), access.tokenDigest);
}
