import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export type Resource<T> =
  | { status: 'loading'; previous?: T }
  | { status: 'done'; data: T }
  | { status: 'error'; code: string; httpStatus: number; message: string };

/**
 * Loads `load()` whenever `key` changes (the last answer wins). `reload` fetches again and keeps
 * what is shown meanwhile; `replace` puts an answer the server already gave (after a change) in place.
 */
export function useResource<T>(key: string, load: () => Promise<T>, fallbackMessage = 'This could not be loaded.') {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => (s.status === 'done' ? { status: 'loading', previous: s.data } : { status: 'loading' }));
    loadRef.current().then(
      (data) => mine === generation.current && setState({ status: 'done', data }),
      (e: unknown) =>
        mine === generation.current &&
        setState({
          status: 'error',
          code: e instanceof ApiError ? e.code : 'UNKNOWN',
          httpStatus: e instanceof ApiError ? e.status : 0,
          message: e instanceof ApiError && e.message !== '' ? e.message : fallbackMessage,
        }),
    );
  }, [fallbackMessage]);

  useEffect(() => {
    run();
    return () => {
      generation.current++;
    };
  }, [key, run]);

  const replace = useCallback((data: T) => {
    generation.current++;
    setState({ status: 'done', data });
  }, []);

  /** What to show: the answer, or the previous answer while reloading. */
  const data = state.status === 'done' ? state.data : state.status === 'loading' ? state.previous : undefined;
  return { state, data, reload: run, replace };
}

/** A readable message for any error thrown by apiFetch or apiSend. */
export function errorText(e: unknown, fallback = 'That did not work. Try again.'): string {
  return e instanceof ApiError && e.message !== '' ? e.message : fallback;
}

/** "12 Mar 2026, 14:05" in the browser's locale. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
