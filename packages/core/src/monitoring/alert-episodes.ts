/**
 * Alert episodes (protocol-defaults.md, "alert episode", a site default): consecutive readings of
 * one parameter at the same level are one alert, showing its worst value and its last time. It
 * alerts again when the value worsens within the level by a step (10 mmHg for blood pressure,
 * 10 bpm for heart rate, 2 points of SpO2, 2 breaths/min), when it escalates a level, or every
 * 5 minutes while unacknowledged, so 182 then 240 systolic is never hidden behind the first alert.
 * A reading that measures the parameter without reaching a bound ends the episode.
 *
 * A parameter is a measurement and a direction: blood pressure (systolic and diastolic together, as
 * one cuff reading), heart rate, SpO2, respiratory rate or MOAA/S, high or low (heart rate high and
 * heart rate low are two), so one reading may open several episodes but one blood pressure opens
 * one. Every function is pure; time is an argument.
 *
 * @module
 */
import { defineRule } from '../rules/rule.js';
import { siteDefault } from '../protocol-config/provenance.js';
import type { AlertLevel, FiredThreshold, VitalName } from './vital-signs.js';

/** The direction a bound is crossed in: above a high bound, or below a low one. */
export type EpisodeDirection = 'high' | 'low';

/** Worsening within a level that alerts again, in the vital's unit (protocol-defaults.md, alert episode). */
export const EPISODE_WORSENING_STEP: Readonly<Partial<Record<VitalName, number>>> = Object.freeze({
  systolic: 10,
  diastolic: 10,
  heartRate: 10,
  spo2: 2,
  respiratoryRate: 2,
});

/** Minutes after which an unacknowledged episode alerts again (protocol-defaults.md, alert episode). */
export const EPISODE_REMINDER_MINUTES = 5;

const RANK: Record<AlertLevel, number> = { warn: 1, hold: 2, pause: 2, escalate: 2 };

/** What an episode is of: blood pressure (systolic and diastolic as one), or one vital. */
export type EpisodeParameter = 'bloodPressure' | Exclude<VitalName, 'systolic' | 'diastolic'>;

export const parameterOf = (vital: VitalName): EpisodeParameter =>
  vital === 'systolic' || vital === 'diastolic' ? 'bloodPressure' : vital;

/** The vitals a parameter is measured by. */
export const vitalsOf = (parameter: EpisodeParameter): VitalName[] =>
  parameter === 'bloodPressure' ? ['systolic', 'diastolic'] : [parameter];

/** The key of a parameter's episode: `bloodPressure:high`. */
export const episodeKey = (parameter: EpisodeParameter, direction: EpisodeDirection): string => `${parameter}:${direction}`;

/** Values by vital (a blood pressure has two). */
export type EpisodeValues = Readonly<Partial<Record<VitalName, number>>>;

/** What one reading says about one parameter: the highest level it reached, and its values past a bound. */
export interface EpisodeSignal {
  readonly key: string;
  readonly parameter: EpisodeParameter;
  readonly direction: EpisodeDirection;
  readonly level: AlertLevel;
  /** The values of the vitals that reached a bound in this direction. */
  readonly values: EpisodeValues;
  /** The thresholds of this parameter the reading reached (a stop bound also fires its warning bound). */
  readonly fired: readonly FiredThreshold[];
}

/** An episode still running (its alert raised, the parameter not yet back within bounds). */
export interface OpenEpisode {
  readonly key: string;
  readonly level: AlertLevel;
  /** The values of the reading that last alerted (opened it, worsened it or escalated it). */
  readonly alertedValues: EpisodeValues;
}

/** What a reading does to a parameter's episode. */
export type EpisodeDecision =
  /** No episode: a new alert. */
  | { readonly kind: 'open'; readonly signal: EpisodeSignal }
  /** A higher level (or the same rank under another name, such as pause becoming escalate after the infusion): alert again. */
  | { readonly kind: 'escalate'; readonly signal: EpisodeSignal }
  /** The same level, worse by at least the step since it last alerted: alert again. */
  | { readonly kind: 'worsen'; readonly signal: EpisodeSignal }
  /** The same episode goes on: its worst value and last time move, no new alert. */
  | { readonly kind: 'continue'; readonly signal: EpisodeSignal }
  /** The parameter was measured within bounds: the episode ends. */
  | { readonly kind: 'end'; readonly key: string };

