/**
 * Instants as the session and monitoring rules take them: an ISO 8601 timestamp with a zone
 * designator (`Z` or `+hh:mm`) or a number of milliseconds since the Unix epoch. Time is always an
 * argument; nothing here reads a clock.
 *
 * @module calendar/instant
 */

/** An instant: ISO 8601 with `Z` or an offset (e.g. `2026-12-08T09:00:00Z`), or epoch milliseconds. */
export type Instant = string | number;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds per minute. */
export const MS_PER_MINUTE = 60_000;

/**
 * Converts an {@link Instant} to epoch milliseconds.
 * A string without a zone designator is refused: it would be read in the host's time zone.
 *
 * @throws RangeError for a malformed string, a string without zone, or a non-finite number
 */
export function toEpochMs(t: Instant): number {
  if (typeof t === 'number') {
    if (!Number.isFinite(t)) throw new RangeError(`instant must be a finite number of ms, got ${t}`);
    return t;
  }
  if (!ISO_WITH_ZONE.test(t)) throw new RangeError(`instant "${t}" is not ISO 8601 with a zone (Z or +hh:mm)`);
  const ms = new Date(t).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`instant "${t}" is not a valid date-time`);
  return ms;
}

/** Epoch milliseconds to an ISO 8601 UTC string (`...Z`). */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
