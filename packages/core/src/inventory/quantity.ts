/**
 * Quantities of ketamine stock: integer micrograms (µg) of drug and microlitres (µL) of solution,
 * as `bigint`, so that sums of any number of movements balance exactly (issue 23, Must 1). A vial
 * solution of S mg/mL holds S µg per µL, so for stock of one strength `ug = ul * S` exactly.
 * Shown to people as mg and mL.
 *
 * @module inventory/quantity
 */

/** An amount of ketamine: µg of drug in µL of solution (both integers, either sign). */
export interface Quantity {
  /** Micrograms of ketamine (1 mg = 1,000 µg). */
  readonly ug: bigint;
  /** Microlitres of solution (1 mL = 1,000 µL). */
  readonly ul: bigint;
}

/** No stock. */
export const NO_QUANTITY: Quantity = Object.freeze({ ug: 0n, ul: 0n });

/** `a + b`, exactly. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { ug: a.ug + b.ug, ul: a.ul + b.ul };
}

/** `a - b`, exactly. */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { ug: a.ug - b.ug, ul: a.ul - b.ul };
}

/** `-a`. */
export function negateQuantity(a: Quantity): Quantity {
  return { ug: -a.ug, ul: -a.ul };
}

/** True when both the drug and the volume are exactly equal. */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  return a.ug === b.ug && a.ul === b.ul;
}

/** True when the drug or the volume is below zero. */
export function isNegativeQuantity(a: Quantity): boolean {
  return a.ug < 0n || a.ul < 0n;
}

/** True when both are zero. */
export function isZeroQuantity(a: Quantity): boolean {
  return a.ug === 0n && a.ul === 0n;
}

/**
 * The quantity of `ul` µL of a solution of `strengthMgPerMl` mg/mL (a positive whole number: the
 * label's strengths are 10, 50 and 100 mg/mL). 1 mg/mL is 1 µg/µL, so the drug is exact.
 */
export function quantityOfVolume(ul: bigint, strengthMgPerMl: number): Quantity {
  if (!Number.isSafeInteger(strengthMgPerMl) || strengthMgPerMl <= 0) {
    throw new RangeError(`strength must be a positive whole number of mg/mL: ${strengthMgPerMl}`);
  }
  return { ug: ul * BigInt(strengthMgPerMl), ul };
}

/** The quantity of `vials` sealed vials of `vialVolumeUl` µL at `strengthMgPerMl` mg/mL. */
export function quantityOfVials(vials: number, vialVolumeUl: bigint, strengthMgPerMl: number): Quantity {
  if (!Number.isSafeInteger(vials) || vials < 0) throw new RangeError(`vials must be a whole number, at least 0: ${vials}`);
  return quantityOfVolume(vialVolumeUl * BigInt(vials), strengthMgPerMl);
}

function formatThousandths(n: bigint, unit: string): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 1000n;
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${frac === '' ? '' : `.${frac}`} ${unit}`;
}

/** µg as mg for people: 35000n -> "35 mg", 34350n -> "34.35 mg", 1n -> "0.001 mg". */
export function formatMg(ug: bigint): string {
  return formatThousandths(ug, 'mg');
}

/** µL as mL for people: 700n -> "0.7 mL", 10000n -> "10 mL". */
export function formatMl(ul: bigint): string {
  return formatThousandths(ul, 'mL');
}

/** µg as a number of mg (exact for any stock a clinic holds: below 2^53 µg). */
export function mgOf(ug: bigint): number {
  return Number(ug) / 1000;
}

/** µL as a number of mL. */
export function mlOf(ul: bigint): number {
  return Number(ul) / 1000;
}

/**
 * mL as a person or a form gives it (a number, at most 3 decimals) to whole µL, exactly; refuses
 * anything that is not a finite number with at most three decimals (0.0005 mL is not a µL).
 */
export function microlitresOf(ml: number): bigint {
  if (!Number.isFinite(ml)) throw new RangeError(`not a finite number of mL: ${ml}`);
  const m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(String(ml));
  if (m === null) throw new RangeError(`mL has at most three decimals (whole µL): ${ml}`);
  const [, sign = '', whole = '0', frac = ''] = m;
  const ul = BigInt(whole) * 1000n + BigInt(frac.padEnd(3, '0'));
  return sign === '-' ? -ul : ul;
}
