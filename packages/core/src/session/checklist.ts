/**
 * The pre-dose checklist as facts, not ticks (protocol-defaults.md "Before dosing" and "Added
 * after the first clinical review"): the pre-dose vital signs, fasting times against the
 * protocol's hours, the last benzodiazepine dose against its minimum hours, the day's pregnancy
 * test with its time and result, the escort's name and phone, the day's C-SSRS screener (a
 * high-risk answer is a hold only a prescriber overrides), the intention and the premedication.
 *
 * Every item says why it is not done in plain words and names the protocol parameters it was
 * judged by. Time arrives as arguments; the site's day is given as its start instant.
 *
 * @module session/checklist
 */
import type { ProtocolConfig } from '../protocol-config/schema.js';
import type { PreDoseVitalsCheck } from '../monitoring/full-set.js';
import { MS_PER_MINUTE, toEpochMs, type Instant } from '../calendar/instant.js';
import { isoDateToDayNumber } from '../calendar/iso-date.js';
import { holdReasonText } from '../screening/check-labels.js';

/**
 * Screening items re-checked at each dosing session against the session date (protocol-defaults.md
 * "items re-checked at each dosing session", a site default): their maximum age is the
 * screening's `itemMaxAgeDays`.
 */
export const SESSION_RECHECKED_ITEMS = Object.freeze(['labs', 'ecg', 'physicalExam', 'psychiatricEvaluation'] as const);
export type SessionRecheckedItem = (typeof SESSION_RECHECKED_ITEMS)[number];
const ITEM_WORDS: Record<SessionRecheckedItem, string> = {
  labs: 'labs',
  ecg: 'ECG',
  physicalExam: 'physical exam',
  psychiatricEvaluation: 'psychiatric evaluation',
};

/** The facts recorded at the chair before the infusion. Absent is not recorded (never "fine"). */
export interface ChecklistFacts {
  readonly fasting?: { readonly lastSolidsAt?: Instant; readonly lastClearLiquidsAt?: Instant };
  readonly benzodiazepineLastDoseAt?: Instant;
  /** The stimulant was held on the session day (asked of the patient). */
  readonly stimulantHeldToday?: boolean;
  readonly pregnancyTest?: { readonly at: Instant; readonly result: 'negative' | 'positive' };
  readonly escort?: { readonly name: string; readonly phone: string };
  readonly intention?: string;
  /** A premedication given (recorded as an administration), or the reason none was. */
  readonly premedication?: { readonly given: true } | { readonly given: false; readonly reason: string };
  /** Before a maintenance session: the bladder and urinary symptom answers (true = yes). */
  readonly bladderSymptoms?: BladderSymptoms;
}

/** The bladder and urinary symptom questions asked before each maintenance session (protocol-defaults.md "Maintenance and program reporting"). */
export interface BladderSymptoms {
  readonly frequency: boolean;
  readonly urgency: boolean;
  readonly painOnUrination: boolean;
  readonly bloodInUrine: boolean;
}

/** The questions in the order asked, in the words a patient is asked them. */
export const BLADDER_SYMPTOM_QUESTIONS: readonly {
  readonly id: keyof BladderSymptoms;
  readonly question: string;
  readonly word: string;
}[] = Object.freeze([
  { id: 'frequency', question: 'Passing urine more often than usual?', word: 'urinary frequency' },
  { id: 'urgency', question: 'A sudden urge to pass urine that is hard to hold?', word: 'urgency' },
  { id: 'painOnUrination', question: 'Pain or burning when passing urine?', word: 'pain on urination' },
  { id: 'bloodInUrine', question: 'Blood in the urine?', word: 'blood in urine' },
]);

/** The checklist items of a maintenance session a prescriber may act on: a bladder symptom hold reviewed, the infusion count acknowledged. */
export type MaintenanceChecklistItemId = 'bladder-symptoms' | 'cumulative-infusions';

