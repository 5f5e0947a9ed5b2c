/**
 * Pure mappers of Kairos's questionnaires to FHIR R4:
 * - each form a patient or clinician answers (`questionnaireForm`) becomes a Questionnaire: PCL-5 in
 *   its past-month and past-week forms, PHQ-9, GAD-7, the C-SSRS screener in both its forms
 *   (since last contact, lifetime/recent) and CADSS-6; one `choice` item per question with its
 *   answer options, the C-SSRS skip logic as `enableWhen`;
 * - each stored response becomes a QuestionnaireResponse answering those items by `linkId` with the
 *   same codings (its score is the Observation `score-<id>`, not repeated here).
 *
 * Codes: LOINC where core's instrument tables hold them (the PCL-5 past-month, PHQ-9 and GAD-7
 * panels; the PHQ-9 items, difficulty item and answers; the C-SSRS questions and yes/no answers);
 * everything else is Kairos-local (`kairosCoding`): no LOINC was found for the PCL-5 past-week form,
 * the PCL-5, GAD-7 and CADSS-6 items and answers, nor for a C-SSRS screener panel (93245-9 is the
 * full scale, not the screener, so it is not claimed).
 *
 * @module
 */
import type { Coding, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { cadss6 } from '../instruments/cadss6.js';
import { CSSRS_LOINC, cssrsScreener, type CssrsForm } from '../instruments/cssrs-screener.js';
import { questionnaireForm, type FormItem, type QuestionnaireId } from '../instruments/forms.js';
import { GAD7_LOINC, gad7 } from '../instruments/gad7.js';
import { PCL5_LOINC, pcl5 } from '../instruments/pcl5.js';
import { PHQ9_LOINC, phq9 } from '../instruments/phq9.js';
import { metaOf } from './administrative.js';
import { FHIR_SYSTEMS, kairosCoding } from './terminology.js';

/** The Questionnaires served, one per form: the C-SSRS screener has two. */
export const FHIR_QUESTIONNAIRE_IDS = [
  'pcl5-month',
  'pcl5-week',
  'phq9',
  'gad7',
  'cssrs-since-last-contact',
  'cssrs-lifetime-recent',
  'cadss6',
] as const;
export type FhirQuestionnaireId = (typeof FHIR_QUESTIONNAIRE_IDS)[number];

/** Whether `id` names a Questionnaire served. */
export const isFhirQuestionnaireId = (id: string): id is FhirQuestionnaireId => (FHIR_QUESTIONNAIRE_IDS as readonly string[]).includes(id);

/** The canonical URL of a Questionnaire (a Kairos canonical: `.invalid` names no one else). */
export const questionnaireUrl = (id: FhirQuestionnaireId): string => `https://kairos.invalid/fhir/Questionnaire/${id}`;

/** The Questionnaire a stored response answers: the instrument, and the C-SSRS screener's form. */
export function fhirQuestionnaireIdOf(instrument: QuestionnaireId, cssrsForm?: CssrsForm): FhirQuestionnaireId {
  return instrument === 'cssrs' ? `cssrs-${cssrsForm ?? 'since-last-contact'}` : instrument;
}

const INSTRUMENT_OF: Readonly<
  Record<FhirQuestionnaireId, { instrument: QuestionnaireId; form?: CssrsForm; version: string; name: string }>
> = Object.freeze({
  'pcl5-month': { instrument: 'pcl5-month', version: pcl5.version, name: 'PCL5PastMonth' },
  'pcl5-week': { instrument: 'pcl5-week', version: pcl5.version, name: 'PCL5PastWeek' },
  phq9: { instrument: 'phq9', version: phq9.version, name: 'PHQ9' },
  gad7: { instrument: 'gad7', version: gad7.version, name: 'GAD7' },
  'cssrs-since-last-contact': {
    instrument: 'cssrs',
    form: 'since-last-contact',
    version: cssrsScreener.version,
    name: 'CSSRSScreenerSinceLastContact',
  },
  'cssrs-lifetime-recent': {
    instrument: 'cssrs',
    form: 'lifetime-recent',
    version: cssrsScreener.version,
    name: 'CSSRSScreenerLifetimeRecent',
  },
  cadss6: { instrument: 'cadss6', version: cadss6.version, name: 'CADSS6' },
});

/** The panel LOINC of a Questionnaire, where one exists (none for the PCL-5 past week, the C-SSRS screener, CADSS-6). */
export const QUESTIONNAIRE_PANEL_LOINC: Readonly<Partial<Record<FhirQuestionnaireId, { code: string; display?: string }>>> = Object.freeze({
  'pcl5-month': PCL5_LOINC.panel,
  phq9: PHQ9_LOINC.panel,
  gad7: GAD7_LOINC.panel,
});

const loinc = (code: string, display?: string): Coding => ({
  system: FHIR_SYSTEMS.loinc,
  code,
  ...(display === undefined ? {} : { display }),
});

/** The C-SSRS answers: LOINC LA33-6 Yes and LA32-8 No (clinical-facts.md section 11). */
const CSSRS_YES = loinc(CSSRS_LOINC.answers.yes, 'Yes');
const CSSRS_NO = loinc(CSSRS_LOINC.answers.no, 'No');

/** The C-SSRS question LOINC codes by answer key. */
const CSSRS_ITEM_LOINC: Readonly<Record<string, string>> = Object.freeze({
  q1: CSSRS_LOINC.questions[1].code,
  q2: CSSRS_LOINC.questions[2].code,
  q3: CSSRS_LOINC.questions[3].code,
  q4: CSSRS_LOINC.questions[4].code,
  q5: CSSRS_LOINC.questions[5].code,
  q6: CSSRS_LOINC.questions[6].code,
  q6WithinPast3Months: CSSRS_LOINC.behaviourWithinPast3Months.code,
});

/** The PHQ-9's optional difficulty item (LOINC 69722-7; its answers are Kairos-local, the PHQ-9's own wording). */
const PHQ9_DIFFICULTY = Object.freeze({
  linkId: '10',
  text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  labels: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
});

/** The Kairos-local answer system of a scale (PCL-5 both forms share theirs). */
const answerSystemOf = (id: FhirQuestionnaireId): string =>
  id === 'pcl5-month' || id === 'pcl5-week' ? 'pcl5-answer' : id === 'gad7' ? 'gad7-answer' : 'cadss6-answer';

/** The coding of a scale's answer `value` for one item of a Questionnaire (PHQ-9: LOINC LA codes). */
function scaleAnswerCoding(id: FhirQuestionnaireId, linkId: string, value: number, label: string): Coding {
  if (id === 'phq9') {
    if (linkId === PHQ9_DIFFICULTY.linkId) return kairosCoding('phq9-difficulty-answer', String(value), label);
    const code = PHQ9_LOINC.answers[value];
    if (code !== undefined) return loinc(code, label);
  }
  return kairosCoding(answerSystemOf(id), String(value), label);
}

/** The linkId of a form item: the item number for a scale (`1`..), the answer key for the C-SSRS (`q1`..). */
const linkIdOf = (id: FhirQuestionnaireId, item: FormItem): string =>
  INSTRUMENT_OF[id].instrument === 'cssrs' ? item.key : String(item.number);

/** The item codes of a Questionnaire's items by linkId (LOINC where core has them). */
function itemCodeOf(id: FhirQuestionnaireId, linkId: string): Coding[] | undefined {
  if (INSTRUMENT_OF[id].instrument === 'cssrs') {
    const code = CSSRS_ITEM_LOINC[linkId];
    return code === undefined ? undefined : [loinc(code)];
  }
  if (id === 'phq9') {
    if (linkId === PHQ9_DIFFICULTY.linkId) return [loinc(PHQ9_LOINC.difficulty.code)];
    const code = PHQ9_LOINC.items[Number(linkId) - 1]?.code;
    return code === undefined ? undefined : [loinc(code)];
  }
  return undefined;
}

/** The answer options of one item, as codings with the value each stands for. */
function optionsOf(id: FhirQuestionnaireId, linkId: string, item: FormItem): { value: number | boolean; coding: Coding }[] {
  return item.options.map((o) => ({
    value: o.value,
    coding: typeof o.value === 'boolean' ? (o.value ? CSSRS_YES : CSSRS_NO) : scaleAnswerCoding(id, linkId, o.value, o.label),
  }));
}

/** The items of a Questionnaire with their answer options (the PHQ-9's optional difficulty item last). */
function itemsOf(id: FhirQuestionnaireId): {
  linkId: string;
  number: number;
  text: string;
  required: boolean;
  showIf?: FormItem['showIf'];
  options: { value: number | boolean; coding: Coding }[];
}[] {
  const { instrument, form } = INSTRUMENT_OF[id];
  const items = questionnaireForm(instrument, form).items.map((item) => {
    const linkId = linkIdOf(id, item);
    return {
      linkId,
      number: item.number,
      text: item.text,
      required: true,
      ...(item.showIf === undefined ? {} : { showIf: item.showIf }),
      options: optionsOf(id, linkId, item),
    };
  });
  if (id !== 'phq9') return items;
  return [
    ...items,
    {
      linkId: PHQ9_DIFFICULTY.linkId,
      number: 10,
      text: PHQ9_DIFFICULTY.text,
      required: false,
      options: PHQ9_DIFFICULTY.labels.map((label, value) => ({
        value,
        coding: scaleAnswerCoding(id, PHQ9_DIFFICULTY.linkId, value, label),
      })),
    },
  ];
}

/** A Kairos questionnaire as a FHIR Questionnaire (no patient data; the same for every site). */
export function toFhirQuestionnaire(id: FhirQuestionnaireId): Questionnaire {
  const { instrument, form, version, name } = INSTRUMENT_OF[id];
  const f = questionnaireForm(instrument, form);
  const panel = QUESTIONNAIRE_PANEL_LOINC[id];
  const title = instrument === 'cssrs' ? `${f.title} (${form === 'lifetime-recent' ? 'lifetime/recent' : 'since last contact'})` : f.title;
  const item: QuestionnaireItem[] = [
    { linkId: 'stem', type: 'display', text: f.stem },
    ...itemsOf(id).map((i): QuestionnaireItem => ({
      linkId: i.linkId,
      prefix: String(i.number),
      text: i.text,
      type: 'choice',
      required: i.required,
      ...(itemCodeOf(id, i.linkId) === undefined ? {} : { code: itemCodeOf(id, i.linkId) }),
      ...(i.showIf === undefined
        ? {}
        : {
            enableWhen: [
              { question: i.showIf.key, operator: '=' as const, answerCoding: i.showIf.equals ? { ...CSSRS_YES } : { ...CSSRS_NO } },
            ],
          }),
      answerOption: i.options.map((o) => ({ valueCoding: { ...o.coding } })),
    })),
  ];
  return {
    resourceType: 'Questionnaire',
    id,
    url: questionnaireUrl(id),
    version,
    name,
    title,
    status: 'active',
    subjectType: ['Patient'],
    description: f.respondent === 'clinician' ? `${f.title}: rated by a clinician.` : `${f.title}: answered by the patient.`,
    ...(panel === undefined ? {} : { code: [loinc(panel.code, panel.display)] }),
    item,
  };
}

/** A questionnaire response as stored. */
export interface QuestionnaireResponseRecord {
  id: string;
  patientId: string;
  instrument: QuestionnaireId;
  /** Item scores for a scale; `{form, answers}` for the C-SSRS screener (as stored). */
  answers: unknown;
  completedAt: Date;
  createdAt: Date;
  /** `portal`: the patient answered; `staff`: a staff member entered it (`enteredBy`). */
  channel: 'staff' | 'portal';
  enteredBy: string | null;
  synthetic: boolean;
}

/** The Questionnaire a stored response answers (the C-SSRS screener's by its stored form). */
export function questionnaireOfResponse(r: Pick<QuestionnaireResponseRecord, 'instrument' | 'answers'>): FhirQuestionnaireId {
  if (r.instrument !== 'cssrs') return r.instrument;
  const form = (r.answers as { form?: unknown } | null)?.form;
  return fhirQuestionnaireIdOf('cssrs', form === 'lifetime-recent' ? 'lifetime-recent' : 'since-last-contact');
}

/** The answered items of a response, by the Questionnaire's linkIds (an answer no item takes is left out). */
function answeredItems(id: FhirQuestionnaireId, answers: unknown): QuestionnaireResponseItem[] {
  const items = itemsOf(id);
  const answer = (linkId: string, value: number | boolean): QuestionnaireResponseItem[] => {
    const item = items.find((i) => i.linkId === linkId);
    const option = item?.options.find((o) => o.value === value);
    return item === undefined || option === undefined ? [] : [{ linkId, text: item.text, answer: [{ valueCoding: { ...option.coding } }] }];
  };
  if (INSTRUMENT_OF[id].instrument === 'cssrs') {
    const given = ((answers as { answers?: unknown } | null)?.answers ?? {}) as Record<string, unknown>;
    return items.flatMap((i) => {
      const v = given[i.linkId];
      return typeof v === 'boolean' ? answer(i.linkId, v) : [];
    });
  }
  if (!Array.isArray(answers)) return [];
  return answers.flatMap((v, index) => (typeof v === 'number' ? answer(String(index + 1), v) : []));
}

/**
 * A stored response as a FHIR QuestionnaireResponse: the Questionnaire's canonical URL, completed,
 * the patient, when it was completed, who answered (the patient in the portal, else the staff member
 * who entered it), and each answer as its item's coding.
 */
export function toFhirQuestionnaireResponse(r: QuestionnaireResponseRecord): QuestionnaireResponse {
  const q = questionnaireOfResponse(r);
  const author =
    r.channel === 'portal'
      ? { reference: `Patient/${r.patientId}` }
      : r.enteredBy === null
        ? undefined
        : { reference: `Practitioner/${r.enteredBy}` };
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    meta: metaOf(r.createdAt, r.synthetic),
    questionnaire: questionnaireUrl(q),
    status: 'completed',
    subject: { reference: `Patient/${r.patientId}` },
    authored: r.completedAt.toISOString(),
    ...(author === undefined ? {} : { author }),
    ...(r.channel === 'portal' ? { source: { reference: `Patient/${r.patientId}` } } : {}),
    item: answeredItems(q, r.answers),
  };
}

