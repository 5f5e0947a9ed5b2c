/**
 * Program templates: the days and events of a program and its measurement schedule, as data
 * (design.md "The program as data"; protocol-defaults.md "Scheduling" and the two "Measurement
 * schedule" tables). Times are not here: they come from the `scheduling` configuration section,
 * so a site that changes them changes every template at once.
 *
 * @module
 */
import type { Weekday } from '../calendar/iso-date.js';
import { fromBrief, fromSource, siteDefault, type Provenance } from '../protocol-config/provenance.js';

/** The kinds of program event. */
export type ProgramEventKind = 'assessment' | 'preparation' | 'intention' | 'dosing' | 'integration' | 'review';

/**
 * A staff role a program event needs. `licensed-iv-runner` is any licensed user who may run an IV
 * (medical director, prescriber or nurse: design.md "Who uses it").
 */
export type ProgramRole = 'prescriber' | 'therapist' | 'licensed-iv-runner';

/**
 * When during an event a role is needed: the whole event, or (dosing only) from the infusion's
 * start to its end plus `scheduling.chairTime.therapistAfterInfusionEndMin`.
 */
export type ProgramRoleWindow = 'event' | 'infusion-and-after';

/** A role an event needs and when. */
export interface TemplateRoleNeed {
  readonly role: ProgramRole;
  readonly during: ProgramRoleWindow;
}

/** One event of a template. Day 1 is the start date; days count calendar days. */
export interface TemplateEvent {
  /** Calendar day of the program, 1-based. */
  readonly day: number;
  readonly kind: ProgramEventKind;
  /** Title shown on calendars and in the portal. */
  readonly title: string;
  readonly roles: readonly TemplateRoleNeed[];
}

/** Instrument ids of the measurement schedule (PCL-5 in its past-month and past-week forms). */
export type MeasureInstrumentId = 'pcl5-month' | 'pcl5-week' | 'phq9' | 'gad7' | 'cssrs' | 'moaas' | 'cadss6';

/** Every measure instrument id, in the order measures list them. */
export const MEASURE_INSTRUMENT_IDS: readonly MeasureInstrumentId[] = Object.freeze([
  'pcl5-month',
  'pcl5-week',
  'phq9',
  'gad7',
  'cssrs',
  'moaas',
  'cadss6',
]);

/** A follow-up offset of the `scheduling` section (`followUpOffsetsDays`). */
export type FollowUpOffset = 'week' | 'month' | 'quarter';

/** Why a measure is taken. */
export type MeasurePurpose = 'baseline' | 'dosing-day' | 'mid-course' | 'end-of-course' | 'follow-up';

/**
 * One measurement occasion of a template: on program day `day`, or `offset` days after it (a
 * follow-up). Any measure whose date is not a site working day moves to the next working day.
 */
export interface TemplateMeasure {
  readonly day: number;
  readonly offset?: FollowUpOffset;
  readonly instruments: readonly MeasureInstrumentId[];
  readonly purpose: MeasurePurpose;
  /** What the measure is, in words (e.g. "before infusion 4"). */
  readonly label: string;
}

/** Program template ids. */
export type ProgramTemplateId = 'retreat-5-day' | 'infusion-series-6' | 'maintenance-1';

/**
 * A program template. Its day rule: every day with an event must be a site working day (and not
 * closed), and when `startWeekday` is set the program must start on that weekday.
 */
export interface ProgramTemplate {
  readonly id: ProgramTemplateId;
  readonly version: string;
  readonly title: string;
  readonly sources: readonly Provenance[];
  /** Weekday the program must start on, when the template fixes one (series: Monday). */
  readonly startWeekday?: Weekday;
  /** The day rule in words, for error messages. */
  readonly dayRule: string;
  /** Events of the program; the days that carry one are the course days the day rule checks. */
  readonly events: readonly TemplateEvent[];
  /** The measurement schedule (protocol-defaults.md, the two "Measurement schedule" tables). */
  readonly measures: readonly TemplateMeasure[];
}

const therapist: TemplateRoleNeed = Object.freeze({ role: 'therapist', during: 'event' });
const prescriber: TemplateRoleNeed = Object.freeze({ role: 'prescriber', during: 'event' });
const dosingRoles: readonly TemplateRoleNeed[] = Object.freeze([
  Object.freeze({ role: 'licensed-iv-runner', during: 'event' } as const),
  Object.freeze({ role: 'therapist', during: 'infusion-and-after' } as const),
]);

const freezeAll = <T extends object>(items: T[]): readonly T[] => Object.freeze(items.map((i) => Object.freeze(i)));

const baselineInstruments: readonly MeasureInstrumentId[] = ['pcl5-month', 'phq9', 'gad7', 'cssrs'];
const dosingDayInstruments: readonly MeasureInstrumentId[] = ['cssrs', 'moaas', 'cadss6'];
const weekInstruments: readonly MeasureInstrumentId[] = ['pcl5-week', 'phq9'];

/** Follow-ups at +7 (past-week PCL-5), +30 and +90 days (past-month PCL-5) after `day`. */
function followUps(day: number, after: string): TemplateMeasure[] {
  return [
    { day, offset: 'week', instruments: ['pcl5-week', 'phq9', 'cssrs'], purpose: 'follow-up', label: `+7 days after ${after}` },
    { day, offset: 'month', instruments: ['pcl5-month', 'phq9', 'cssrs'], purpose: 'follow-up', label: `+30 days after ${after}` },
    { day, offset: 'quarter', instruments: ['pcl5-month', 'phq9', 'cssrs'], purpose: 'follow-up', label: `+90 days after ${after}` },
  ];
}

