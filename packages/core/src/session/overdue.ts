/**
 * A dosing session overdue (protocol-defaults.md, "session overdue", a site default): infusing past
 * its planned end plus 30 minutes (pauses excluded), or observing more than 6 hours after the
 * infusion ended. Flagged to the medical director on Today: a session left open, from today or an
 * earlier day, is found rather than forgotten.
 *
 * @module
 */
import { defineRule } from '../rules/rule.js';
import { siteDefault } from '../protocol-config/provenance.js';
import type { SessionState } from './steps.js';

/** Minutes past the planned infusion time (pauses excluded) after which a running infusion is overdue. */
export const INFUSION_OVERDUE_AFTER_PLANNED_MINUTES = 30;
/** Hours after the infusion ended after which a session still observing is overdue. */
export const OBSERVING_OVERDUE_HOURS = 6;

export interface SessionOverdueInput {
  state: SessionState;
  /** Minutes the infusion has run, pauses excluded. */
  runningMinutes: number;
  plannedMinutes: number;
  /** When the infusion ended (epoch ms), for a session observing. */
  infusionEndedAtMs: number | null;
}

/** Why a session is overdue, in plain words, or undefined when it is not. */
export function sessionOverdue(input: SessionOverdueInput, nowMs: number): { reason: string; minutesOver: number } | undefined {
  if (input.state === 'infusing' || input.state === 'paused') {
    const over = input.runningMinutes - (input.plannedMinutes + INFUSION_OVERDUE_AFTER_PLANNED_MINUTES);
    if (over > 0)
      return {
        reason: `infusing ${formatHours(input.runningMinutes)} against ${input.plannedMinutes} min planned (more than ${INFUSION_OVERDUE_AFTER_PLANNED_MINUTES} min over)`,
        minutesOver: Math.floor(over),
      };
  }
  if (input.state === 'observing' && input.infusionEndedAtMs !== null) {
    const minutes = (nowMs - input.infusionEndedAtMs) / 60_000;
    const over = minutes - OBSERVING_OVERDUE_HOURS * 60;
    if (over > 0)
      return {
        reason: `observing ${formatHours(minutes)} after the infusion ended (more than ${OBSERVING_OVERDUE_HOURS} h): discharge or record why not`,
        minutesOver: Math.floor(over),
      };
  }
  return undefined;
}

/** "95 min", "48 h 20 min": minutes in words, hours from two on. */
const formatHours = (minutes: number): string => {
  const m = Math.round(minutes);
  if (m < 120) return `${m} min`;
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

export const sessionOverdueRule = defineRule({
  id: 'session.overdue',
  version: '1',
  title: 'A session infusing 30 min past its planned time, or observing 6 h after the infusion, is flagged to the medical director',
  sources: [/* protocol-defaults.md, "session overdue" */ siteDefault('when an open session counts as overdue (a Kairos default)')],
  evaluate: (input: SessionOverdueInput, nowMs: number) => sessionOverdue(input, nowMs),
});
