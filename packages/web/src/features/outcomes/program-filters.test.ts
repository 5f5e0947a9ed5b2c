import { describe, expect, it } from 'vitest';
import { filtersFromSearch, isFilterValue, searchFromFilters, withFilter, type ProgramFilters } from './program-filters';

const COHORT = '3f2b8c1e-5a4d-4e6f-9a8b-7c6d5e4f3a2b';
const parse = (query: string) => filtersFromSearch(new URLSearchParams(query));

describe('filters in the address', () => {
  it.each<[string, ProgramFilters]>([
    ['', {}],
    ['template=retreat-5-day', { template: 'retreat-5-day' }],
    ['template=infusion-series-6&from=2026-05-01', { template: 'infusion-series-6', from: '2026-05-01' }],
    ['from=2026-05-01&to=2026-07-31', { from: '2026-05-01', to: '2026-07-31' }],
    [
      `template=maintenance-1&from=2026-01-01&to=2026-12-31&cohortId=${COHORT}`,
      { template: 'maintenance-1', from: '2026-01-01', to: '2026-12-31', cohortId: COHORT },
    ],
  ])('"%s" round-trips through the filters', (query, filters) => {
    const parsed = parse(query);
    expect(parsed).toEqual({ filters, ignored: [] });
    expect(searchFromFilters(parsed.filters).toString()).toBe(query);
  });

  it('writes the keys in one order whatever the order they were set in (one view, one address)', () => {
    expect(searchFromFilters({ to: '2026-07-31', template: 'retreat-5-day', from: '2026-05-01' }).toString()).toBe(
      'template=retreat-5-day&from=2026-05-01&to=2026-07-31',
    );
  });

  it('keeps an inverted range: the server refuses it and the page shows its words by the field', () => {
    expect(parse('from=2026-07-31&to=2026-05-01').filters).toEqual({ from: '2026-07-31', to: '2026-05-01' });
  });

  it.each([
    ['an unknown program', 'template=weekend', 'template'],
    ['a date that is not one', 'from=2026-02-30', 'from'],
    ['a date in another format', 'to=31/07/2026', 'to'],
    ['a cohort that is not an id', 'cohortId=1', 'cohortId'],
    ['an unknown filter', 'site=all', 'site'],
    ['a filter given twice (the first is kept)', 'template=retreat-5-day&template=maintenance-1', 'template'],
  ])('leaves out %s and names it', (_, query, key) => {
    const { filters, ignored } = parse(query);
    expect(ignored).toEqual([key]);
    expect(searchFromFilters(filters).toString()).not.toContain(query);
  });

  it('an empty value is no filter, not a wrong one', () => {
    expect(parse('template=&from=')).toEqual({ filters: {}, ignored: [] });
  });

  it('the first of a repeated filter wins', () => {
    expect(parse('template=retreat-5-day&template=maintenance-1').filters).toEqual({ template: 'retreat-5-day' });
  });
});

describe('changing one filter', () => {
  it('sets, replaces and removes', () => {
    const f = withFilter({}, 'template', 'retreat-5-day');
    expect(f).toEqual({ template: 'retreat-5-day' });
    expect(withFilter(f, 'template', 'infusion-series-6')).toEqual({ template: 'infusion-series-6' });
    expect(withFilter(f, 'template', '')).toEqual({});
    expect(withFilter({ ...f, from: '2026-05-01' }, 'from', undefined)).toEqual(f);
  });
  it('refuses a value the filter does not take (a date input half typed removes the filter)', () => {
    expect(withFilter({ from: '2026-05-01' }, 'from', '2026-05')).toEqual({});
    expect(withFilter({}, 'template', 'weekend')).toEqual({});
  });
  it('knows each filter’s values', () => {
    expect(isFilterValue('template', 'retreat-5-day')).toBe(true);
    expect(isFilterValue('template', 'Retreat-5-day')).toBe(false);
    expect(isFilterValue('from', '2026-02-28')).toBe(true);
    expect(isFilterValue('from', '2025-02-29')).toBe(false);
    expect(isFilterValue('cohortId', COHORT)).toBe(true);
    expect(isFilterValue('cohortId', `${COHORT}x`)).toBe(false);
  });
});
