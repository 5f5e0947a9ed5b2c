/**
 * Measurement tasks: which questionnaires of an enrollment's measurement schedule are upcoming,
 * due, overdue or done on a given site day. A scheduled questionnaire opens
 * `measureWindow.opensDaysBefore` days before its date and is overdue after the end of
 * `measureWindow.overdueAfterDays` days after it (site defaults awaiting review), with two
 * exceptions the protocol's wording fixes (protocol-defaults.md, "Measurement schedule" and
 * "responder"): a dosing day's measures (the C-SSRS screener before dosing) belong to that day
 * only, opening on it and overdue after it; the end-of-course PCL-5 must follow the last dosing
 * session, so it opens on its own date, not before; baseline measures open 30 days before day 1
 * (`BASELINE_VALID_DAYS`). A response
 * fulfils it when it was given for that date, or when it was completed inside the window; each
 * response fulfils one task at most. MOAA/S and CADSS-6 are chair observations of the dosing
 * session, not questionnaire tasks.
 *
 * @module
 */
import type { OutcomesSection } from '../protocol-config/sections/outcomes.js';
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { addDaysToIsoDate } from '../calendar/iso-date.js';
import type { ScheduledMeasure } from '../protocols/schedule.js';
import type { FollowUpOffset, MeasureInstrumentId, MeasurePurpose } from '../protocols/templates.js';

/** Instruments a patient or staff member answers as a questionnaire task. */
export type QuestionnaireTaskInstrument = Exclude<MeasureInstrumentId, 'moaas' | 'cadss6'>;

export type MeasurementTaskState = 'upcoming' | 'due' | 'overdue' | 'done';

/** A stored response, as far as task matching needs it. */
export interface ResponseForTask {
  readonly id: string;
  readonly instrument: string;
  /** The scheduled date it was given for, when it was given for one. */
  readonly dueDate: string | null;
  /** Local date (site zone) it was completed, `YYYY-MM-DD`. */
  readonly completedDate: string;
}

export interface MeasurementTask {
  /** Stable key: `<date>:<instrument>`. */
  readonly key: string;
  readonly date: string;
  readonly instrument: QuestionnaireTaskInstrument;
  readonly purposes: readonly MeasurePurpose[];
  /** The follow-up offsets of its measure ({@link ScheduledMeasure.offsets}); empty when it is no follow-up. */
  readonly offsets: readonly FollowUpOffset[];
  readonly labels: readonly string[];
  readonly opensOn: string;
  /** The last day before it is overdue. */
  readonly dueBy: string;
  readonly state: MeasurementTaskState;
  /** The response that fulfilled it. */
  readonly responseId: string | null;
}

const CHAIR_ONLY = new Set<string>(['moaas', 'cadss6']);
const NO_OFFSETS: readonly FollowUpOffset[] = Object.freeze([]);

/**
 * Baseline questionnaires open well before day 1, so screening is decided with a PCL-5 in hand: an
 * answer from the 30 days before day 1 counts, an older one is asked again (protocol-defaults.md,
 * "baseline questionnaires", a site default).
 */
export const BASELINE_VALID_DAYS = 30;

/** When a scheduled measure may be answered: `opensOn` to `dueBy`, both inclusive. */
export function windowOf(
  m: Pick<ScheduledMeasure, 'date' | 'purposes'>,
  before: number,
  after: number,
): { opensOn: string; dueBy: string } {
  const dosingDay = m.purposes.includes('dosing-day');
  const opensOnItsDay = m.purposes.includes('end-of-course') || (dosingDay && !m.purposes.includes('baseline'));
  const baseline = m.purposes.includes('baseline');
  return {
    opensOn: baseline
      ? addDaysToIsoDate(m.date, -Math.max(before, BASELINE_VALID_DAYS))
      : opensOnItsDay
        ? m.date
        : addDaysToIsoDate(m.date, -before),
    dueBy: dosingDay ? m.date : addDaysToIsoDate(m.date, after),
  };
}

/**
 * The questionnaire tasks of a schedule on `today` (site-local `YYYY-MM-DD`), by date then
 * instrument. Responses are matched to tasks by given date first, then by completion inside the
 * window (the earliest open task of that instrument).
 */
