/**
 * Schedule generation: a program template, a start date and a site calendar give the dated
 * events (local `HH:MM` in the site's zone and absolute UTC instants) and the dated measures.
 *
 * @module
 */
import { dosingDefaults, type DosingSection } from '../protocol-config/sections/dosing.js';
import { schedulingDefaults, type SchedulingSection } from '../protocol-config/sections/scheduling.js';
import { vitalsDefaults, type VitalsSection } from '../protocol-config/sections/vitals.js';
import { fromBrief, siteDefault } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';
import { addDaysToIsoDate, isIsoDate, weekdayOfIsoDate } from '../calendar/iso-date.js';
import { isSiteWorkingDay, nextSiteWorkingDay, type SiteCalendar } from '../calendar/working-days.js';
import { formatLocalTime, isKnownTimeZone, localDateTimeToUtcIso, minutesOfLocalTime } from '../calendar/zoned.js';
import {
  MEASURE_INSTRUMENT_IDS,
  type FollowUpOffset,
  type MeasureInstrumentId,
  type MeasurePurpose,
  type ProgramEventKind,
  type ProgramRole,
  type ProgramTemplate,
  type ProgramTemplateId,
} from './templates.js';

/** Codes of {@link ScheduleError}. */
export type ScheduleErrorCode = 'START_NOT_ALLOWED' | 'INVALID_DATE' | 'INVALID_TIME_ZONE' | 'INVALID_CALENDAR' | 'OUTSIDE_OPENING_HOURS';

/** A schedule that cannot be generated. `nextStart` is set for `START_NOT_ALLOWED`. */
export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
    /** The next start date the template allows (`YYYY-MM-DD`), or null when none within the search horizon. */
    readonly nextStart: string | null = null,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** How far ahead (days) the next allowed start is searched. Not clinical: a search horizon. */
export const START_SEARCH_HORIZON_DAYS = 731;

/** A window of staff time: local `HH:MM` on the event's date and UTC instants. */
export interface StaffWindow {
  readonly role: ProgramRole;
  readonly start: string;
  readonly end: string;
  readonly startAt: string;
  readonly endAt: string;
}

/** The infusion inside a dosing event's chair time. */
export interface PlannedInfusion {
  /** Local `HH:MM`. */
  readonly start: string;
  readonly end: string;
  /** End of the minimum observation, local `HH:MM` (the later of end + 60 min and start + 2 h by default). */
  readonly observationUntil: string;
  readonly startAt: string;
  readonly endAt: string;
  readonly observationUntilAt: string;
  /** Planned infusion duration, minutes. */
  readonly minutes: number;
}

/** One dated event of a generated schedule. */
export interface ScheduledEvent {
  /** Program day, 1-based. */
  readonly day: number;
  /** Local date at the site, `YYYY-MM-DD`. */
  readonly date: string;
  /** Local start and end, `HH:MM` in the site's time zone. */
  readonly start: string;
  readonly end: string;
  /** Absolute start and end, ISO 8601 UTC (`...Z`). */
  readonly startAt: string;
  readonly endAt: string;
  readonly kind: ProgramEventKind;
  readonly title: string;
  /** Roles the event needs (distinct, in template order). */
  readonly roles: readonly ProgramRole[];
  /** When each role is needed. */
  readonly staffing: readonly StaffWindow[];
  /** Dosing events only: the planned infusion and observation inside the chair time. */
  readonly infusion?: PlannedInfusion;
}

/** One dated measurement occasion: every instrument due on that date. */
export interface ScheduledMeasure {
  /** Local date, `YYYY-MM-DD`; a site working day when moved. */
  readonly date: string;
  /** Instruments due, in {@link MEASURE_INSTRUMENT_IDS} order, each once. */
  readonly instruments: readonly MeasureInstrumentId[];
  readonly purposes: readonly MeasurePurpose[];
  /**
   * The follow-up offsets (`week`, `month`, `quarter`) of the template measures merged on this
   * date, each once, in that order; empty when none is a follow-up. They say which follow-up a
   * measure is (+7, +30 or +90 days by default) when its date has moved or the offsets are a site's own.
   */
  readonly offsets: readonly FollowUpOffset[];
  /** Template labels of the measures merged here. */
  readonly labels: readonly string[];
  /** Original due dates that fell on non-working or closed days and moved here. */
  readonly movedFrom: readonly string[];
}

