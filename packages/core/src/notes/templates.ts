/**
 * Clinical note templates as data (issue 9, "Notes from templates"): one template for each note the
 * program writes, from the day 1 intake assessment to the day 5 continuing care plan. A template
 * names its fields, their kinds and which are required: a note with an empty required field cannot
 * be signed ({@link checkNoteContent}). A note records the template id and version it was written
 * on; a template changes by adding a new version, so a signed note is always read with its own.
 *
 * @module
 */
import type { MeasureInstrumentId, ProgramTemplate } from '../protocols/templates.js';
import { retreat5DayTemplate } from '../protocols/templates.js';

/** Template ids, in the order of the program (day 1 to day 5). */
export const NOTE_TEMPLATE_IDS = [
  'intake-assessment',
  'preparation',
  'dosing-session',
  'integration',
  'discharge-summary',
  'continuing-care-plan',
] as const;
export type NoteTemplateId = (typeof NOTE_TEMPLATE_IDS)[number];

/**
 * What a field holds: a line of text, paragraphs, one of a set of options, a list of short texts,
 * or a whole number of minutes (stored as its digits, e.g. "45").
 */
export type NoteFieldKind = 'text' | 'long-text' | 'choice' | 'list' | 'minutes';

/** One option of a `choice` field: the stored value and the label people read. */
export interface NoteChoiceOption {
  readonly value: string;
  readonly label: string;
}

/** A field of a note template. */
export interface NoteField {
  /** Key of the value in the note's content (camelCase, stable: stored and hashed). */
  readonly id: string;
  /** Label shown on the form and in the PDF. */
  readonly label: string;
  readonly kind: NoteFieldKind;
  /** A note with this field empty cannot be signed. */
  readonly required: boolean;
  /**
   * Required only when another field holds one of the given values (e.g. "Other modality" when the
   * modality is `other`). `required` is false for such a field.
   */
  readonly requiredWhen?: { readonly field: string; readonly equals: readonly string[] };
  /** Help text under the field: what to write. */
  readonly help?: string;
  /** `choice` fields: the options, in display order. */
  readonly options?: readonly NoteChoiceOption[];
  /** `list` fields: what one item is called ("goal"). */
  readonly itemLabel?: string;
  /** Text the field starts with in a new note (the clinician edits it before signing). */
  readonly prefill?: string | readonly string[];
  /** Not shown to the patient (portal and patient PDF); the referring clinician's version shows it. */
  readonly clinicianOnly?: boolean;
}

/** A note template: id, version, title and fields. */
export interface NoteTemplate {
  readonly id: NoteTemplateId;
  readonly version: string;
  readonly title: string;
  /** When in the program the note is written, in words. */
  readonly when: string;
  readonly fields: readonly NoteField[];
  /** The signed note can be printed as PDFs for the patient and the referring clinician. */
  readonly printable: boolean;
}

/** Limits of what a field holds (not clinical numbers: sizes that keep a note a note). */
export const NOTE_LIMITS = Object.freeze({
  /** Characters in a `text` field or one `list` item. */
  textMaxChars: 500,
  /** Characters in a `long-text` field. */
  longTextMaxChars: 20_000,
  /** Items in a `list` field. */
  listMaxItems: 50,
  /** The most a `minutes` field holds: a working day (a bound on typing, not a clinical number). */
  minutesMax: 720,
});

/** Names of the measurement instruments, as a clinician and a patient read them. */
export const INSTRUMENT_DISPLAY_NAMES: Readonly<Record<MeasureInstrumentId, string>> = Object.freeze({
  'pcl5-month': 'PCL-5 (past month)',
  'pcl5-week': 'PCL-5 (past week)',
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  cssrs: 'C-SSRS screener',
  moaas: 'MOAA/S',
  cadss6: 'CADSS-6',
});

/**
 * The follow-up measures of a program in words, from its measurement schedule
 * (protocol-defaults.md): e.g. "+7 days after day 5: PCL-5 (past week), PHQ-9, C-SSRS screener".
 * One line per follow-up occasion; an empty list when the program has none.
 */
