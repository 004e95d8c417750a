import { useCallback, useEffect, useState } from 'react';

/** Loads data for a page; `reload` fetches it again after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the loader reads.
  const run = useCallback(() => {
    setLoading(true);
    setError(null);
    load()
      .then(setData)
      .catch(setError)
      .finally(() => setLoading(false));
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run };
}
