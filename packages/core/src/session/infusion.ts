/**
 * The pump's course from its events: minutes it ran (pauses excluded), the volume infused at the
 * rates in force (capped at the ordered bag: a pump stops when the bag is empty), when the bag is
 * complete, and when the planned minutes are reached (protocol-defaults.md "pump rate changes";
 * clinical-facts: the ordered rate is the bag total over the planned minutes).
 *
 * @module session/infusion
 */
import { MS_PER_MINUTE, toEpochMs, toIso, type Instant } from '../calendar/instant.js';

/** One pump event, as recorded at the chair (a corrected stop replaces the recorded one). */
export interface PumpEvent {
  readonly kind: 'start' | 'pause' | 'resume' | 'rate' | 'stop';
  readonly at: Instant;
  /** The rate set by a start or a rate change, mL/h. */
  readonly rateMlPerHour?: number | null;
}

/** A pump event as stored: a `stop-corrected` event is the time the pump actually stopped, entered after the stop. */
export interface RecordedPumpEvent {
  readonly kind: PumpEvent['kind'] | 'stop-corrected';
  readonly at: Instant;
  readonly rateMlPerHour: number | null;
}

/** The pump's events as the course follows them: the latest corrected stop stands in for the recorded stop's time. */
export function pumpEventsOf(events: readonly RecordedPumpEvent[]): PumpEvent[] {
  const corrected = events.filter((e) => e.kind === 'stop-corrected').at(-1);
  return events
    .filter((e): e is RecordedPumpEvent & { kind: PumpEvent['kind'] } => e.kind !== 'stop-corrected')
    .map((e) => ({
      kind: e.kind,
      at: e.kind === 'stop' && corrected !== undefined ? corrected.at : e.at,
      rateMlPerHour: e.rateMlPerHour,
    }));
}

/** The course of an infusion at `asOf`. */
export interface InfusionProgress {
  /** Minutes the pump ran, pauses excluded (to the stop, or to `asOf` while it runs). */
  readonly runningMinutes: number;
  /** Volume infused, mL, at most the ordered bag total. */
  readonly infusedMl: number;
  /** The ordered bag total, mL. */
  readonly bagTotalMl: number;
  /** The rate in force now, mL/h (0 when paused or stopped). */
  readonly currentRateMlPerHour: number;
  readonly state: 'not-started' | 'running' | 'paused' | 'stopped';
  /** When the infused volume reached the bag total (ISO 8601 UTC), if it did by `asOf`. */
  readonly bagCompleteAt?: string;
  /** When the running minutes reached the planned minutes (ISO 8601 UTC), if they did by `asOf`. */
  readonly plannedMinutesReachedAt?: string;
  /** While running: when the planned minutes will be reached at this pace (ISO 8601 UTC). */
  readonly plannedEndAt?: string;
}

/**
 * Follows the pump from its events (in time order) to `asOf`: running minutes exclude pauses;
 * volume integrates each rate over the time it ran and stops counting at the bag total.
 *
 * @param events pump events in time order (start first)
 * @param order `bagTotalMl` (mL, > 0) and `plannedMinutes` (min, > 0) of the dose order
 * @param asOf the time of the question
 */
export function trackInfusion(
  events: readonly PumpEvent[],
  order: { readonly bagTotalMl: number; readonly plannedMinutes: number },
  asOf: Instant,
): InfusionProgress {
  const asOfMs = toEpochMs(asOf);
  const plannedMs = order.plannedMinutes * MS_PER_MINUTE;
  let runningMs = 0;
  let infused = 0;
  let rate = 0;
  let since: number | undefined;
  let state: InfusionProgress['state'] = 'not-started';
  let bagCompleteAt: number | undefined;
  let plannedReachedAt: number | undefined;

  const run = (toMs: number) => {
    if (since === undefined || toMs <= since) return;
    const spanMs = toMs - since;
    if (plannedReachedAt === undefined && runningMs + spanMs >= plannedMs) plannedReachedAt = since + (plannedMs - runningMs);
    const volume = (rate * spanMs) / (60 * MS_PER_MINUTE);
    if (bagCompleteAt === undefined && rate > 0 && infused + volume >= order.bagTotalMl) {
      bagCompleteAt = since + ((order.bagTotalMl - infused) / rate) * 60 * MS_PER_MINUTE;
    }
    infused = Math.min(order.bagTotalMl, infused + volume);
    runningMs += spanMs;
  };

  for (const e of events) {
    const t = toEpochMs(e.at);
    if (t > asOfMs) break; // later events have not happened yet at asOf
    run(t);
    since = undefined;
    if (e.kind === 'start' || e.kind === 'rate') rate = Number(e.rateMlPerHour ?? rate);
    if (e.kind === 'start' || e.kind === 'resume' || (e.kind === 'rate' && state === 'running')) {
      state = 'running';
      since = t;
    }
    if (e.kind === 'rate' && state === 'paused') since = undefined;
    if (e.kind === 'pause') state = 'paused';
    if (e.kind === 'stop') state = 'stopped';
  }
  if (state === 'running') run(asOfMs);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    runningMinutes: round(runningMs / MS_PER_MINUTE),
    infusedMl: round(infused),
    bagTotalMl: order.bagTotalMl,
    currentRateMlPerHour: state === 'running' ? rate : 0,
    state,
    ...(bagCompleteAt !== undefined && bagCompleteAt <= asOfMs ? { bagCompleteAt: toIso(bagCompleteAt) } : {}),
    ...(plannedReachedAt !== undefined && plannedReachedAt <= asOfMs ? { plannedMinutesReachedAt: toIso(plannedReachedAt) } : {}),
    ...(state === 'running' && plannedReachedAt === undefined ? { plannedEndAt: toIso(asOfMs + (plannedMs - runningMs)) } : {}),
  };
}

/** The answer of {@link checkRateChange}. */
export interface RateChangeCheck {
  /** True when the new rate is within the tolerance of the ordered rate (inclusive). */
  readonly withinTolerance: boolean;
  /** How far the new rate is from the ordered rate, % of the ordered rate (signed). */
  readonly deviationPercent: number;
  readonly tolerancePercent: number;
  readonly orderedRateMlPerHour: number;
  readonly parameter: 'dosing.rateChangeTolerancePercent';
}

/**
 * Whether a new pump rate stays within the site's tolerance of the ordered rate (both
 * directions, bound inclusive): within it any licensed user may change it with a reason; beyond
 * it only a prescriber through step-up (protocol-defaults.md "pump rate changes").
 */
export function checkRateChange(orderedRateMlPerHour: number, newRateMlPerHour: number, tolerancePercent: number): RateChangeCheck {
  if (!(orderedRateMlPerHour > 0) || !(newRateMlPerHour >= 0)) throw new RangeError('rates must be positive numbers of mL/h');
  const deviationPercent = ((newRateMlPerHour - orderedRateMlPerHour) / orderedRateMlPerHour) * 100;
  // Compared with a hair of tolerance so that 10% of 155.6 (171.16) is inside despite binary fractions.
  const withinTolerance = Math.abs(deviationPercent) <= tolerancePercent + 1e-9;
  return {
    withinTolerance,
    deviationPercent: Math.round(deviationPercent * 10) / 10,
    tolerancePercent,
    orderedRateMlPerHour,
    parameter: 'dosing.rateChangeTolerancePercent',
  };
}
