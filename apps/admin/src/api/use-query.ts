import type { TadaDocumentNode } from 'gql.tada';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, request } from './client';

export interface QueryState<R> {
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): Promise<void>;
}

/** Runs a typed query when its variables change; the last answer wins. */
export function useQuery<R, V>(doc: TadaDocumentNode<R, V>, variables: V, options: { skip?: boolean } = {}): QueryState<R> {
  const [data, setData] = useState<R>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables);
  const seq = useRef(0);
  const run = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await request(doc, JSON.parse(key) as V);
      if (mine === seq.current) {
        setData(result);
        setError(undefined);
      }
    } catch (e) {
      if (mine === seq.current) setError(e instanceof ApiError ? e : new ApiError([{ message: String(e) }]));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [doc, key]);
  useEffect(() => {
    if (!options.skip) void run();
  }, [run, options.skip]);
  return { data, error, loading, reload: run };
}
