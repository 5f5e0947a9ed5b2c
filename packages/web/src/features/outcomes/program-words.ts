/**
 * The Outcomes page's figures in words. Every number comes from the server (core computes them);
 * these helpers only round and phrase: "4 of 6 (67%, 95% CI 30–90%)", "32.7 (95% CI 20.1–45.2)",
 * "median 91 days (95% CI 60 to not reached)". Nothing here computes a statistic.
 */
import { PROGRAM_TIME_POINTS, type ProgramBenchmark, type ProgramOutcomes, type ProgramRateId, type ProgramTimePoint } from '@kairos/api';
import { formatDate } from '../schedule/site-time';

/**
 * How the page names the confidence intervals. The figures use the protocol's cohort statistics
 * convention (protocol-defaults.md: t-based 95% CI of a mean, Wilson for a rate, Greenwood with the
 * log transform for Kaplan-Meier); the answer does not carry the level, so the page states it here.
 */
export const CI_WORDS = '95% CI';

/** Shown where a figure is not reported (too few answers, or a cohort too small). */
export const NOT_REPORTED = '—';

const TIME_POINT_WORDS: Readonly<Record<ProgramTimePoint, string>> = {
  baseline: 'Baseline',
  'end-of-course': 'End of course',
  'plus-7': '+7 days',
  'plus-30': '+30 days',
  'plus-90': '+90 days',
};

/** "Baseline", "End of course", "+7 days", "+30 days", "+90 days". */
export function timePointLabel(timePoint: ProgramTimePoint): string {
  return TIME_POINT_WORDS[timePoint];
}

/** The time points in course order (baseline first), for sorting rows the server sent. */
export function timePointOrder(timePoint: ProgramTimePoint): number {
  return PROGRAM_TIME_POINTS.indexOf(timePoint);
}

const RATE_WORDS: Readonly<Record<ProgramRateId, string>> = {
  response: 'Response',
  remission: 'Remission',
  'reliable-improvement': 'Reliable improvement',
};

export function rateLabel(id: ProgramRateId): string {
  return RATE_WORDS[id];
}

/** A figure with one decimal, a true minus sign for negatives: "32.7", "−1.4". */
export function oneDecimal(value: number): string {
  const text = (Math.round(value * 10) / 10).toFixed(1);
  return text === '-0.0' ? '0.0' : text.replace('-', '−');
}

/** A share 0 to 1 as a whole percentage: 0.6667 -> "67". */
export function percent(share: number): string {
  return String(Math.round(share * 100));
}

/** "20.1–45.2", or "−3.2 to 45.2" when a bound is negative (a dash beside a minus sign misleads). */
function rangeText(lower: string, upper: string, negative: boolean): string {
  return negative ? `${lower} to ${upper}` : `${lower}–${upper}`;
}

/** A mean's interval alone: "20.1–45.2" (one decimal); the "not reported" mark when there is none. */
export function intervalText(ci: { lower: number; upper: number } | null): string {
  if (ci === null) return NOT_REPORTED;
  return rangeText(oneDecimal(ci.lower), oneDecimal(ci.upper), ci.lower < 0 || ci.upper < 0);
}

/** A mean's interval named: "95% CI 20.1–45.2"; the "not reported" mark when there is none. */
export function ciText(ci: { lower: number; upper: number } | null): string {
  return ci === null ? NOT_REPORTED : `${CI_WORDS} ${intervalText(ci)}`;
}

/** A mean with one decimal, or the "not reported" mark. */
export function meanText(mean: number | null): string {
  return mean === null ? NOT_REPORTED : oneDecimal(mean);
}

/**
 * A rate: "4 of 6 (67%, 95% CI 30–90%)"; "4 of 6" when the rate is not reported (a small cohort);
 * "none measured" when no patient had that time point's PCL-5.
 */
export function rateText(rate: RateFigures): string {
  return rateParts(rate).join(' ');
}

type RateFigures = { events: number; n: number; rate: number | null; ci: { lower: number; upper: number } | null };

/**
 * The rate's words in the groups a line may not break inside ("4 of 6", "(67%,", "95% CI 30–90%)"),
 * so a narrow table cell wraps between them, never inside an interval.
 */
export function rateParts(rate: RateFigures): string[] {
  if (rate.n === 0) return ['none measured'];
  const count = `${rate.events} of ${rate.n}`;
  if (rate.rate === null) return [count];
  if (rate.ci === null) return [count, `(${percent(rate.rate)}%)`];
  return [count, `(${percent(rate.rate)}%,`, `${CI_WORDS} ${percent(rate.ci.lower)}–${percent(rate.ci.upper)}%)`];
}

/** "of 7 started", shown beside a rate: the patients who started the course, not only those measured. */
export function startedText(started: number): string {
  return `of ${started} started`;
}

