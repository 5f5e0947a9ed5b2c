import { describe, expect, it } from 'vitest';
import { compareCount } from './count.js';
import { balancesOf, stockKey } from './ledger.js';
import { quantityOfVolume } from './quantity.js';

const q = (ul: bigint) => quantityOfVolume(ul, 50);
const ledger = balancesOf([
  { kind: 'receipt', lotId: 'a', locationId: 'safe', quantity: q(50000n) },
  { kind: 'draw', lotId: 'a', locationId: 'safe', quantity: q(1000n) },
  { kind: 'receipt', lotId: 'b', locationId: 'safe', quantity: q(10000n) },
  { kind: 'receipt', lotId: 'a', locationId: 'cart', quantity: q(10000n) },
]);

describe('a count against the ledger', () => {
  it('every lot counted as the ledger says: no difference', () => {
    const r = compareCount(
      ledger,
      [
        { lotId: 'a', locationId: 'safe', countedUl: 49000n },
        { lotId: 'b', locationId: 'safe', countedUl: 10000n },
      ],
      () => 50,
    );
    expect(r).toEqual({ differences: [], uncounted: [] });
  });

  it('0.25 mL missing from lot a in the safe: one difference of -0.25 mL (-12.5 mg)', () => {
    const r = compareCount(
      ledger,
      [
        { lotId: 'a', locationId: 'safe', countedUl: 48750n },
        { lotId: 'b', locationId: 'safe', countedUl: 10000n },
      ],
      () => 50,
    );
    expect(r.differences).toEqual([{ lotId: 'a', locationId: 'safe', ledger: q(49000n), counted: q(48750n), difference: q(-250n) }]);
  });

  it('a lot with stock at a counted location that the count leaves out is listed as uncounted, never read as zero', () => {
    const r = compareCount(ledger, [{ lotId: 'a', locationId: 'safe', countedUl: 49000n }], () => 50);
    expect(r.uncounted).toEqual([{ lotId: 'b', locationId: 'safe', ledger: q(10000n) }]);
    expect(r.differences).toEqual([]);
  });

  it('a location not in the count is not asked for', () => {
    const r = compareCount(ledger, [{ lotId: 'a', locationId: 'cart', countedUl: 10000n }], () => 50);
    expect(r).toEqual({ differences: [], uncounted: [] });
  });

  it('a lot counted where the ledger has none: a difference from zero', () => {
    const r = compareCount(ledger, [{ lotId: 'b', locationId: 'cart', countedUl: 10000n }], () => 50);
    expect(r.differences[0]?.difference).toEqual(q(10000n));
    expect(ledger.get(stockKey('b', 'cart'))).toBeUndefined();
  });
});
