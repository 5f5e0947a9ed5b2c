import { useCallback, useState } from 'react';
import { errorText } from '../../api/use-resource';

/** Runs one change at a time, with its error kept for the component that asked for it. */
export function useAct() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = useCallback(async <T,>(fn: () => Promise<T>, then?: (value: T) => void): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      const value = await fn();
      then?.(value);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, act };
}