const directionOf = (f: FiredThreshold): EpisodeDirection => (f.comparator === '>=' ? 'high' : 'low');

/** Whether `a` is worse than `b` in `direction`. */
export const isWorse = (direction: EpisodeDirection, a: number, b: number): boolean => (direction === 'high' ? a > b : a < b);

/** The signals of a reading's fired thresholds: one per parameter and direction, at its highest level. */
export function episodeSignals(fired: readonly FiredThreshold[]): EpisodeSignal[] {
  const byKey = new Map<string, FiredThreshold[]>();
  for (const f of fired) {
    const key = episodeKey(parameterOf(f.vital), directionOf(f));
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  return [...byKey.entries()].map(([key, all]) => {
    const top = all.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a));
    const values: Partial<Record<VitalName, number>> = {};
    for (const f of all) values[f.vital] = f.value;
    return { key, parameter: parameterOf(top.vital), direction: directionOf(top), level: top.level, values, fired: all };
  });
}

/** Whether some vital of `now` is worse than when the episode last alerted by its step (none for MOAA/S). */
function worsenedByStep(direction: EpisodeDirection, now: EpisodeValues, alerted: EpisodeValues): boolean {
  return (Object.entries(now) as [VitalName, number][]).some(([vital, value]) => {
    const step = EPISODE_WORSENING_STEP[vital];
    const before = alerted[vital];
    if (step === undefined || before === undefined) return false;
    return direction === 'high' ? value - before >= step : before - value >= step;
  });
}

/**
 * What one reading does to the session's episodes: for each parameter it reached a bound on, open,
 * escalate, worsen or continue; for each open episode whose vital it measured within bounds, end.
 *
 * @param open the session's open episodes (at most one per key)
 * @param fired the reading's fired thresholds (core's classification)
 * @param measured the vitals the reading has a value for
 */
export function decideEpisodes(
  open: readonly OpenEpisode[],
  fired: readonly FiredThreshold[],
  measured: readonly VitalName[],
): EpisodeDecision[] {
  const decisions: EpisodeDecision[] = [];
  const signals = episodeSignals(fired);
  for (const signal of signals) {
    const episode = open.find((e) => e.key === signal.key);
    if (episode === undefined) {
      decisions.push({ kind: 'open', signal });
      continue;
    }
    if (RANK[signal.level] > RANK[episode.level] || (RANK[signal.level] === RANK[episode.level] && signal.level !== episode.level)) {
      decisions.push({ kind: 'escalate', signal });
      continue;
    }
    const worsened = RANK[signal.level] === RANK[episode.level] && worsenedByStep(signal.direction, signal.values, episode.alertedValues);
    decisions.push({ kind: worsened ? 'worsen' : 'continue', signal });
  }
  for (const episode of open) {
    const [parameter] = episode.key.split(':') as [EpisodeParameter];
    const wasMeasured = vitalsOf(parameter).some((v) => measured.includes(v));
    if (wasMeasured && !signals.some((s) => s.key === episode.key)) decisions.push({ kind: 'end', key: episode.key });
  }
  return decisions;
}

/** Whether an unacknowledged, still open episode alerts again at `nowMs` (every 5 minutes since it last alerted). */
export function episodeReminderDue(lastAlertedMs: number, nowMs: number): boolean {
  return nowMs - lastAlertedMs >= EPISODE_REMINDER_MINUTES * 60_000;
}

/** The rule, for the record of every alert it raised (`id@version`). */
export const alertEpisodeRule = defineRule({
  id: 'monitoring.alert-episode',
  version: '1',
  title: 'One alert per threshold episode; again on worsening by a step, on escalation, or every 5 minutes unacknowledged',
  sources: [
    siteDefault('repeated alerts of one kind grouped into one episode (a Kairos default)') /* protocol-defaults.md, "alert episode" */,
  ],
  evaluate: (input: { open: readonly OpenEpisode[]; fired: readonly FiredThreshold[]; measured: readonly VitalName[] }) =>
    decideEpisodes(input.open, input.fired, input.measured),
});
