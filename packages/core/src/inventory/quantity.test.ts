import { describe, expect, it } from 'vitest';
import { formatMg, formatMl, microlitresOf, quantityOfVials, quantityOfVolume } from './quantity.js';

describe('quantities in µg and µL', () => {
  it.each([
    [35000n, '35 mg'],
    [34350n, '34.35 mg'],
    [1n, '0.001 mg'],
    [0n, '0 mg'],
    [-2500n, '-2.5 mg'],
    [1234567000n, '1,234,567 mg'],
  ])('%s µg reads %s', (ug, text) => expect(formatMg(ug)).toBe(text));

  it.each([
    [700n, '0.7 mL'],
    [10000n, '10 mL'],
    [5n, '0.005 mL'],
  ])('%s µL reads %s', (ul, text) => expect(formatMl(ul)).toBe(text));

  it.each([
    [0.7, 700n],
    [10, 10000n],
    [0.005, 5n],
    [12.345, 12345n],
    [-1.5, -1500n],
  ])('%s mL is %s µL exactly', (ml, ul) => expect(microlitresOf(ml)).toBe(ul));

  it.each([0.0005, Number.NaN, Number.POSITIVE_INFINITY, 1e-7])('%s mL is refused: not whole µL', (ml) => {
    expect(() => microlitresOf(ml)).toThrow(RangeError);
  });

  it('a 10 mL vial of 50 mg/mL holds 500 mg: 500,000 µg in 10,000 µL', () => {
    expect(quantityOfVials(1, 10000n, 50)).toEqual({ ug: 500000n, ul: 10000n });
    expect(quantityOfVials(5, 10000n, 50)).toEqual({ ug: 2500000n, ul: 50000n });
  });

  it('0.7 mL of 50 mg/mL is 35 mg (the dose of 70 kg at 0.5 mg/kg)', () => {
    expect(quantityOfVolume(700n, 50)).toEqual({ ug: 35000n, ul: 700n });
  });

  it.each([0, -10, 12.5, Number.NaN])('a strength of %s mg/mL is refused', (s) => {
    expect(() => quantityOfVolume(1n, s)).toThrow(RangeError);
  });

  it('a negative number of vials is refused', () => expect(() => quantityOfVials(-1, 10000n, 50)).toThrow(RangeError));
});
