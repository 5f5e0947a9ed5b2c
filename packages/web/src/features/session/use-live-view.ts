import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_EVENT_TYPES } from '@kairos/api';
import { errorText } from '../../api/use-resource';

/** Every event type the live stream sends: the contract's list (an EventSource hears only the named events it listens to). */
export { LIVE_EVENT_TYPES };

/** connecting: not yet open; live: the stream is open; reconnecting: it dropped (a slow poll stands in). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** The stream to follow: a site (the Today board) or one session of it (the console). */
export interface LiveStream {
  siteId: string;
  sessionId?: string;
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
  reload(): void;
  /** Puts an answer the server already gave (after a change) in place. */
  replace(data: T): void;
}

export const DEFAULT_FALLBACK_MS = 30_000;
/** The browser's own EventSource retry covers network drops; when it gives up (a refused request), we retry, backing off to this. */
const MAX_RETRY_MS = 30_000;

function streamUrl(stream: LiveStream, lastEventId: string | undefined): string {
  const q = new URLSearchParams({ siteId: stream.siteId });
  if (stream.sessionId !== undefined) q.set('sessionId', stream.sessionId);
  if (lastEventId !== undefined && /^\d{1,18}$/.test(lastEventId)) q.set('lastEventId', lastEventId);
  return `/api/events?${q.toString()}`;
}

/**
 * Loads `load()` while `key` stays the same, and again whenever the live stream (Server-Sent
 * Events, `GET /api/events`) says something changed: events within `debounceMs` make one refetch.
 * While the stream is down, a slow poll (`fallbackMs`) stands in, and when it opens again the view
 * is refetched at once (what changed meanwhile). One request at a time; a change heard during a
 * request is fetched right after it; a late answer for an older key is dropped.
 *
 * Refreshes replace only the data: components keep what a user is typing (an Aldrete entry, a
 * reading, a reason) as their own state, and must not reset it when a new answer arrives.
 */
export function useLiveView<T>(key: string, load: () => Promise<T>, stream: LiveStream | undefined, options: LiveViewOptions<T> = {}): LiveView<T> {
  const { debounceMs = 300, fallbackMs = DEFAULT_FALLBACK_MS, changesAt, skewMs = 0 } = options;
  const [state, setState] = useState<{ key: string; data?: T; error?: string; updatedAt?: number }>({ key });
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [lastEvent, setLastEvent] = useState<LiveEvent>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);
  keyRef.current = key;
  const generation = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);

  const run = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    again.current = false;
    const mine = generation.current;
    const forKey = keyRef.current;
    const settle = () => {
      if (mine !== generation.current) return;
      inFlight.current = false;
      if (again.current) run();
    };
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ key: forKey, data, updatedAt: Date.now() });
        settle();
      },
      (e: unknown) => {
        if (mine === generation.current) setState((s) => ({ ...s, key: forKey, error: errorText(e, 'The update failed; retrying.') }));
        settle();
      },
    );
  }, []);

  // A new key: forget the old answer and load.
  useEffect(() => {
    generation.current++;
    inFlight.current = false;
    again.current = false;
    setState({ key });
    run();
    return () => {
      generation.current++;
      inFlight.current = false;
    };
  }, [key, run]);

  // The stream: every event asks for a (debounced) refetch.
  const siteId = stream?.siteId;
  const sessionId = stream?.sessionId;
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
    const refetchSoon = () => {
      debounce ??= setTimeout(() => {
        debounce = undefined;
        run();
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
      setLastEvent({ id: e.lastEventId, type: e.type, data });
      refetchSoon();
    };
    const connect = () => {
      const src = new EventSource(streamUrl({ siteId, ...(sessionId === undefined ? {} : { sessionId }) }, lastId));
      source = src;
      src.onopen = () => {
        attempt = 0;
        setStatus('live');
        // Whatever changed before the stream opened (or while it was down) is fetched now.
        run();
      };
      src.onerror = () => {
        if (closed) return;
        setStatus('reconnecting');
        if (src.readyState === EventSource.CLOSED) {
          // The browser gave up (the server refused the stream, e.g. a session that expired): try again later.
          src.close();
          retry = setTimeout(connect, Math.min(MAX_RETRY_MS, 2000 * 2 ** attempt++));
        }
        // Otherwise the browser reconnects by itself, sending Last-Event-ID.
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
  }, [siteId, sessionId, debounceMs, run]);

  // The fallback: a slow poll, only while the stream is not live.
  useEffect(() => {
    if (status === 'live') return;
    const timer = setInterval(run, fallbackMs);
    return () => clearInterval(timer);
  }, [status, fallbackMs, run]);

  // A tablet waking up: refetch at once rather than wait for the stream to notice.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [run]);

  // Changes by time alone (no event announces them): refetch when the next one is due.
  const current = state.key === key ? state : { key };
  const data = current.data;
  const nextChange = data === undefined || changesAt === undefined ? undefined : nextInstant(changesAt(data), Date.now() + skewMs);
  useEffect(() => {
    if (nextChange === undefined) return;
    // A second late, so the server's clock has passed the instant too.
    const delay = nextChange - (Date.now() + skewMs) + 1000;
    if (delay > 24 * 3_600_000) return;
    const timer = setTimeout(run, Math.max(0, delay));
    return () => clearTimeout(timer);
  }, [nextChange, skewMs, run]);

  const replace = useCallback((next: T) => {
    generation.current++;
    inFlight.current = false;
    again.current = false;
    setState({ key: keyRef.current, data: next, updatedAt: Date.now() });
  }, []);

  return { data, error: current.error, updatedAt: current.updatedAt, status, lastEvent, reload: run, replace };
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
