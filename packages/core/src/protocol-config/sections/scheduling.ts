/**
 * Protocol configuration section `scheduling`: the site calendar, the event times of the program
 * days, the chair time of a dosing session and the follow-up offsets (protocol-defaults.md,
 * "Scheduling" and the two "Measurement schedule" tables).
 *
 * Times of day are local `HH:MM` strings in the site's IANA time zone (set per site, not here).
 *
 * @module
 */
import { param, type Param } from '../param.js';
import { fromBrief, siteDefault, type Provenance } from '../provenance.js';
import { configIssue, type ConfigIssue } from '../issues.js';
import { WEEKDAYS, type Weekday } from '../../calendar/iso-date.js';

/** A local time-of-day window, both ends `HH:MM` (24 h) in the site's time zone. */
export interface TimeWindowParams {
  /** Local start, `HH:MM`. */
  readonly start: Param<string>;
  /** Local end, `HH:MM`, after `start` on the same day. */
  readonly end: Param<string>;
}

/** The type of the `scheduling` protocol configuration section. */
export interface SchedulingSection {
  /** Site calendar defaults; the site's own calendar (time zone, closed dates) overrides them. */
  readonly calendar: {
    /** Days of the week the site works (default Monday to Friday). */
    readonly workingDays: Param<readonly Weekday[]>;
    /** Opening hours, local `HH:MM` (default 08:00 to 18:00). Every event must fit inside. */
    readonly opening: TimeWindowParams;
  };
  /** Local times of the program events, by event kind. */
  readonly eventTimes: {
    /** Retreat day 1 assessment (prescriber, therapist), default 09:00-11:00. */
    readonly assessment: TimeWindowParams;
    /** Retreat day 1 preparation (therapist), default 13:00-14:30. */
    readonly preparation: TimeWindowParams;
    /** Intention check-in before a dosing session (therapist), default 08:30-09:00. */
    readonly intention: TimeWindowParams;
    /** Retreat day 3 integration therapy, EMDR or Progressive Counting (therapist), default 10:00-12:00. */
    readonly integration: TimeWindowParams;
    /** Retreat day 5 review and continuing care plan (therapist, prescriber), default 10:00-12:00. */
    readonly review: TimeWindowParams;
    /** Start of a dosing session's chair time, local `HH:MM` (default 09:00); its end is computed. */
    readonly dosingChairStart: Param<string>;
  };
  /**
   * Chair time of a dosing session: from `beforeInfusionMin` before the infusion starts to the end
   * of the minimum observation plus `turnoverMin`. The infusion's duration is the dosing section's
   * `infusionMinutes`; the minimum observation (the later of end + 60 min and start + 2 h) is the
   * vitals section's `discharge.minimumMinutesAfterEnd` / `minimumMinutesAfterStart`, so the chair
   * time and discharge readiness always use the same numbers.
   */
  readonly chairTime: {
    /** Minutes in the chair before the infusion starts (default 30). */
    readonly beforeInfusionMin: Param<number>;
    /** Turnover of the chair after the observation, minutes (default 15). */
    readonly turnoverMin: Param<number>;
    /** The therapist stays from the infusion's start until this many minutes after its end (default 60). */
    readonly therapistAfterInfusionEndMin: Param<number>;
  };
  /** Infusions one licensed IV runner runs at the same time (default 1; 1 or 2). */
  readonly infusionsPerNurse: Param<number>;
  /** Follow-up offsets in days after the anchor day of a program (end of course). */
  readonly followUpOffsetsDays: {
    /** First follow-up, default +7 days (PCL-5 past-week form). */
    readonly week: Param<number>;
    /** Second follow-up, default +30 days (PCL-5 past-month form). */
    readonly month: Param<number>;
    /** Third follow-up, default +90 days (PCL-5 past-month form). */
    readonly quarter: Param<number>;
  };
}

const timeWindow = (start: string, end: string, provenance: Provenance): TimeWindowParams =>
  Object.freeze({
    start: param(start, 'time-of-day', provenance),
    end: param(end, 'time-of-day', provenance),
  });

const retreatTimes = (content: string) => siteDefault(`brief (content: ${content}); times a site default`);

/**
 * Defaults of the `scheduling` section with provenance (protocol-defaults.md "Scheduling"). The
 * observation minima and the infusion duration that size a dosing session's chair time live in
 * the `vitals` and `dosing` sections (see {@link SchedulingSection.chairTime}).
 */
