import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LIVE_EVENT_TYPES } from '@kairos/api';
import { errorText } from './use-resource';

/** Every event type the live stream sends: the contract's list (an EventSource hears only the named events it listens to). */
export { LIVE_EVENT_TYPES };

/** connecting: not yet open; live: the stream is open; reconnecting: it dropped (a slow poll stands in). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** The stream to follow: a site (the Today board) or one dosing session of it (the console). */
export interface LiveStream {
  siteId: string;
  dosingSessionId?: string;
}

export interface LiveViewOptions<T> {
  /** Events within this window cause one refetch, at its end (default 300 ms). */
  debounceMs?: number;
  /** The poll while the stream is down (default 30 s). Nothing is polled while it is live. */
  fallbackMs?: number;
  /** Instants (ISO, server clock) at which the view changes by time alone, such as the end of the minimum observation: it is refetched then. */
  changesAt?: (data: T) => (string | null | undefined)[];
  /** Server clock minus browser clock, ms (for `changesAt`). */
  skewMs?: number;
  /**
   * Applies an event to the view in place, without fetching it again: the new view, or undefined
   * when the event cannot be applied (it is then fetched, as without this). Not used while a fetch
   * is in flight (its answer could be older than the event).
   */
  applyEvent?: (data: T, event: LiveEvent) => T | undefined;
}

export interface LiveView<T> {
  data: T | undefined;
  /** The last failure, while it lasts (the last good answer stays shown). */
  error: string | undefined;
  /** Browser-clock ms of the last good answer. */
  updatedAt: number | undefined;
  status: LiveStatus;
  /** The last event heard: components that load data of their own follow it. */
  lastEvent: LiveEvent | undefined;
  /** Fetches again now (after a change made here that the answer did not carry). */
  reload: () => void;
  /** Puts an answer the server already gave (after a change) in place. */
  replace: (data: T) => void;
}

export const DEFAULT_FALLBACK_MS = 30_000;
/** The browser's own EventSource retry covers network drops; when it gives up (a refused request), we retry, backing off to this. */
const MAX_RETRY_MS = 30_000;

function streamUrl(stream: LiveStream, lastEventId: string | undefined): string {
  const q = new URLSearchParams({ siteId: stream.siteId });
  if (stream.dosingSessionId !== undefined) q.set('sessionId', stream.dosingSessionId);
  if (lastEventId !== undefined && /^\d{1,18}$/.test(lastEventId)) q.set('lastEventId', lastEventId);
  return `/api/events?${q.toString()}`;
}

/**
 * Loads `load()` while `key` stays the same (a TanStack Query query), and again whenever the live
 * stream (Server-Sent Events, `GET /api/events`) says something changed: events within
 * `debounceMs` invalidate the query once. While the stream is down, a slow poll (`fallbackMs`)
 * stands in, and when it opens again the view is refetched at once (what changed meanwhile). A
 * change heard during a request cancels it and fetches again; a late answer for an older key is
 * never shown for the new one.
 *
 * Refreshes replace only the data: components keep what a user is typing (an Aldrete entry, a
 * reading, a reason) as their own state, and must not reset it when a new answer arrives.
 */
export function useLiveView<T>(
  key: string,
  load: () => Promise<T>,
  stream: LiveStream | undefined,
  options: LiveViewOptions<T> = {},
): LiveView<T> {
  const { debounceMs = 300, fallbackMs = DEFAULT_FALLBACK_MS, changesAt, skewMs = 0, applyEvent } = options;
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => ['live-view', key], [key]);
  const { status, lastEvent } = useLiveStream(stream, debounceMs, queryKey, applyEvent as Apply | undefined);
  const query = useQuery({
    queryKey,
    queryFn: load,
    refetchOnMount: 'always',
    refetchInterval: status === 'live' ? false : fallbackMs,
    refetchIntervalInBackground: true,
  });
  const { refetch } = query;
  const run = useCallback(() => {
    void refetch();
  }, [refetch]);

  // A tablet waking up: refetch at once rather than wait for the stream to notice.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [run]);

  // Changes by time alone (no event announces them): refetch when the next one is due.
  // A view opening shows what the server says now, never an answer cached before it opened.
  const data = query.isFetchedAfterMount ? query.data : undefined;
  const nextChange = data === undefined || changesAt === undefined ? undefined : nextInstant(changesAt(data), Date.now() + skewMs);
  useEffect(() => {
    if (nextChange === undefined) return;
    // A second late, so the server's clock has passed the instant too.
    const delay = nextChange - (Date.now() + skewMs) + 1000;
    if (delay > 24 * 3_600_000) return;
    const timer = setTimeout(run, Math.max(0, delay));
    return () => clearTimeout(timer);
  }, [nextChange, skewMs, run]);

  const replace = useCallback(
    (next: T) => {
      // An answer in flight is older than this one: drop it.
      void queryClient.cancelQueries({ queryKey, exact: true });
      queryClient.setQueryData(queryKey, next);
    },
    [queryClient, queryKey],
  );

  const error = query.isError ? errorText(query.error, 'The update failed; retrying.') : undefined;
  return { data, error, updatedAt: query.dataUpdatedAt === 0 ? undefined : query.dataUpdatedAt, status, lastEvent, reload: run, replace };
}

