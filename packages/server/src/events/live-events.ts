/**
 * Live events. Services append an event to `live_event` inside the transaction of the change
 * (so only committed changes are ever announced) and NOTIFY; every server instance wakes its
 * subscribers, which read the events after the last one they sent. On PostgreSQL a LISTEN
 * connection carries the wake-up across instances; on the embedded database (one process) the
 * instance wakes itself after each change. Because the log is in the database, a client that
 * reconnects with Last-Event-ID misses nothing.
 *
 * @module
 */
import { sql, type InsertQueryBuilder, type InsertResult, type QueryCreator } from 'kysely';
import pg from 'pg';
import type { LiveEventPayload, LiveEventType } from '@kairos/api';
import type { Db } from '../store/database.js';
import type { Database as Schema } from '../store/schema.js';

export const LIVE_CHANNEL = 'kairos_live';

/** One event to announce: its type and payload are the contract's (`@kairos/api` live-events). */
export type LiveEventInput = {
  [T in LiveEventType]: { siteId: string; sessionId?: string | null; type: T; payload: LiveEventPayload<T>; at: Date };
}[LiveEventType];

/** Another INSERT to run in the same statement as the live events' (the audit events staged with them). */
export type Alongside = (db: QueryCreator<Schema>) => InsertQueryBuilder<Schema, 'audit_pending', InsertResult>;

/** Appends a live event in the transaction of the change, and announces it on commit. */
export async function appendLiveEvent(tx: Db, e: LiveEventInput): Promise<void> {
  await appendLiveEvents(tx, [e]);
}

/**
 * Appends events in the transaction of their change (a group of monitors' readings): one
 * statement, announced to every instance (NOTIFY, with the site's id only) when it commits.
 */
export async function appendLiveEvents(tx: Db, events: readonly LiveEventInput[], alongside?: Alongside): Promise<void> {
  if (events.length === 0) {
    if (alongside !== undefined) await alongside(tx).execute();
    return;
  }
  // One statement: the rows, and a notification per row naming its site (PostgreSQL folds the
  // same notification repeated in a transaction into one), delivered at the commit; and the
  // `alongside` INSERT, when given (it runs whether or not anything reads it).
  await tx
    .with('alongside', (db) => (alongside === undefined ? db.selectNoFrom(sql<number>`1`.as('none')) : alongside(db)))
    .with('added', (db) =>
      db
        .insertInto('live_event')
        .values(
          events.map((e) => ({
            site_id: e.siteId,
            session_id: e.sessionId ?? null,
            type: e.type,
            payload: JSON.stringify(e.payload),
            at: e.at,
          })),
        )
        .returning('site_id'),
    )
    .selectFrom('added')
    .select(sql<string>`pg_notify(${LIVE_CHANNEL}, added.site_id::text)`.as('notified'))
    .execute();
}

export interface LiveEventRow {
  seq: string;
  siteId: string;
  type: string;
  sessionId: string | null;
  payload: Record<string, unknown>;
  at: string;
}

/** Events of a site (optionally one session) after `afterSeq`, oldest first. */
export async function readLiveEvents(
  db: Db,
  filter: { siteId: string; sessionId?: string },
  afterSeq: string,
  limit = 500,
): Promise<LiveEventRow[]> {
  let q = db
    .selectFrom('live_event')
    .selectAll()
    .where('site_id', '=', filter.siteId)
    .where(sql<boolean>`seq > ${afterSeq}::bigint`);
  if (filter.sessionId !== undefined) q = q.where('session_id', '=', filter.sessionId);
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map(toLiveEventRow);
}

function toLiveEventRow(r: {
  seq: string | number | bigint;
  site_id: string;
  type: string;
  session_id: string | null;
  payload: unknown;
  at: Date;
}): LiveEventRow {
  return {
    seq: String(r.seq),
    siteId: r.site_id,
    type: r.type,
    sessionId: r.session_id,
    payload: r.payload as Record<string, unknown>,
    at: r.at.toISOString(),
  };
}

/** One listener of the hub: the events of a site, or of one session of it. */
export interface LiveListener {
  siteId: string;
  sessionId?: string;
  deliver: (rows: readonly LiveEventRow[]) => void;
}

export interface LiveHub {
  /**
   * Starts handing `listener` the events it may see committed after the sequence number `after`
   * (the listener's own catch-up read starts there too); returns the stop. A hub with no listener
   * reads nothing, and the first listener after a quiet spell sets where it reads from.
   */
  listen: (listener: LiveListener, after: string) => () => void;
  /** Reads what was committed since the last read (the streams' heartbeat calls it as a safety net). */
  read: () => Promise<void>;
  close: () => void;
}

/** How long a sequence number missing below the newest read is looked for again (a transaction still committing). */
const GAP_MS = 10_000;
const GAPS_MAX = 10_000;
const READ_LIMIT = 1_000;

/**
 * The instance's reader of live events. On each wake (a change made here, a NOTIFY from another
 * instance, a stream's heartbeat) it reads the events committed since its last read once, and
 * hands each listener, from memory, the ones it may see: a board its site's, a console its
 * session's. Fifty boards cost one query per change, not fifty. Sequence numbers are given at
 * insert and transactions commit in any order, so a number missing below the newest one read is
 * looked for again on the following reads for `GAP_MS`, then given up (a rolled-back insert).
 * While nobody listens (a server that only takes monitors' readings) a wake reads nothing; the
 * listener that ends the quiet spell sets the cursor to where its own catch-up starts, so what was
 * committed meanwhile is neither lost to it nor read by the hub for nobody.
 */