export const schedulingDefaults: SchedulingSection = Object.freeze({
  calendar: Object.freeze({
    workingDays: param<readonly Weekday[]>(
      Object.freeze(['mon', 'tue', 'wed', 'thu', 'fri'] as const),
      '1',
      siteDefault('working days Monday to Friday unless the site sets others'),
    ),
    opening: timeWindow('08:00', '18:00', siteDefault('opening hours in the site time zone')),
  }),
  eventTimes: Object.freeze({
    assessment: timeWindow('09:00', '11:00', retreatTimes('day 1 assessment')),
    preparation: timeWindow('13:00', '14:30', retreatTimes('day 1 preparation')),
    intention: timeWindow('08:30', '09:00', fromBrief('intention check-in before each dosing session')),
    integration: timeWindow('10:00', '12:00', fromBrief('day 3 integration therapy, EMDR or Progressive Counting')),
    review: timeWindow('10:00', '12:00', fromBrief('day 5 review and continuing care plan')),
    dosingChairStart: param('09:00', 'time-of-day', fromBrief('dosing session from 09:00 for its chair time')),
  }),
  chairTime: Object.freeze({
    beforeInfusionMin: param(30, 'min', siteDefault('chair time starts 30 min before the infusion'), { min: 0, max: 120 }),
    turnoverMin: param(15, 'min', siteDefault('chair turnover'), { min: 0, max: 120 }),
    therapistAfterInfusionEndMin: param(60, 'min', fromBrief('therapist from the infusion start to its end + 60 min'), {
      min: 0,
      max: 240,
    }),
  }),
  infusionsPerNurse: param(1, 'count', siteDefault('infusions one nurse runs at once'), { min: 1, max: 2 }),
  followUpOffsetsDays: Object.freeze({
    week: param(7, 'day', siteDefault('follow-up +7 days after the end of the course'), { min: 1, max: 28 }),
    month: param(30, 'day', siteDefault('follow-up +30 days after the end of the course'), { min: 14, max: 90 }),
    quarter: param(90, 'day', siteDefault('follow-up +90 days after the end of the course'), { min: 45, max: 365 }),
  }),
});

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes after local midnight of a `HH:MM` string, or undefined when malformed. */
function minutesOfDay(hhmm: string): number | undefined {
  if (!HHMM.test(hhmm)) return undefined;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * Checks a `scheduling` section beyond its per-parameter ranges: well-formed times, windows that
 * end after they start and fit in the opening hours, ordered follow-up offsets, known weekdays.
 * Paths are relative to the section. The dosing chair time's end depends on the infusion duration
 * and the observation minima (other sections) and is checked when a schedule is generated.
 */
export function validateSchedulingSection(section: SchedulingSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const days = section.calendar.workingDays.value;
  if (days.length === 0) issues.push(configIssue(`calendar.workingDays`, 'at least one working day is needed'));
  days.forEach((d, i) => {
    if (!WEEKDAYS.includes(d)) issues.push(configIssue(`calendar.workingDays.${i}`, `unknown weekday "${d}"`));
  });
  if (new Set(days).size !== days.length) issues.push(configIssue(`calendar.workingDays`, 'a weekday is listed twice'));

  const checkWindow = (path: string, w: TimeWindowParams): [number, number] | undefined => {
    const s = minutesOfDay(w.start.value);
    const e = minutesOfDay(w.end.value);
    if (s === undefined) issues.push(configIssue(`${path}.start`, `"${w.start.value}" is not a HH:MM time`));
    if (e === undefined) issues.push(configIssue(`${path}.end`, `"${w.end.value}" is not a HH:MM time`));
    if (s === undefined || e === undefined) return undefined;
    if (e <= s) {
      issues.push(configIssue(`${path}.end`, 'must be after the start'));
      return undefined;
    }
    return [s, e];
  };
  const opening = checkWindow(`calendar.opening`, section.calendar.opening);
  const kinds = ['assessment', 'preparation', 'intention', 'integration', 'review'] as const;
  for (const kind of kinds) {
    const path = `eventTimes.${kind}`;
    const w = checkWindow(path, section.eventTimes[kind]);
    if (w !== undefined && opening !== undefined && (w[0] < opening[0] || w[1] > opening[1])) {
      issues.push(configIssue(path, 'must lie within the opening hours'));
    }
  }
  const chairStart = minutesOfDay(section.eventTimes.dosingChairStart.value);
  if (chairStart === undefined) {
    issues.push(configIssue(`eventTimes.dosingChairStart`, `"${section.eventTimes.dosingChairStart.value}" is not a HH:MM time`));
  } else if (opening !== undefined && (chairStart < opening[0] || chairStart >= opening[1])) {
    issues.push(configIssue(`eventTimes.dosingChairStart`, 'must lie within the opening hours'));
  }
  const f = section.followUpOffsetsDays;
  if (!(f.week.value < f.month.value && f.month.value < f.quarter.value)) {
    issues.push(configIssue(`followUpOffsetsDays`, 'offsets must increase: week < month < quarter'));
  }
  const n = section.infusionsPerNurse.value;
  if (!Number.isInteger(n)) issues.push(configIssue(`infusionsPerNurse`, 'must be a whole number'));
  return issues;
}
