import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { ApiError } from './client';

export type Resource<T> =
  | { status: 'loading'; previous?: T }
  | { status: 'done'; data: T }
  | { status: 'error'; code: string; httpStatus: number; message: string };

/**
 * Loads `load()` for `key` through the app's query cache (TanStack Query): components asking for
 * the same key share one request and one answer. While a new key loads, the previous answer stays
 * shown. `reload` fetches again and keeps what is shown meanwhile; `replace` puts an answer the
 * server already gave (after a change) in place, for every component showing that key.
 */
export function useResource<T>(key: string, load: () => Promise<T>, fallbackMessage = 'This could not be loaded.') {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => ['resource', key], [key]);
  // Boxed: a loader may answer `undefined` (nothing to load yet), which the cache does not hold.
  const query = useQuery({
    queryKey,
    queryFn: async (): Promise<Box<T>> => ({ value: await load() }),
    placeholderData: keepPreviousData,
    refetchOnMount: 'always',
  });

  const state = useMemo((): Resource<T> => {
    if (query.status === 'error') return errorState(query.error, fallbackMessage);
    if (query.status === 'pending') return { status: 'loading' };
    // A page opening shows what the server says now, never an answer cached before it opened
    // (a questionnaire resumed from its draft, a form filled from the record).
    if (!query.isFetchedAfterMount && !query.isPlaceholderData) return { status: 'loading' };
    if (query.isPlaceholderData) return { status: 'loading', previous: query.data.value };
    return { status: 'done', data: query.data.value };
  }, [query.status, query.error, query.data, query.isPlaceholderData, query.isFetchedAfterMount, fallbackMessage]);

  const { refetch } = query;
  const reload = useCallback(() => {
    void refetch();
  }, [refetch]);

  const replace = useCallback(
    (data: T) => {
      // An answer in flight is older than this one: drop it.
      void queryClient.cancelQueries({ queryKey, exact: true });
      queryClient.setQueryData<Box<T>>(queryKey, { value: data });
    },
    [queryClient, queryKey],
  );

  /** What to show: the answer, or the previous answer while reloading. */
  const data = state.status === 'done' ? state.data : state.status === 'loading' ? state.previous : undefined;
  return { state, data, reload, replace };
}

interface Box<T> {
  value: T;
}

function errorState(e: unknown, fallbackMessage: string): Resource<never> {
  return {
    status: 'error',
    code: e instanceof ApiError ? e.code : 'UNKNOWN',
    httpStatus: e instanceof ApiError ? e.status : 0,
    message: e instanceof ApiError && e.message !== '' ? e.message : fallbackMessage,
  };
}

/** A readable message for any error thrown by apiFetch or apiSend. */
export function errorText(e: unknown, fallback = 'That did not work. Try again.'): string {
  return e instanceof ApiError && e.message !== '' ? e.message : fallback;
}

/**
 * The zone every page shows instants in: the signed-in user's site (set at sign-in), so a chart
 * read from a laptop in another zone says the clinic's times; the browser's own until then.
 */
let displayTimeZone: string | undefined;

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone;
  instantFormat = undefined;
}

let instantFormat: Intl.DateTimeFormat | undefined;

/** "12 Mar 2026, 14:05": day month year and a 24-hour clock, at the user's site. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  instantFormat ??= new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(displayTimeZone === undefined ? {} : { timeZone: displayTimeZone }),
  });
  return instantFormat.format(d);
}
