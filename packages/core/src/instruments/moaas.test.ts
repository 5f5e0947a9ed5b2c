import { describe, expect, it } from 'vitest';
import { InstrumentInputError } from './errors.js';
import { MOAAS_LEVELS, moaas, scoreMoaas } from './moaas.js';

describe('MOAA/S', () => {
  it.each([
    [5, 'Responds readily to name in normal tone'],
    [4, 'Lethargic response to name'],
    [3, 'Responds only after name called loudly and/or repeatedly'],
    [2, 'Responds only after mild prodding or shaking'],
    [1, 'Responds only after painful trapezius squeeze'],
    [0, 'No response to painful trapezius squeeze'],
  ])('level %i: %s', (level, description) => {
    expect(scoreMoaas({ level })).toEqual({ instrument: 'moaas', level, description });
  });
  it('describes every level 0 to 5 and cites its sources', () => {
    expect(Object.keys(MOAAS_LEVELS).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(moaas.sources.length).toBeGreaterThan(0);
  });
  it.each([[6], [-1], [2.5], [Number.NaN]])('level %d is INVALID_INPUT (range 0 to 5, whole numbers)', (level) => {
    expect(() => scoreMoaas({ level })).toThrow(InstrumentInputError);
    try {
      scoreMoaas({ level });
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_INPUT', item: 1 });
    }
  });
});
