/**
 * A physical count of stock against the ledger (issue 23, Must 6; clinical-facts.md section 9: an
 * initial inventory on the first day, a full one at least every two years). Counted quantities are
 * per lot and location, in µL of solution; each difference from the ledger is listed to be
 * resolved with a reason.
 *
 * @module inventory/count
 */
import { quantityOfVolume, subtractQuantities, type Quantity } from './quantity.js';
import { stockKey } from './ledger.js';

/** One lot at one location, counted. */
export interface CountedLine {
  readonly lotId: string;
  readonly locationId: string;
  /** Solution counted, µL (at least 0). */
  readonly countedUl: bigint;
}

/** One difference between a count and the ledger. */
export interface CountDifference {
  readonly lotId: string;
  readonly locationId: string;
  readonly ledger: Quantity;
  readonly counted: Quantity;
  /** Counted minus ledger (negative: stock missing). */
  readonly difference: Quantity;
}

/** The result of comparing a count with the ledger. */
export interface CountComparison {
  readonly differences: readonly CountDifference[];
  /** Lots with stock in the ledger at a counted location that the count leaves out (a count is complete or refused). */
  readonly uncounted: readonly { readonly lotId: string; readonly locationId: string; readonly ledger: Quantity }[];
}

/**
 * Compares counted lines with the ledger's balances. Every lot with stock at a location the count
 * covers must be counted (uncounted ones are listed, never read as zero); a lot counted but absent
 * from the ledger has a ledger of zero.
 *
 * @param balances the ledger's balance per `stockKey(lot, location)`
 * @param counted the counted lines (the locations they name are the count's locations)
 * @param strengthOf each lot's strength, mg/mL
 */
export function compareCount(
  balances: ReadonlyMap<string, Quantity>,
  counted: readonly CountedLine[],
  strengthOf: (lotId: string) => number,
): CountComparison {
  const locations = new Set(counted.map((c) => c.locationId));
  const countedKeys = new Set(counted.map((c) => stockKey(c.lotId, c.locationId)));
  const differences: CountDifference[] = [];
  for (const c of counted) {
    const ledger = balances.get(stockKey(c.lotId, c.locationId)) ?? { ug: 0n, ul: 0n };
    const countedQ = quantityOfVolume(c.countedUl, strengthOf(c.lotId));
    const difference = subtractQuantities(countedQ, ledger);
    if (difference.ug !== 0n || difference.ul !== 0n)
      differences.push({ lotId: c.lotId, locationId: c.locationId, ledger, counted: countedQ, difference });
  }
  const uncounted: { lotId: string; locationId: string; ledger: Quantity }[] = [];
  for (const [key, ledger] of balances) {
    const [lotId = '', locationId = ''] = key.split('|');
    if (!locations.has(locationId) || countedKeys.has(key)) continue;
    if (ledger.ug === 0n && ledger.ul === 0n) continue;
    uncounted.push({ lotId, locationId, ledger });
  }
  return { differences, uncounted };
}
