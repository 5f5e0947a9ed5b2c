/**
 * Full sets of vital signs in a session's readings: the pre-dose set that must be taken shortly
 * before the infusion starts, and the discharge set taken after it ended and shortly before
 * discharge (protocol-defaults.md "a full set", "pre-dose vital signs", "discharge vital signs").
 *
 * @module monitoring/full-set
 */
import type { VitalsSection } from '../protocol-config/sections/vitals.js';
import { MS_PER_MINUTE, toEpochMs, toIso, type Instant } from '../calendar/instant.js';
import { isFullSet, type VitalsReading } from './vital-signs.js';

/** A reading with the time it was measured. */
export interface TimedReading {
  readonly at: Instant;
  readonly reading: VitalsReading;
}

/** A full set found in a window, with its time as ISO 8601 UTC. */
export interface FoundFullSet {
  readonly at: string;
  readonly reading: VitalsReading;
}

/**
 * The latest full set measured in `[from, to]` (both inclusive; `from` absent means no lower
 * bound), or undefined. Readings may come in any order.
 */
export function latestFullSet(
  readings: readonly TimedReading[],
  window: { readonly from?: Instant; readonly to: Instant },
): FoundFullSet | undefined {
  const fromMs = window.from === undefined ? -Infinity : toEpochMs(window.from);
  const toMs = toEpochMs(window.to);
  let best: { ms: number; reading: VitalsReading } | undefined;
  for (const r of readings) {
    const ms = toEpochMs(r.at);
    if (ms < fromMs || ms > toMs || !isFullSet(r.reading)) continue;
    if (best === undefined || ms >= best.ms) best = { ms, reading: r.reading };
  }
  return best === undefined ? undefined : { at: toIso(best.ms), reading: best.reading };
}

/** The answer of {@link assessPreDoseVitals}. */
export interface PreDoseVitalsCheck {
  /** `met`: a full set lies in the window; `missing`: none does (take one). */
  readonly status: 'met' | 'missing';
  readonly message: string;
  /** The protocol parameter of the window. */
  readonly parameter: 'vitals.preDose.fullSetWithinMinutes';
  /** The full set that meets it. */
  readonly fullSet?: FoundFullSet;
}

const FULL_SET_WORDS = 'systolic, diastolic, heart rate and SpO2';

/**
 * Whether the pre-dose vital signs are a full set (systolic, diastolic, heart rate, SpO2) taken within
 * `vitals.preDose.fullSetWithinMinutes` (default 30, inclusive) before the infusion starts at
 * `startAt`. A partial reading (only a systolic, say) never counts.
 */
export function assessPreDoseVitals(readings: readonly TimedReading[], startAt: Instant, config: VitalsSection): PreDoseVitalsCheck {
  const minutes = config.preDose.fullSetWithinMinutes.value;
  const startMs = toEpochMs(startAt);
  const parameter = 'vitals.preDose.fullSetWithinMinutes' as const;
  const fullSet = latestFullSet(readings, { from: startMs - minutes * MS_PER_MINUTE, to: startMs });
  if (fullSet === undefined) {
    const older = latestFullSet(readings, { to: startMs });
    return {
      status: 'missing',
      parameter,
      message:
        older === undefined
          ? `take a full set of pre-dose vital signs (${FULL_SET_WORDS}) within ${minutes} min before the start`
          : `the last full set of pre-dose vital signs is more than ${minutes} min old: take another`,
    };
  }
  return {
    status: 'met',
    parameter,
    fullSet,
    message: `a full set of pre-dose vital signs was taken within ${minutes} min before the start`,
  };
}