/** "1 day", "91 days", "27.5 days". */
export function daysText(days: number): string {
  const n = Number.isInteger(days) ? String(days) : oneDecimal(days);
  return `${n} day${days === 1 ? '' : 's'}`;
}

/** A time or bound of a survival median; null: the curve never reached it. */
const reached = (days: number | null): string => (days === null ? 'not reached' : Number.isInteger(days) ? String(days) : oneDecimal(days));

/**
 * The median time to loss of response with its interval, in words: "median 91 days (95% CI 60 to
 * not reached)", "median not reached (95% CI 60 to not reached)".
 */
export function medianText(median: { days: number | null; lower: number | null; upper: number | null }): string {
  const head = median.days === null ? 'median not reached' : `median ${daysText(median.days)}`;
  if (median.lower === null && median.upper === null) return `${head} (${CI_WORDS} not reached)`;
  return `${head} (${CI_WORDS} ${reached(median.lower)} to ${reached(median.upper)})`;
}

/** "4 of 6 (67%)", "0 of 0" reads "none due yet". */
export function shareText(c: { due: number; answered: number; share: number | null }): string {
  if (c.due === 0) return 'none due yet';
  return c.share === null ? `${c.answered} of ${c.due}` : `${c.answered} of ${c.due} (${percent(c.share)}%)`;
}

/** A count per 100 sessions with one decimal, or the "not reported" mark. */
export function per100Text(value: number | null): string {
  return value === null ? NOT_REPORTED : oneDecimal(value);
}

/** Minutes from the end of the infusion to discharge: "median 90 min (IQR 85–95), 17 sessions". */
export function quartilesText(q: { n: number; median: number | null; q1: number | null; q3: number | null }): string {
  const sessions = `${q.n} session${q.n === 1 ? '' : 's'}`;
  if (q.n === 0) return 'no discharge recorded';
  if (q.median === null) return sessions;
  const iqr = q.q1 === null || q.q3 === null ? '' : ` (IQR ${minutes(q.q1)}–${minutes(q.q3)})`;
  return `median ${minutes(q.median)} min${iqr}, ${sessions}`;
}

const minutes = (m: number): string => (Number.isInteger(m) ? String(m) : oneDecimal(m));

/** A published figure with its unit: "46.6 points", "67%", "27.5 days", "158", "0.27". */
export function benchmarkValueText(b: Pick<ProgramBenchmark, 'value' | 'unit'>): string {
  const v = b.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  switch (b.unit) {
    case 'score':
      return `${v} points`;
    case '%':
      return `${v}%`;
    case 'day':
      return b.value === 1 ? '1 day' : `${v} days`;
    case 'count':
    case '1':
      return v;
  }
}

/** The benchmarks drawn beside the site's PCL-5 means: the KAIR program's published means, by time point. */
export const KAIR_PCL5_BENCHMARKS: Readonly<Partial<Record<ProgramTimePoint, string>>> = {
  baseline: 'kair-pcl5-baseline',
  'plus-7': 'kair-pcl5-week-1',
  'plus-30': 'kair-pcl5-month-1',
};

/** The KAIR program's published PCL-5 mean at each time point it reports (none when the answer lacks it). */
export function kairMeans(benchmarks: readonly ProgramBenchmark[]): Partial<Record<ProgramTimePoint, number>> {
  const out: Partial<Record<ProgramTimePoint, number>> = {};
  for (const t of PROGRAM_TIME_POINTS) {
    const id = KAIR_PCL5_BENCHMARKS[t];
    const b = id === undefined ? undefined : benchmarks.find((x) => x.id === id);
    if (b !== undefined) out[t] = b.value;
  }
  return out;
}

/** A cohort's name with its dates in words: "5-day retreat from 2026-06-08" -> "5-day retreat from Mon 8 Jun 2026". */
export function cohortText(label: string): string {
  return label.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (date) => formatDate(date));
}

/** Whose courses the figures hold: "All patients of Kairos Clinic", or "Your patients only" (a therapist). */
export function scopeText(o: Pick<ProgramOutcomes, 'site' | 'filters'>): string {
  return o.filters.ownPatientsOnly ? 'Your patients only' : `All patients of ${o.site.name}`;
}

/** A share 0 to 1 with its interval as whole percentages: "75% (95% CI 43–100%)". */
export function shareWithCiText(share: number, lower: number | null, upper: number | null): string {
  return lower === null || upper === null ? `${percent(share)}%` : `${percent(share)}% (${CI_WORDS} ${percent(lower)}–${percent(upper)}%)`;
}

/** "Fewer than 5 patients started: counts only, no means or rates". */
export function suppressedText(smallestCohort: number): string {
  return `Fewer than ${smallestCohort} patients started: counts only, no means or rates`;
}

/** "Thresholds of protocol version 3". */
export function protocolText(version: number): string {
  return `Thresholds of protocol version ${version}`;
}