/** What else the checklist is judged on. */
export interface ChecklistContext {
  /** The moment of the question (the start, when asked at the start). */
  readonly asOf: Instant;
  /** The start of the site's day that contains `asOf` (same-day items count from it). */
  readonly dayStartAt: Instant;
  /** The patient's medication flags and pregnancy possibility (unknown counts as possible). */
  readonly flags: { readonly benzodiazepine: boolean; readonly stimulant: boolean; readonly pregnancyPossible: boolean };
  readonly preDoseVitals: PreDoseVitalsCheck;
  /** Pre-dose alerts not yet acknowledged (a warning) or overridden (a hold). */
  readonly openPreDoseAlerts: number;
  /** The C-SSRS screener answered most recently, if any. */
  readonly cssrs?: { readonly answeredAt: Instant; readonly risk: 'none' | 'low' | 'moderate' | 'high' };
  /** A prescriber's override of the C-SSRS hold, with its reason. */
  readonly cssrsOverride?: { readonly reason: string };
  /** An open review hold on the enrollment: the screening got worse after the decision. */
  readonly screeningHold?: { readonly kind: 'needs-review' | 'absolute'; readonly reasons: readonly string[] };
  /**
   * The screening items with a maximum age and the session's site-local date (`YYYY-MM-DD`):
   * each must still be within its age on that date. ECG only when required (cardiovascular risk).
   */
  readonly screeningItems?: {
    readonly sessionDate: string;
    readonly completed: { readonly [K in SessionRecheckedItem]?: string | null };
    readonly ecgRequired: boolean;
  };
  /**
   * A maintenance session (a course of the maintenance template): the infusions the patient had
   * started in the 12 months before this session's start, this one not counted.
   */
  readonly maintenance?: { readonly priorInfusionsIn12Months: number };
  /** A prescriber's review of a maintenance item's hold, with its reason. */
  readonly maintenanceOverrides?: { readonly [K in MaintenanceChecklistItemId]?: { readonly reason: string } };
}

export type ChecklistItemId =
  | 'screening'
  | 'screening-items'
  | 'pre-dose-vitals'
  | 'cssrs-today'
  | 'fasting'
  | 'benzodiazepine-hold'
  | 'stimulant-hold'
  | 'pregnancy-test'
  | 'escort'
  | 'intention'
  | 'premedication'
  | MaintenanceChecklistItemId;

/** `done`; `to-do` (a fact missing or not yet far enough back); `hold` (a fact that stops the infusion until a prescriber acts); `not-required`. */
export type ChecklistItemStatus = 'done' | 'to-do' | 'hold' | 'not-required';

export interface ChecklistItem {
  readonly id: ChecklistItemId;
  readonly label: string;
  readonly required: boolean;
  readonly status: ChecklistItemStatus;
  readonly done: boolean;
  /** Plain words: what meets it, or what is missing. */
  readonly detail: string;
  readonly parameters: readonly string[];
}

export interface ChecklistResult {
  readonly items: readonly ChecklistItem[];
  /** True when every required item is done. */
  readonly complete: boolean;
}

const HOUR_MS = 60 * MS_PER_MINUTE;
const hours = (ms: number) => Math.floor((ms / HOUR_MS) * 10) / 10;

function item(
  id: ChecklistItemId,
  label: string,
  required: boolean,
  status: Exclude<ChecklistItemStatus, 'not-required'>,
  detail: string,
  parameters: readonly string[] = [],
): ChecklistItem {
  const s: ChecklistItemStatus = required ? status : 'not-required';
  return {
    id,
    label,
    required,
    status: s,
    done: s === 'done' || s === 'not-required',
    detail: required ? detail : 'not required for this patient',
    parameters,
  };
}

/**
 * Judges the pre-dose checklist at `ctx.asOf`. Fasting: last solids at least
 * `preDose.fasting.solidsHours` and last clear liquids at least `preDose.fasting.clearLiquidsHours`
 * before (inclusive). Benzodiazepine (when flagged): last dose at least
 * `preDose.benzodiazepineLastDoseMinHours` before. Pregnancy test (when pregnancy is possible): a
 * negative test taken today before `asOf`; a positive one is a hold. Escort: a name and a phone.
 * C-SSRS: answered today before `asOf`; a high risk is a hold until a prescriber overrides it with
 * a reason. Intention set; premedication recorded (given, or why not).
 */
