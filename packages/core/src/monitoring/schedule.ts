/**
 * The monitoring schedule of a dosing session (protocol-defaults.md "During and after the
 * infusion"): when vital signs, MOAA/S and CADSS-6 are due, from the infusion's start and end, and
 * which scheduled items are overdue at a given time.
 *
 * @module monitoring/schedule
 */
import type { VitalsSection } from '../protocol-config/sections/vitals.js';
import { fromSource } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';
import { MS_PER_MINUTE, toEpochMs, toIso, type Instant } from '../calendar/instant.js';

/** What is recorded: a set of vital signs, a MOAA/S score or a CADSS-6. */
export type MonitoringKind = 'vitals' | 'moaas' | 'cadss6';

/** Why an item is due (several when two rules fall on the same time). */
export type MonitoringReason =
  | 'vitals-during-infusion'
  | 'vitals-at-minute-after-start'
  | 'vitals-after-end'
  | 'moaas-after-start'
  | 'moaas-at-end'
  | 'moaas-after-end'
  | 'cadss6-before-end'
  | 'vitals-closer-monitoring';

/** One scheduled recording. */
export interface MonitoringItem {
  /** Stable within a schedule: `${kind}@${minuteFromStart}`. */
  readonly id: string;
  readonly kind: MonitoringKind;
  /** Due time, ISO 8601 UTC. */
  readonly dueAt: string;
  /** Due time, epoch ms. */
  readonly dueAtMs: number;
  /** Minutes from the infusion's start (may be fractional when the end is not on a whole minute). */
  readonly minuteFromStart: number;
  readonly reasons: readonly MonitoringReason[];
}

/** The schedule of one dosing session. */
export interface MonitoringSchedule {
  readonly infusionStartAt: string;
  readonly infusionEndAt: string;
  readonly infusionStartMs: number;
  readonly infusionEndMs: number;
  /**
   * Earliest time the minimum observation allows discharge: the later of infusion end + the
   * observation after the end and infusion start + the time since start (ISO 8601 UTC).
   */
  readonly minimumObservationEndsAt: string;
  /** The items through `itemsUntilAt`, by due time (then kind: vitals, moaas, cadss6). */
  readonly items: readonly MonitoringItem[];
  /** Items are listed through this time (ISO 8601 UTC); vital signs after the end recur beyond it. */
  readonly itemsUntilAt: string;
  readonly itemsUntilMs: number;
  /** Vital signs continue every `everyMinutes` after the infusion's end until discharge. */
  readonly recurringAfterEnd: { readonly kind: 'vitals'; readonly everyMinutes: number; readonly fromMs: number };
  /** A set of vital signs just before discharge (its time is the discharge's, so it has no due time here). */
  readonly beforeDischarge: { readonly kind: 'vitals' } | null;
}

/** The infusion's end: an instant, or a planned duration in minutes (> 0). */
export type InfusionEnd = Instant | { readonly plannedMinutes: number };

/** Options of {@link buildMonitoringSchedule}. */
export interface MonitoringScheduleOptions {
  /** List items through this instant (default: the end of the minimum observation). */
  readonly untilAt?: Instant;
  /**
   * Closer blood-pressure monitoring (a flagged MAOI, stimulant or sympathomimetic, or controlled
   * hypertension): vital signs every `vitals.schedule.closerVitalsEveryMinutes` during the
   * infusion and for `closerMonitoringMinutesAfterEnd` after it.
   */
  readonly closerBloodPressure?: boolean;
}

const KIND_ORDER: Record<MonitoringKind, number> = { vitals: 0, moaas: 1, cadss6: 2 };

function afterEndVitals(startMs: number, endMs: number, everyMinutes: number, fromExclusiveMs: number, untilMs: number) {
  const out: { atMs: number; reason: MonitoringReason }[] = [];
  const step = everyMinutes * MS_PER_MINUTE;
  for (let k = 1; ; k += 1) {
    const atMs = endMs + k * step;
    if (atMs > untilMs) break;
    if (atMs > fromExclusiveMs && atMs > startMs) out.push({ atMs, reason: 'vitals-after-end' });
  }
  return out;
}

