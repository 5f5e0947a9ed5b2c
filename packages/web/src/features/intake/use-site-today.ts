import { localDateOf } from '@kairos/core';
import { useSignIn } from '../sign-in/sign-in-context';

/** Today's date (YYYY-MM-DD) at the signed-in user's site; the browser's zone until the site is known. */
export function useSiteToday(): string {
  const { signedIn } = useSignIn();
  return localDateOf(Date.now(), signedIn?.site?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}
