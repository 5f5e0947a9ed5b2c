import { describe, expect, it } from 'vitest';
import type { ParsedSearch } from '../../fhir/search-params.js';
import { totalOf } from './search-sql.js';

const search = (count: number, offset: number): ParsedSearch => ({
  count,
  offset,
  dates: {},
  tokens: {},
  references: {},
  strings: {},
  include: [],
});

describe('totalOf: a search’s total from its page when the page tells it, else counted', () => {
  // [case, _count, _offset, rows read, the count's answer, total, counted?]
  const rows: [string, number, number, number, number, number, boolean][] = [
    ['first page, part full: the rows are all', 10, 0, 3, 99, 3, false],
    ['last page, part full: the offset plus its rows', 10, 20, 7, 99, 27, false],
    ['first page empty: none match', 10, 0, 0, 99, 0, false],
    ['a full page: more may follow, counted', 10, 0, 10, 42, 42, true],
    ['a full later page: counted', 10, 30, 10, 42, 42, true],
    ['a page past the end: counted (the offset says nothing)', 10, 50, 0, 42, 42, true],
    ['_count=0 (the total only): counted', 0, 0, 0, 42, 42, true],
    ['the count as PostgreSQL gives it (a string)', 10, 0, 10, 1234, 1234, true],
  ];
  it.each(rows)('%s', async (_case, count, offset, read, counted, total, asked) => {
    let calls = 0;
    const answer = await totalOf(search(count, offset), read, () => {
      calls++;
      return Promise.resolve(String(counted));
    });
    expect(answer).toBe(total);
    expect(calls).toBe(asked ? 1 : 0);
  });
});
