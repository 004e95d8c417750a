import { useSearchParams } from 'react-router-dom';

/**
 * The page's filters live in its URL (a result can be shared, the back button works): reads
 * one, and sets or clears one without adding a history entry per keystroke.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { get, set };
}
