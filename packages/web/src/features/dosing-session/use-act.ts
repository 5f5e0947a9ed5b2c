import { useCallback, useState } from 'react';
import { problemText } from './chair-words';

/**
 * Runs one change at a time, with its error kept in plain words for the component that asked for
 * it; `onError` sees the failure itself (e.g. to read a refusal's code).
 */
export function useAct() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = useCallback(async <T>(fn: () => Promise<T>, then?: (value: T) => void, onError?: (e: unknown) => void): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      const value = await fn();
      then?.(value);
      return true;
    } catch (e) {
      setError(problemText(e));
      onError?.(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, act };
}
