import { describe, expect, it } from 'vitest';
import { formatDate } from '../schedule/site-time';
import { cohortOptionLabel, cohortOptions } from './program-cohort-options';
import { programCohortsPath } from './program-outcomes-api';

const A = '3f2b8c1e-5a4d-4e6f-9a8b-7c6d5e4f3a2b';
const B = '9a8b7c6d-5e4f-4a2b-8c1e-3f2b5a4d4e6f';
const RETREAT = '5-day ketamine-assisted psychotherapy retreat';
const cohort = (id: string, day: string, members: number, state: 'planned' | 'cancelled' = 'planned') => ({
  id,
  label: `${RETREAT} from ${day}`,
  members,
  state,
});

describe('the cohort filter’s choices', () => {
  it('names a cohort by its program and first day in words, with its patients or that it was cancelled', () => {
    expect(cohortOptionLabel(cohort(A, '2026-06-08', 2))).toBe(`${RETREAT} from ${formatDate('2026-06-08')} · 2 patients`);
    expect(cohortOptionLabel(cohort(A, '2026-06-08', 1))).toMatch(/ from Mon,? 8 Jun 2026 · 1 patient$/);
    expect(cohortOptionLabel(cohort(A, '2026-06-08', 0, 'cancelled'))).toMatch(/ · cancelled$/);
    expect(cohortOptionLabel(cohort(A, '2026-06-08', 3, 'cancelled'))).toMatch(/ · cancelled, 3 patients$/);
  });

  it('offers the listed cohorts in their order, their ids only as values', () => {
    const options = cohortOptions([cohort(B, '2026-06-22', 2), cohort(A, '2026-06-08', 2)], { id: A, label: undefined });
    expect(options.map((o) => o.value)).toEqual([B, A]);
    for (const o of options) expect(o.label).not.toMatch(/[0-9a-f]{8}-/);
  });

  it('keeps a chosen cohort the list does not hold, in the dashboard’s words (or plain words until it answers)', () => {
    expect(cohortOptions([cohort(B, '2026-06-22', 2)], { id: A, label: `${RETREAT} from 2026-06-08` })[0]).toEqual({
      value: A,
      label: `${RETREAT} from ${formatDate('2026-06-08')}`,
    });
    expect(cohortOptions([], { id: A, label: undefined })).toEqual([{ value: A, label: 'The chosen cohort' }]);
    expect(cohortOptions([], { id: undefined, label: undefined })).toEqual([]);
  });

  it('asks for the cohorts of the chosen program and dates, never of the chosen cohort', () => {
    expect(programCohortsPath('s1', { template: 'retreat-5-day', from: '2026-05-01', to: '2026-07-31', cohortId: A })).toBe(
      '/api/sites/s1/program-outcomes/cohorts?template=retreat-5-day&from=2026-05-01&to=2026-07-31',
    );
    expect(programCohortsPath('s1', { cohortId: A })).toBe('/api/sites/s1/program-outcomes/cohorts');
  });
});
