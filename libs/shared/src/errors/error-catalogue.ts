import { AppError, appErrorOf, FieldError } from './app-error';
import { ErrorCode } from './error-code';

/**
 * Error catalogues: each library states its refusal reasons once, with a stable reason, the
 * error code, and the message in English and in Chinese. Throw sites name the entry and pass
 * the values; the error that leaves the API keeps its English `message` and carries
 * `extensions.reason`, `extensions.messageZh` and `extensions.field`.
 *
 *   export const ChamberErrors = defineErrors('chamber', {
 *     NOT_LIVE: {
 *       code: ErrorCode.Conflict,
 *       en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}`,
 *       zh: (p) => `${p.chamber}${p.status}`,
 *     },
 *   });
 *   throw ChamberErrors.NOT_LIVE({ chamber: c.name, status: statusText(c.status) }, { field: 'id' });
 *
 * Message functions only interpolate their parameters (no lookups, no arithmetic): the
 * catalogue lists each message as a template (`{chamber}`) by calling it with placeholders.
 * A value that reads differently in each language (a status, a position title) is passed as a
 * `Localized` pair; English messages get `en`, Chinese ones `zh`.
 */

/** A value written differently in each language. */
export interface Localized {
  readonly en: string;
  readonly zh: string;
}

export function localized(en: string, zh: string): Localized {
  return { en, zh };
}

function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && typeof (value as Localized).en === 'string' && typeof (value as Localized).zh === 'string';
}

/** A message: fixed text, or a function of the entry's parameters. */
export type MessageTemplate<P> = string | ((params: P) => string);

/** What a throw site passes: each parameter as the message reads it, or a Localized pair. */
export type MessageArgs<P> = { [K in keyof P]: P[K] | Localized };

export interface ErrorDefinition<P> {
  code: ErrorCode;
  en: MessageTemplate<P>;
  zh: MessageTemplate<P>;
  /**
   * Only for a reason clients already switched on before the catalogue existed; otherwise the
   * reason is the library and the key (`CHAMBER_NO_RUNNING_TERM`).
   */
  reason?: string;
}

export interface ThrowOptions {
  /** The input field at fault (`input.position`), for the form to mark. */
  field?: string;
  /** Further extensions the client may use (currentVersion, holderId …). */
  extensions?: Record<string, unknown>;
}

export interface BilingualMessage {
  message: string;
  messageZh: string;
}

/** Parameters are optional for entries whose messages take none. */
type ParamArgs<P> = unknown extends P ? [params?: Record<string, never>] : [params: MessageArgs<P>];
type EntryArgs<P> = unknown extends P ? [params?: Record<string, never>, options?: ThrowOptions] : [params: MessageArgs<P>, options?: ThrowOptions];

/** One catalogue entry: call it to get the error (then `throw` it). */
export interface ErrorEntry<P> {
  (...args: EntryArgs<P>): AppError;
  readonly reason: string;
  readonly code: ErrorCode;
  readonly library: string;
  /** Both messages, for places that report rather than throw. */
  messages(...args: ParamArgs<P>): BilingualMessage;
  /** One problem among several (BadInputError.fields). */
  fieldError(field: string, ...args: ParamArgs<P>): FieldError;
}

export type ErrorCatalogue<E> = { readonly [K in keyof E]: ErrorEntry<E[K]> };

/** A registered reason as the `errorCatalogue` query lists it. */
export interface RegisteredReason {
  reason: string;
  code: ErrorCode;
  library: string;
  /** The English message with placeholders for its parameters (`{chamber} has no running term`). */
  messageEn: string;
  messageZh: string;
}

const reasons = new Map<string, RegisteredReason>();
const entityNames = new Map<string, string>();

/** Renders a template with the parameters in one language. */
export function renderMessage<P>(template: MessageTemplate<P>, params: unknown, lang: 'en' | 'zh'): string {
  if (typeof template === 'string') return template;
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    values[key] = isLocalized(value) ? value[lang] : value;
  }
  return template(values as P);
}

