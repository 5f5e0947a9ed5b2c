/**
 * The routes a dosing session gives ketamine by (the program brief names three: an IV drip, an
 * intramuscular injection, oral/sublingual forms; protocol-defaults.md "Dosing": IM and
 * oral/sublingual are "recorded with their dose; no calculator defaults"), and how the session's
 * course follows its route:
 *
 * - IV: the pump runs from the start to the stop; readings while it runs are `infusing`, and the
 *   monitoring schedule counts from the start to the stop (or the planned end while it runs).
 * - IM and oral/sublingual: no infusion. Giving the dose is one instant (the `start` step, which
 *   leads straight to observing); pause, resume and stop do not apply. Readings after it are
 *   `observing` (a pause-level reading escalates to the prescriber, as after an infusion: there is
 *   nothing to pause). The monitoring schedule is the IV schedule of the site's planned minutes
 *   counted from the administration (the same vital signs, MOAA/S and CADSS-6 times), and the
 *   minimum observation and discharge rules count from the administration.
 *
 * @module session/routes
 */
import { toEpochMs, toIso, type Instant } from '../calendar/instant.js';
import type { InfusionEnd } from '../monitoring/schedule.js';
import { SESSION_STEPS, type SessionState, type SessionStep } from './steps.js';

/** The routes of a dosing session: IV infusion, intramuscular injection, oral/sublingual. */
export const DOSING_ROUTES = ['IV', 'IM', 'SL'] as const;
export type DosingRoute = (typeof DOSING_ROUTES)[number];

/** Plain words for each route, as pages and documents show them. */
export const DOSING_ROUTE_LABELS: Readonly<Record<DosingRoute, string>> = Object.freeze({
  IV: 'IV infusion',
  IM: 'Intramuscular injection',
  SL: 'Oral/sublingual',
});

/** The words of the act that gives the dose, by route (the `start` step's label on the console). */
export const GIVE_DOSE_LABELS: Readonly<Record<DosingRoute, string>> = Object.freeze({
  IV: 'Start infusion',
  IM: 'Give the injection',
  SL: 'Give the dose',
});

/** Sessions counted by route, in words: "IV infusion 10, Intramuscular injection 1" ("none" when empty). */
export function sessionsByRouteWords(list: readonly { readonly route: DosingRoute; readonly sessions: number }[]): string {
  return list.length === 0 ? 'none' : list.map((r) => `${DOSING_ROUTE_LABELS[r.route]} ${r.sessions}`).join(', ');
}

/** Whether a route runs an infusion (a pump, its rate, pauses and a stop). */
export const isInfusionRoute = (route: DosingRoute): boolean => route === 'IV';

/** Steps that exist only for an infusion. */
const INFUSION_ONLY_STEPS: readonly SessionStep[] = ['pause', 'resume', 'stop'];

/**
 * The step's effect on a session given by `route`: the states it leaves from and the state it
 * reaches, or null when the step does not apply to the route (pause, resume and stop without an
 * infusion). Without an infusion, `start` (giving the dose) leads straight to observing.
 */
export function stepForRoute(
  step: SessionStep,
  route: DosingRoute,
): { from: readonly SessionState[]; to: SessionState; reason: boolean } | null {
  const base = SESSION_STEPS[step];
  if (isInfusionRoute(route)) return base;
  if (INFUSION_ONLY_STEPS.includes(step)) return null;
  if (step === 'start') return { ...base, to: 'observing' };
  // A session without an infusion is never infusing or paused, so those states leave its lists.
  return base;
}

/** The steps open from `state` for a session given by `route`, in `DOSING_SESSION_STEPS` order. */
export function allowedStepsForRoute(state: SessionState, route: DosingRoute): SessionStep[] {
  return (Object.keys(SESSION_STEPS) as SessionStep[]).filter((s) => {
    const step = stepForRoute(s, route);
    return step !== null && (step.from as readonly string[]).includes(state);
  });
}

/** When a session's dose was given: the infusion's start and stop (IV), or the administration (both the same instant otherwise). */
export interface DoseSpan {
  readonly startedAt: Instant;
  readonly endedAt: Instant | null;
}

/**
 * The span the monitoring schedule is built on (core's `buildMonitoringSchedule`): for IV the
 * infusion's start and its stop (or the planned minutes while it runs); for IM and
 * oral/sublingual the administration and the planned minutes after it, so every reading, MOAA/S
 * and CADSS-6 falls at the same minute from the administration as from an infusion's start.
 *
 * @param plannedMinutes the order's minutes (IV) or the site protocol's planned infusion minutes (other routes); > 0
 */
export function monitoringSpanOf(
  route: DosingRoute,
  span: DoseSpan,
  plannedMinutes: number,
): { readonly start: string; readonly end: InfusionEnd } {
  const start = toIso(toEpochMs(span.startedAt));
  if (!isInfusionRoute(route)) return { start, end: { plannedMinutes } };
  return { start, end: span.endedAt === null ? { plannedMinutes } : toIso(toEpochMs(span.endedAt)) };
}
