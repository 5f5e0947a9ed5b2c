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
import { sql } from 'kysely';
import pg from 'pg';
import type { LiveEventPayload, LiveEventType } from '@kairos/api';
import type { Db } from '../store/database.js';

export const LIVE_CHANNEL = 'kairos_live';

/** One event to announce: its type and payload are the contract's (`@kairos/api` live-events). */
export type LiveEventInput = {
  [T in LiveEventType]: { siteId: string; sessionId?: string | null; type: T; payload: LiveEventPayload<T>; at: Date };
}[LiveEventType];

/** Appends a live event in the transaction of the change, and announces it on commit. */
export async function appendLiveEvent(tx: Db, e: LiveEventInput): Promise<void> {
  await tx
    .insertInto('live_event')
    .values({ site_id: e.siteId, session_id: e.sessionId ?? null, type: e.type, payload: JSON.stringify(e.payload), at: e.at })
    .execute();
  // Delivered by PostgreSQL only when the transaction commits.
  await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${e.siteId})`.execute(tx);
}

export interface LiveEventRow {
  seq: string;
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
  return rows.map((r) => ({
    seq: String(r.seq),
    type: r.type,
    sessionId: r.session_id,
    payload: r.payload,
    at: r.at.toISOString(),
  }));
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

/** A bus for this instance; with a PostgreSQL URL it also listens for other instances' changes. */
export async function createLiveBus(options: { postgresUrl?: string; onError?: (err: unknown) => void } = {}): Promise<LiveBus> {
  const subscribers = new Set<() => void>();
  const wake = (): void => {
    for (const s of subscribers) s();
  };
  let client: pg.Client | undefined;
  if (options.postgresUrl !== undefined) {
    client = new pg.Client({ connectionString: options.postgresUrl });
    client.on('error', (err) => options.onError?.(err));
    await client.connect();
    client.on('notification', wake);
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
  }
  return {
    subscribe(onWake) {
      subscribers.add(onWake);
      return () => subscribers.delete(onWake);
    },
    nudge: wake,
    async close() {
      subscribers.clear();
      await client?.end().catch(() => undefined);
    },
  };
}
