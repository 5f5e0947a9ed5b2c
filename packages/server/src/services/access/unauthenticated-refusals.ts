/**
 * Requests refused before anyone is authenticated (no valid device token, no local secret) are on
 * the record without each taking a row of the chain: the first of a minute, for each kind of
 * refusal, is recorded in full (its address, its route); the others of that minute are counted and
 * recorded as one event when the minute is over (how many, from how many addresses, a sample of
 * them). A flood of 3,000 requests is two events a minute, not 3,000.
 *
 * @module
 */
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';

/** Addresses named in a minute's count (the number of distinct ones is always given). */
const SAMPLE_ADDRESSES = 20;
/** Distinct addresses tracked in a minute, beyond which they are only counted as "more". */
const MAX_ADDRESSES = 1_000;

interface Bucket {
  minute: number;
  action: string;
  ctx: RequestContext;
  details: Record<string, unknown>;
  more: number;
  addresses: Set<string>;
  addressesBeyond: number;
}

export interface UnauthenticatedRefusals {
  /** Records one refusal (in full when it is the first of its kind this minute, else counted). */
  record: (ctx: RequestContext, action: string, details: Record<string, unknown> & { reason?: string }) => Promise<void>;
  /** Writes the counts of the minutes that are over (or all, at close). */
  flush: (now: Date | 'all') => Promise<void>;
}

export function createUnauthenticatedRefusals(db: Db): UnauthenticatedRefusals {
  const buckets = new Map<string, Bucket>();
  const minuteOf = (d: Date) => Math.floor(d.getTime() / 60_000);

  async function write(b: Bucket): Promise<void> {
    if (b.more === 0) return;
    await audit(
      db,
      { actor: b.ctx.actor, now: new Date((b.minute + 1) * 60_000), requestId: null, clientAddress: null },
      {
        action: `${b.action}:repeated`,
        outcome: 'denied',
        details: {
          ...b.details,
          minute: new Date(b.minute * 60_000).toISOString(),
          more: b.more,
          addresses: b.addresses.size + b.addressesBeyond,
          sample: [...b.addresses].slice(0, SAMPLE_ADDRESSES),
        },
      },
    );
  }

  async function flush(now: Date | 'all'): Promise<void> {
    const current = now === 'all' ? Infinity : minuteOf(now);
    for (const [key, b] of buckets)
      if (b.minute < current) {
        buckets.delete(key);
        await write(b);
      }
  }

  return {
    async record(ctx, action, details) {
      await flush(ctx.now);
      const minute = minuteOf(ctx.now);
      const key = `${action}\u0000${details.reason ?? ''}`;
      const b = buckets.get(key);
      if (b !== undefined && b.minute === minute) {
        b.more += 1;
        const address = ctx.clientAddress ?? 'unknown';
        if (b.addresses.has(address)) return;
        if (b.addresses.size < MAX_ADDRESSES) b.addresses.add(address);
        else b.addressesBeyond += 1;
        return;
      }
      buckets.set(key, { minute, action, ctx, details, more: 0, addresses: new Set([ctx.clientAddress ?? 'unknown']), addressesBeyond: 0 });
      await audit(db, ctx, { action, outcome: 'denied', details });
    },
    flush,
  };
}
