import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is calling, as far as the audit trail and logs need to know. */
export interface RequestActor {
  id: string;
  email: string;
  role: string;
  /** A person (the default) or an API key (issue 17): audit events record which. */
  kind?: 'USER' | 'API_KEY';
}

export interface RequestContextData {
  requestId: string;
  ip?: string;
  actor?: RequestActor;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * Per-request data that must reach code far from the resolver (the audit writer, the logger)
 * without being threaded through every call.
 */
export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  get(): RequestContextData | undefined {
    return storage.getStore();
  },
  setActor(actor: RequestActor): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
};
