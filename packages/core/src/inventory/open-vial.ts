/**
 * The opened multi-dose vial of a lot at a location (issue 23, Must 4): stock is whole vials plus,
 * after a draw, the remnant of the one opened vial, kept as stock of its lot (in µL) until it is
 * drawn again, wasted with a witness or expires at the end of the day it was opened (a site
 * setting). Stock arrives and leaves otherwise in whole vials, so the remnant is the balance beyond
 * whole vials, and it was opened by the latest draw that took more than the remnant before it.
 *
 * @module inventory/open-vial
 */
import { addDaysToIsoDate } from '../calendar/iso-date.js';
import { localDateOf, localDateTimeToUtcIso } from '../calendar/zoned.js';
import type { StockEntryKind } from './ledger.js';

/** One change to the stock of a lot at a location, in time order. */
export interface TimedStockChange {
  readonly kind: StockEntryKind;
  /** ISO 8601 UTC. */
  readonly at: string;
  /** The change in solution, µL (signed). */
  readonly deltaUl: bigint;
}

/** The stock of a lot at a location as vials. */
export interface VialStock {
  /** Unopened vials. */
  readonly sealedVials: bigint;
  /** Solution left in the opened vial, µL (0: no vial open). */
  readonly remnantUl: bigint;
  /** When the opened vial was opened (ISO 8601 UTC); absent when none is open. */
  readonly openedAt?: string;
}

/**
 * Replays the changes of one lot at one location (in time order) into sealed vials and the opened
 * vial's remnant.
 *
 * @param changes the lot's changes at the location, oldest first
 * @param vialVolumeUl one vial's volume, µL (> 0)
 */
export function vialStockOf(changes: readonly TimedStockChange[], vialVolumeUl: bigint): VialStock {
  if (vialVolumeUl <= 0n) throw new RangeError('a vial holds more than 0 µL');
  let balance = 0n;
  let openedAt: string | undefined;
  for (const c of changes) {
    const before = balance % vialVolumeUl;
    balance += c.deltaUl;
    const after = balance < 0n ? 0n : balance % vialVolumeUl;
    if (after === 0n) openedAt = undefined;
    else if (c.kind === 'draw' && -c.deltaUl > before) openedAt = c.at;
    else if (before === 0n) openedAt = c.at;
  }
  const whole = balance < 0n ? 0n : balance;
  return { sealedVials: whole / vialVolumeUl, remnantUl: whole % vialVolumeUl, ...(openedAt === undefined ? {} : { openedAt }) };
}

/**
 * When an opened vial's remnant stops being usable: the end (local midnight) of the site-local day
 * it was opened, plus `extraDays` whole days (0 by default: the end of the same day).
 *
 * @param openedAt when the vial was opened, ISO 8601 UTC
 * @param timeZone the site's IANA time zone
 * @param extraDays days kept beyond the day of opening (a site setting, at least 0)
 */
export function remnantUsableUntil(openedAt: string, timeZone: string, extraDays: number): string {
  if (!Number.isSafeInteger(extraDays) || extraDays < 0) throw new RangeError(`extraDays must be a whole number, at least 0: ${extraDays}`);
  const day = localDateOf(openedAt, timeZone);
  return localDateTimeToUtcIso(addDaysToIsoDate(day, 1 + extraDays), 0, timeZone);
}