export function assessChecklist(facts: ChecklistFacts, ctx: ChecklistContext, config: ProtocolConfig): ChecklistResult {
  const asOfMs = toEpochMs(ctx.asOf);
  const dayStartMs = toEpochMs(ctx.dayStartAt);
  const p = config.preDose;
  const items: ChecklistItem[] = [];
  const today = (t: Instant) => {
    const ms = toEpochMs(t);
    return ms >= dayStartMs && ms <= asOfMs;
  };

  // Screening still current: no review hold, and the items with a maximum age not expired on the session's date.
  const hold = ctx.screeningHold;
  items.push(
    hold === undefined
      ? item('screening', 'Screening still holds: nothing changed for the worse since the decision', true, 'done', 'no review hold')
      : item(
          'screening',
          'Screening still holds: nothing changed for the worse since the decision',
          true,
          'hold',
          `screening changed since the decision (${hold.reasons.map((r) => holdReasonText(r)).join('; ')}): ${hold.kind === 'absolute' ? 'a medical director' : 'a prescriber'} reviews it before any infusion`,
        ),
  );
  if (ctx.screeningItems !== undefined) {
    const si = ctx.screeningItems;
    const maxAge = config.screening.itemMaxAgeDays.value;
    const sessionDay = isoDateToDayNumber(si.sessionDate);
    const problems = SESSION_RECHECKED_ITEMS.filter((id) => id !== 'ecg' || si.ecgRequired).flatMap((id) => {
      const on = si.completed[id];
      const day = on === undefined || on === null ? undefined : isoDateToDayNumber(on);
      if (day === undefined || sessionDay === undefined) return [`${ITEM_WORDS[id]} not on record`];
      return sessionDay - day > maxAge ? [`${ITEM_WORDS[id]} of ${on} is more than ${maxAge} days old on ${si.sessionDate}`] : [];
    });
    items.push(
      item(
        'screening-items',
        `Labs, ECG (when required), physical exam and psychiatric evaluation within ${maxAge} days on the session date`,
        true,
        problems.length === 0 ? 'done' : 'hold',
        problems.length === 0 ? 'all within their age' : `${problems.join('; ')}: record a new one before the infusion`,
        ['screening.itemMaxAgeDays'],
      ),
    );
  }

  // Pre-dose vital signs.
  const v = ctx.preDoseVitals;
  const window = config.vitals.preDose.fullSetWithinMinutes.value;
  items.push(
    item(
      'pre-dose-vitals',
      `Pre-dose vital signs: a full set (systolic, diastolic, heart rate, SpO2) within ${window} min before the start; a warning acknowledged and a hold overridden by a prescriber`,
      true,
      v.status === 'met' && ctx.openPreDoseAlerts === 0 ? 'done' : 'to-do',
      v.status !== 'met'
        ? v.message
        : ctx.openPreDoseAlerts > 0
          ? `${ctx.openPreDoseAlerts} pre-dose alert${ctx.openPreDoseAlerts === 1 ? '' : 's'} wait for a prescriber (a warning acknowledged, a hold overridden with a reason)`
          : v.message,
      [v.parameter],
    ),
  );

  // The day's C-SSRS screener.
  const c = ctx.cssrs;
  const cssrsLabel = 'C-SSRS screener answered today, before the start (a high risk holds the infusion until a prescriber overrides it)';
  if (c === undefined || !today(c.answeredAt)) {
    items.push(item('cssrs-today', cssrsLabel, true, 'to-do', 'the C-SSRS screener has not been answered today: ask it before the start'));
  } else if (c.risk === 'high' && ctx.cssrsOverride === undefined) {
    items.push(
      item(
        'cssrs-today',
        cssrsLabel,
        true,
        'hold',
        'high suicide risk on today’s C-SSRS: no infusion unless a prescriber overrides with a reason',
      ),
    );
  } else if (c.risk === 'high') {
    items.push(
      item(
        'cssrs-today',
        cssrsLabel,
        true,
        'done',
        `high risk on today’s C-SSRS, overridden by a prescriber: ${ctx.cssrsOverride?.reason ?? ''}`,
      ),
    );
  } else {
    items.push(item('cssrs-today', cssrsLabel, true, 'done', `answered today: ${c.risk === 'none' ? 'no' : c.risk} risk`));
  }

  // Fasting.
  const solidsH = p.fasting.solidsHours.value;
  const liquidsH = p.fasting.clearLiquidsHours.value;
  const fastingParams = ['preDose.fasting.solidsHours', 'preDose.fasting.clearLiquidsHours'];
  const f = facts.fasting;
  const fastingLabel = `Fasting: no solids for ${solidsH} h, clear liquids up to ${liquidsH} h before`;
  if (f?.lastSolidsAt === undefined || f.lastClearLiquidsAt === undefined) {
    items.push(
      item('fasting', fastingLabel, true, 'to-do', 'record when the patient last ate solids and last drank clear liquids', fastingParams),
    );
  } else {
    const solidsAgo = asOfMs - toEpochMs(f.lastSolidsAt);
    const liquidsAgo = asOfMs - toEpochMs(f.lastClearLiquidsAt);
    const problems = [
      ...(solidsAgo < solidsH * HOUR_MS ? [`solids ${hours(solidsAgo)} h ago (needs ${solidsH} h)`] : []),
      ...(liquidsAgo < liquidsH * HOUR_MS ? [`clear liquids ${hours(liquidsAgo)} h ago (needs ${liquidsH} h)`] : []),
    ];
    items.push(
      item(
        'fasting',
        fastingLabel,
        true,
        problems.length === 0 ? 'done' : 'to-do',
        problems.length === 0
          ? `solids ${hours(solidsAgo)} h and clear liquids ${hours(liquidsAgo)} h before`
          : `not fasted long enough: ${problems.join('; ')}`,
        fastingParams,
      ),
    );
  }

  // Benzodiazepine.
  const benzoH = p.benzodiazepineLastDoseMinHours.value;
  const benzoLabel = `Benzodiazepine: last dose at least ${benzoH} h before the session`;
  if (facts.benzodiazepineLastDoseAt === undefined) {
    items.push(
      item('benzodiazepine-hold', benzoLabel, ctx.flags.benzodiazepine, 'to-do', 'record when the last benzodiazepine dose was taken', [
        'preDose.benzodiazepineLastDoseMinHours',
      ]),
    );
  } else {
    const ago = asOfMs - toEpochMs(facts.benzodiazepineLastDoseAt);
    items.push(
      item(
        'benzodiazepine-hold',
        benzoLabel,
        ctx.flags.benzodiazepine,
        ago >= benzoH * HOUR_MS ? 'done' : 'hold',
        ago >= benzoH * HOUR_MS
          ? `last dose ${hours(ago)} h before`
          : `last dose only ${hours(ago)} h before: wait until ${benzoH} h have passed`,
        ['preDose.benzodiazepineLastDoseMinHours'],
      ),
    );
  }

  // Stimulant.
  items.push(
    item(
      'stimulant-hold',
      'Stimulant skipped on the session day',
      ctx.flags.stimulant,
      facts.stimulantHeldToday === true ? 'done' : 'to-do',
      facts.stimulantHeldToday === true
        ? 'skipped today'
        : facts.stimulantHeldToday === false
          ? 'the stimulant was taken today: the session waits for a prescriber'
          : 'ask whether today’s stimulant dose was skipped',
    ),
  );

  // Pregnancy test.
  const pt = facts.pregnancyTest;
  const pregnancyLabel = 'Pregnancy test: negative, taken today before the start';
  if (pt === undefined || !today(pt.at)) {
    items.push(
      item(
        'pregnancy-test',
        pregnancyLabel,
        ctx.flags.pregnancyPossible,
        'to-do',
        pt === undefined ? 'record today’s pregnancy test: time and result' : 'the pregnancy test on record is not from today',
        ['preDose.pregnancyTestMaxAgeDays'],
      ),
    );
  } else {
    items.push(
      item(
        'pregnancy-test',
        pregnancyLabel,
        ctx.flags.pregnancyPossible,
        pt.result === 'negative' ? 'done' : 'hold',
        pt.result === 'negative' ? 'negative today' : 'positive pregnancy test: no infusion',
        ['preDose.pregnancyTestMaxAgeDays'],
      ),
    );
  }

  // Escort.
  const e = facts.escort;
  const escortOk = e !== undefined && e.name.trim() !== '' && e.phone.trim() !== '';
  items.push(
    item(
      'escort',
      'Escort: a responsible adult to take the patient home (name and phone)',
      p.escortRequired.value,
      escortOk ? 'done' : 'to-do',
      escortOk ? `${e.name.trim()}, ${e.phone.trim()}` : 'record the escort’s name and phone',
      ['preDose.escortRequired'],
    ),
  );

  // Intention and premedication.
  const intention = facts.intention?.trim() ?? '';
  items.push(
    item(
      'intention',
      'Intention set with the therapist',
      true,
      intention === '' ? 'to-do' : 'done',
      intention === '' ? 'the therapist sets it' : 'set',
    ),
  );
  const pm = facts.premedication;
  const premedName = p.premedicationOffered.value;
  items.push(
    item(
      'premedication',
      `Premedication (${premedName} offered): given, or why not`,
      true,
      pm === undefined ? 'to-do' : 'done',
      pm === undefined
        ? `record the ${premedName} given (drug, dose, route, time), or why none was`
        : pm.given
          ? 'given'
          : `none: ${pm.reason}`,
      ['preDose.premedicationOffered'],
    ),
  );

  if (ctx.maintenance !== undefined) items.push(...maintenanceItems(facts, ctx, ctx.maintenance.priorInfusionsIn12Months, config));

  return { items, complete: items.every((i) => i.done) };
}

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
};

