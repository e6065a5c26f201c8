import { GqlResponse } from './test-app';

/** The first error's stable code (`extensions.code`), or undefined when the call succeeded. */
export function errorCode(res: GqlResponse): string | undefined {
  return res.body.errors?.[0]?.extensions?.code as string | undefined;
}

/** Fails with the whole response when a call that should succeed did not. */
export function expectData<T>(res: GqlResponse<T>): T {
  if (res.body.errors?.length || !res.body.data) {
    throw new Error(`Expected data, got ${res.status}: ${JSON.stringify(res.body.errors ?? res.body)}`);
  }
  return res.body.data;
}
