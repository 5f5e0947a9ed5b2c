import { describe, expect, it } from 'vitest';
import { accountForDraw, checkDrawForOrder, checkWasteCloses, givenByInfusion } from './draw.js';
import { quantityOfVolume } from './quantity.js';

const q = (ul: bigint) => quantityOfVolume(ul, 50);

describe('a draw fits its dose order', () => {
  // 70 kg x 0.5 mg/kg = 35 mg; 35 mg / 50 mg/mL = 0.7 mL drawn (protocol-defaults.md, dose arithmetic).
  const order = { drawnUl: 700n, strengthMgPerMl: 50 };

  it.each([
    ['exactly the ordered 0.7 mL', 700n, 50, undefined],
    ['1 mL (the rest will be wasted)', 1000n, 50, undefined],
    ['0.699 mL: below the order', 699n, 50, 'DRAWN_BELOW_ORDER'],
    ['from a 10 mg/mL vial: not the ordered strength', 3500n, 10, 'STRENGTH_NOT_ORDERED'],
    ['0 mL', 0n, 50, 'NOT_POSITIVE'],
    ['a negative volume', -700n, 50, 'NOT_POSITIVE'],
  ] as const)('%s', (_, drawnUl, strength, code) => {
    expect(checkDrawForOrder({ drawnUl, strengthMgPerMl: strength }, order)?.code).toBe(code);
  });

  it('a refusal names its field', () => {
    expect(checkDrawForOrder({ drawnUl: 700n, strengthMgPerMl: 100 }, order)?.field).toBe('lotId');
    expect(checkDrawForOrder({ drawnUl: 1n, strengthMgPerMl: 50 }, order)?.field).toBe('volumeMl');
  });
});

describe('the amount an infusion gave', () => {
  // Bag: 100 mL diluent + 0.7 mL = 100.7 mL; 35 mg in it.
  it.each([
    ['the whole bag: the whole ordered 35 mg', 100.7, 700n],
    ['more than the bag (rounding of the course): the whole order, never more', 100.8, 700n],
    ['nothing infused: nothing given', 0, 0n],
    ['half the bag: 350 µL, 17.5 mg', 50.35, 350n],
    ['a tenth of a mL: 0.7 µL rounds to 1 µL (half up)', 0.1, 1n],
  ] as const)('%s', (_, infusedMl, givenUl) => {
    expect(givenByInfusion(700n, 50, infusedMl, 100.7)).toEqual(q(givenUl));
  });

  it('a syringe pump (no diluent): the infused volume of the syringe is the share given', () => {
    expect(givenByInfusion(700n, 50, 0.35, 0.7)).toEqual(q(350n));
  });

  it('a bag of 0 mL is refused', () => expect(() => givenByInfusion(700n, 50, 0, 0)).toThrow(RangeError));
});

describe('drawn = given + wasted, exactly', () => {
  it('1 mL drawn, 0.7 mL given: 0.3 mL (15 mg) remains to waste', () => {
    const a = accountForDraw(q(1000n), [q(700n)], []);
    expect(a.state).toBe('to-account');
    expect(a.remaining).toEqual(q(300n));
    expect(checkWasteCloses(a, q(300n))).toBeUndefined();
    expect(accountForDraw(q(1000n), [q(700n)], [q(300n)]).state).toBe('reconciled');
  });

  it.each([
    ['1 µL less than the remainder', 299n],
    ['1 µL more than the remainder', 301n],
    ['nothing', 0n],
  ])('a waste of %s is refused', (_, ul) => {
    expect(checkWasteCloses(accountForDraw(q(1000n), [q(700n)], []), q(ul))?.field).toBe('volumeMl');
  });

  it('a draw already reconciled takes no more waste', () => {
    expect(checkWasteCloses(accountForDraw(q(700n), [q(700n)], []), q(0n))?.message).toMatch(/already accounted/);
  });

  it('µg and µL must both match: the right volume at another strength does not close it', () => {
    const a = accountForDraw(q(1000n), [q(700n)], []);
    expect(checkWasteCloses(a, quantityOfVolume(300n, 10))).toBeDefined();
  });
});