export function describeFollowUpMeasures(program: ProgramTemplate): string[] {
  return program.measures
    .filter((m) => m.purpose === 'follow-up')
    .map((m) => `${m.label}: ${m.instruments.map((i) => INSTRUMENT_DISPLAY_NAMES[i]).join(', ')}`);
}

function followUpPrefill(program: ProgramTemplate): string {
  return [
    'Questionnaires to complete in the portal (the clinic sends a reminder for each):',
    ...describeFollowUpMeasures(program).map((line) => `- ${line}`),
    'A measure that falls on a day the clinic is closed moves to its next working day.',
  ].join('\n');
}

const INTEGRATION_MODALITIES: readonly NoteChoiceOption[] = Object.freeze([
  Object.freeze({ value: 'emdr', label: 'EMDR' }),
  Object.freeze({ value: 'progressive-counting', label: 'Progressive Counting' }),
  Object.freeze({ value: 'other', label: 'Other' }),
]);

const field = (f: NoteField): NoteField => Object.freeze({ ...f, ...(f.options ? { options: Object.freeze([...f.options]) } : {}) });
const template = (t: Omit<NoteTemplate, 'fields'> & { fields: NoteField[] }): NoteTemplate =>
  Object.freeze({ ...t, fields: Object.freeze(t.fields.map(field)) });

/** Day 1: the assessment before the course (prescriber and therapist). */
export const intakeAssessmentTemplate = template({
  id: 'intake-assessment',
  version: '1',
  title: 'Intake assessment',
  when: 'Day 1, assessment',
  printable: false,
  fields: [
    {
      id: 'presentingConcerns',
      label: 'Presenting concerns',
      kind: 'long-text',
      required: true,
      help: 'The symptoms that bring the patient, in their words and yours.',
    },
    {
      id: 'traumaHistory',
      label: 'Trauma history',
      kind: 'long-text',
      required: true,
      help: 'Index trauma(s) and onset, as much as the patient chose to share.',
    },
    {
      id: 'treatmentHistory',
      label: 'Psychiatric and treatment history',
      kind: 'long-text',
      required: false,
      help: 'Earlier diagnoses, medications and psychotherapies, and how they helped.',
    },
    { id: 'mentalStatus', label: 'Mental status examination', kind: 'long-text', required: true },
    {
      id: 'riskAssessment',
      label: 'Risk assessment',
      kind: 'long-text',
      required: true,
      help: 'Suicide and self-harm risk (C-SSRS screener result), risk to others, protective factors.',
    },
    { id: 'formulation', label: 'Formulation and plan', kind: 'long-text', required: true },
  ],
});

/** Day 1: preparation for the dosing sessions, with the patient's intentions. */
export const preparationTemplate = template({
  id: 'preparation',
  version: '1',
  title: 'Preparation (intentions)',
  when: 'Day 1, preparation',
  printable: false,
  fields: [
    {
      id: 'intentions',
      label: 'Intentions',
      kind: 'list',
      itemLabel: 'intention',
      required: true,
      help: 'The patient’s intentions for the dosing sessions, in their words: one per line.',
    },
    {
      id: 'expectations',
      label: 'Expectations discussed',
      kind: 'long-text',
      required: true,
      help: 'Expected effects (dissociation, perceptual changes, blood pressure, nausea) and how the session runs.',
    },
    { id: 'groundingTechniques', label: 'Grounding techniques practised', kind: 'long-text', required: true },
    {
      id: 'supportPlan',
      label: 'Support and safety plan',
      kind: 'long-text',
      required: true,
      help: 'Escort home, who is with the patient after each session, what to do if distressed.',
    },
    { id: 'concerns', label: 'Concerns raised', kind: 'long-text', required: false },
  ],
});

