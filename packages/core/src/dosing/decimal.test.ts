import { describe, expect, it } from 'vitest';
import { add, compare, divideRounded, multiply, roundHalfAwayFromZero, toDecimal, toNumber } from './decimal.js';

describe('roundHalfAwayFromZero: decimal ties go away from zero', () => {
  it.each([
    [156.15, 1, 156.2],
    [6.15, 1, 6.2],
    [1.005, 2, 1.01],
    [40.15, 1, 40.2],
    [5.25, 1, 5.3],
    [1.0049, 2, 1],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-1.005, 2, -1.01],
    [0.1 + 0.2, 1, 0.3],
    [41, 1, 41],
  ])('%d to %d places is %d', (value, decimals, expected) => {
    expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
  });
  it('reads exponent notation: 1e-7 to 6 places is 0, 1.5e21 stays', () => {
    expect(roundHalfAwayFromZero(1e-7, 6)).toBe(0);
    expect(roundHalfAwayFromZero(5e-7, 6)).toBe(0.000001);
    expect(roundHalfAwayFromZero(1.5e21, 1)).toBe(1.5e21);
  });
  it('refuses non-finite numbers', () => {
    expect(() => toDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => toDecimal(Infinity)).toThrow(RangeError);
  });
});

describe('exact decimal arithmetic', () => {
  it('multiplies, adds and divides exactly: 104.1 x 60 / 40 = 156.15 -> 156.2', () => {
    const bag = add(toDecimal(100), toDecimal(4.1));
    expect(toNumber(bag)).toBe(104.1);
    expect(toNumber(divideRounded(multiply(bag, toDecimal(60)), toDecimal(40), 1))).toBe(156.2);
  });
  it('compares across scales', () => {
    expect(compare(toDecimal(8), toDecimal(8.0))).toBe(0);
    expect(compare(toDecimal(8.01), toDecimal(8))).toBe(1);
    expect(compare(toDecimal(-1), toDecimal(0.5))).toBe(-1);
  });
  it('refuses division by zero', () => {
    expect(() => divideRounded(toDecimal(1), toDecimal(0), 1)).toThrow(RangeError);
  });
});
