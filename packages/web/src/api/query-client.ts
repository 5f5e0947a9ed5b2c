import { QueryClient } from '@tanstack/react-query';
import { onApiEvent } from './client';

/**
 * The one TanStack Query cache of the app. Answers are shared between the components that ask
 * for the same key (one request, one answer), refetched when a live event invalidates them.
 *
 * No retries (a refused request is shown, not repeated) and no refetch on window focus (the live
 * views refetch on their own when a tablet wakes).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
  },
});

/** Paths whose answer starts or ends who is signed in: staff sign-in and the patient portal. */
const SIGN_IN_PATHS = new Set(['/api/session', '/api/portal/session']);

// A shared tablet: nothing one person loaded may be shown to the next. When someone signs in or
// out, or the server no longer knows the session, every answer no page is showing is forgotten
// (what is on screen stays with its page, as before the cache, and goes when the page does; the
// next sign-in forgets it). Clearing the queries pages are observing would leave those pages
// unable to load again.
onApiEvent(({ method, path, status }) => {
  const signInChange = SIGN_IN_PATHS.has(path) && (method === 'POST' || method === 'DELETE');
  if (signInChange || status === 401) queryClient.removeQueries({ type: 'inactive' });
});