/** Days 2 and 4: the therapist's note of a dosing session. */
export const dosingSessionTemplate = template({
  id: 'dosing-session',
  version: '1',
  title: 'Dosing session',
  when: 'Days 2 and 4, dosing session',
  printable: false,
  fields: [
    { id: 'intention', label: 'Intention for the session', kind: 'text', required: true },
    {
      id: 'experience',
      label: 'Patient’s experience',
      kind: 'long-text',
      required: true,
      help: 'What the patient reported during and after the infusion.',
    },
    { id: 'support', label: 'Therapeutic support given', kind: 'long-text', required: true },
    { id: 'integrationTalk', label: 'Integration talk before discharge', kind: 'long-text', required: false },
    {
      id: 'observations',
      label: 'Clinical observations',
      kind: 'long-text',
      required: false,
      help: 'Anything the medical record of the session does not already hold.',
    },
  ],
});

/** Day 3: integration therapy, version 1 (before the minutes with the patient were recorded). */
const integrationTemplateV1 = template({
  id: 'integration',
  version: '1',
  title: 'Integration therapy',
  when: 'Day 3, integration therapy',
  printable: false,
  fields: [
    { id: 'modality', label: 'Modality', kind: 'choice', options: INTEGRATION_MODALITIES, required: true },
    {
      id: 'modalityOther',
      label: 'Other modality',
      kind: 'text',
      required: false,
      requiredWhen: { field: 'modality', equals: ['other'] },
      help: 'Name the modality when it is not EMDR or Progressive Counting.',
    },
    { id: 'targets', label: 'Target memories or themes', kind: 'long-text', required: true },
    {
      id: 'process',
      label: 'Session process',
      kind: 'long-text',
      required: true,
      help: 'What was done and how the patient responded during processing.',
    },
    { id: 'distressRatings', label: 'Distress ratings (SUDS) before and after', kind: 'text', required: false },
    { id: 'insights', label: 'Insights and meaning', kind: 'long-text', required: false },
    {
      id: 'stateAtClose',
      label: 'State at the end of the session',
      kind: 'long-text',
      required: true,
      help: 'Stability, grounding, and risk at the close.',
    },
    { id: 'practice', label: 'Between-session practice', kind: 'long-text', required: false },
  ],
});

/**
 * The minutes the clinician spent with the patient, on the notes of visits billed by time (the
 * integration session and the day-5 review): the psychotherapy code is chosen by them (core's
 * billing rules). Not shown to the patient.
 */
const MINUTES_WITH_PATIENT: NoteField = {
  id: 'minutesWithPatient',
  label: 'Minutes with the patient',
  kind: 'minutes',
  required: false,
  clinicianOnly: true,
  help: 'Face-to-face time, in whole minutes: the psychotherapy code billed for the visit is chosen by it.',
};

/** Day 3: integration therapy (EMDR, Progressive Counting or another modality), with the minutes with the patient. */
export const integrationTemplate = template({
  ...integrationTemplateV1,
  version: '2',
  fields: [...integrationTemplateV1.fields, MINUTES_WITH_PATIENT],
});

/** Day 5: the discharge summary, version 1 (before the minutes with the patient were recorded). */
const dischargeSummaryTemplateV1 = template({
  id: 'discharge-summary',
  version: '1',
  title: 'Discharge summary',
  when: 'Day 5, review',
  printable: false,
  fields: [
    { id: 'courseSummary', label: 'Course summary', kind: 'long-text', required: true },
    {
      id: 'sessionsCompleted',
      label: 'Dosing sessions completed',
      kind: 'text',
      required: true,
      help: 'For example: 2 of 2, 0.5 mg/kg over 40 minutes each.',
    },
    { id: 'adverseEvents', label: 'Adverse events', kind: 'long-text', required: true, help: 'Write "None" when there were none.' },
    { id: 'outcomeMeasures', label: 'Outcome measures', kind: 'long-text', required: false, help: 'Baseline and day 5 PCL-5 and PHQ-9.' },
    { id: 'conditionAtDischarge', label: 'Condition at discharge', kind: 'long-text', required: true },
    { id: 'recommendations', label: 'Recommendations', kind: 'long-text', required: true },
  ],
});

