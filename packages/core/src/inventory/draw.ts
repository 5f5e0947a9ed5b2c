/**
 * A draw for a dosing session and what accounts for it (issue 23, Must 3): the solution drawn from
 * a vial is given to the patient or wasted, and drawn = given + wasted, exactly.
 *
 * @module inventory/draw
 */
import {
  isNegativeQuantity,
  quantityOfVolume,
  sameQuantity,
  subtractQuantities,
  type Quantity,
  NO_QUANTITY,
  addQuantities,
} from './quantity.js';

/** Why a draw does not fit its dose order. */
export interface DrawRefusal {
  readonly code: 'STRENGTH_NOT_ORDERED' | 'DRAWN_BELOW_ORDER' | 'NOT_POSITIVE';
  /** The request field concerned. */
  readonly field: 'lotId' | 'volumeMl';
  readonly message: string;
}

/**
 * Checks a draw against its dose order: a volume above zero, from a vial of the strength the order
 * was calculated for, at least the volume the order draws (more is allowed: the rest is wasted).
 *
 * @param draw the drawn volume (µL) and the lot's strength (mg/mL)
 * @param order the order's drawn volume (µL) and vial strength (mg/mL)
 */
export function checkDrawForOrder(
  draw: { readonly drawnUl: bigint; readonly strengthMgPerMl: number },
  order: { readonly drawnUl: bigint; readonly strengthMgPerMl: number },
): DrawRefusal | undefined {
  if (draw.drawnUl <= 0n) return { code: 'NOT_POSITIVE', field: 'volumeMl', message: 'the volume drawn must be more than 0 mL' };
  if (draw.strengthMgPerMl !== order.strengthMgPerMl) {
    return {
      code: 'STRENGTH_NOT_ORDERED',
      field: 'lotId',
      message: `this lot is ${draw.strengthMgPerMl} mg/mL; the dose order was calculated for ${order.strengthMgPerMl} mg/mL vials`,
    };
  }
  if (draw.drawnUl < order.drawnUl) {
    return {
      code: 'DRAWN_BELOW_ORDER',
      field: 'volumeMl',
      message: `the dose order needs ${Number(order.drawnUl) / 1000} mL drawn; ${Number(draw.drawnUl) / 1000} mL is less`,
    };
  }
  return undefined;
}

/**
 * The amount given by an infusion: the share of the order's drawn volume that the infused share of
 * the bag carried, to the whole µL (half up), at the vial's strength. A complete bag gives the whole
 * ordered volume; nothing infused gives nothing.
 *
 * @param orderDrawnUl the volume of vial solution the order put in the bag, µL
 * @param strengthMgPerMl the vial's strength, mg/mL
 * @param infusedMl the volume infused, mL (the session's computed course; capped at the bag)
 * @param bagTotalMl the ordered bag total, mL (> 0)
 */
export function givenByInfusion(orderDrawnUl: bigint, strengthMgPerMl: number, infusedMl: number, bagTotalMl: number): Quantity {
  if (!(bagTotalMl > 0) || !(infusedMl >= 0)) throw new RangeError('the bag total must be above 0 and the infused volume at least 0');
  if (infusedMl >= bagTotalMl) return quantityOfVolume(orderDrawnUl, strengthMgPerMl);
  // Exact on integers: thousandths of a mL of both volumes.
  const infused = BigInt(Math.round(infusedMl * 1000));
  const bag = BigInt(Math.round(bagTotalMl * 1000));
  const givenUl = (orderDrawnUl * infused * 2n + bag) / (bag * 2n);
  return quantityOfVolume(givenUl, strengthMgPerMl);
}

/** Where a draw stands. */
export type DrawState = 'to-account' | 'reconciled';

/** What accounts for a draw so far, and what remains. */
export interface DrawAccount {
  readonly state: DrawState;
  readonly drawn: Quantity;
  readonly given: Quantity;
  readonly wasted: Quantity;
  /** Drawn minus given minus wasted: what is still to be given or wasted. */
  readonly remaining: Quantity;
}

/** Sums what accounts for a draw: reconciled when given + wasted equals drawn exactly. */
export function accountForDraw(drawn: Quantity, given: readonly Quantity[], wasted: readonly Quantity[]): DrawAccount {
  const g = given.reduce(addQuantities, NO_QUANTITY);
  const w = wasted.reduce(addQuantities, NO_QUANTITY);
  const remaining = subtractQuantities(subtractQuantities(drawn, g), w);
  const reconciled = remaining.ug === 0n && remaining.ul === 0n;
  return { state: reconciled ? 'reconciled' : 'to-account', drawn, given: g, wasted: w, remaining };
}

/**
 * Checks a waste that is to close a draw: it must be exactly what remains (drawn = given + wasted),
 * never more, never less, never nothing when nothing remains.
 */
export function checkWasteCloses(
  account: DrawAccount,
  waste: Quantity,
): { readonly field: 'volumeMl'; readonly message: string } | undefined {
  if (account.state === 'reconciled') return { field: 'volumeMl', message: 'this draw is already accounted for: nothing remains to waste' };
  if (isNegativeQuantity(account.remaining)) return { field: 'volumeMl', message: 'this draw is over-accounted: record a reversing entry' };
  if (!sameQuantity(waste, account.remaining)) {
    return {
      field: 'volumeMl',
      message: `the waste must be exactly what remains of the draw (${Number(account.remaining.ul) / 1000} mL, ${Number(account.remaining.ug) / 1000} mg), so that drawn = given + wasted`,
    };
  }
  return undefined;
}
