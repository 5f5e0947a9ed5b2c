/**
 * Questionnaire forms: the text a patient or staff member answers, one question at a time, and one
 * scorer over every questionnaire the measurement schedule and the dosing chair use. Answers of a
 * scale (PCL-5, PHQ-9, GAD-7, CADSS-6) are an array of item scores; the C-SSRS screener's are
 * yes/no answers by question with its skip logic (`showIf`).
 *
 * PHQ-9 and GAD-7 item texts: Pfizer's PHQ screeners (Kroenke 2001, Spitzer 2006), free to use
 * without permission. C-SSRS screener questions: the Columbia screener's patient-facing wording.
 * CADSS-6: item numbers only (the CADSS item texts are not reproduced; clinician-rated).
 *
 * @module
 */
import { scoreCadss6, CADSS6_ITEMS, type Cadss6Result } from './cadss6.js';
import { scoreCssrsScreener, type CssrsForm, type CssrsScreenerResult } from './cssrs-screener.js';
import { scoreGad7, type Gad7Result } from './gad7.js';
import { PCL5_ANSWER_LABELS, PCL5_ITEMS, PCL5_PROMPTS, scorePcl5, type Pcl5Config, type Pcl5Result } from './pcl5.js';
import { PHQ9_ANSWER_LABELS, scorePhq9, type Phq9Result } from './phq9.js';

/** Questionnaires stored as responses: the measurement schedule's (PCL-5 in both forms) and CADSS-6. */
export type QuestionnaireId = 'pcl5-month' | 'pcl5-week' | 'phq9' | 'gad7' | 'cssrs' | 'cadss6';

export const QUESTIONNAIRE_IDS: readonly QuestionnaireId[] = Object.freeze(['pcl5-month', 'pcl5-week', 'phq9', 'gad7', 'cssrs', 'cadss6']);

export function isQuestionnaireId(s: string): s is QuestionnaireId {
  return (QUESTIONNAIRE_IDS as readonly string[]).includes(s);
}

export interface FormOption {
  readonly value: number | boolean;
  readonly label: string;
}

export interface FormItem {
  /** Answer key: the 0-based index for scales, `q1`..`q6`, `q6WithinPast3Months` for the C-SSRS. */
  readonly key: string;
  /** Number shown to the person answering (1-based). */
  readonly number: number;
  readonly text: string;
  readonly options: readonly FormOption[];
  /** Asked only when an earlier answer has this value (C-SSRS skip logic). */
  readonly showIf?: { readonly key: string; readonly equals: boolean };
}

export interface QuestionnaireForm {
  readonly id: QuestionnaireId;
  readonly title: string;
  /** The stem read before every item (e.g. "In the past month, how much were you bothered by:"). */
  readonly stem: string;
  readonly items: readonly FormItem[];
  /** Who answers: the patient, or a clinician rating (CADSS-6 at the chair). */
  readonly respondent: 'patient' | 'clinician';
}

const scale = (labels: readonly string[]): FormOption[] => labels.map((label, value) => ({ value, label }));

/** PHQ-9 items 1 to 9 (Kroenke 2001). */
export const PHQ9_ITEMS: readonly string[] = Object.freeze([
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead, or of hurting yourself in some way',
]);

/** GAD-7 items 1 to 7 (Spitzer 2006). */
export const GAD7_ITEMS: readonly string[] = Object.freeze([
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
]);

const TWO_WEEKS = 'Over the last 2 weeks, how often have you been bothered by the following problem?';
const YES_NO: readonly FormOption[] = Object.freeze([
  { value: true, label: 'Yes' },
  { value: false, label: 'No' },
]);

function scaleForm(
  id: QuestionnaireId,
  title: string,
  stem: string,
  texts: readonly string[],
  labels: readonly string[],
  respondent: 'patient' | 'clinician' = 'patient',
): QuestionnaireForm {
  const options = scale(labels);
  return Object.freeze({
    id,
    title,
    stem,
    respondent,
    items: Object.freeze(texts.map((text, i) => Object.freeze({ key: String(i), number: i + 1, text, options }))),
  });
}