/** Day 5: the summary of the course at discharge from the retreat (the review), with the minutes with the patient. */
export const dischargeSummaryTemplate = template({
  ...dischargeSummaryTemplateV1,
  version: '2',
  fields: [...dischargeSummaryTemplateV1.fields, MINUTES_WITH_PATIENT],
});

/** Day 5: the continuing care plan, printed for the patient and for the referring clinician. */
export const continuingCarePlanTemplate = template({
  id: 'continuing-care-plan',
  version: '1',
  title: 'Continuing care plan',
  when: 'Day 5, review and continuing care plan',
  printable: true,
  fields: [
    {
      id: 'goals',
      label: 'Goals',
      kind: 'list',
      itemLabel: 'goal',
      required: true,
      help: 'What the patient will work towards after the retreat, one goal per line, in plain language.',
    },
    {
      id: 'maintenancePlan',
      label: 'Maintenance plan',
      kind: 'long-text',
      required: true,
      help: 'Therapy, practice, medication and any maintenance sessions, with who and how often.',
    },
    {
      id: 'followUpMeasures',
      label: 'Follow-up measures',
      kind: 'long-text',
      required: true,
      help: 'The follow-up questionnaires of the measurement schedule; the PDF adds their dates.',
      prefill: followUpPrefill(retreat5DayTemplate),
    },
    {
      id: 'crisisResources',
      label: 'Crisis resources',
      kind: 'long-text',
      required: true,
      help: 'Who to call in a crisis, day and night. Starts with the clinic’s crisis resources.',
    },
    { id: 'supports', label: 'Support people and services', kind: 'long-text', required: false },
    {
      id: 'referrerSummary',
      label: 'Summary for the referring clinician',
      kind: 'long-text',
      required: false,
      clinicianOnly: true,
      help: 'Shown only in the referring clinician’s PDF, not to the patient.',
    },
  ],
});

/** Every template, current versions, in program order. */
export const NOTE_TEMPLATES: readonly NoteTemplate[] = Object.freeze([
  intakeAssessmentTemplate,
  preparationTemplate,
  dosingSessionTemplate,
  integrationTemplate,
  dischargeSummaryTemplate,
  continuingCarePlanTemplate,
]);

/** Earlier versions, still read: a note is always read with the version it was written on. */
const EARLIER_NOTE_TEMPLATES: readonly NoteTemplate[] = Object.freeze([integrationTemplateV1, dischargeSummaryTemplateV1]);

export function isNoteTemplateId(id: string): id is NoteTemplateId {
  return (NOTE_TEMPLATE_IDS as readonly string[]).includes(id);
}

/**
 * The template `id` at `version` (the current one when no version is given), or `undefined` when
 * there is no such template or version.
 */
export function findNoteTemplate(id: string, version?: string): NoteTemplate | undefined {
  const t = NOTE_TEMPLATES.find((x) => x.id === id);
  if (t === undefined || version === undefined || version === t.version) return t;
  return EARLIER_NOTE_TEMPLATES.find((x) => x.id === id && x.version === version);
}

/** The whole minutes a `minutes` field holds, or null when it is empty or not a whole number. */
export function noteMinutes(content: Readonly<Record<string, unknown>>, fieldId: string): number | null {
  const v = content[fieldId];
  return typeof v === 'string' && /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : null;
}

/** The ids of the fields a template always requires (fields required only conditionally are not listed). */
export function requiredNoteFields(template: NoteTemplate): string[] {
  return template.fields.filter((f) => f.required).map((f) => f.id);
}

/**
 * The content a new note starts with: every prefilled field. A program's own follow-up measures
 * replace the retreat's when `program` is given (the six-infusion series measures after its last
 * infusion).
 */
export function initialNoteContent(template: NoteTemplate, program?: ProgramTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of template.fields) {
    if (f.prefill !== undefined) out[f.id] = typeof f.prefill === 'string' ? f.prefill : [...f.prefill];
  }
  if (template.id === 'continuing-care-plan' && program !== undefined) {
    out.followUpMeasures =
      describeFollowUpMeasures(program).length > 0 ? followUpPrefill(program) : 'This program has no scheduled follow-up measures.';
  }
  return out;
}
