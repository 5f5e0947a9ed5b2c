/**
 * The durability of response as drawn (issue 24): the Kaplan-Meier step curve of the summary's
 * `durability`, run flat to the last follow-up when the last responder followed was censored after
 * the last loss of response, and its censor marks (a responder still responding at their last
 * PCL-5), as the Outcomes page and the program outcomes PDF draw them. Nothing here computes a
 * statistic: it places the summary's figures.
 *
 * @module
 */
import type { ProgramDurability } from './program.js';

/** A corner of the step curve: the share still responding from `days` on, and its band (null where none). */
export interface DurabilityPlotPoint {
  readonly days: number;
  readonly survival: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** A censor mark: `count` responders still responding at their last PCL-5, `days` after the last dosing session. */
export interface DurabilityCensorMark {
  readonly days: number;
  /** The curve's height there (censoring follows the losses of the same day). */
  readonly survival: number;
  readonly count: number;
}

/** What {@link durabilityPlot} gives. */
export interface DurabilityPlot {
  /**
   * The curve's points ascending (day 0 first), then, when a responder was followed past the last
   * loss, the last follow-up at the last height and band: the curve runs flat to it.
   */
  readonly points: readonly DurabilityPlotPoint[];
  /** Every censoring day ascending, the last follow-up's included. */
  readonly censorMarks: readonly DurabilityCensorMark[];
  /** The last day drawn: the last loss or the last follow-up, whichever is later (0 with no point). */
  readonly lastDay: number;
}

/**
 * The step curve and censor marks of a durability summary (see the module description).
 *
 * @param d the summary's durability: its curve and its censored responders
 */
export function durabilityPlot(d: Pick<ProgramDurability, 'curve' | 'censored'>): DurabilityPlot {
  const curve = [...d.curve].sort((a, b) => a.days - b.days);
  const points: DurabilityPlotPoint[] = curve.map((p) =>
    Object.freeze({ days: p.days, survival: p.survival, lower: p.lower, upper: p.upper }),
  );
  /** The height just after `days`: the last point at or before it (1 before the first). */
  const pointAt = (days: number): DurabilityPlotPoint | undefined => points.filter((p) => p.days <= days).at(-1);
  const censorMarks = [...d.censored]
    .sort((a, b) => a.days - b.days)
    .map((c) => Object.freeze({ days: c.days, survival: pointAt(c.days)?.survival ?? 1, count: c.count }));
  const lastPoint = points.at(-1);
  const lastCensored = censorMarks.at(-1);
  if (lastCensored !== undefined && (lastPoint === undefined || lastCensored.days > lastPoint.days))
    points.push(
      Object.freeze({
        days: lastCensored.days,
        survival: lastPoint?.survival ?? 1,
        lower: lastPoint?.lower ?? null,
        upper: lastPoint?.upper ?? null,
      }),
    );
  return Object.freeze({
    points: Object.freeze(points),
    censorMarks: Object.freeze(censorMarks),
    lastDay: points.reduce((m, p) => Math.max(m, p.days), 0),
  });
}