/** The C-SSRS screener as asked: `lifetime-recent` at baseline, `since-last-contact` after. */
export function cssrsForm(form: CssrsForm): QuestionnaireForm {
  const when = form === 'lifetime-recent' ? 'In the past month' : 'Since your last visit';
  const items: FormItem[] = [
    {
      key: 'q1',
      number: 1,
      text: `${when}, have you wished you were dead or wished you could go to sleep and not wake up?`,
      options: YES_NO,
    },
    { key: 'q2', number: 2, text: `${when}, have you actually had any thoughts of killing yourself?`, options: YES_NO },
    {
      key: 'q3',
      number: 3,
      text: `${when}, have you been thinking about how you might do this?`,
      options: YES_NO,
      showIf: { key: 'q2', equals: true },
    },
    {
      key: 'q4',
      number: 4,
      text: `${when}, have you had these thoughts and had some intention of acting on them?`,
      options: YES_NO,
      showIf: { key: 'q2', equals: true },
    },
    {
      key: 'q5',
      number: 5,
      text: `${when}, have you started to work out or worked out the details of how to kill yourself, and do you intend to carry out this plan?`,
      options: YES_NO,
      showIf: { key: 'q2', equals: true },
    },
    {
      key: 'q6',
      number: 6,
      text:
        form === 'lifetime-recent'
          ? 'Have you ever done anything, started to do anything, or prepared to do anything to end your life?'
          : 'Since your last visit, have you done anything, started to do anything, or prepared to do anything to end your life?',
      options: YES_NO,
    },
    ...(form === 'lifetime-recent'
      ? [
          {
            key: 'q6WithinPast3Months',
            number: 7,
            text: 'Was this within the past 3 months?',
            options: YES_NO,
            showIf: { key: 'q6', equals: true },
          },
        ]
      : []),
  ];
  return Object.freeze({
    id: 'cssrs',
    title: 'C-SSRS screener',
    stem: 'Please answer yes or no.',
    respondent: 'patient',
    items: Object.freeze(items.map((i) => Object.freeze(i))),
  });
}

/** The form of a questionnaire (`cssrsVariant` picks the C-SSRS screener's form). */
export function questionnaireForm(id: QuestionnaireId, cssrsVariant: CssrsForm = 'since-last-contact'): QuestionnaireForm {
  switch (id) {
    case 'pcl5-month':
      return scaleForm(id, 'PCL-5 (past month)', PCL5_PROMPTS['past-month'], PCL5_ITEMS, PCL5_ANSWER_LABELS);
    case 'pcl5-week':
      return scaleForm(id, 'PCL-5 (past week)', PCL5_PROMPTS['past-week'], PCL5_ITEMS, PCL5_ANSWER_LABELS);
    case 'phq9':
      return scaleForm(id, 'PHQ-9', TWO_WEEKS, PHQ9_ITEMS, PHQ9_ANSWER_LABELS);
    case 'gad7':
      return scaleForm(id, 'GAD-7', TWO_WEEKS, GAD7_ITEMS, PHQ9_ANSWER_LABELS);
    case 'cssrs':
      return cssrsForm(cssrsVariant);
    case 'cadss6':
      return scaleForm(
        id,
        'CADSS-6 (clinician-rated)',
        'Rate each CADSS item from 0 (normal) to 4 (severe).',
        CADSS6_ITEMS.map((n) => `CADSS item ${n}`),
        ['0 normal', '1', '2', '3', '4 severe'],
        'clinician',
      );
  }
}

/** Answers as stored: item scores for a scale, the screener's form and answers for the C-SSRS. */
export type QuestionnaireAnswers = readonly number[] | { readonly form: CssrsForm; readonly answers: Readonly<Record<string, boolean>> };

export type QuestionnaireScore = Pcl5Result | Phq9Result | Gad7Result | CssrsScreenerResult | Cadss6Result;

/**
 * Scores a questionnaire's answers through the instrument's own scorer.
 *
 * @throws InstrumentInputError naming the item when an answer is invalid; TypeError when the
 *   answers' shape does not fit the questionnaire (an array for scales, `{form, answers}` for the C-SSRS).
 */
export function scoreQuestionnaire(id: QuestionnaireId, answers: QuestionnaireAnswers, pcl5Config?: Pcl5Config): QuestionnaireScore {
  if (id === 'cssrs') {
    if (Array.isArray(answers) || typeof answers !== 'object') throw new TypeError('C-SSRS answers are {form, answers}');
    return scoreCssrsScreener(answers as Parameters<typeof scoreCssrsScreener>[0]);
  }
  if (!Array.isArray(answers)) throw new TypeError('answers of a scale are an array of item scores');
  const list = answers as readonly number[];
  switch (id) {
    case 'pcl5-month':
      return scorePcl5({ answers: list, form: 'past-month' }, pcl5Config);
    case 'pcl5-week':
      return scorePcl5({ answers: list, form: 'past-week' }, pcl5Config);
    case 'phq9':
      return scorePhq9({ answers: list });
    case 'gad7':
      return scoreGad7({ answers: list });
    case 'cadss6':
      return scoreCadss6({ answers: list });
  }
}

/** The total of a scored questionnaire, or null for the C-SSRS screener (a risk level, no total). */
export function questionnaireTotal(score: QuestionnaireScore): number | null {
  return 'total' in score ? score.total : null;
}
