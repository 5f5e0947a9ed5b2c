import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/use-resource';

export interface Polled<T> {
  data: T | undefined;
  /** The last failure, while it lasts (the last good answer stays shown). */
  error: string | undefined;
  /** Browser-clock ms of the last good answer. */
  updatedAt: number | undefined;
  reload(): void;
  /** Puts an answer the server already gave (after a change) in place. */
  replace(data: T): void;
}

/**
 * Loads `load()` now and every `everyMs` while `key` stays the same (polling until live server
 * events arrive). One request at a time; a late answer for an older key is dropped.
 */
export function usePolling<T>(key: string, load: () => Promise<T>, everyMs: number): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: string; updatedAt?: number }>({ key });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const inFlight = useRef(false);

  const run = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const mine = generation.current;
    loadRef.current().then(
      (data) => {
        inFlight.current = false;
        if (mine === generation.current) setState({ key, data, updatedAt: Date.now() });
      },
      (e: unknown) => {
        inFlight.current = false;
        if (mine === generation.current) setState((s) => ({ ...s, key, error: errorText(e, 'The update failed; retrying.') }));
      },
    );
  }, [key]);

  useEffect(() => {
    generation.current++;
    inFlight.current = false;
    setState({ key });
    run();
    const timer = setInterval(run, everyMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [key, run, everyMs]);

  const replace = useCallback(
    (data: T) => {
      generation.current++;
      inFlight.current = false;
      setState({ key, data, updatedAt: Date.now() });
    },
    [key],
  );

  const current = state.key === key ? state : { key };
  return { data: current.data, error: current.error, updatedAt: current.updatedAt, reload: run, replace };
}