/** Both messages of a pair of templates. */
export function renderMessages<P>(en: MessageTemplate<P>, zh: MessageTemplate<P>, params?: MessageArgs<P>): BilingualMessage {
  return { message: renderMessage(en, params, 'en'), messageZh: renderMessage(zh, params, 'zh') };
}

/** A template with `{name}` where each parameter goes, read by calling the function with placeholders. */
export function templateOf<P>(template: MessageTemplate<P>): string {
  if (typeof template === 'string') return template;
  const placeholders = new Proxy({} as Record<string, string>, {
    get: (_target, key) => (typeof key === 'string' ? `{${key}}` : undefined),
  });
  return template(placeholders as unknown as P);
}

function reasonPrefix(library: string): string {
  return library.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * Declares a library's refusal reasons. `library` names the reasons' namespace (`chamber` →
 * `CHAMBER_…`); `entities` gives the Chinese names of the library's entities, which the
 * generic NOT_FOUND message uses (未找到商会). Each reason may be declared once in the process.
 */
export function defineErrors<E extends Record<string, unknown>>(
  library: string,
  definitions: { [K in keyof E]: ErrorDefinition<E[K]> },
  options: { entities?: Readonly<Record<string, string>> } = {},
): ErrorCatalogue<E> {
  for (const [entity, zh] of Object.entries(options.entities ?? {})) entityNames.set(entity, zh);
  const catalogue: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(definitions) as [string, ErrorDefinition<unknown>][]) {
    const reason = def.reason ?? `${reasonPrefix(library)}_${key}`;
    if (reasons.has(reason)) throw new Error(`The error reason ${reason} is declared twice`);
    reasons.set(reason, { reason, code: def.code, library, messageEn: templateOf(def.en), messageZh: templateOf(def.zh) });
    const messages = (params?: unknown): BilingualMessage => renderMessages(def.en, def.zh, params as MessageArgs<unknown>);
    const entry = (params?: unknown, opts: ThrowOptions = {}): AppError => {
      const { message, messageZh } = messages(params);
      return appErrorOf(def.code, message, {
        reason,
        messageZh,
        ...(opts.field !== undefined ? { field: opts.field } : {}),
        ...opts.extensions,
      });
    };
    Object.assign(entry, {
      reason,
      code: def.code,
      library,
      messages,
      fieldError: (field: string, params?: unknown): FieldError => ({ field, reason, ...messages(params) }),
    });
    catalogue[key] = entry;
  }
  return catalogue as ErrorCatalogue<E>;
}

/** A message in both languages, with the parameters its templates take. */
export interface MessageDefinition<P> {
  en: MessageTemplate<P>;
  zh: MessageTemplate<P>;
}

export type MessageCatalogue<E> = { readonly [K in keyof E]: (...args: ParamArgs<E[K]>) => BilingualMessage };

/**
 * Messages that are reported rather than thrown (the rows of an import report): the same
 * English/Chinese pairs as defineErrors, without a code or a registered reason (the report
 * carries its own reason codes).
 */
export function defineMessages<E extends Record<string, unknown>>(definitions: { [K in keyof E]: MessageDefinition<E[K]> }): MessageCatalogue<E> {
  const catalogue: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(definitions) as [string, MessageDefinition<unknown>][]) {
    catalogue[key] = (params?: unknown) => renderMessages(def.en, def.zh, params as MessageArgs<unknown>);
  }
  return catalogue as MessageCatalogue<E>;
}

/** Every reason declared so far (every catalogue the application loaded), by reason. */
export function registeredReasons(): RegisteredReason[] {
  return [...reasons.values()].sort((a, b) => a.reason.localeCompare(b.reason));
}

export function findReason(reason: string): RegisteredReason | undefined {
  return reasons.get(reason);
}

/** The Chinese name a catalogue gave an entity (`Chamber` → 商会), for generic messages. */
export function entityNameZh(entity: string): string | undefined {
  return entityNames.get(entity);
}
