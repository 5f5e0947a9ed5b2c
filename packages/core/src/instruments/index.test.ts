import { describe, expect, it } from 'vitest';
import { isCitationKey } from '../protocol-config/citations.js';
import { INSTRUMENTS } from './index.js';

describe('instrument definitions', () => {
  it.each(INSTRUMENTS.map((i) => [i.id, i] as const))(
    '%s has an id, a version, a title, a scoring function and sources that are all in the registry',
    (_id, instrument) => {
      expect(instrument.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(instrument.title).not.toBe('');
      expect(typeof instrument.score).toBe('function');
      expect(instrument.sources.length).toBeGreaterThan(0);
      for (const key of instrument.sources) expect(isCitationKey(key), key).toBe(true);
    },
  );
  it('has six instruments with distinct ids', () => {
    expect(new Set(INSTRUMENTS.map((i) => i.id)).size).toBe(6);
  });
});
