/**
 * The Outcomes page's figures in words. Every number comes from the server (core computes them);
 * core's `programWords` rounds and phrases them, as the PDF does, with the page's marks: "4 of 6 (67%, 95% CI 30–90%)", "32.7 (95% CI 20.1–45.2)",
 * "median 91 days (95% CI 60 to not reached)". Nothing here computes a statistic. The intervals are
 * named at the level the figures were computed with (`ProgramOutcomes.confidenceLevelPercent`,
 * 95 by default): {@link pageWords}; the module's own exports name them at the default level.
 */
import { PROGRAM_TIME_POINTS, type ProgramOutcomes, type ProgramRateId, type ProgramTimePoint } from '@kairos/api';
import {
  KAIR_PCL5_BENCHMARKS,
  PROGRAM_CI_WORDS,
  PROGRAM_RATE_LABELS,
  PROGRAM_TIME_POINT_LABELS,
  benchmarkValueText,
  kairMeans,
  programWords,
  suppressedText,
  type ProgramWords,
} from '@kairos/core';
import { formatDate } from '../schedule/site-time';

/** How the page names the confidence intervals at the default level ("95% CI"); `pageWords(o).ciWords` at the level of `o`'s figures. */
export const CI_WORDS = PROGRAM_CI_WORDS;

/** Shown where a figure is not reported (too few answers, or a cohort too small). */
export const NOT_REPORTED = '—';

/** "Baseline", "End of course", "+7 days", "+30 days", "+90 days". */
export function timePointLabel(timePoint: ProgramTimePoint): string {
  return PROGRAM_TIME_POINT_LABELS[timePoint];
}

/** The time points in course order (baseline first), for sorting rows the server sent. */
export function timePointOrder(timePoint: ProgramTimePoint): number {
  return PROGRAM_TIME_POINTS.indexOf(timePoint);
}

export function rateLabel(id: ProgramRateId): string {
  return PROGRAM_RATE_LABELS[id];
}

/** The page's marks: an en dash between bounds, a true minus sign, a dash where not reported. */
const PAGE_MARKS = { dash: '–', minus: '−', notReported: NOT_REPORTED };

/**
 * The figures in the page's words (core's rules): an en dash between bounds, a true minus sign
 * ("32.7", "−1.4", "20.1–45.2", "−3.2 to 45.2", "4 of 6 (67%, 95% CI 30–90%)").
 */
export const {
  oneDecimal,
  percent,
  intervalText,
  ciText,
  meanText,
  rateText,
  rateParts,
  daysText,
  medianText,
  shareText,
  per100Text,
  quartilesText,
  shareWithCiText,
} = programWords(PAGE_MARKS);

/**
 * The figures in the page's words with the intervals named at the level of `o`'s figures
 * ("90% CI" when the site's protocol sets 90%): `pageWords(o).ciText(m.ci)`, `pageWords(o).ciWords`.
 */
export function pageWords(o: Pick<ProgramOutcomes, 'confidenceLevelPercent'>): ProgramWords {
  return programWords(PAGE_MARKS, o.confidenceLevelPercent);
}

/** "of 7 started", shown beside a rate: the patients who started the course, not only those measured. */
export function startedText(started: number): string {
  return `of ${started} started`;
}

export { KAIR_PCL5_BENCHMARKS, benchmarkValueText, kairMeans, suppressedText };

/** A cohort's name with its dates in words: "5-day retreat from 2026-06-08" -> "5-day retreat from Mon 8 Jun 2026". */
export function cohortText(label: string): string {
  return label.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (date) => formatDate(date));
}

/** Whose courses the figures hold: "All patients of Kairos Clinic", or "Your patients only" (a therapist). */
export function scopeText(o: Pick<ProgramOutcomes, 'site' | 'filters'>): string {
  return o.filters.ownPatientsOnly ? 'Your patients only' : `All patients of ${o.site.name}`;
}

/** "Thresholds of protocol version 3". */
export function protocolText(version: number): string {
  return `Thresholds of protocol version ${version}`;
}
