import { describe, expect, it } from 'vitest';
import { checkAscending, checkBands, checkDescending } from './checks.js';

describe('checkAscending / checkDescending', () => {
  it('accepts strictly rising values and flags an equal one at its own path (strict bound)', () => {
    expect(
      checkAscending([
        { path: 'warn', value: 160 },
        { path: 'pause', value: 180 },
      ]),
    ).toEqual([]);
    expect(
      checkAscending([
        { path: 'warn', value: 180 },
        { path: 'pause', value: 180 },
      ]),
    ).toEqual([{ path: 'pause', message: '180 must be above warn (180)' }]);
  });
  it('accepts strictly falling values and flags a rising one', () => {
    expect(
      checkDescending([
        { path: 'warn', value: 94 },
        { path: 'pause', value: 92 },
      ]),
    ).toEqual([]);
    expect(
      checkDescending([
        { path: 'warn', value: 92 },
        { path: 'pause', value: 94 },
      ]),
    ).toHaveLength(1);
  });
});

describe('checkBands', () => {
  const phq = [
    { path: 'a', low: 0, high: 4 },
    { path: 'b', low: 5, high: 9 },
  ];
  it('accepts ordered, contiguous bands', () => {
    expect(checkBands(phq, { contiguous: true })).toEqual([]);
  });
  it('flags a band whose low bound is above its high bound', () => {
    expect(checkBands([{ path: 'x', low: 5, high: 4 }])).toEqual([{ path: 'x', message: expect.stringMatching(/low bound is above/) }]);
  });
  it('flags overlapping bands (inclusive bounds: 0-4 and 4-9 overlap at 4)', () => {
    expect(
      checkBands([
        { path: 'a', low: 0, high: 4 },
        { path: 'b', low: 4, high: 9 },
      ])[0]?.path,
    ).toBe('b');
  });
  it('flags bands out of order', () => {
    expect(
      checkBands([
        { path: 'b', low: 5, high: 9 },
        { path: 'a', low: 0, high: 4 },
      ]),
    ).toHaveLength(1);
  });
  it('flags a gap only when contiguous bands are asked for (0-4 then 6-9)', () => {
    const gap = [
      { path: 'a', low: 0, high: 4 },
      { path: 'b', low: 6, high: 9 },
    ];
    expect(checkBands(gap)).toEqual([]);
    expect(checkBands(gap, { contiguous: true })[0]?.message).toMatch(/gap/);
  });
});
