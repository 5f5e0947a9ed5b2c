/**
 * The cohort filter's choices in plain words (issue 24): each cohort as its program and first day
 * ("5-day ketamine-assisted psychotherapy retreat from Mon, 8 Jun 2026"), with its patients or
 * "cancelled". No ids are shown: an option's id is only its value.
 */
import type { ProgramCohort } from './program-outcomes-api';
import { cohortText } from './program-words';

export interface CohortOption {
  value: string;
  label: string;
}

const patients = (n: number) => `${n} patient${n === 1 ? '' : 's'}`;

/** One cohort in words: its label with its dates in words, then its patients, or that it was cancelled. */
export function cohortOptionLabel(c: Pick<ProgramCohort, 'label' | 'members' | 'state'>): string {
  const detail = c.state === 'cancelled' ? `cancelled${c.members > 0 ? `, ${patients(c.members)}` : ''}` : patients(c.members);
  return `${cohortText(c.label)} · ${detail}`;
}

/**
 * The choices of the cohort filter: the listed cohorts, in their order; and the chosen cohort when
 * the list does not hold it (a bookmarked address whose cohort is outside the program or dates
 * chosen, or beyond the list's limit), named by the dashboard's label or, until it has answered,
 * as "The chosen cohort".
 */
export function cohortOptions(
  cohorts: readonly Pick<ProgramCohort, 'id' | 'label' | 'members' | 'state'>[],
  chosen: { id: string | undefined; label: string | undefined },
): CohortOption[] {
  const options = cohorts.map((c) => ({ value: c.id, label: cohortOptionLabel(c) }));
  if (chosen.id !== undefined && !options.some((o) => o.value === chosen.id))
    options.unshift({ value: chosen.id, label: chosen.label === undefined ? 'The chosen cohort' : cohortText(chosen.label) });
  return options;
}
