import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from './build-app.js';

describe('jsonDepth: how deep a parsed body nests, without recursion', () => {
  it.each([
    ['a scalar', 1, 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['an empty array', [], 1],
    ['an object holding an array of objects', { a: [{ b: 1 }] }, 3],
    ['the deepest branch counts', { a: 1, b: { c: { d: [] } }, e: [] }, 4],
  ])('%s', (_name, value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('stops counting past the limit, and a body 100,000 deep does not overflow the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
    const atLimit = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`) as unknown;
    expect(jsonDepth(atLimit)).toBe(MAX_JSON_DEPTH);
  });
});