function toItems(startMs: number, raw: readonly { kind: MonitoringKind; atMs: number; reason: MonitoringReason }[]): MonitoringItem[] {
  const byKey = new Map<string, { kind: MonitoringKind; atMs: number; reasons: MonitoringReason[] }>();
  for (const r of raw) {
    const key = `${r.kind}@${r.atMs}`;
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, { kind: r.kind, atMs: r.atMs, reasons: [r.reason] });
    else if (!existing.reasons.includes(r.reason)) existing.reasons.push(r.reason);
  }
  return [...byKey.values()]
    .sort((a, b) => a.atMs - b.atMs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
    .map((e) => {
      const minuteFromStart = (e.atMs - startMs) / MS_PER_MINUTE;
      return Object.freeze({
        id: `${e.kind}@${minuteFromStart}`,
        kind: e.kind,
        dueAt: toIso(e.atMs),
        dueAtMs: e.atMs,
        minuteFromStart,
        reasons: Object.freeze(e.reasons),
      });
    });
}

/**
 * Builds the monitoring schedule of a session from the infusion's start and its end (actual or
 * planned). With the defaults: vital signs every 10 min from the start until the end (at 10, 20,
 * ... min while not after the end; the pre-dose reading covers minute 0), at 40 min after the start,
 * every 15 min after the end until discharge, and just before discharge; MOAA/S at 15 and 30 min
 * after the start, at the end, and 15 and 30 min after the end; CADSS-6 once, 5 min before the end
 * (not before the start). With closer blood-pressure monitoring, vital signs also every 5 min from
 * the start to 30 min after the end (defaults). Items of one kind due at the same instant are
 * merged with all reasons.
 *
 * @param infusionStart the infusion's start
 * @param infusionEnd its actual end (at or after the start: an infusion stopped at once counts), or `{ plannedMinutes }` (> 0)
 * @param config the `vitals` section of the protocol configuration
 * @param options `untilAt`: list recurring items through this instant (default the end of the minimum observation)
 * @throws RangeError when the end is before the start or an instant is malformed
 */
