import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_TOKEN_PREFIX } from '@crm/auth';

/** `crm_<prefix>_<secret>`: the prefix is stored and shown; the secret only as a hash. */
const TOKEN = /^crm_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyParts {
  prefix: string;
  /** SHA-256 of the whole key (the secret carries 256 random bits: no salt or slow hash needed). */
  hash: Buffer;
}

export function hashApiKey(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new key: its token (shown once) and what is stored of it. */
export function newApiKey(): { token: string } & ApiKeyParts {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const prefix = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
  const token = `${API_KEY_TOKEN_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, hash: hashApiKey(token) };
}

/** The parts of a presented key; null when it cannot be a key of ours. */
export function parseApiKey(token: string): ApiKeyParts | null {
  const m = TOKEN.exec(token);
  return m ? { prefix: m[1], hash: hashApiKey(token) } : null;
}