/** `LiveViewOptions.applyEvent`, as the stream holds it whatever the view's type. */
type Apply = (data: unknown, event: LiveEvent) => unknown;

/**
 * Follows the live stream of a site or a dosing session: each event (debounced) invalidates the query
 * `queryKey`, unless `applyEvent` applies it in place, and the stream opening (again) refetches it. The browser's EventSource reconnects by
 * itself after a network drop (sending Last-Event-ID); when it gives up (a refused request, such as
 * an expired sign-in) this retries, backing off.
 */
function useLiveStream(
  stream: LiveStream | undefined,
  debounceMs: number,
  queryKey: readonly unknown[],
  applyEvent: Apply | undefined,
): { status: LiveStatus; lastEvent: LiveEvent | undefined } {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [lastEvent, setLastEvent] = useState<LiveEvent>();
  const keyRef = useRef(queryKey);
  keyRef.current = queryKey;
  const applyRef = useRef(applyEvent);
  applyRef.current = applyEvent;
  const siteId = stream?.siteId;
  const dosingSessionId = stream?.dosingSessionId;
  useEffect(() => {
    setLastEvent(undefined);
    if (siteId === undefined) {
      setStatus('connecting');
      return;
    }
    let source: EventSource | undefined;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lastId: string | undefined;
    const invalidate = () => void queryClient.invalidateQueries({ queryKey: keyRef.current, exact: true });
    const refetchSoon = () => {
      debounce ??= setTimeout(() => {
        debounce = undefined;
        invalidate();
      }, debounceMs);
    };
    const onEvent = (e: MessageEvent<string>) => {
      if (e.lastEventId !== '') lastId = e.lastEventId;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(e.data) as Record<string, unknown>;
      } catch {
        // an event without JSON still means something changed
      }
      const event = { id: e.lastEventId, type: e.type, data };
      setLastEvent(event);
      // In place when the view can take it and no answer is on its way; else fetched again.
      const key = keyRef.current;
      const current = queryClient.getQueryData(key);
      const applied =
        applyRef.current === undefined ||
        current === undefined ||
        debounce !== undefined ||
        queryClient.isFetching({ queryKey: key, exact: true }) > 0
          ? undefined
          : applyRef.current(current, event);
      if (applied === undefined) refetchSoon();
      else if (applied !== current) queryClient.setQueryData(key, applied);
    };
    const connect = () => {
      const src = new EventSource(streamUrl({ siteId, ...(dosingSessionId === undefined ? {} : { dosingSessionId }) }, lastId));
      source = src;
      src.onopen = () => {
        attempt = 0;
        setStatus('live');
        // Whatever changed before the stream opened (or while it was down) is fetched now.
        invalidate();
      };
      src.onerror = () => {
        if (closed) return;
        setStatus('reconnecting');
        if (src.readyState === EventSource.CLOSED) {
          src.close();
          retry = setTimeout(connect, Math.min(MAX_RETRY_MS, 2000 * 2 ** attempt++));
        }
      };
      for (const type of LIVE_EVENT_TYPES) src.addEventListener(type, onEvent);
    };
    setStatus('connecting');
    connect();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(retry);
      clearTimeout(debounce);
    };
  }, [siteId, dosingSessionId, debounceMs, queryClient]);
  return { status, lastEvent };
}

/** The earliest of `instants` after `nowMs` (server clock), in ms. */
function nextInstant(instants: (string | null | undefined)[], nowMs: number): number | undefined {
  let next: number | undefined;
  for (const iso of instants) {
    if (iso === null || iso === undefined) continue;
    const t = Date.parse(iso);
    if (Number.isFinite(t) && t > nowMs && (next === undefined || t < next)) next = t;
  }
  return next;
}