export function buildMonitoringSchedule(
  infusionStart: Instant,
  infusionEnd: InfusionEnd,
  config: VitalsSection,
  options: MonitoringScheduleOptions = {},
): MonitoringSchedule {
  const startMs = toEpochMs(infusionStart);
  let endMs: number;
  if (typeof infusionEnd === 'object') {
    const minutes = infusionEnd.plannedMinutes;
    if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError(`plannedMinutes must be > 0, got ${minutes}`);
    endMs = startMs + minutes * MS_PER_MINUTE;
  } else {
    endMs = toEpochMs(infusionEnd);
  }
  // An infusion stopped the moment it started (a reaction at once) still has its observation.
  if (!(endMs >= startMs)) throw new RangeError('the infusion cannot end before it starts');

  const s = config.schedule;
  const d = config.discharge;
  const minObsEndMs = Math.max(
    endMs + d.minimumMinutesAfterEnd.value * MS_PER_MINUTE,
    startMs + d.minimumMinutesAfterStart.value * MS_PER_MINUTE,
  );
  const untilMs = options.untilAt === undefined ? minObsEndMs : toEpochMs(options.untilAt);

  const raw: { kind: MonitoringKind; atMs: number; reason: MonitoringReason }[] = [];
  const duringStep = s.vitalsEveryMinutesDuringInfusion.value * MS_PER_MINUTE;
  for (let k = 1; startMs + k * duringStep <= endMs; k += 1) {
    raw.push({ kind: 'vitals', atMs: startMs + k * duringStep, reason: 'vitals-during-infusion' });
  }
  raw.push({ kind: 'vitals', atMs: startMs + s.vitalsAtMinuteAfterStart.value * MS_PER_MINUTE, reason: 'vitals-at-minute-after-start' });
  if (options.closerBloodPressure === true) {
    const closerStep = s.closerVitalsEveryMinutes.value * MS_PER_MINUTE;
    const closerUntilMs = endMs + s.closerMonitoringMinutesAfterEnd.value * MS_PER_MINUTE;
    for (let k = 1; startMs + k * closerStep <= closerUntilMs; k += 1) {
      raw.push({ kind: 'vitals', atMs: startMs + k * closerStep, reason: 'vitals-closer-monitoring' });
    }
  }
  raw.push(
    ...afterEndVitals(startMs, endMs, s.vitalsEveryMinutesAfterEnd.value, -Infinity, untilMs).map((r) => ({
      kind: 'vitals' as const,
      ...r,
    })),
  );
  for (const m of s.moaasMinutesAfterStart.value)
    raw.push({ kind: 'moaas', atMs: startMs + m * MS_PER_MINUTE, reason: 'moaas-after-start' });
  if (s.moaasAtEnd.value) raw.push({ kind: 'moaas', atMs: endMs, reason: 'moaas-at-end' });
  for (const m of s.moaasMinutesAfterEnd.value) raw.push({ kind: 'moaas', atMs: endMs + m * MS_PER_MINUTE, reason: 'moaas-after-end' });
  raw.push({
    kind: 'cadss6',
    atMs: Math.max(startMs, endMs - s.cadss6MinutesBeforeEnd.value * MS_PER_MINUTE),
    reason: 'cadss6-before-end',
  });

  return Object.freeze({
    infusionStartAt: toIso(startMs),
    infusionEndAt: toIso(endMs),
    infusionStartMs: startMs,
    infusionEndMs: endMs,
    minimumObservationEndsAt: toIso(minObsEndMs),
    items: Object.freeze(toItems(startMs, raw)),
    itemsUntilAt: toIso(untilMs),
    itemsUntilMs: untilMs,
    recurringAfterEnd: Object.freeze({ kind: 'vitals' as const, everyMinutes: s.vitalsEveryMinutesAfterEnd.value, fromMs: endMs }),
    beforeDischarge: s.vitalsBeforeDischarge.value ? Object.freeze({ kind: 'vitals' as const }) : null,
  });
}

/** A recording made: its kind and when. */
export interface MonitoringRecord {
  readonly kind: MonitoringKind;
  readonly at: Instant;
}

/** A scheduled item not recorded in time. */
export interface OverdueItem {
  readonly item: MonitoringItem;
  /** When it became overdue: due time + the overdue window (ISO 8601 UTC). */
  readonly overdueSince: string;
  /** Minutes past the due time at `now`. */
  readonly minutesPastDue: number;
}

/**
 * The scheduled items overdue at `now`: due more than the overdue window (default 5 min,
 * inclusive) before `now` and not recorded. Vital signs after the infusion's end recur past
 * `schedule.itemsUntilAt` up to `now` (the patient is still observed); call it only before
 * discharge.
 *
 * Matching, one recording per item, per kind: first a recording within the overdue window either
 * side of the due time (inclusive) counts for the item, earliest recording to earliest item; then a
 * still unmatched item takes an unused recording made after its window (recorded late: no longer
 * overdue). Recordings after `now` are ignored.
 *
 * @param schedule from {@link buildMonitoringSchedule}
 * @param recorded what has been recorded in the session
 * @param now the time of the question
 * @param config the `vitals` section of the protocol configuration
 */
