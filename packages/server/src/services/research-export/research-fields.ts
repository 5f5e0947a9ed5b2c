/**
 * Every field of the de-identified research export (issue 24, Must 4), with what it means, the
 * HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2)(i), (A) to (R)) it is built to avoid and how
 * it is transformed. This list is the export's gate: an NDJSON record keeps only the paths listed
 * here (`keepDocumentedFields`), and the CSV's columns are the listed ones (`RESEARCH_CSV_COLUMNS`),
 * so a field added to the records but not documented here never leaves. The table in
 * `docs/research-export.md` is this list (`researchFieldTable`; a test compares them).
 *
 * @module
 */

/** Safe Harbor's eighteen identifiers, 45 CFR 164.514(b)(2)(i)(A) to (R), in short words. */
export const SAFE_HARBOR_IDENTIFIERS = {
  A: 'names',
  B: 'geographic subdivisions smaller than a state',
  C: 'dates (except year) related to the individual; ages over 89',
  D: 'telephone numbers',
  E: 'fax numbers',
  F: 'email addresses',
  G: 'social security numbers',
  H: 'medical record numbers',
  I: 'health plan beneficiary numbers',
  J: 'account numbers',
  K: 'certificate and license numbers',
  L: 'vehicle identifiers',
  M: 'device identifiers and serial numbers',
  N: 'web URLs',
  O: 'IP addresses',
  P: 'biometric identifiers',
  Q: 'full-face photographs',
  R: 'any other unique identifying number, characteristic or code',
} as const;
export type SafeHarborId = keyof typeof SAFE_HARBOR_IDENTIFIERS;

export interface ResearchField {
  /** Where the field is in an NDJSON record (`sessions[].doseMgPerKg`); null: in the CSV only. */
  ndjson: string | null;
  /** Its CSV column; several nested fields may share one (an adverse event's kind, severity, seriousness). */
  csv: string;
  meaning: string;
  /** The Safe Harbor identifiers this field stands in place of, or is transformed to avoid; empty: not an identifier. */
  avoids: readonly SafeHarborId[];
  /** How the stored value becomes the exported one. */
  transform: string;
}

const DAY = 'Days from enrollment (day 0: the day the patient was enrolled at the site, site time); the date itself is not exported';
const AS_STORED = 'As stored (a value of a fixed list)';

