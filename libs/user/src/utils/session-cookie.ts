import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The browser session of the admin UI: the refresh token travels in an httpOnly cookie that page
 * scripts cannot read, instead of in the JSON answer. A client asks for it with the header
 * `x-crm-session: cookie` on `login`, `refreshToken`, `changePassword` and `logout`; every other
 * client keeps the JSON flow. The header is also the cross-site guard: a form or image on another
 * site cannot send a custom header, and the cookie is SameSite=Strict and scoped to /graphql.
 */
export const SESSION_MODE_HEADER = 'x-crm-session';
export const REFRESH_COOKIE = 'crm_refresh';
const COOKIE_PATH = '/graphql';

export interface HttpContext {
  req?: IncomingMessage;
  res?: ServerResponse;
}

/** True when the caller asked for the cookie session (the admin UI). */
export function wantsCookieSession(ctx: HttpContext): boolean {
  const value = ctx.req?.headers[SESSION_MODE_HEADER];
  return typeof value === 'string' && value.trim().toLowerCase() === 'cookie';
}

/** The refresh token from the session cookie, when the request carries one. */
export function refreshTokenFromCookie(ctx: HttpContext): string | undefined {
  const header = ctx.req?.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== REFRESH_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    return value.length > 0 && value.length <= 200 ? value : undefined;
  }
  return undefined;
}

function isHttps(req: IncomingMessage | undefined): boolean {
  if (!req) return false;
  if ((req.socket as TLSSocket).encrypted) return true;
  const proto = req.headers['x-forwarded-proto'];
  return typeof proto === 'string' && proto.split(',')[0].trim() === 'https';
}

function appendCookie(ctx: HttpContext, cookie: string): void {
  const res = ctx.res;
  if (!res || res.headersSent) return;
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}

/** Sets the refresh cookie (httpOnly, SameSite=Strict, Secure over HTTPS). */
export function setRefreshCookie(ctx: HttpContext, token: string, maxAgeSeconds: number): void {
  const secure = isHttps(ctx.req) ? '; Secure' : '';
  appendCookie(ctx, `${REFRESH_COOKIE}=${token}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`);
}

/** Removes the refresh cookie (logout, or a refresh the API refused). */
export function clearRefreshCookie(ctx: HttpContext): void {
  const secure = isHttps(ctx.req) ? '; Secure' : '';
  appendCookie(ctx, `${REFRESH_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict${secure}`);
}
