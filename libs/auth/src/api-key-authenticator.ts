import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@crm/shared';
import type { Caller } from './caller';

/** Every API key starts so (`crm_<prefix>_<secret>`); an access token (a JWT) never does. */
export const API_KEY_TOKEN_PREFIX = 'crm_';

export const isApiKeyToken = (token: string): boolean => token.startsWith(API_KEY_TOKEN_PREFIX);

/** Turns an API key into its caller, or throws (UNAUTHENTICATED, TOO_MANY_REQUESTS). */
export type ApiKeyVerifier = (token: string) => Promise<Caller>;

/**
 * The extension point through which @crm/integration authenticates API keys: auth knows that a
 * bearer token may be a key, integration knows what a key is. With no verifier registered (an
 * app without integrations), every key is refused.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private verifier: ApiKeyVerifier | null = null;

  use(verifier: ApiKeyVerifier): void {
    this.verifier = verifier;
  }

  authenticate(token: string): Promise<Caller> {
    if (!this.verifier) return Promise.reject(new UnauthenticatedError('API keys are not accepted here'));
    return this.verifier(token);
  }
}