/** What a QuestionnaireResponse written to Kairos carries: the instrument, its answers as stored, when, and whose. */
export type QuestionnaireResponseIntake =
  | {
      ok: true;
      instrument: QuestionnaireId;
      /** Item scores of a scale (item 1 first), or the C-SSRS screener's form and answers. */
      answers: number[] | { form: CssrsForm; answers: Record<string, boolean> };
      /** `authored`, when given. */
      completedAt: string | undefined;
      patientId: string;
    }
  | { ok: false; issues: { field: string; message: string }[] };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The answers of a QuestionnaireResponse posted to Kairos (issue 25, Must 2), the inverse of
 * `toFhirQuestionnaireResponse`: the Questionnaire by its canonical URL (one Kairos serves), status
 * completed, the patient as `subject`, and each answer as one of its item's codings (the
 * C-SSRS's also as `valueBoolean`). Scoring and risk routing are the API's (the same use case as a
 * clinician's entry). Every problem names its FHIR path.
 */
export function answersOfFhirQuestionnaireResponse(r: QuestionnaireResponse): QuestionnaireResponseIntake {
  const issues: { field: string; message: string }[] = [];
  const url = (r.questionnaire ?? '').split('|')[0] ?? '';
  const id = FHIR_QUESTIONNAIRE_IDS.find((q) => questionnaireUrl(q) === url);
  if (id === undefined)
    issues.push({
      field: 'QuestionnaireResponse.questionnaire',
      message: `one of Kairos's Questionnaires (${questionnaireUrl('phq9')}, ...)`,
    });
  if (r.status !== 'completed')
    issues.push({ field: 'QuestionnaireResponse.status', message: 'completed (only finished questionnaires are scored)' });
  const subject = /^Patient\/(.+)$/.exec(r.subject?.reference ?? '')?.[1];
  if (subject === undefined || !UUID_PATTERN.test(subject))
    issues.push({ field: 'QuestionnaireResponse.subject', message: 'the patient: Patient/<id>' });
  if (r.authored !== undefined && Number.isNaN(Date.parse(r.authored)))
    issues.push({ field: 'QuestionnaireResponse.authored', message: 'a date and time with its zone' });
  if (id === undefined || issues.length > 0) return { ok: false, issues };
  const items = itemsOf(id);
  const given = new Map<string, number | boolean>();
  for (const [i, answered] of (r.item ?? []).entries()) {
    const field = `QuestionnaireResponse.item[${i}]`;
    const item = items.find((x) => x.linkId === answered.linkId);
    if (item === undefined) {
      issues.push({ field: `${field}.linkId`, message: `not an item of ${id}` });
      continue;
    }
    if (given.has(item.linkId)) issues.push({ field: `${field}.linkId`, message: 'answered twice' });
    const [a, ...more] = answered.answer ?? [];
    if (a === undefined || more.length > 0) {
      issues.push({ field: `${field}.answer`, message: 'exactly one answer' });
      continue;
    }
    const coding = a.valueCoding;
    const option =
      coding !== undefined
        ? item.options.find((o) => o.coding.code === coding.code && (coding.system === undefined || o.coding.system === coding.system))
        : typeof a.valueBoolean === 'boolean'
          ? item.options.find((o) => o.value === a.valueBoolean)
          : undefined;
    if (option === undefined)
      issues.push({
        field: `${field}.answer[0]`,
        message: `one of the item's answers (${item.options.map((o) => o.coding.code).join(', ')})`,
      });
    else given.set(item.linkId, option.value);
  }
  if (issues.length > 0) return { ok: false, issues };
  const { instrument, form } = INSTRUMENT_OF[id];
  const completedAt = r.authored === undefined ? undefined : new Date(r.authored).toISOString();
  if (instrument === 'cssrs') {
    const answers: Record<string, boolean> = {};
    for (const [linkId, v] of given) if (typeof v === 'boolean') answers[linkId] = v;
    return { ok: true, instrument, answers: { form: form ?? 'since-last-contact', answers }, completedAt, patientId: subject as string };
  }
  // A scale: every item, in order (the API's checks name a missing or out-of-range one).
  const scale = items.filter((i) => /^\d+$/.test(i.linkId)).sort((x, y) => Number(x.linkId) - Number(y.linkId));
  const missing = scale.filter((i) => !given.has(i.linkId) && i.required && !(id === 'phq9' && i.linkId === PHQ9_DIFFICULTY.linkId));
  if (missing.length > 0)
    return {
      ok: false,
      issues: missing.map((i) => ({ field: 'QuestionnaireResponse.item', message: `item ${i.linkId} is not answered` })),
    };
  const answers = scale.flatMap((i) => {
    const v = given.get(i.linkId);
    return typeof v === 'number' ? [v] : [];
  });
  return { ok: true, instrument, answers, completedAt, patientId: subject as string };
}