export function findOverdue(
  schedule: MonitoringSchedule,
  recorded: readonly MonitoringRecord[],
  now: Instant,
  config: VitalsSection,
): OverdueItem[] {
  const nowMs = toEpochMs(now);
  const windowMs = config.schedule.overdueAfterMinutes.value * MS_PER_MINUTE;
  const extra = afterEndVitals(
    schedule.infusionStartMs,
    schedule.recurringAfterEnd.fromMs,
    schedule.recurringAfterEnd.everyMinutes,
    schedule.itemsUntilMs,
    nowMs,
  ).map((r) => ({ kind: 'vitals' as const, ...r }));
  const items = [...schedule.items, ...toItems(schedule.infusionStartMs, extra)]
    .filter((i) => i.dueAtMs <= nowMs)
    .sort((a, b) => a.dueAtMs - b.dueAtMs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

  const overdue: OverdueItem[] = [];
  for (const kind of ['vitals', 'moaas', 'cadss6'] as const) {
    const mine = items.filter((i) => i.kind === kind);
    const times = recorded
      .filter((r) => r.kind === kind)
      .map((r) => toEpochMs(r.at))
      .filter((t) => t <= nowMs)
      .sort((a, b) => a - b);
    const used = times.map(() => false);
    const matched = mine.map(() => false);
    // The earliest unused time from index `from` on (times are sorted; at most one is used per item,
    // so a session of thousands of readings costs a binary search per item, not a scan).
    const firstUnused = (from: number) => {
      let j = from;
      while (j < times.length && used[j]) j++;
      return j;
    };
    // Pass 1: on time, within the window either side of the due time.
    mine.forEach((item, i) => {
      const j = firstUnused(firstIndexWhere(times, (t) => t >= item.dueAtMs - windowMs));
      if (j < times.length && (times[j] as number) <= item.dueAtMs + windowMs) {
        used[j] = true;
        matched[i] = true;
      }
    });
    // Pass 2: recorded late.
    mine.forEach((item, i) => {
      if (matched[i]) return;
      const j = firstUnused(firstIndexWhere(times, (t) => t > item.dueAtMs + windowMs));
      if (j < times.length) {
        used[j] = true;
        matched[i] = true;
      }
    });
    mine.forEach((item, i) => {
      if (!matched[i] && nowMs > item.dueAtMs + windowMs) {
        overdue.push({
          item,
          overdueSince: toIso(item.dueAtMs + windowMs),
          minutesPastDue: (nowMs - item.dueAtMs) / MS_PER_MINUTE,
        });
      }
    });
  }
  return overdue.sort((a, b) => a.item.dueAtMs - b.item.dueAtMs || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind]);
}

/** The first index of a sorted array from which `holds` is true (it is false before, true after); the length when none. */
function firstIndexWhere(sorted: readonly number[], holds: (t: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(sorted[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Input of {@link monitoringScheduleRule}. */
export interface MonitoringScheduleRuleInput {
  readonly infusionStart: Instant;
  readonly infusionEnd: InfusionEnd;
  readonly untilAt?: Instant;
}

/** The monitoring schedule as a rule. */
export const monitoringScheduleRule = defineRule({
  id: 'monitoring.schedule',
  version: '1',
  title: 'Monitoring schedule of a dosing session: vital signs, MOAA/S, CADSS-6',
  sources: [fromSource(['spravato-label', 'yale-chart-review-2024', 'rodrigues-2021'])],
  evaluate: (input: MonitoringScheduleRuleInput, config: VitalsSection): MonitoringSchedule =>
    buildMonitoringSchedule(input.infusionStart, input.infusionEnd, config, input.untilAt === undefined ? {} : { untilAt: input.untilAt }),
});

/** Input of {@link overdueRule}. */
export interface OverdueRuleInput {
  readonly schedule: MonitoringSchedule;
  readonly recorded: readonly MonitoringRecord[];
}

/** Overdue readings as a rule (the window is a site default). */
export const overdueRule = defineRule({
  id: 'monitoring.overdue',
  version: '1',
  title: 'Scheduled vital signs, MOAA/S or CADSS-6 not recorded within the overdue window',
  sources: [fromSource(['spravato-label'])],
  evaluate: (input: OverdueRuleInput, config: VitalsSection, asOf: Instant): OverdueItem[] =>
    findOverdue(input.schedule, input.recorded, asOf, config),
});