export function measurementTasks(
  measures: readonly ScheduledMeasure[],
  responses: readonly ResponseForTask[],
  today: string,
  config: Pick<OutcomesSection, 'measureWindow'> = outcomesDefaults,
): MeasurementTask[] {
  const before = config.measureWindow.opensDaysBefore.value;
  const after = config.measureWindow.overdueAfterDays.value;
  const slots = measures.flatMap((m) =>
    m.instruments
      .filter((i): i is QuestionnaireTaskInstrument => !CHAIR_ONLY.has(i))
      .map((instrument) => ({ m, instrument, ...windowOf(m, before, after), responseId: null as string | null })),
  );
  const used = new Set<string>();
  for (const s of slots) {
    const r = responses.find((x) => !used.has(x.id) && x.instrument === s.instrument && x.dueDate === s.m.date);
    if (r !== undefined) {
      used.add(r.id);
      s.responseId = r.id;
    }
  }
  // A response given for a date the schedule does not hold (answered before the course was booked,
  // or before it moved) counts by when it was completed, as an unlinked one does.
  const scheduled = new Set(measures.map((m) => m.date));
  for (const s of slots) {
    if (s.responseId !== null) continue;
    const r = responses.find(
      (x) =>
        !used.has(x.id) &&
        x.instrument === s.instrument &&
        (x.dueDate === null || !scheduled.has(x.dueDate)) &&
        x.completedDate >= s.opensOn &&
        x.completedDate <= s.dueBy,
    );
    if (r !== undefined) {
      used.add(r.id);
      s.responseId = r.id;
    }
  }
  return slots.map((s) => {
    const state: MeasurementTaskState =
      s.responseId !== null ? 'done' : today < s.opensOn ? 'upcoming' : today <= s.dueBy ? 'due' : 'overdue';
    return Object.freeze({
      key: `${s.m.date}:${s.instrument}`,
      date: s.m.date,
      instrument: s.instrument,
      purposes: s.m.purposes,
      offsets: s.m.offsets,
      labels: s.m.labels,
      opensOn: s.opensOn,
      dueBy: s.dueBy,
      state,
      responseId: s.responseId,
    });
  });
}

/**
 * Before a course is booked (referred, screening, eligible), the template's baseline
 * questionnaires are open from the referral (protocol-defaults.md, "baseline questionnaires"), so
 * screening is decided with a PCL-5 in hand: one task per baseline instrument, dated the referral
 * day, due and never overdue until a course is booked; an answer of the last 30 days fulfils it.
 * Once booked, the course's own baseline (open 30 days before day 1) takes over and counts the same
 * answer when it falls in its window. A task's `offsets` are its measure's, empty when not given
 * (a baseline is no follow-up).
 */
export function preBookingBaselineTasks(
  baseline: readonly (Pick<ScheduledMeasure, 'instruments' | 'purposes' | 'labels'> & { readonly offsets?: readonly FollowUpOffset[] })[],
  referredOn: string,
  responses: readonly ResponseForTask[],
  today: string,
): MeasurementTask[] {
  const validFrom = addDaysToIsoDate(today, -BASELINE_VALID_DAYS);
  const opensOn = referredOn > validFrom ? referredOn : validFrom;
  const used = new Set<string>();
  return baseline
    .filter((m) => m.purposes.includes('baseline'))
    .flatMap((m) =>
      m.instruments
        .filter((i): i is QuestionnaireTaskInstrument => !CHAIR_ONLY.has(i))
        .map((instrument) => {
          const r = [...responses]
            .reverse()
            .find((x) => !used.has(x.id) && x.instrument === instrument && x.completedDate >= opensOn && x.completedDate <= today);
          if (r !== undefined) used.add(r.id);
          return Object.freeze({
            key: `${referredOn}:${instrument}`,
            date: referredOn,
            instrument,
            purposes: m.purposes,
            offsets: m.offsets ?? NO_OFFSETS,
            labels: m.labels,
            opensOn,
            dueBy: today,
            state: r !== undefined ? 'done' : 'due',
            responseId: r?.id ?? null,
          });
        }),
    );
}
