import { describe, expect, it } from 'vitest';
import { CITATIONS, ProvenanceSchema, fromSource, isCitationKey } from './index.js';

describe('provenance', () => {
  it('accepts a source provenance whose citations are all in the registry', () => {
    expect(ProvenanceSchema.safeParse(fromSource(['feder-2021'])).success).toBe(true);
  });
  it('rejects a citation key that is not in the registry', () => {
    const r = ProvenanceSchema.safeParse({ kind: 'source', citations: ['no-such-paper'] });
    expect(r.success).toBe(false);
  });
  it('knows every registry key', () => {
    for (const k of Object.keys(CITATIONS)) expect(isCitationKey(k)).toBe(true);
    expect(isCitationKey('toString')).toBe(false);
  });
});