export function createLiveHub(db: () => Db, bus: LiveBus, onError: (err: unknown) => void = () => undefined): LiveHub {
  /** Each listener with the sequence number after which it takes events. */
  const listeners = new Map<LiveListener, bigint>();
  let cursor: bigint | undefined;
  const gaps = new Map<bigint, number>();
  let reading = false;
  let again = false;
  /** No listener since the last read: the cursor is stale until a listener sets it. */
  let quiet = false;

  const deliver = (rows: readonly LiveEventRow[]): void => {
    if (rows.length === 0) return;
    for (const [l, after] of listeners) {
      const mine = rows.filter(
        (r) => r.siteId === l.siteId && (l.sessionId === undefined || r.sessionId === l.sessionId) && BigInt(r.seq) > after,
      );
      if (mine.length > 0) l.deliver(mine);
    }
  };

  const readOnce = async (): Promise<number> => {
    if (listeners.size === 0) {
      // Nobody to hand anything to: the next listener says where to start.
      quiet = true;
      return 0;
    }
    if (cursor === undefined) {
      cursor = BigInt(await latestLiveSeq(db()));
      return 0;
    }
    const now = performance.now();
    for (const [seq, since] of gaps) if (now - since > GAP_MS) gaps.delete(seq);
    const after = cursor;
    const missing = [...gaps.keys()].map(String);
    const rows = await db()
      .selectFrom('live_event')
      .selectAll()
      .where((eb) =>
        missing.length === 0
          ? sql<boolean>`seq > ${String(after)}::bigint`
          : eb.or([sql<boolean>`seq > ${String(after)}::bigint`, sql<boolean>`seq = ANY(${missing}::bigint[])`]),
      )
      .orderBy('seq')
      .limit(READ_LIMIT)
      .execute();
    let expected = after + 1n;
    for (const r of rows) {
      const seq = BigInt(r.seq);
      if (seq <= after) {
        gaps.delete(seq);
        continue;
      }
      for (; expected < seq && gaps.size < GAPS_MAX; expected++) gaps.set(expected, now);
      expected = seq + 1n;
      if (seq > (cursor ?? 0n)) cursor = seq;
    }
    deliver(rows.map(toLiveEventRow));
    return rows.length;
  };

  const read = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        while ((await readOnce()) === READ_LIMIT);
      } while (again);
    } catch (err) {
      onError(err);
    } finally {
      reading = false;
    }
  };

  const unsubscribe = bus.subscribe(() => void read());
  void read();
  return {
    listen(listener, after) {
      if (quiet || cursor === undefined) {
        quiet = false;
        cursor = BigInt(after);
        gaps.clear();
      }
      listeners.set(listener, BigInt(after));
      return () => listeners.delete(listener);
    },
    read,
    close: () => {
      unsubscribe();
      listeners.clear();
    },
  };
}

export async function latestLiveSeq(db: Db): Promise<string> {
  const r = await db.selectFrom('live_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r === undefined ? '0' : String(r.seq);
}

/** Wakes subscribers when events may be waiting. */
export interface LiveBus {
  subscribe: (onWake: () => void) => () => void;
  /** Wake every subscriber of this instance (after a change made here). */
  nudge: () => void;
  close: () => Promise<void>;
}

/** Backoff between LISTEN reconnect attempts: 100 ms doubling to a 5 s cap, reset on success. */
export const LISTEN_RETRY_MIN_MS = 100;
export const LISTEN_RETRY_MAX_MS = 5_000;

/**
 * A bus for this instance; with a PostgreSQL URL it also listens for other instances' changes.
 * The LISTEN connection is re-established with backoff after it is lost (server restart,
 * terminated backend); subscribers are woken once after each reconnect, since notifications
 * may have been missed while it was down. Errors go to `onError`, never thrown.
 */
export async function createLiveBus(
  options: { postgresUrl?: string; onError?: (err: unknown) => void; onReconnect?: () => void } = {},
): Promise<LiveBus> {
  const subscribers = new Set<() => void>();
  const wake = (): void => {
    for (const s of subscribers) s();
  };
  const report = (err: unknown): void => {
    try {
      options.onError?.(err);
    } catch {
      // a failing reporter must not break the listener
    }
  };
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = LISTEN_RETRY_MIN_MS;
  const url = options.postgresUrl;

  /** Opens a client and LISTENs; on failure ends it and throws. */
  const listen = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url });
    let lost = false;
    const onLost = (err?: unknown): void => {
      if (lost) return;
      lost = true;
      if (err !== undefined) report(err);
      if (client === c) {
        client = undefined;
        scheduleReconnect();
      }
    };
    c.on('error', (err) => onLost(err));
    c.on('end', () => onLost());
    c.on('notification', wake);
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (err) {
      lost = true;
      await c.end().catch(() => undefined);
      throw err;
    }
    return c;
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer !== undefined) return;
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, LISTEN_RETRY_MAX_MS);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void reconnect();
    }, wait);
    retryTimer.unref();
  };

  const reconnect = async (): Promise<void> => {
    if (closed) return;
    let c: pg.Client;
    try {
      c = await listen();
    } catch (err) {
      report(err);
      scheduleReconnect();
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    delayMs = LISTEN_RETRY_MIN_MS;
    options.onReconnect?.();
    wake();
  };

  if (url !== undefined) client = await listen();
  return {
    subscribe(onWake) {
      subscribers.add(onWake);
      return () => subscribers.delete(onWake);
    },
    nudge: wake,
    async close() {
      closed = true;
      subscribers.clear();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
