/**
 * Exact decimal arithmetic for clinical rounding. Binary floating point cannot hold 156.15 or
 * 1.005 exactly, so `Math.round(x * 100) / 100` rounds some ties the wrong way (1.005 -> 1.00).
 * Here a number is read as the shortest decimal that round-trips (what `String(x)` prints), every
 * product and quotient is computed exactly on integers (BigInt), and rounding is half away from
 * zero in decimal.
 *
 * @module
 */

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Reads a finite number as the shortest decimal that round-trips to it. */
export function toDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null) throw new RangeError(`cannot read ${x} as a decimal`);
  const [, sign = '', intPart = '0', fracPart = '', expPart = '0'] = m;
  const digits = BigInt(intPart + fracPart) * (sign === '-' ? -1n : 1n);
  const scale = fracPart.length - Number(expPart);
  return scale >= 0 ? { units: digits, scale } : { units: digits * pow10(-scale), scale: 0 };
}

/** The number nearest to an exact decimal (exact when the decimal is short). */
export function toNumber(d: Decimal): number {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  return Number(`${negative ? '-' : ''}${text}`);
}

/** Exact product of two decimals. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Exact sum of two decimals. */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

/** Compares two decimals: negative when a < b, 0 when equal, positive when a > b. */
export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * pow10(scale - a.scale);
  const y = b.units * pow10(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `a / b` rounded to `decimals` places, half away from zero, computed exactly.
 * @throws RangeError when b is zero or decimals is not a whole number >= 0.
 */
export function divideRounded(a: Decimal, b: Decimal, decimals: number): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be a whole number >= 0: ${decimals}`);
  if (b.units === 0n) throw new RangeError('division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scaled by 10^decimals:
  let num = a.units * pow10(b.scale + decimals);
  let den = b.units * pow10(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const r = abs % den;
  if (2n * r >= den) q += 1n; // a tie goes away from zero
  return { units: negative ? -q : q, scale: decimals };
}

/** `d` rounded to `decimals` places, half away from zero. */
export function roundDecimal(d: Decimal, decimals: number): Decimal {
  return divideRounded(d, { units: 1n, scale: 0 }, decimals);
}

/**
 * Rounds a number to `decimals` places, half away from zero, in decimal: 156.15 -> 156.2,
 * 6.15 -> 6.2, 1.005 -> 1.01, -2.5 -> -3 (at 0 places).
 */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  return toNumber(roundDecimal(toDecimal(value), decimals));
}