/** A generated program schedule. */
export interface ProgramSchedule {
  readonly templateId: ProgramTemplateId;
  readonly templateVersion: string;
  /** First and last program day with an event. */
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  /** Events by date, then start time. */
  readonly events: readonly ScheduledEvent[];
  /** Measures by date. */
  readonly measures: readonly ScheduledMeasure[];
}

/**
 * The protocol configuration schedule generation reads: the `scheduling` section, the infusion
 * duration of the `dosing` section and the observation minima of the `vitals` section (discharge).
 * A whole site `ProtocolConfig` fits.
 */
export interface ScheduleConfig {
  readonly scheduling: SchedulingSection;
  readonly dosing: Pick<DosingSection, 'infusionMinutes'>;
  readonly vitals: { readonly discharge: Pick<VitalsSection['discharge'], 'minimumMinutesAfterEnd' | 'minimumMinutesAfterStart'> };
}

/** The shipped defaults of {@link ScheduleConfig}. */
export const defaultScheduleConfig: ScheduleConfig = Object.freeze({
  scheduling: schedulingDefaults,
  dosing: dosingDefaults,
  vitals: vitalsDefaults,
});

/** Whether a start is allowed, and if not why and when the next allowed start is. */
export type StartCheck =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly nextStart: string | null };

/** Rule metadata of schedule generation. */
export const scheduleGenerationRule = defineRule({
  id: 'protocols.schedule-generation',
  // 2: a follow-up's label names the configured offset (`+45 days after day 5`), not the template's default
  version: '2',
  title: 'Program schedule from a template, a start date and a site calendar',
  sources: [
    fromBrief('program days and events; site working days'),
    siteDefault('follow-up dates on non-working or closed days move to the next working day'),
  ],
  evaluate: (template: ProgramTemplate, start: string, calendar: SiteCalendar, config?: ScheduleConfig) =>
    generateSchedule(template, start, calendar, config),
});

/**
 * The label of a measure as scheduled: a follow-up's label names the offset of the configuration
 * passed (a template's text names the shipped default, `+30 days after day 5`; a site that follows
 * up at 45 days reads `+45 days after day 5`).
 */
function scheduledMeasureLabel(label: string, offsetDays: number | undefined): string {
  return offsetDays === undefined ? label : label.replace(/^\+\d+ days?\b/, `+${offsetDays} ${offsetDays === 1 ? 'day' : 'days'}`);
}

function validateCalendar(calendar: SiteCalendar): void {
  if (!isKnownTimeZone(calendar.timeZone)) {
    throw new ScheduleError('INVALID_TIME_ZONE', `unknown time zone "${calendar.timeZone}"`);
  }
  for (const d of calendar.closedDates) {
    if (!isIsoDate(d)) throw new ScheduleError('INVALID_DATE', `closed date "${d}" is not a YYYY-MM-DD date`);
  }
  if (calendar.workingDays.length === 0) throw new ScheduleError('INVALID_CALENDAR', 'the site calendar has no working days');
}

/** Program days (1-based) that carry an event, ascending and distinct. */
function courseDays(template: ProgramTemplate): number[] {
  return [...new Set(template.events.map((e) => e.day))].sort((a, b) => a - b);
}

function whyNotAllowed(template: ProgramTemplate, start: string, calendar: SiteCalendar): string | undefined {
  if (template.startWeekday !== undefined && weekdayOfIsoDate(start) !== template.startWeekday) {
    return `${template.id} starts on a ${template.startWeekday}; ${start} is a ${weekdayOfIsoDate(start)}`;
  }
  for (const day of courseDays(template)) {
    const date = addDaysToIsoDate(start, day - 1);
    if (!isSiteWorkingDay(date, calendar)) {
      const closed = calendar.closedDates.includes(date);
      return `program day ${day} (${date}) is ${closed ? 'a closed date' : 'not a working day'} at the site`;
    }
  }
  return undefined;
}

/**
 * Checks a start date against the template's day rule (protocol-defaults.md "Scheduling": the
 * retreat takes 5 consecutive working days; the series starts on a Monday with its six Monday,
 * Wednesday and Friday days all working days; maintenance takes one working day). A refused start
 * carries the next allowed start, searched up to {@link START_SEARCH_HORIZON_DAYS} days ahead.
 *
 * @throws ScheduleError INVALID_DATE or INVALID_TIME_ZONE for malformed input.
 */