/**
 * The 5-day retreat: day 1 assessment and preparation, days 2 and 4 dosing (each after an
 * intention check-in), day 3 integration therapy, day 5 review and continuing care plan.
 * Five consecutive days, all site working days.
 */
export const retreat5DayTemplate: ProgramTemplate = Object.freeze({
  id: 'retreat-5-day',
  version: '1',
  title: '5-day ketamine-assisted psychotherapy retreat',
  sources: Object.freeze([
    fromBrief('5-day retreat: days, content, dosing on days 2 and 4; measurement schedule'),
    siteDefault('day 1 event times; follow-up dates moved to the next working day'),
  ]),
  dayRule: '5 consecutive days, all working days at the site',
  events: freezeAll<TemplateEvent>([
    { day: 1, kind: 'assessment', title: 'Assessment', roles: Object.freeze([prescriber, therapist]) },
    { day: 1, kind: 'preparation', title: 'Preparation', roles: Object.freeze([therapist]) },
    { day: 2, kind: 'intention', title: 'Intention check-in', roles: Object.freeze([therapist]) },
    { day: 2, kind: 'dosing', title: 'Dosing session 1 (IV ketamine)', roles: dosingRoles },
    {
      day: 3,
      kind: 'integration',
      title: 'Integration therapy (EMDR or Progressive Counting)',
      roles: Object.freeze([therapist]),
    },
    { day: 4, kind: 'intention', title: 'Intention check-in', roles: Object.freeze([therapist]) },
    { day: 4, kind: 'dosing', title: 'Dosing session 2 (IV ketamine)', roles: dosingRoles },
    { day: 5, kind: 'review', title: 'Review and continuing care plan', roles: Object.freeze([therapist, prescriber]) },
  ]),
  measures: freezeAll<TemplateMeasure>([
    { day: 1, instruments: baselineInstruments, purpose: 'baseline', label: 'referral or day 1' },
    { day: 2, instruments: dosingDayInstruments, purpose: 'dosing-day', label: 'dosing day 2' },
    { day: 4, instruments: dosingDayInstruments, purpose: 'dosing-day', label: 'dosing day 4' },
    { day: 5, instruments: weekInstruments, purpose: 'end-of-course', label: 'day 5' },
    ...followUps(5, 'day 5'),
  ]),
});

/** Program days of the six-infusion series: Monday, Wednesday, Friday of two consecutive weeks. */
const SERIES_DAYS = [1, 3, 5, 8, 10, 12] as const;

/**
 * The six-infusion series: Monday, Wednesday and Friday for two consecutive weeks (Feder 2021).
 * Starts on a Monday, and all six infusion days must be site working days.
 */
export const infusionSeries6Template: ProgramTemplate = Object.freeze({
  id: 'infusion-series-6',
  version: '1',
  title: 'Six-infusion series (two weeks)',
  sources: Object.freeze([
    fromSource(['feder-2021'], 'three infusions a week over two consecutive weeks'),
    siteDefault('measurement schedule timing; dosing chair times as for the retreat'),
  ]),
  startWeekday: 'mon',
  dayRule: 'Monday, Wednesday and Friday of two consecutive weeks: a Monday start with all six days working days',
  events: freezeAll<TemplateEvent>(
    SERIES_DAYS.map((day, i) => ({ day, kind: 'dosing' as const, title: `Infusion ${i + 1} of 6 (IV ketamine)`, roles: dosingRoles })),
  ),
  measures: freezeAll<TemplateMeasure>([
    { day: 1, instruments: baselineInstruments, purpose: 'baseline', label: 'before infusion 1' },
    ...SERIES_DAYS.map((day, i) => ({
      day,
      instruments: dosingDayInstruments,
      purpose: 'dosing-day' as const,
      label: `infusion ${i + 1}`,
    })),
    { day: 8, instruments: weekInstruments, purpose: 'mid-course', label: 'before infusion 4' },
    { day: 13, instruments: weekInstruments, purpose: 'end-of-course', label: 'the day after the last infusion' },
    ...followUps(12, 'the last infusion'),
  ]),
});

/** A single maintenance session: PCL-5 (past week) before, and again 7 days after. */
export const maintenance1Template: ProgramTemplate = Object.freeze({
  id: 'maintenance-1',
  version: '1',
  title: 'Maintenance session',
  sources: Object.freeze([fromBrief('single maintenance session'), siteDefault('measurement schedule timing')]),
  dayRule: 'one working day at the site',
  events: freezeAll<TemplateEvent>([{ day: 1, kind: 'dosing', title: 'Maintenance dosing session (IV ketamine)', roles: dosingRoles }]),
  measures: freezeAll<TemplateMeasure>([
    { day: 1, instruments: ['pcl5-week', ...dosingDayInstruments], purpose: 'baseline', label: 'before the session' },
    { day: 1, offset: 'week', instruments: ['pcl5-week'], purpose: 'follow-up', label: '+7 days after the session' },
  ]),
});

/** Every program template by id. */
export const PROGRAM_TEMPLATES: Readonly<Record<ProgramTemplateId, ProgramTemplate>> = Object.freeze({
  'retreat-5-day': retreat5DayTemplate,
  'infusion-series-6': infusionSeries6Template,
  'maintenance-1': maintenance1Template,
});

/** True when `id` names a program template. */
export function isProgramTemplateId(id: string): id is ProgramTemplateId {
  return Object.prototype.hasOwnProperty.call(PROGRAM_TEMPLATES, id);
}

/** The program template with this id, or undefined. */
export function findProgramTemplate(id: string): ProgramTemplate | undefined {
  return isProgramTemplateId(id) ? PROGRAM_TEMPLATES[id] : undefined;
}
