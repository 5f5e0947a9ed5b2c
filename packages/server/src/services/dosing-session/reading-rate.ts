/**
 * A device token may post a bounded number of readings a minute (protocol-defaults.md, "device
 * readings per token": 600, a site setting): a monitor gone wrong, or a stolen token, cannot flood
 * the session's record or the alarms. Counted by readings, not requests, over a sliding minute,
 * in this server's memory (each instance counts its own). Beyond the limit the whole batch is
 * refused with 429 and Retry-After (the monitor resends it: readings are idempotent by client id);
 * the refusal is audited once a minute per token, so that a flood does not flood the audit trail.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { audit } from '../audit.js';
import { DEVICE, type RequestMeta } from '../context.js';

const WINDOW_MS = 60_000;

/** The outcome of asking the window for `count` more: admitted, or how long until it would be. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding window of counts by key: `take` admits `count` when the key's total over the last
 * `windowMs` plus `count` stays within `limit`, recording it; otherwise it records nothing and
 * says when enough will have left the window.
 */
export function createSlidingWindow(windowMs = WINDOW_MS) {
  const byKey = new Map<string, { at: number; n: number }[]>();
  return {
    take(key: string, count: number, limit: number, nowMs: number): RateVerdict {
      const entries = (byKey.get(key) ?? []).filter((e) => e.at > nowMs - windowMs);
      const used = entries.reduce((sum, e) => sum + e.n, 0);
      if (used + count <= limit) {
        entries.push({ at: nowMs, n: count });
        byKey.set(key, entries);
        return { ok: true };
      }
      if (entries.length === 0) byKey.delete(key);
      else byKey.set(key, entries);
      // When the oldest entries have left, is there room? (A batch larger than the limit never fits: a whole window.)
      let freed = 0;
      for (const e of entries) {
        freed += e.n;
        if (used - freed + count <= limit)
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((e.at + windowMs - nowMs) / 1000)) };
      }
      return { ok: false, retryAfterSeconds: Math.ceil(windowMs / 1000) };
    },
    /** Keys with entries (for tests of memory: keys whose entries all left the window are dropped). */
    size: () => byKey.size,
  };
}

export interface ReadingRateLimiter {
  /** Admits `count` readings from `device`, or throws 429 (audited once a minute per token). */
  admit: (db: Db, device: { id: string; siteId: string; name: string }, count: number, meta: RequestMeta) => Promise<void>;
}

/** One limiter per server instance. */
export function createReadingRateLimiter(): ReadingRateLimiter {
  const window = createSlidingWindow();
  const lastAudited = new Map<string, number>();
  const limits = new Map<string, { at: number; limit: number }>();
  return {
    async admit(db, device, count, meta) {
      const nowMs = meta.now.getTime();
      // The site's limit, read at most once a minute per site (this runs on every device post).
      let cached = limits.get(device.siteId);
      if (cached === undefined || nowMs - cached.at >= WINDOW_MS) {
        cached = { at: nowMs, limit: (await loadSecuritySettings(db, device.siteId)).deviceReadingsPerMinute };
        limits.set(device.siteId, cached);
      }
      const { limit } = cached;
      const verdict = window.take(device.id, count, limit, nowMs);
      if (verdict.ok) return;
      const last = lastAudited.get(device.id);
      if (last === undefined || nowMs - last >= WINDOW_MS) {
        lastAudited.set(device.id, nowMs);
        for (const [k, at] of lastAudited) if (nowMs - at >= WINDOW_MS && k !== device.id) lastAudited.delete(k);
        await audit(
          db,
          { ...meta, actor: DEVICE },
          {
            action: 'device.readings.rate-limited',
            outcome: 'denied',
            details: { token: device.id, tokenName: device.name, readings: count, limitPerMinute: limit },
          },
        );
      }
      throw new AppError('RATE_LIMITED', `This device token may post at most ${limit} readings a minute; try again shortly.`, {
        limitPerMinute: limit,
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    },
  };
}
