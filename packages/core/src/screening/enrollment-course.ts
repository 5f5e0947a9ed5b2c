/**
 * The enrollment follows the course by itself (protocol-defaults.md, "Added for the clinic's
 * day, alarms and reporting", enrollment states: "in-treatment from the first dosing session's
 * start; follow-up after the last program event; completed when the last follow-up window
 * (+90 days) closes; withdrawn at any point with a reason", a site default). Pure: given the
 * enrollment's state, its program events with their dosing sessions, its measurement schedule
 * and the time, which automatic step is due, if any. Only forward steps of the state machine
 * ({@link ENROLLMENT_STEPS}) are ever due, one at a time: a withdrawn, completed or otherwise
 * later enrollment is never moved back, and one not yet scheduled is never moved by the course.
 *
 * The last follow-up window is the measurement schedule's own: the latest follow-up measure (+90
 * days for the retreat and the series, +7 for a maintenance session) and the protocol's
 * questionnaire window after it (`outcomes.measureWindow.overdueAfterDays`); no number here.
 *
 * @module
 */
import { toEpochMs, type Instant } from '../calendar/instant.js';
import { windowOf } from '../measures/measurement-tasks.js';
import type { OutcomesSection } from '../protocol-config/sections/outcomes.js';
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { siteDefault } from '../protocol-config/provenance.js';
import type { ScheduledMeasure } from '../protocols/schedule.js';
import { defineRule } from '../rules/rule.js';
import type { EnrollmentState } from './enrollment-steps.js';

/** One program event of the enrollment's course, as the rule reads it. */
export interface CourseEvent {
  /** Planned end, an instant. */
  readonly endAt: Instant;
  /** A cancelled event is not part of the course. */
  readonly cancelled: boolean;
  /** The event's dosing session, when it has one. */
  readonly session?: {
    /** When its infusion started; null while it has not. */
    readonly infusionStartedAt: Instant | null;
    /** Discharged or aborted: the session is over whatever the planned end says. */
    readonly finished: boolean;
  } | null;
}

/** What the rule reads of an enrollment. */
export interface EnrollmentCourseFacts {
  readonly state: EnrollmentState;
  readonly events: readonly CourseEvent[];
  /** The course's measurement schedule (core's `generateSchedule`), for the last follow-up window. */
  readonly measures: readonly Pick<ScheduledMeasure, 'date' | 'purposes'>[];
}

/** The automatic step that is due, and what it rests on. */
export type DueEnrollmentStep =
  | { readonly to: 'in-treatment'; readonly basis: 'first-infusion-started'; readonly at: string }
  | { readonly to: 'follow-up'; readonly basis: 'last-event-over'; readonly at: string }
  | { readonly to: 'completed'; readonly basis: 'follow-up-window-closed'; readonly closedOn: string };

/**
 * The last day (site-local `YYYY-MM-DD`) of the course's last follow-up window: the latest
 * follow-up measure's `dueBy`; null when the schedule has no follow-up measure.
 */
export function lastFollowUpWindowEnd(
  measures: readonly Pick<ScheduledMeasure, 'date' | 'purposes'>[],
  config: Pick<OutcomesSection, 'measureWindow'> = outcomesDefaults,
): string | null {
  const before = config.measureWindow.opensDaysBefore.value;
  const after = config.measureWindow.overdueAfterDays.value;
  let last: string | null = null;
  for (const m of measures) {
    if (!m.purposes.includes('follow-up')) continue;
    const { dueBy } = windowOf(m, before, after);
    if (last === null || dueBy > last) last = dueBy;
  }
  return last;
}

const iso = (t: Instant): string => new Date(toEpochMs(t)).toISOString();

/**
 * The automatic step due at `now` (an instant; `today` is the site-local date of `now`), or null.
 * From scheduled: in-treatment once a dosing session's infusion has started (at or before `now`).
 * From in-treatment: follow-up once every program event of the course that is not cancelled is
 * over (a dosing event when its session is discharged or aborted, or, without a session, at its
 * planned end; any other event at its planned end). From follow-up: completed once `today` is past
 * the last follow-up window. Nothing from any other state.
 */
export function dueEnrollmentStep(
  facts: EnrollmentCourseFacts,
  now: Instant,
  today: string,
  config: Pick<OutcomesSection, 'measureWindow'> = outcomesDefaults,
): DueEnrollmentStep | null {
  const nowMs = toEpochMs(now);
  const events = facts.events.filter((e) => !e.cancelled);
  switch (facts.state) {
    case 'scheduled': {
      const starts = events
        .map((e) => e.session?.infusionStartedAt ?? null)
        .filter((t): t is Instant => t !== null)
        .map(toEpochMs)
        .filter((t) => t <= nowMs);
      if (starts.length === 0) return null;
      return { to: 'in-treatment', basis: 'first-infusion-started', at: iso(Math.min(...starts)) };
    }
    case 'in-treatment': {
      if (events.length === 0) return null;
      let lastEnd = -Infinity;
      for (const e of events) {
        const s = e.session ?? null;
        if (s !== null) {
          if (!s.finished) return null;
        } else if (toEpochMs(e.endAt) > nowMs) return null;
        lastEnd = Math.max(lastEnd, Math.min(toEpochMs(e.endAt), nowMs));
      }
      return { to: 'follow-up', basis: 'last-event-over', at: iso(lastEnd) };
    }
    case 'follow-up': {
      const closes = lastFollowUpWindowEnd(facts.measures, config);
      if (closes === null || today <= closes) return null;
      return { to: 'completed', basis: 'follow-up-window-closed', closedOn: closes };
    }
    default:
      return null;
  }
}

/** The course's automatic enrollment steps as a rule (its id and version are stored with each step). */
export const enrollmentCourseRule = defineRule({
  id: 'enrollment.course',
  version: '1',
  title:
    'Enrollment states follow the course: in treatment from the first infusion, follow-up after the last program event, completed when the last follow-up window closes',
  sources: [
    /* protocol-defaults.md, enrollment states */ siteDefault('the steps of an enrollment, from referral to follow-up (a Kairos default)'),
  ],
  evaluate: dueEnrollmentStep,
});
