import { describe, expect, it } from 'vitest';
import { CITATIONS, isCitationKey } from './citations.js';
import { DEFAULT_PROTOCOL_CONFIG } from './schema.js';

/** Every object in `tree` shaped like a source provenance, with its path. */
function findSourceProvenances(tree: unknown, path = ''): { path: string; citations: unknown[] }[] {
  if (typeof tree !== 'object' || tree === null) return [];
  const o = tree as Record<string, unknown>;
  const here = o['kind'] === 'source' && Array.isArray(o['citations']) ? [{ path, citations: o['citations'] as unknown[] }] : [];
  const children = Object.entries(o).flatMap(([k, v]) => findSourceProvenances(v, path === '' ? k : `${path}.${k}`));
  return [...here, ...children];
}

describe('citations registry', () => {
  it('has kebab-case keys, each with a title, a reference and a fact-sheet section', () => {
    for (const [key, c] of Object.entries(CITATIONS)) {
      expect(key, key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.title, key).not.toBe('');
      expect(c.reference, key).not.toBe('');
      expect(c.factSheetSection, key).toMatch(/^\d+(, \d+)*$/);
    }
  });
  it('keeps the original keys', () => {
    for (const key of ['feder-2014', 'feder-2021', 'ketalar-label', 'spravato-label']) expect(isCitationKey(key)).toBe(true);
  });
  it('knows every citation key used by a provenance anywhere in the protocol defaults', () => {
    const used = findSourceProvenances(DEFAULT_PROTOCOL_CONFIG);
    expect(used.length).toBeGreaterThan(0);
    const unknown = used.flatMap(({ path, citations }) =>
      citations.filter((k) => typeof k !== 'string' || !isCitationKey(k)).map((k) => `${path}: ${String(k)}`),
    );
    expect(unknown).toEqual([]);
  });
});
