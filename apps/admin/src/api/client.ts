import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql/language/printer';
import { GENERIC_ZH } from '../i18n/zh';
import { graphql } from './graphql';
import { Me, MeFields } from './me';

/** One error of a GraphQL answer, as the API shapes it (docs/errors.md). */
export interface ApiErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    reason?: string;
    field?: string;
    messageZh?: string;
    retryAfterSeconds?: number;
    currentVersion?: number;
    fields?: { field: string; messageZh?: string; message?: string }[];
    [key: string]: unknown;
  };
}

/** A refused operation: the first error's code, reason and Chinese message, and every field at fault. */
export class ApiError extends Error {
  readonly code: string;
  readonly reason?: string;
  readonly messageZh: string;
  readonly fieldErrors: Record<string, string>;
  constructor(readonly errors: ApiErrorItem[], readonly status = 200) {
    const first = errors[0] ?? { message: 'Unknown error' };
    super(first.message);
    this.code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    this.reason = first.extensions?.reason;
    this.messageZh = first.extensions?.messageZh ?? GENERIC_ZH[this.code] ?? '操作失败，请稍后再试';
    this.fieldErrors = {};
    for (const e of errors) {
      for (const f of e.extensions?.fields ?? []) this.fieldErrors[f.field] = f.messageZh ?? f.message ?? '';
      if (e.extensions?.field && !this.fieldErrors[e.extensions.field]) this.fieldErrors[e.extensions.field] = e.extensions.messageZh ?? e.message;
    }
  }
  get retryAfterSeconds(): number | undefined {
    return this.errors[0]?.extensions?.retryAfterSeconds;
  }
}


const RefreshMutation = graphql(
  `
  mutation AdminRefresh {
    refreshToken { accessToken expiresIn user { ...AdminMeFields } }
  }
`,
  [MeFields],
);

type Listener = () => void;

/**
 * The session, in memory only: the access token lives in this module (never in localStorage or a
 * readable cookie); the refresh token is an httpOnly, SameSite=Strict cookie the API sets when a
 * request carries `x-crm-session: cookie`. A token about to expire is refreshed before the
 * request; a request refused as UNAUTHENTICATED is retried once after a refresh. Refreshes are
 * serialised across tabs with a Web Lock: the cookie is shared and each refresh token works
 * once, so two tabs refreshing at the same moment would otherwise look like a stolen token.
 */
class Session {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private refreshing: Promise<boolean> | null = null;
  private listeners = new Set<Listener>();
  /** The account the last refresh answered for (AuthPayload.user). */
  user: Me | null = null;

  get signedIn(): boolean {
    return this.accessToken !== null;
  }

  onSignedOut(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  accept(payload: { accessToken: string; expiresIn: number }): void {
    this.accessToken = payload.accessToken;
    this.expiresAt = Date.now() + payload.expiresIn * 1000;
  }

  /** Forgets the access token; with `notify`, the app shows the sign-in page. */
  clear(notify: boolean): void {
    this.accessToken = null;
    this.expiresAt = 0;
    if (notify) for (const l of this.listeners) l();
  }

  /** Trades the cookie for a fresh access token; false when there is no (valid) session. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      const run = async () => {
        try {
          const data = await rawRequest(RefreshMutation, {}, null);
          this.accept(data.refreshToken);
          this.user = data.refreshToken.user;
          return true;
        } catch {
          this.accessToken = null;
          this.user = null;
          return false;
        }
      };
      const locks = (navigator as Navigator & { locks?: LockManager }).locks;
      const pending = (locks ? (locks.request('crm-session-refresh', run) as unknown as Promise<boolean>) : run()).finally(() => {
        this.refreshing = null;
      });
      this.refreshing = pending;
      return pending;
    }
    return this.refreshing;
  }

  async token(): Promise<string | null> {
    if (this.accessToken && Date.now() < this.expiresAt - 30_000) return this.accessToken;
    if (this.accessToken) await this.refresh();
    return this.accessToken;
  }
}

export const session = new Session();

const printed = new WeakMap<object, string>();
function source(doc: object): string {
  let text = printed.get(doc);
  if (!text) {
    text = print(doc as Parameters<typeof print>[0]);
    printed.set(doc, text);
  }
  return text;
}

async function rawRequest<R, V>(doc: TadaDocumentNode<R, V>, variables: V, token: string | null): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'x-crm-session': 'cookie',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: source(doc), variables }),
    });
  } catch {
    throw new ApiError([{ message: 'Network error', extensions: { code: 'NETWORK_ERROR' } }], 0);
  }
  let body: { data?: R | null; errors?: ApiErrorItem[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{ message: `HTTP ${response.status}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], response.status);
  }
  if (body.errors?.length) throw new ApiError(body.errors, response.status);
  return body.data as R;
}

/**
 * Runs a typed operation with the session's token. An UNAUTHENTICATED refusal is retried once
 * after a refresh; when that fails too, the app is told to show the sign-in page (which brings
 * the user back to where they were).
 */
export async function request<R, V>(doc: TadaDocumentNode<R, V>, variables: V = {} as V): Promise<R> {
  const token = await session.token();
  try {
    return await rawRequest(doc, variables, token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED' || !token) throw error;
    if (!(await session.refresh())) {
      session.clear(true);
      throw error;
    }
    return rawRequest(doc, variables, await session.token());
  }
}

/** Sign-in and sign-out, which set and clear the cookie. */
export { rawRequest };

/**
 * A plain HTTP call to the API's file routes (upload, template, report, export) with the session's
 * token; a 401 is retried once after a refresh. Refusals come back in the API's JSON error shape.
 */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const send = async () => {
    const token = await session.token();
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers, credentials: 'same-origin' });
  };
  let response = await send();
  if (response.status === 401) {
    if (!(await session.refresh())) {
      session.clear(true);
      return response;
    }
    response = await send();
  }
  return response;
}

/** Reads a refusal of a file route as an ApiError. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { errors?: ApiErrorItem[] };
    if (body.errors?.length) return new ApiError(body.errors, response.status);
  } catch {
    // not JSON
  }
  return new ApiError([{ message: `HTTP ${response.status}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], response.status);
}

/** Saves a download answered by a file route under the name the server gave (or `fallback`). */
export async function saveDownload(response: Response, fallback: string): Promise<void> {
  if (!response.ok) throw await apiErrorOf(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : fallback;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
