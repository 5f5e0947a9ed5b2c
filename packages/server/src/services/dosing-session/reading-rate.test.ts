import { describe, expect, it } from 'vitest';
import { createSlidingWindow } from './reading-rate.js';

describe('the sliding minute a device token posts readings in', () => {
  // Each row: batches taken at [second, count] with a limit of 600, and the verdict of the last.
  it.each([
    ['one batch within the limit', [[0, 500]], { ok: true }],
    [
      'exactly the limit over two batches',
      [
        [0, 300],
        [30, 300],
      ],
      { ok: true },
    ],
    [
      'one over the limit: wait until the first batch leaves the minute',
      [
        [0, 300],
        [30, 300],
        [40, 1],
      ],
      { ok: false, retryAfterSeconds: 20 },
    ],
    [
      'the first batch has left the minute',
      [
        [0, 300],
        [30, 300],
        [60, 300],
      ],
      { ok: true },
    ],
    [
      'a refused batch takes nothing: the next fitting one is admitted',
      [
        [0, 550],
        [10, 100],
        [11, 50],
      ],
      { ok: true },
    ],
    [
      'waits only for as many old batches as it needs',
      [
        [0, 100],
        [10, 100],
        [20, 400],
        [30, 150],
      ],
      { ok: false, retryAfterSeconds: 40 },
    ],
    ['a batch larger than the limit never fits: a whole minute', [[0, 601]], { ok: false, retryAfterSeconds: 60 }],
  ] as const)('%s', (_, batches, last) => {
    const w = createSlidingWindow(60_000);
    let verdict: unknown;
    for (const [second, count] of batches) verdict = w.take('token', count, 600, second * 1000);
    expect(verdict).toEqual(last);
  });

  it('tokens are counted apart; a key whose readings all left the minute is forgotten when refused, kept while it has some', () => {
    const w = createSlidingWindow(60_000);
    expect(w.take('a', 600, 600, 0)).toEqual({ ok: true });
    expect(w.take('b', 600, 600, 0)).toEqual({ ok: true });
    expect(w.take('a', 1, 600, 1000)).toEqual({ ok: false, retryAfterSeconds: 59 });
    expect(w.size()).toBe(2);
    expect(w.take('c', 700, 600, 120_000)).toMatchObject({ ok: false });
    expect(w.size()).toBe(2);
  });
});