/** The fields, in the order of the NDJSON record and of the CSV's columns. */
export const RESEARCH_FIELDS: readonly ResearchField[] = [
  {
    ndjson: null,
    csv: 'record',
    meaning: 'What the CSV row is: `course`, `state`, `event`, `session` or `measure`',
    avoids: [],
    transform: 'None',
  },
  {
    ndjson: 'studyId',
    csv: 'studyId',
    meaning: 'The patient’s study id: the same on each of the patient’s courses and in every export from the site',
    avoids: ['A', 'H', 'R'],
    transform:
      'Drawn at random (Node crypto) when the patient is first exported and kept in Kairos; derived from no identifier (164.514(c)); replaces the name, the MRN and the internal id (a UUID)',
  },
  {
    ndjson: 'course',
    csv: 'course',
    meaning: 'The course’s number among the patient’s enrollments, 1 the first',
    avoids: ['R'],
    transform: 'Counted; replaces the enrollment’s internal id (a UUID)',
  },
  {
    ndjson: 'synthetic',
    csv: 'synthetic',
    meaning: 'True for a synthetic (demo) patient, made up: leave those out of any analysis',
    avoids: [],
    transform: 'As stored',
  },
  {
    ndjson: 'template',
    csv: 'template',
    meaning: 'The program: `retreat-5-day`, `infusion-series-6` or `maintenance-1`',
    avoids: [],
    transform: 'The booked cohort’s program, else the enrollment’s',
  },
  {
    ndjson: 'ageGroup',
    csv: 'ageGroup',
    meaning: 'Age at enrollment in 5-year groups (`35-39`); every age over 89 is `90 or older`; null without a usable birth date',
    avoids: ['C'],
    transform: 'Whole years from the birth date to the enrollment day, grouped; the birth date is not exported',
  },
  {
    ndjson: 'sex',
    csv: 'sex',
    meaning: 'Sex as recorded: `female`, `male`, `other` or `unknown`',
    avoids: [],
    transform: AS_STORED,
  },
  {
    ndjson: 'enrollmentState',
    csv: 'enrollmentState',
    meaning:
      'Where the course is now: `referred`, `screening`, `eligible`, `ineligible`, `scheduled`, `in-treatment`, `follow-up`, `completed` or `withdrawn`',
    avoids: [],
    transform: AS_STORED,
  },
  {
    ndjson: 'withdrawnFrom',
    csv: 'withdrawnFrom',
    meaning: 'For a withdrawn course, the state it was withdrawn from (`scheduled`, `in-treatment`…); null otherwise',
    avoids: [],
    transform: 'The category only: the reason given is free text and is not exported',
  },
  {
    ndjson: 'courseStartDay',
    csv: 'courseStartDay',
    meaning: 'The course’s first program day; null while the course is not booked',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'stateChanges[].day',
    csv: 'day',
    meaning: 'A change of the enrollment’s state: its day (CSV rows `state`)',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'stateChanges[].toState',
    csv: 'toState',
    meaning: 'The state entered (the list of `enrollmentState`)',
    avoids: [],
    transform: 'As stored; who moved it and why (free text) are not exported',
  },
  {
    ndjson: 'events[].day',
    csv: 'day',
    meaning: 'A booked program event: its day (CSV rows `event`)',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'events[].programDay',
    csv: 'programDay',
    meaning: 'The day of the program the event belongs to (1: the first)',
    avoids: [],
    transform: 'As stored',
  },
  {
    ndjson: 'events[].eventKind',
    csv: 'eventKind',
    meaning: 'The event: `assessment`, `preparation`, `intention`, `dosing`, `integration` or `review`',
    avoids: [],
    transform: 'As stored; its title, room, chair and staff are not exported',
  },
  {
    ndjson: 'events[].eventState',
    csv: 'eventState',
    meaning: '`scheduled` or `cancelled`',
    avoids: [],
    transform: 'As stored; a cancellation’s reason (free text) is not exported',
  },
  {
    ndjson: 'sessions[].session',
    csv: 'session',
    meaning: 'A dosing session: its number in the course, 1 the first (CSV rows `session`)',
    avoids: ['R'],
    transform: 'Counted; replaces the session’s internal id (a UUID)',
  },
  {
    ndjson: 'sessions[].day',
    csv: 'day',
    meaning: 'The session’s day (the infusion’s start, else the booked start)',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'sessions[].programDay',
    csv: 'programDay',
    meaning: 'The day of the program the session was booked on',
    avoids: [],
    transform: 'As stored',
  },
  {
    ndjson: 'sessions[].sessionState',
    csv: 'sessionState',
    meaning:
      'Where the session ended or is: `scheduled`, `checked-in`, `pre-dose`, `infusing`, `paused`, `observing`, `discharged` or `aborted`',
    avoids: [],
    transform: AS_STORED,
  },
  {
    ndjson: 'sessions[].route',
    csv: 'route',
    meaning: 'How the dose was given: `IV` (infusion), `IM` (intramuscular injection) or `SL` (oral/sublingual)',
    avoids: [],
    transform: AS_STORED,
  },
  {
    ndjson: 'sessions[].doseMgPerKg',
    csv: 'doseMgPerKg',
    meaning: 'The ordered dose, mg of ketamine per kg of body weight; null without an order',
    avoids: [],
    transform: 'From the latest dose order; the weight and the dose in mg are not exported',
  },
  {
    ndjson: 'sessions[].plannedMinutes',
    csv: 'plannedMinutes',
    meaning: 'The ordered infusion time, minutes; null without an order and for a dose not given by infusion',
    avoids: [],
    transform: 'From the latest dose order',
  },
  {
    ndjson: 'sessions[].infusionMinutes',
    csv: 'infusionMinutes',
    meaning: 'Minutes from the infusion’s start to its end, pauses included; null until it ended, and for a dose not given by infusion',
    avoids: ['C'],
    transform: 'A duration, rounded to the minute; the times themselves are not exported',
  },
  {
    ndjson: 'sessions[].paused',
    csv: 'paused',
    meaning: 'Whether the pump was paused',
    avoids: [],
    transform: 'From the pump’s events',
  },
  {
    ndjson: 'sessions[].stoppedEarly',
    csv: 'stoppedEarly',
    meaning: 'Whether the infusion was stopped (or the session aborted) before the pump ran its planned minutes',
    avoids: [],
    transform: 'From the pump’s events and the order, as the program dashboard counts it; the reason (free text) is not exported',
  },
  {
    ndjson: 'sessions[].minutesToDischarge',
    csv: 'minutesToDischarge',
    meaning: 'Minutes from the infusion’s end to discharge; null until discharged',
    avoids: ['C'],
    transform: 'A duration, rounded to the minute; the times themselves are not exported',
  },
  {
    ndjson: 'sessions[].bloodPressureLevel',
    csv: 'bloodPressureLevel',
    meaning: 'The highest blood-pressure alert of the session: `none`, `warn`, `hold`, `pause` or `escalate`',
    avoids: [],
    transform: 'The highest level of the session’s blood-pressure alerts; readings and their times are not exported',
  },
  {
    ndjson: 'sessions[].adverseEvents[].kind',
    csv: 'adverseEvents',
    meaning: 'An adverse event’s kind, of the fixed list (`nausea`, `vomiting`, `hypertension`, … `other`)',
    avoids: [],
    transform:
      'As stored; the description, the action taken and the review note (free text) are not exported. CSV: `kind/severity` (with `/serious`), several joined by `; `',
  },
  {
    ndjson: 'sessions[].adverseEvents[].severity',
    csv: 'adverseEvents',
    meaning: 'Its severity: `mild`, `moderate` or `severe`',
    avoids: [],
    transform: AS_STORED,
  },
  {
    ndjson: 'sessions[].adverseEvents[].serious',
    csv: 'adverseEvents',
    meaning: 'Whether it was reported as serious',
    avoids: [],
    transform: 'As stored',
  },
  {
    ndjson: 'measures[].day',
    csv: 'day',
    meaning: 'A questionnaire answered: the day it was completed (CSV rows `measure`)',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'measures[].dueDay',
    csv: 'dueDay',
    meaning: 'The day it was due by the course’s schedule; null when not scheduled (a baseline, a questionnaire given on the spot)',
    avoids: ['C'],
    transform: DAY,
  },
  {
    ndjson: 'measures[].instrument',
    csv: 'instrument',
    meaning: '`pcl5-month`, `pcl5-week` (PCL-5, past month or week), `phq9`, `gad7` or `cssrs` (C-SSRS screener)',
    avoids: [],
    transform: 'As stored; the item answers are not exported',
  },
  {
    ndjson: 'measures[].total',
    csv: 'total',
    meaning: 'The total score (PCL-5 0-80, PHQ-9 0-27, GAD-7 0-21); null for the C-SSRS',
    avoids: [],
    transform: 'As scored by Kairos when answered',
  },
  {
    ndjson: 'measures[].riskLevel',
    csv: 'riskLevel',
    meaning: 'The C-SSRS screener’s risk level: `none`, `low`, `moderate` or `high`; null for the other questionnaires',
    avoids: [],
    transform: 'As scored by Kairos when answered',
  },
];

