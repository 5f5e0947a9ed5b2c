/** The program's outcomes at a site (`GET /api/sites/:id/program-outcomes`, shapes in @kairos/api). */
import type { ProgramCohorts, ProgramOutcomes, ProgramOutcomesCsvTable } from '@kairos/api';
import { ApiError, apiFetch, fieldErrors } from '../../api/client';
import { searchFromFilters, type ProgramFilters } from './program-filters';

export type {
  ProgramBenchmark,
  ProgramCohort,
  ProgramCohorts,
  ProgramCompleteness,
  ProgramDurability,
  ProgramMean,
  ProgramOutcomes,
  ProgramRate,
  ProgramRateId,
  ProgramSafety,
  ProgramTimePoint,
} from '@kairos/api';

/** The path of the read, with the filters as its query string (keys in a fixed order). */
export function programOutcomesPath(siteId: string, filters: ProgramFilters): string {
  const query = searchFromFilters(filters).toString();
  return `/api/sites/${encodeURIComponent(siteId)}/program-outcomes${query === '' ? '' : `?${query}`}`;
}

/**
 * The answer, or the server's refusal of the filters (400: an inverted range, a cohort of another
 * site) with its words by field, so the page can show them beside the inputs; any other failure throws.
 */
export type ProgramOutcomesRead =
  { kind: 'read'; outcomes: ProgramOutcomes } | { kind: 'refused'; message: string; fields: Record<string, string> };

export async function readProgramOutcomes(siteId: string, filters: ProgramFilters): Promise<ProgramOutcomesRead> {
  try {
    return { kind: 'read', outcomes: await apiFetch<ProgramOutcomes>(programOutcomesPath(siteId, filters)) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return { kind: 'refused', message: e.message, fields: fieldErrors(e) };
    throw e;
  }
}

/**
 * The path of the cohort filter's choices (`GET /api/sites/:id/program-outcomes/cohorts`): the
 * cohorts of the chosen program and course start dates (the cohort filter itself left out).
 */
export function programCohortsPath(siteId: string, filters: ProgramFilters): string {
  const { cohortId: _cohort, ...courses } = filters;
  const query = searchFromFilters(courses).toString();
  return `/api/sites/${encodeURIComponent(siteId)}/program-outcomes/cohorts${query === '' ? '' : `?${query}`}`;
}

/**
 * The cohorts the filter offers; none while the filters are refused (an inverted range: the page
 * shows the server's words by the field). Any other failure throws.
 */
export async function listProgramCohorts(siteId: string, filters: ProgramFilters): Promise<ProgramCohorts> {
  try {
    return await apiFetch<ProgramCohorts>(programCohortsPath(siteId, filters));
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return { cohorts: [], truncated: false, ownPatientsOnly: false };
    throw e;
  }
}

/** The reports' downloads: the program outcomes PDF, or one of the dashboard's tables as CSV, for the same filters. */
export function programOutcomesReportHref(
  siteId: string,
  filters: ProgramFilters,
  format: 'pdf' | 'csv',
  table?: ProgramOutcomesCsvTable,
): string {
  const query = searchFromFilters(filters);
  const params = table === undefined ? query : new URLSearchParams([['table', table], ...query]);
  const search = params.toString();
  return `/api/sites/${encodeURIComponent(siteId)}/program-outcomes.${format}${search === '' ? '' : `?${search}`}`;
}

/** A patient's progress letter to the referring clinician (`GET /api/patients/:id/progress-letter.pdf`): staff download it, never email it. */
export function progressLetterHref(patientId: string): string {
  return `/api/patients/${encodeURIComponent(patientId)}/progress-letter.pdf`;
}