export function checkProgramStart(template: ProgramTemplate, start: string, calendar: SiteCalendar): StartCheck {
  if (!isIsoDate(start)) throw new ScheduleError('INVALID_DATE', `start "${start}" is not a YYYY-MM-DD date`);
  validateCalendar(calendar);
  const reason = whyNotAllowed(template, start, calendar);
  if (reason === undefined) return { allowed: true };
  for (let i = 1; i <= START_SEARCH_HORIZON_DAYS; i++) {
    const candidate = addDaysToIsoDate(start, i);
    if (whyNotAllowed(template, candidate, calendar) === undefined) return { allowed: false, reason, nextStart: candidate };
  }
  return { allowed: false, reason, nextStart: null };
}

const instrumentOrder = (a: MeasureInstrumentId, b: MeasureInstrumentId): number =>
  MEASURE_INSTRUMENT_IDS.indexOf(a) - MEASURE_INSTRUMENT_IDS.indexOf(b);

const FOLLOW_UP_OFFSETS: readonly FollowUpOffset[] = ['week', 'month', 'quarter'];
const offsetOrder = (a: FollowUpOffset, b: FollowUpOffset): number => FOLLOW_UP_OFFSETS.indexOf(a) - FOLLOW_UP_OFFSETS.indexOf(b);

/**
 * Generates the dated events and measures of a program.
 *
 * - Events fall on program day `day` (day 1 = `start`) at the local times of the `scheduling`
 *   section; a dosing event runs for its chair time: from `dosingChairStart` (the infusion starts
 *   `chairTime.beforeInfusionMin` later and lasts `dosing.infusionMinutes`) to the end of the
 *   minimum observation (the later of infusion end + `vitals.discharge.minimumMinutesAfterEnd`
 *   and infusion start + `vitals.discharge.minimumMinutesAfterStart`) plus
 *   `chairTime.turnoverMin`: 09:00-11:45 by default. The therapist is needed from the infusion's
 *   start to its end + `chairTime.therapistAfterInfusionEndMin`.
 * - Measures fall on their program day or follow-up offset; one that falls on a non-working or
 *   closed date moves to the next working day. Measures on one date merge (instruments, purposes,
 *   follow-up offsets and labels).
 *
 * @param template the program template
 * @param start first program day, `YYYY-MM-DD` (site-local date)
 * @param calendar the site calendar (IANA time zone, working days, closed dates)
 * @param config the site's scheduling, dosing and vitals sections (defaults when omitted)
 * @throws ScheduleError START_NOT_ALLOWED (with `nextStart`) when the start breaks the day rule;
 *   INVALID_DATE, INVALID_TIME_ZONE, INVALID_CALENDAR for malformed input; OUTSIDE_OPENING_HOURS when an
 *   event would not fit the site's opening hours.
 */
