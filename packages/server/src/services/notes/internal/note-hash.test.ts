import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { amendmentHash, noteContentHash } from './note-hash.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('note hashes', () => {
  it('the content hash is sha256 of the canonical JSON of template, version and content (keys sorted)', () => {
    const content = { maintenancePlan: 'Weekly therapy', goals: ['Sleep', 'Drive'] };
    expect(noteContentHash('continuing-care-plan', '1', content)).toBe(
      sha256('{"content":{"goals":["Sleep","Drive"],"maintenancePlan":"Weekly therapy"},"template":"continuing-care-plan","version":"1"}'),
    );
  });

  it('the order of the content keys does not change the content hash (jsonb reorders them)', () => {
    expect(noteContentHash('integration', '1', { a: 'x', b: ['y'] })).toBe(noteContentHash('integration', '1', { b: ['y'], a: 'x' }));
  });

  it('the template, its version and every value change the content hash', () => {
    const base = noteContentHash('integration', '1', { a: 'x' });
    expect(noteContentHash('discharge-summary', '1', { a: 'x' })).not.toBe(base);
    expect(noteContentHash('integration', '2', { a: 'x' })).not.toBe(base);
    expect(noteContentHash('integration', '1', { a: 'y' })).not.toBe(base);
    expect(noteContentHash('integration', '1', { a: 'x' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the amendment hash chains the note hash, the body and the reason', () => {
    const note = 'f'.repeat(64);
    expect(amendmentHash(note, 'Added a goal', 'Agreed at the call')).toBe(
      sha256(`{"body":"Added a goal","note":"${note}","reason":"Agreed at the call"}`),
    );
    expect(amendmentHash('e'.repeat(64), 'Added a goal', 'Agreed at the call')).not.toBe(
      amendmentHash(note, 'Added a goal', 'Agreed at the call'),
    );
    expect(amendmentHash(note, 'Added a goal', 'another reason')).not.toBe(amendmentHash(note, 'Added a goal', 'Agreed at the call'));
  });
});
