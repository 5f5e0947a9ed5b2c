import { describe, expect, it } from 'vitest';
import { remnantUsableUntil, vialStockOf, type TimedStockChange } from './open-vial.js';

const VIAL = 10000n; // a 10 mL vial
const at = (hhmm: string, day = '2026-12-07') => `${day}T${hhmm}:00.000Z`;
const change = (kind: TimedStockChange['kind'], time: string, deltaUl: bigint, day?: string): TimedStockChange => ({
  kind,
  at: at(time, day),
  deltaUl,
});

describe('the opened multi-dose vial', () => {
  it('five vials received: five sealed, none open', () => {
    expect(vialStockOf([change('receipt', '08:00', 50000n)], VIAL)).toEqual({ sealedVials: 5n, remnantUl: 0n });
  });

  it('a 0.7 mL draw opens a vial: four sealed, 9.3 mL left in the open one, opened at the draw', () => {
    expect(vialStockOf([change('receipt', '08:00', 50000n), change('draw', '09:00', -700n)], VIAL)).toEqual({
      sealedVials: 4n,
      remnantUl: 9300n,
      openedAt: at('09:00'),
    });
  });

  it('a second draw from the remnant keeps the vial opened at the first draw', () => {
    const s = vialStockOf([change('receipt', '08:00', 50000n), change('draw', '09:00', -700n), change('draw', '11:00', -700n)], VIAL);
    expect(s).toEqual({ sealedVials: 4n, remnantUl: 8600n, openedAt: at('09:00') });
  });

  it('a draw larger than the remnant opens the next vial: opened at that draw', () => {
    const s = vialStockOf([change('receipt', '08:00', 20000n), change('draw', '09:00', -9500n), change('draw', '11:00', -700n)], VIAL);
    expect(s).toEqual({ sealedVials: 0n, remnantUl: 9800n, openedAt: at('11:00') });
  });

  it('wasting the remnant closes the vial', () => {
    const s = vialStockOf(
      [change('receipt', '08:00', 50000n), change('draw', '09:00', -700n), change('remnant-waste', '17:00', -9300n)],
      VIAL,
    );
    expect(s).toEqual({ sealedVials: 4n, remnantUl: 0n });
  });

  it('a draw of exactly one vial leaves no remnant', () => {
    expect(vialStockOf([change('receipt', '08:00', 20000n), change('draw', '09:00', -10000n)], VIAL)).toEqual({
      sealedVials: 1n,
      remnantUl: 0n,
    });
  });
});

describe('when a remnant stops being usable (end of the day it was opened, a site setting)', () => {
  it.each([
    ['opened 09:00 in New York (14:00 UTC): local midnight 05:00 UTC next day', '2026-12-07T14:00:00.000Z', 0, '2026-12-08T05:00:00.000Z'],
    ['opened 23:30 New York (04:30 UTC next day): still that local day', '2026-12-08T04:30:00.000Z', 0, '2026-12-08T05:00:00.000Z'],
    ['kept one extra day', '2026-12-07T14:00:00.000Z', 1, '2026-12-09T05:00:00.000Z'],
    ['across the spring change of clocks (EDT from 8 March 2026)', '2026-03-07T14:00:00.000Z', 0, '2026-03-08T05:00:00.000Z'],
  ])('%s', (_, openedAt, extra, until) => {
    expect(remnantUsableUntil(openedAt, 'America/New_York', extra)).toBe(until);
  });

  it('negative extra days are refused', () => expect(() => remnantUsableUntil('2026-12-07T14:00:00.000Z', 'UTC', -1)).toThrow(RangeError));
});