export function generateSchedule(
  template: ProgramTemplate,
  start: string,
  calendar: SiteCalendar,
  config: ScheduleConfig = defaultScheduleConfig,
): ProgramSchedule {
  const { scheduling } = config;
  const infusionMinutes = config.dosing.infusionMinutes.value;
  const observation = config.vitals.discharge;
  const check = checkProgramStart(template, start, calendar);
  if (!check.allowed) {
    const next =
      check.nextStart === null
        ? `no start is possible within ${START_SEARCH_HORIZON_DAYS} days`
        : `the next possible start is ${check.nextStart}`;
    throw new ScheduleError('START_NOT_ALLOWED', `${template.id} cannot start on ${start}: ${check.reason}; ${next}`, check.nextStart);
  }
  const tz = calendar.timeZone;
  const openFrom = minutesOfLocalTime(scheduling.calendar.opening.start.value);
  const openTo = minutesOfLocalTime(scheduling.calendar.opening.end.value);
  const chair = scheduling.chairTime;

  const events: ScheduledEvent[] = template.events.map((e) => {
    const date = addDaysToIsoDate(start, e.day - 1);
    const at = (min: number) => localDateTimeToUtcIso(date, min, tz);
    let from: number;
    let to: number;
    let planned: { infStart: number; infEnd: number; observedUntil: number } | undefined;
    if (e.kind === 'dosing') {
      from = minutesOfLocalTime(scheduling.eventTimes.dosingChairStart.value);
      const infStart = from + chair.beforeInfusionMin.value;
      const infEnd = infStart + infusionMinutes;
      const observedUntil = Math.max(
        infEnd + observation.minimumMinutesAfterEnd.value,
        infStart + observation.minimumMinutesAfterStart.value,
      );
      to = observedUntil + chair.turnoverMin.value;
      planned = { infStart, infEnd, observedUntil };
    } else {
      const w = scheduling.eventTimes[e.kind];
      from = minutesOfLocalTime(w.start.value);
      to = minutesOfLocalTime(w.end.value);
    }
    if (from < openFrom || to > openTo) {
      throw new ScheduleError(
        'OUTSIDE_OPENING_HOURS',
        `${e.title} on ${date} (${fmtRange(from, to)}) does not fit the opening hours ${fmtRange(openFrom, openTo)}`,
      );
    }
    const infusion: PlannedInfusion | undefined =
      planned === undefined
        ? undefined
        : Object.freeze({
            start: formatLocalTime(planned.infStart),
            end: formatLocalTime(planned.infEnd),
            observationUntil: formatLocalTime(planned.observedUntil),
            startAt: at(planned.infStart),
            endAt: at(planned.infEnd),
            observationUntilAt: at(planned.observedUntil),
            minutes: infusionMinutes,
          });
    const infusionWindow: [number, number] | undefined =
      planned === undefined ? undefined : [planned.infStart, Math.min(planned.infEnd + chair.therapistAfterInfusionEndMin.value, to)];
    const staffing = e.roles.map((r) => {
      const [s, t] = r.during === 'infusion-and-after' && infusionWindow !== undefined ? infusionWindow : [from, to];
      return Object.freeze({ role: r.role, start: formatLocalTime(s), end: formatLocalTime(t), startAt: at(s), endAt: at(t) });
    });
    const event: ScheduledEvent = {
      day: e.day,
      date,
      start: formatLocalTime(from),
      end: formatLocalTime(to),
      startAt: at(from),
      endAt: at(to),
      kind: e.kind,
      title: e.title,
      roles: Object.freeze([...new Set(e.roles.map((r) => r.role))]),
      staffing: Object.freeze(staffing),
      ...(infusion === undefined ? {} : { infusion }),
    };
    return Object.freeze(event);
  });
  events.sort((a, b) => (a.date === b.date ? a.start.localeCompare(b.start) : a.date.localeCompare(b.date)));

  const byDate = new Map<
    string,
    {
      instruments: Set<MeasureInstrumentId>;
      purposes: Set<MeasurePurpose>;
      offsets: Set<FollowUpOffset>;
      labels: string[];
      movedFrom: Set<string>;
    }
  >();
  for (const m of template.measures) {
    const base = addDaysToIsoDate(start, m.day - 1);
    const offsetDays = m.offset === undefined ? undefined : scheduling.followUpOffsetsDays[m.offset].value;
    const due = offsetDays === undefined ? base : addDaysToIsoDate(base, offsetDays);
    const date = nextSiteWorkingDay(due, calendar, START_SEARCH_HORIZON_DAYS);
    if (date === undefined) throw new ScheduleError('INVALID_CALENDAR', `no working day on or after ${due}`);
    let entry = byDate.get(date);
    if (entry === undefined) {
      entry = { instruments: new Set(), purposes: new Set(), offsets: new Set(), labels: [], movedFrom: new Set() };
      byDate.set(date, entry);
    }
    for (const i of m.instruments) entry.instruments.add(i);
    entry.purposes.add(m.purpose);
    if (m.offset !== undefined) entry.offsets.add(m.offset);
    entry.labels.push(scheduledMeasureLabel(m.label, offsetDays));
    if (date !== due) entry.movedFrom.add(due);
  }
  const measures: ScheduledMeasure[] = [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, e]) =>
      Object.freeze({
        date,
        instruments: Object.freeze([...e.instruments].sort(instrumentOrder)),
        purposes: Object.freeze([...e.purposes]),
        offsets: Object.freeze([...e.offsets].sort(offsetOrder)),
        labels: Object.freeze(e.labels),
        movedFrom: Object.freeze([...e.movedFrom].sort()),
      }),
    );

  const days = courseDays(template);
  return Object.freeze({
    templateId: template.id,
    templateVersion: template.version,
    start: addDaysToIsoDate(start, (days[0] ?? 1) - 1),
    end: addDaysToIsoDate(start, (days[days.length - 1] ?? 1) - 1),
    timeZone: tz,
    events: Object.freeze(events),
    measures: Object.freeze(measures),
  });
}

function fmtRange(from: number, to: number): string {
  const f = (m: number) => (m >= 0 && m < 1440 ? formatLocalTime(m) : `${m} min`);
  return `${f(from)}-${f(to)}`;
}
