import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads data for a page when `deps` change; `reload` fetches it again after a change. An
 * answer that arrives after the page moved on is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and version are the triggers; the loader is read from its ref.
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    loader
      .current()
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
