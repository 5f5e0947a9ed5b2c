import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancesOf, checkStockEntry, stockEffectsOf, stockKey, type StockEntryFacts, type StockEntryKind } from './ledger.js';
import { quantityOfVolume, type Quantity } from './quantity.js';

const q = (ul: bigint, strength = 50): Quantity => quantityOfVolume(ul, strength);
const entry = (kind: StockEntryKind, ul: bigint, more: Partial<StockEntryFacts> = {}): StockEntryFacts => ({
  kind,
  lotId: 'lot-a',
  locationId: 'safe',
  quantity: q(ul),
  ...more,
});

describe('what each ledger entry does to stock', () => {
  it.each<[StockEntryKind, bigint]>([
    ['receipt', 50000n],
    ['draw', -1000n],
    ['remnant-waste', -300n],
    ['return', -10000n],
    ['destruction', -10000n],
    ['loss', -10000n],
    ['expiry', -10000n],
  ])('%s changes the lot at its location by %s µL', (kind, delta) => {
    const abs = delta < 0n ? -delta : delta;
    expect(stockEffectsOf(entry(kind, abs))).toEqual([{ lotId: 'lot-a', locationId: 'safe', delta: q(delta) }]);
  });

  it.each<StockEntryKind>(['administration', 'draw-waste'])('%s accounts for a draw and leaves stock as it is', (kind) => {
    expect(stockEffectsOf(entry(kind, 700n))).toEqual([]);
  });

  it('a transfer is both sides in one entry: out of its location, into the destination', () => {
    expect(stockEffectsOf(entry('transfer', 10000n, { toLocationId: 'cart' }))).toEqual([
      { lotId: 'lot-a', locationId: 'safe', delta: q(-10000n) },
      { lotId: 'lot-a', locationId: 'cart', delta: q(10000n) },
    ]);
  });

  it('a transfer without a destination is refused', () => expect(() => stockEffectsOf(entry('transfer', 1n))).toThrow(RangeError));

  it('a count adjustment adds its signed change (counted minus ledger)', () => {
    expect(stockEffectsOf(entry('count-adjustment', -250n))).toEqual([{ lotId: 'lot-a', locationId: 'safe', delta: q(-250n) }]);
  });

  it('a reversal undoes the reversed entry, both sides of a transfer included', () => {
    const transfer = entry('transfer', 10000n, { toLocationId: 'cart' });
    expect(stockEffectsOf(entry('reversal', 0n, { reverses: transfer }))).toEqual([
      { lotId: 'lot-a', locationId: 'safe', delta: q(10000n) },
      { lotId: 'lot-a', locationId: 'cart', delta: q(-10000n) },
    ]);
    expect(() => stockEffectsOf(entry('reversal', 0n))).toThrow(RangeError);
  });
});

describe('a balance never goes below zero', () => {
  const stock = balancesOf([entry('receipt', 10000n), entry('draw', 700n)]);

  it('receipt 10 mL, draw 0.7 mL: 9.3 mL (465 mg) left', () => {
    expect(stock.get(stockKey('lot-a', 'safe'))).toEqual(q(9300n));
  });

  it('a draw of exactly the balance is allowed (bound inclusive)', () => {
    expect(checkStockEntry(entry('draw', 9300n), stock)).toEqual([]);
  });

  it('a draw of 1 µL more than the balance is refused, naming the balance', () => {
    expect(checkStockEntry(entry('draw', 9301n), stock)).toEqual([
      { lotId: 'lot-a', locationId: 'safe', balance: q(9300n), after: q(-1n) },
    ]);
  });

  it('a draw from another location of the lot finds nothing there', () => {
    expect(checkStockEntry(entry('draw', 1n, { locationId: 'cart' }), stock)).toHaveLength(1);
  });

  it('a transfer beyond the balance is refused on its leaving side only', () => {
    const r = checkStockEntry(entry('transfer', 9301n, { toLocationId: 'cart' }), stock);
    expect(r.map((s) => s.locationId)).toEqual(['safe']);
  });

  it('reversing a receipt whose stock was drawn is refused', () => {
    expect(checkStockEntry(entry('reversal', 0n, { reverses: entry('receipt', 10000n) }), stock)).toHaveLength(1);
  });
});

describe('property: the ledger balances exactly', () => {
  const kinds: StockEntryKind[] = [
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
  ];
  const arbEntry = fc.record({
    kind: fc.constantFrom(...kinds),
    lot: fc.constantFrom('lot-a', 'lot-b'),
    loc: fc.constantFrom('safe', 'cart'),
    ul: fc.bigInt({ min: 0n, max: 50_000_000n }),
    strength: fc.constantFrom(10, 50, 100),
    down: fc.boolean(),
  });

  it('the sum of every balance is receipts minus what left, by µg and µL; in any order; reversing everything gives zero', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 60 }), (raw) => {
        const entries: StockEntryFacts[] = raw.map((r) => ({
          kind: r.kind,
          lotId: r.lot,
          locationId: r.loc,
          ...(r.kind === 'transfer' ? { toLocationId: r.loc === 'safe' ? 'cart' : 'safe' } : {}),
          quantity: q(r.kind === 'count-adjustment' && r.down ? -r.ul : r.ul, r.strength),
        }));
        let expectedUg = 0n;
        let expectedUl = 0n;
        for (const e of entries) {
          const sign =
            e.kind === 'receipt' || e.kind === 'count-adjustment'
              ? 1n
              : ['transfer', 'administration', 'draw-waste'].includes(e.kind)
                ? 0n
                : -1n;
          expectedUg += sign * e.quantity.ug;
          expectedUl += sign * e.quantity.ul;
        }
        const total = (m: Map<string, Quantity>) =>
          [...m.values()].reduce((a, b) => ({ ug: a.ug + b.ug, ul: a.ul + b.ul }), { ug: 0n, ul: 0n });
        expect(total(balancesOf(entries))).toEqual({ ug: expectedUg, ul: expectedUl });
        expect(balancesOf([...entries].reverse())).toEqual(balancesOf(entries));
        const reversed = entries.map((e) => ({
          kind: 'reversal' as const,
          lotId: e.lotId,
          locationId: e.locationId,
          quantity: q(0n),
          reverses: e,
        }));
        for (const b of balancesOf([...entries, ...reversed]).values()) expect(b).toEqual({ ug: 0n, ul: 0n });
      }),
      { numRuns: 300 },
    );
  });

  it('entries admitted one by one by checkStockEntry never leave a balance below zero', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 80 }), (raw) => {
        const admitted: StockEntryFacts[] = [];
        for (const r of raw) {
          const e: StockEntryFacts = {
            kind: r.kind,
            lotId: r.lot,
            locationId: r.loc,
            ...(r.kind === 'transfer' ? { toLocationId: r.loc === 'safe' ? 'cart' : 'safe' } : {}),
            quantity: q(r.kind === 'count-adjustment' && r.down ? -r.ul : r.ul, 50),
          };
          if (checkStockEntry(e, balancesOf(admitted)).length === 0) admitted.push(e);
        }
        for (const b of balancesOf(admitted).values()) {
          expect(b.ug >= 0n && b.ul >= 0n).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
