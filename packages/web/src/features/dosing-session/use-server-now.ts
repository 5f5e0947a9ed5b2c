import { useSignIn } from '../sign-in/sign-in-context';
import { useNow } from '../../ui/use-now';

/**
 * The server's clock as seen from the browser (demo and test mode may offset or move it): the
 * absolute sign-in expiry is the one deadline activity never moves, so server minus browser time
 * is the server's absolute expiry minus the browser-clock deadline made from it on arrival.
 */
export function useServerSkewMs(): number {
  const { state } = useSignIn();
  if (state.status !== 'signed-in') return 0;
  const skew = Date.parse(state.signedIn.absoluteExpiresAt) - state.deadlines.absoluteMs;
  return Number.isFinite(skew) ? skew : 0;
}

/** The server's "now" in ms, re-read every `everyMs`. */
export function useServerNow(everyMs: number): number {
  const skew = useServerSkewMs();
  return useNow(everyMs) + skew;
}
