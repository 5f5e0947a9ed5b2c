/**
 * The program's outcomes in plain words (issue 24): the labels and the rounding and phrasing rules
 * that the Outcomes page, the program outcomes PDF and its CSV tables share: "4 of 6 (67%, 95% CI
 * 30-90%)", "32.7 (95% CI 20.1-45.2)", "median 91 days (95% CI 60 to not reached)". Every number
 * comes from {@link summarizeProgramOutcomes}; nothing here computes a statistic: it rounds and
 * phrases.
 *
 * The marks differ by medium ({@link ProgramWordMarks}): the page typesets an en dash and a true
 * minus sign, the PDF's standard fonts print a hyphen for both.
 *
 * @module
 */
import { outcomesDefaults, type OutcomeBenchmark } from '../protocol-config/sections/outcomes.js';
import type { ProgramInstrument, ProgramRateId, ProgramTimePoint } from './program.js';

/**
 * How the figures name their confidence intervals at a level: "95% CI", "90% CI", "99.9% CI". The
 * figures use the protocol's cohort statistics convention (protocol-defaults.md: t-based CI of a
 * mean, Wilson for a rate, Greenwood with the log transform for Kaplan-Meier) at the site's
 * `outcomes.statistics.confidenceLevelPercent`, which the summary carries
 * (`ProgramOutcomesSummary.confidenceLevelPercent`): the words name the level the figures were
 * computed with.
 *
 * @param levelPercent the interval level in percent, in (0, 100)
 * @throws RangeError when the level is not a number in (0, 100)
 */
export function programCiWords(levelPercent: number): string {
  return `${programLevelText(levelPercent)} CI`;
}

/**
 * An interval level in words: "95%", "90%", "99.9%" (as in "95% confidence intervals").
 *
 * @param levelPercent the interval level in percent, in (0, 100)
 * @throws RangeError when the level is not a number in (0, 100)
 */
export function programLevelText(levelPercent: number): string {
  if (!(levelPercent > 0 && levelPercent < 100))
    throw new RangeError(`programLevelText: level must be in (0, 100) percent, got ${levelPercent}`);
  // toPrecision drops a float's noise (90.00000000000001 reads 90).
  return `${Number(levelPercent.toPrecision(6))}%`;
}

/** The words of the default level (`outcomes.statistics.confidenceLevelPercent`, 95): "95% CI". */
export const PROGRAM_CI_WORDS = programCiWords(outcomesDefaults.statistics.confidenceLevelPercent.value);

/** "Baseline", "End of course", "+7 days", "+30 days", "+90 days". */
export const PROGRAM_TIME_POINT_LABELS: Readonly<Record<ProgramTimePoint, string>> = Object.freeze({
  baseline: 'Baseline',
  'end-of-course': 'End of course',
  'plus-7': '+7 days',
  'plus-30': '+30 days',
  'plus-90': '+90 days',
});

/** "Response", "Remission", "Reliable improvement". */
export const PROGRAM_RATE_LABELS: Readonly<Record<ProgramRateId, string>> = Object.freeze({
  response: 'Response',
  remission: 'Remission',
  'reliable-improvement': 'Reliable improvement',
});

/** The rates in the order they are shown. */
export const PROGRAM_RATE_IDS: readonly ProgramRateId[] = Object.freeze(['response', 'remission', 'reliable-improvement']);

/** "PCL-5", "PHQ-9", "GAD-7". */
export const PROGRAM_INSTRUMENT_LABELS: Readonly<Record<ProgramInstrument, string>> = Object.freeze({
  pcl5: 'PCL-5',
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
});

/** The benchmarks drawn beside the site's PCL-5 means: the KAIR program's published means, by time point. */
export const KAIR_PCL5_BENCHMARKS: Readonly<Partial<Record<ProgramTimePoint, string>>> = Object.freeze({
  baseline: 'kair-pcl5-baseline',
  'plus-7': 'kair-pcl5-week-1',
  'plus-30': 'kair-pcl5-month-1',
});

