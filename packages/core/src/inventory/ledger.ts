/**
 * The ketamine stock ledger's rules (issue 23; clinical-facts.md section 9: every movement
 * recorded, received, administered, wasted, destroyed, lost, counted). An entry is one movement;
 * its effect on the stock of a lot at a location follows from its kind. A balance is the exact sum
 * of the effects, and never goes below zero.
 *
 * A draw takes solution out of stock into a syringe for one dosing session; what was then given
 * (`administration`) and the rest (`draw-waste`) account for the draw and do not touch the stock.
 * A remnant left in an opened multi-dose vial stays stock of its lot until drawn, wasted
 * (`remnant-waste`) or otherwise removed.
 *
 * @module inventory/ledger
 */
import { NO_QUANTITY, addQuantities, isNegativeQuantity, negateQuantity, type Quantity } from './quantity.js';

/** Every kind of ledger entry. */
export const STOCK_ENTRY_KINDS = Object.freeze([
  'receipt',
  'draw',
  'administration',
  'draw-waste',
  'remnant-waste',
  'transfer',
  'return',
  'destruction',
  'loss',
  'expiry',
  'count-adjustment',
  'reversal',
] as const);
export type StockEntryKind = (typeof STOCK_ENTRY_KINDS)[number];

/** Kinds that take stock out of the lot at the entry's location. */
const OUTGOING: ReadonlySet<StockEntryKind> = new Set(['draw', 'remnant-waste', 'return', 'destruction', 'loss', 'expiry']);
/** Kinds that account for a draw and leave the stock as it is. */
const ACCOUNTING: ReadonlySet<StockEntryKind> = new Set(['administration', 'draw-waste']);

/** The facts of an entry that decide its effect on stock. */
export interface StockEntryFacts {
  readonly kind: StockEntryKind;
  readonly lotId: string;
  /** Where the stock is (for a transfer: where it leaves). */
  readonly locationId: string;
  /** A transfer's destination. */
  readonly toLocationId?: string;
  /**
   * The amount moved, at least zero; for a `count-adjustment` the signed change (counted minus the
   * ledger); for a `reversal`, ignored (the reversed entry's effect is negated).
   */
  readonly quantity: Quantity;
  /** A reversal's reversed entry. */
  readonly reverses?: StockEntryFacts;
}

/** The change an entry makes to the stock of one lot at one location. */
export interface StockEffect {
  readonly lotId: string;
  readonly locationId: string;
  readonly delta: Quantity;
}

/** The key of a lot at a location in a balance map. */
export function stockKey(lotId: string, locationId: string): string {
  return `${lotId}|${locationId}`;
}

/**
 * What an entry does to stock: a receipt adds at its location; a draw, a remnant waste, a return,
 * a destruction, a loss and an expiry take away at theirs; a transfer takes away at its location and
 * adds at its destination (both sides of one entry); a count adjustment adds its signed change;
 * a reversal undoes the reversed entry; an administration and a draw waste change nothing.
 */
export function stockEffectsOf(entry: StockEntryFacts): StockEffect[] {
  const at = (locationId: string, delta: Quantity): StockEffect => ({ lotId: entry.lotId, locationId, delta });
  switch (entry.kind) {
    case 'receipt':
    case 'count-adjustment':
      return [at(entry.locationId, entry.quantity)];
    case 'transfer':
      if (entry.toLocationId === undefined) throw new RangeError('a transfer needs its destination (toLocationId)');
      return [at(entry.locationId, negateQuantity(entry.quantity)), at(entry.toLocationId, entry.quantity)];
    case 'reversal':
      if (entry.reverses === undefined) throw new RangeError('a reversal needs the entry it reverses');
      return stockEffectsOf(entry.reverses).map((e) => ({ ...e, delta: negateQuantity(e.delta) }));
    default:
      if (ACCOUNTING.has(entry.kind)) return [];
      if (OUTGOING.has(entry.kind)) return [at(entry.locationId, negateQuantity(entry.quantity))];
      throw new RangeError(`unknown stock entry kind: ${String(entry.kind)}`);
  }
}

/** The balance of every lot at every location after `entries` (in any order: a sum). */
export function balancesOf(entries: Iterable<StockEntryFacts>): Map<string, Quantity> {
  const balances = new Map<string, Quantity>();
  for (const entry of entries) {
    for (const e of stockEffectsOf(entry)) {
      const key = stockKey(e.lotId, e.locationId);
      balances.set(key, addQuantities(balances.get(key) ?? NO_QUANTITY, e.delta));
    }
  }
  return balances;
}

/** A lot at a location whose stock an entry would take below zero. */
export interface StockShortfall {
  readonly lotId: string;
  readonly locationId: string;
  /** The balance before the entry. */
  readonly balance: Quantity;
  /** The balance the entry would leave (below zero in µg or µL). */
  readonly after: Quantity;
}

/**
 * Checks an entry against the balances before it: the lots and locations it would take below zero
 * (an empty list when it may be recorded). A balance never goes negative (issue 23, Must 5).
 */
export function checkStockEntry(entry: StockEntryFacts, balances: ReadonlyMap<string, Quantity>): StockShortfall[] {
  const shortfalls: StockShortfall[] = [];
  for (const e of stockEffectsOf(entry)) {
    const balance = balances.get(stockKey(e.lotId, e.locationId)) ?? NO_QUANTITY;
    const after = addQuantities(balance, e.delta);
    if (isNegativeQuantity(after)) shortfalls.push({ lotId: e.lotId, locationId: e.locationId, balance, after });
  }
  return shortfalls;
}
