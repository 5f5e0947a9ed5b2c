/**
 * The phase of a session a reading belongs to, by the time it was measured: before the infusion
 * started (pre-dose), while it ran (infusing, pauses included), or after it stopped (observing).
 *
 * @module session/phase
 */
import { toEpochMs, type Instant } from '../calendar/instant.js';
import type { VitalsPhase } from '../monitoring/vital-signs.js';

/** When a session's infusion started and stopped (null while it has not). */
export interface InfusionSpan {
  readonly startedAt: Instant | null;
  readonly endedAt: Instant | null;
}

/** The phase a reading measured at `at` falls in: a reading at the very start is infusing, one at the very stop observing. */
export function vitalsPhaseAt(infusion: InfusionSpan, at: Instant): VitalsPhase {
  const t = toEpochMs(at);
  if (infusion.startedAt === null || t < toEpochMs(infusion.startedAt)) return 'pre-dose';
  if (infusion.endedAt === null || t < toEpochMs(infusion.endedAt)) return 'infusing';
  return 'observing';
}