/** The KAIR program's published PCL-5 mean at each time point it reports (none when the benchmarks lack it). */
export function kairMeans(benchmarks: readonly { id: string; value: number }[]): Partial<Record<ProgramTimePoint, number>> {
  const out: Partial<Record<ProgramTimePoint, number>> = {};
  for (const [t, id] of Object.entries(KAIR_PCL5_BENCHMARKS) as [ProgramTimePoint, string][]) {
    const b = benchmarks.find((x) => x.id === id);
    if (b !== undefined) out[t] = b.value;
  }
  return out;
}

/** A published figure with its unit: "46.6 points", "67%", "27.5 days", "158", "0.27". */
export function benchmarkValueText(b: Pick<OutcomeBenchmark, 'value' | 'unit'>): string {
  const v = b.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
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

/** "Fewer than 5 patients started: counts only, no means or rates". */
export function suppressedText(smallestCohort: number): string {
  return `Fewer than ${smallestCohort} patients started: counts only, no means or rates`;
}

/** The marks a medium prints the figures with. */
export interface ProgramWordMarks {
  /** Between the bounds of a range: "20.1–45.2" (en dash) or "20.1-45.2". */
  readonly dash: string;
  /** Before a negative figure: "−1.4" (minus sign) or "-1.4". */
  readonly minus: string;
  /** Where a figure is not reported (too few answers, or a cohort too small). */
  readonly notReported: string;
}

/** A rate's figures: `events` of `n`, the rate and its interval when reported. */
export interface ProgramRateFigures {
  events: number;
  n: number;
  rate: number | null;
  ci: { lower: number; upper: number } | null;
}

/** The phrasing rules of {@link programWords}, with one medium's marks. */
export interface ProgramWords {
  /** How the intervals are named, at the level of the figures: "95% CI" ({@link programCiWords}). */
  readonly ciWords: string;
  /** A figure with one decimal: "32.7", "-1.4" (with the medium's minus). */
  readonly oneDecimal: (value: number) => string;
  /** A share 0 to 1 as a whole percentage: 0.6667 -> "67". */
  readonly percent: (share: number) => string;
  /** A mean's interval alone: "20.1-45.2" (one decimal), "-3.2 to 45.2" with a negative bound; the "not reported" mark when there is none. */
  readonly intervalText: (ci: { lower: number; upper: number } | null) => string;
  /** A mean's interval named: "95% CI 20.1-45.2"; the "not reported" mark when there is none. */
  readonly ciText: (ci: { lower: number; upper: number } | null) => string;
  /** A mean with one decimal, or the "not reported" mark. */
  readonly meanText: (mean: number | null) => string;
  /** A rate's words in the groups a line may not break inside ("4 of 6", "(67%,", "95% CI 30-90%)"). */
  readonly rateParts: (rate: ProgramRateFigures) => string[];
  /** A rate: "4 of 6 (67%, 95% CI 30-90%)", "4 of 6" when not reported, "none measured" when no patient had the PCL-5. */
  readonly rateText: (rate: ProgramRateFigures) => string;
  /** "1 day", "91 days", "27.5 days". */
  readonly daysText: (days: number) => string;
  /** "median 91 days (95% CI 60 to not reached)", "median not reached (95% CI not reached)". */
  readonly medianText: (median: { days: number | null; lower: number | null; upper: number | null }) => string;
  /** "4 of 6 (67%)", "0 of 0" reads "none due yet". */
  readonly shareText: (c: { due: number; answered: number; share: number | null }) => string;
  /** A count per 100 sessions with one decimal, or the "not reported" mark. */
  readonly per100Text: (value: number | null) => string;
  /** Minutes from the end of the infusion to discharge: "median 90 min (IQR 85-95), 17 sessions". */
  readonly quartilesText: (q: { n: number; median: number | null; q1: number | null; q3: number | null }) => string;
  /** A share 0 to 1 with its interval as whole percentages: "75% (95% CI 43-100%)". */
  readonly shareWithCiText: (share: number, lower: number | null, upper: number | null) => string;
}

/**
 * The program's figures in words, printed with `marks`, their intervals named at `levelPercent`.
 *
 * @param levelPercent the level the figures were computed with (the summary's
 *   `confidenceLevelPercent`), default `outcomes.statistics.confidenceLevelPercent` (95)
 */
export function programWords(
  marks: ProgramWordMarks,
  levelPercent: number = outcomesDefaults.statistics.confidenceLevelPercent.value,
): ProgramWords {
  const { dash, minus, notReported } = marks;
  const ciWords = programCiWords(levelPercent);
  const oneDecimal = (value: number): string => {
    const text = (Math.round(value * 10) / 10).toFixed(1);
    return text === '-0.0' ? '0.0' : text.replace('-', minus);
  };
  const percent = (share: number): string => String(Math.round(share * 100));
  /** A whole number as it is, any other with one decimal. */
  const wholeOrOneDecimal = (v: number): string => (Number.isInteger(v) ? String(v) : oneDecimal(v));
  /** A time or bound of a survival median; null: the curve never reached it. */
  const reached = (days: number | null): string => (days === null ? 'not reached' : wholeOrOneDecimal(days));
  const intervalText = (ci: { lower: number; upper: number } | null): string => {
    if (ci === null) return notReported;
    const [lower, upper] = [oneDecimal(ci.lower), oneDecimal(ci.upper)];
    // A dash beside a minus sign misleads.
    return ci.lower < 0 || ci.upper < 0 ? `${lower} to ${upper}` : `${lower}${dash}${upper}`;
  };
  const percentRange = (lower: number, upper: number): string => `${percent(lower)}${dash}${percent(upper)}%`;
  const rateParts = (rate: ProgramRateFigures): string[] => {
    if (rate.n === 0) return ['none measured'];
    const count = `${rate.events} of ${rate.n}`;
    if (rate.rate === null) return [count];
    if (rate.ci === null) return [count, `(${percent(rate.rate)}%)`];
    return [count, `(${percent(rate.rate)}%,`, `${ciWords} ${percentRange(rate.ci.lower, rate.ci.upper)})`];
  };
  const daysText = (days: number): string => `${wholeOrOneDecimal(days)} day${days === 1 ? '' : 's'}`;
  return {
    ciWords,
    oneDecimal,
    percent,
    intervalText,
    ciText: (ci) => (ci === null ? notReported : `${ciWords} ${intervalText(ci)}`),
    meanText: (mean) => (mean === null ? notReported : oneDecimal(mean)),
    rateParts,
    rateText: (rate) => rateParts(rate).join(' '),
    daysText,
    medianText: (median) => {
      const head = median.days === null ? 'median not reached' : `median ${daysText(median.days)}`;
      if (median.lower === null && median.upper === null) return `${head} (${ciWords} not reached)`;
      return `${head} (${ciWords} ${reached(median.lower)} to ${reached(median.upper)})`;
    },
    shareText: (c) =>
      c.due === 0 ? 'none due yet' : c.share === null ? `${c.answered} of ${c.due}` : `${c.answered} of ${c.due} (${percent(c.share)}%)`,
    per100Text: (value) => (value === null ? notReported : oneDecimal(value)),
    quartilesText: (q) => {
      const sessions = `${q.n} session${q.n === 1 ? '' : 's'}`;
      if (q.n === 0) return 'no discharge recorded';
      if (q.median === null) return sessions;
      const iqr = q.q1 === null || q.q3 === null ? '' : ` (IQR ${wholeOrOneDecimal(q.q1)}${dash}${wholeOrOneDecimal(q.q3)})`;
      return `median ${wholeOrOneDecimal(q.median)} min${iqr}, ${sessions}`;
    },
    shareWithCiText: (share, lower, upper) =>
      lower === null || upper === null ? `${percent(share)}%` : `${percent(share)}% (${ciWords} ${percentRange(lower, upper)})`,
  };
}