/** The CSV's header: each column once, in the list's order. */
export const RESEARCH_CSV_COLUMNS: readonly string[] = [...new Set(RESEARCH_FIELDS.map((f) => f.csv))];

/** The documented NDJSON paths (`sessions[].adverseEvents[].kind`). */
export const RESEARCH_NDJSON_PATHS: readonly string[] = RESEARCH_FIELDS.flatMap((f) => (f.ndjson === null ? [] : [f.ndjson]));

/** A field's Safe Harbor column, in words: `(C) dates…`, or `not an identifier`. */
export function avoidedText(field: ResearchField): string {
  if (field.avoids.length === 0) return 'not an identifier';
  return field.avoids.map((id) => `(${id}) ${SAFE_HARBOR_IDENTIFIERS[id]}`).join('; ');
}

/** The header of the documentation's field table. */
export const FIELD_TABLE_HEADER = ['NDJSON field', 'CSV column', 'Meaning', 'Safe Harbor identifier avoided', 'Transformation'] as const;

/** The documentation's field table: one row of cells a field (the doc's markdown table holds exactly these). */
export function researchFieldTable(): string[][] {
  return RESEARCH_FIELDS.map((f) => [
    f.ndjson === null ? '(CSV only)' : `\`${f.ndjson}\``,
    `\`${f.csv}\``,
    f.meaning,
    avoidedText(f),
    f.transform,
  ]);
}

/** The table as markdown, to paste into `docs/research-export.md` (the test prints it when they differ). */
export function researchFieldTableMarkdown(): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(FIELD_TABLE_HEADER), line(FIELD_TABLE_HEADER.map(() => '---')), ...researchFieldTable().map(line)].join('\n');
}

/** A tree of the documented paths: `{ sessions: { '[]': { adverseEvents: { '[]': { kind: true } } } } }`. */
type PathTree = { [key: string]: PathTree | true };

function treeOf(paths: readonly string[]): PathTree {
  const root: PathTree = {};
  for (const path of paths) {
    let node = root;
    const parts = path.split('.');
    parts.forEach((part, i) => {
      const isArray = part.endsWith('[]');
      const key = isArray ? part.slice(0, -2) : part;
      if (i === parts.length - 1 && !isArray) {
        node[key] = true;
        return;
      }
      const child = (node[key] ??= {}) as PathTree;
      node = isArray ? ((child['[]'] ??= {}) as PathTree) : child;
    });
  }
  return root;
}

const DOCUMENTED = treeOf(RESEARCH_NDJSON_PATHS);

function keep(value: unknown, tree: PathTree): unknown {
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(tree)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (spec === true) out[key] = v;
    else if (Array.isArray(v)) out[key] = v.map((item) => keep(item, spec['[]'] as PathTree));
    else out[key] = v === null ? null : keep(v, spec);
  }
  return out;
}

/** The record with only its documented fields (anything else, by mistake, is dropped, never exported). */
export function keepDocumentedFields<T extends object>(record: T): T {
  return keep(record, DOCUMENTED) as T;
}

/** Every path of a record as the field list writes it (`sessions[].adverseEvents[].kind`): what the test compares. */
export function pathsOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix === '' ? [] : [prefix];
  if (Array.isArray(value)) {
    return value.flatMap((item) => pathsOf(item, `${prefix}[]`));
  }
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    return v !== null && typeof v === 'object' ? pathsOf(v, p) : [p];
  });
}