/**
 * The two items before a maintenance session. Bladder symptoms (when
 * `preDose.maintenance.bladderSymptomsHold`): to do until the four answers are recorded; any yes is
 * a hold until a prescriber reviews it (urinalysis suggested). Cumulative infusions: this session
 * counted with the infusions started in the 12 months before it; above
 * `preDose.maintenance.cumulativeInfusionsLimit` a hold until a prescriber acknowledges it.
 */
function maintenanceItems(facts: ChecklistFacts, ctx: ChecklistContext, prior: number, config: ProtocolConfig): ChecklistItem[] {
  const m = config.preDose.maintenance;
  const reviewed = ctx.maintenanceOverrides ?? {};
  const answers = facts.bladderSymptoms;
  const yes = answers === undefined ? [] : BLADDER_SYMPTOM_QUESTIONS.filter((q) => answers[q.id]).map((q) => q.word);
  const bladderLabel = 'Bladder and urinary symptoms asked before a maintenance session (any yes: a prescriber reviews it)';
  const bladderParams = ['preDose.maintenance.bladderSymptomsHold'];
  const bladder =
    answers === undefined
      ? item(
          'bladder-symptoms',
          bladderLabel,
          m.bladderSymptomsHold.value,
          'to-do',
          'ask the four bladder and urinary questions',
          bladderParams,
        )
      : yes.length === 0
        ? item('bladder-symptoms', bladderLabel, m.bladderSymptomsHold.value, 'done', 'no bladder or urinary symptoms', bladderParams)
        : reviewed['bladder-symptoms'] !== undefined
          ? item(
              'bladder-symptoms',
              bladderLabel,
              m.bladderSymptomsHold.value,
              'done',
              `${yes.join(', ')}: reviewed by a prescriber: ${reviewed['bladder-symptoms'].reason}`,
              bladderParams,
            )
          : item(
              'bladder-symptoms',
              bladderLabel,
              m.bladderSymptomsHold.value,
              'hold',
              `${yes.join(', ')}: no infusion until a prescriber reviews it (a urinalysis is suggested)`,
              bladderParams,
            );
  const limit = m.cumulativeInfusionsLimit.value;
  const count = prior + 1;
  const counted = `this would be the ${ordinal(count)} infusion in 12 months (${prior} before it; the site's limit is ${limit})`;
  const cumulativeLabel = `Infusions in the last 12 months: above ${limit}, a prescriber acknowledges before the infusion`;
  const cumulativeParams = ['preDose.maintenance.cumulativeInfusionsLimit'];
  const cumulative =
    count <= limit
      ? item('cumulative-infusions', cumulativeLabel, true, 'done', counted, cumulativeParams)
      : reviewed['cumulative-infusions'] !== undefined
        ? item(
            'cumulative-infusions',
            cumulativeLabel,
            true,
            'done',
            `${counted}: acknowledged by a prescriber: ${reviewed['cumulative-infusions'].reason}`,
            cumulativeParams,
          )
        : item(
            'cumulative-infusions',
            cumulativeLabel,
            true,
            'hold',
            `${counted}: a prescriber acknowledges it before the infusion`,
            cumulativeParams,
          );
  return [bladder, cumulative];
}
