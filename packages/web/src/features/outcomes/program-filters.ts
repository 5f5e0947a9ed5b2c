/**
 * The Outcomes page's filters (issue 24): program, course start from and to, cohort. They live in
 * the address (`/outcomes?template=retreat-5-day&from=2026-05-01`) so a view can be bookmarked and
 * shared; this module turns the query string into filters and back. A value the page does not know
 * (a program that does not exist, a date that is not one) is left out and named, never sent on.
 * An inverted range is kept: the server refuses it, and the page shows its words by the field.
 */
import { PROGRAM_TEMPLATE_IDS, type ProgramOutcomesQuery } from '@kairos/api';
import { isIsoDate } from '@kairos/core';

export type ProgramTemplateId = (typeof PROGRAM_TEMPLATE_IDS)[number];

/** What the page asks `GET /api/sites/:id/program-outcomes` for (its query, as the contract types it). */
export type ProgramFilters = ProgramOutcomesQuery;

/** The filters' names in the address, in the order they are written there. */
export const FILTER_KEYS = ['template', 'from', 'to', 'cohortId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Each program in the words of the filter. */
export const TEMPLATE_WORDS: Readonly<Record<ProgramTemplateId, string>> = {
  'retreat-5-day': '5-day retreat',
  'infusion-series-6': 'Six-infusion series',
  'maintenance-1': 'Maintenance',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isTemplate = (v: string): v is ProgramTemplateId => (PROGRAM_TEMPLATE_IDS as readonly string[]).includes(v);
const isFilterKey = (k: string): k is FilterKey => (FILTER_KEYS as readonly string[]).includes(k);

/** Whether `value` is one the filter `key` accepts (an empty value is no filter, not a wrong one). */
export function isFilterValue(key: FilterKey, value: string): boolean {
  switch (key) {
    case 'template':
      return isTemplate(value);
    case 'from':
    case 'to':
      return isIsoDate(value);
    case 'cohortId':
      return UUID.test(value);
  }
}

/**
 * The filters an address holds, and the names of the parameters left out: an unknown parameter,
 * or a known one whose value is not one it takes (`template=weekend`, `from=2026-02-30`).
 */
export function filtersFromSearch(params: URLSearchParams): { filters: ProgramFilters; ignored: string[] } {
  const filters: ProgramFilters = {};
  const ignored: string[] = [];
  for (const [key, value] of params) {
    if (value === '') continue;
    if (!isFilterKey(key) || !isFilterValue(key, value) || filters[key] !== undefined) {
      if (!ignored.includes(key)) ignored.push(key);
      continue;
    }
    if (key === 'template') filters.template = value as ProgramTemplateId;
    else filters[key] = value;
  }
  return { filters, ignored };
}

/** The query string of `filters`, keys in a fixed order (the same view gives the same address). */
export function searchFromFilters(filters: ProgramFilters): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') out.set(key, value);
  }
  return out;
}

/**
 * `filters` with one filter set; with `undefined`, an empty value or one the filter does not take
 * (a date input half typed), that filter removed.
 */
export function withFilter(filters: ProgramFilters, key: FilterKey, value: string | undefined): ProgramFilters {
  const next: ProgramFilters = { ...filters };
  delete next[key];
  if (value === undefined || !isFilterValue(key, value)) return next;
  if (key === 'template') next.template = value as ProgramTemplateId;
  else next[key] = value;
  return next;
}
