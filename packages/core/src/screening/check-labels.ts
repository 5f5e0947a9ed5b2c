/**
 * Screening checks and hold reasons in plain words: the one table every page and every message
 * reads (a check id such as `contraindication:psychosis-history` never reaches a person as it is).
 *
 * @module
 */
import type { CheckOutcome } from './rules.js';

const FIXED: Readonly<Record<string, string>> = {
  diagnosis: 'PTSD diagnosis',
  'prior-treatment': 'Prior treatment tried',
  'blood-pressure': 'Blood pressure at screening',
  medications: 'Medication list on record',
  age: 'Age at screening',
  'unrecognised-medications': 'Medications Kairos does not recognise',
};

const ITEMS: Readonly<Record<string, string>> = {
  history: 'History',
  physicalExam: 'Physical exam',
  labs: 'Labs',
  psychiatricEvaluation: 'Psychiatric evaluation',
  informedConsent: 'Informed consent',
  ecg: 'ECG',
  pregnancyTest: 'Pregnancy test',
};

const INTERACTION_CLASSES: Readonly<Record<string, string>> = {
  benzodiazepine: 'benzodiazepine',
  'benzodiazepine-load': 'benzodiazepine load',
  lamotrigine: 'lamotrigine',
  naltrexone: 'naltrexone',
  maoi: 'MAOI',
  stimulant: 'stimulant',
  sympathomimetic: 'sympathomimetic',
  opioid: 'opioid',
  'cns-depressant': 'CNS depressant',
  theophylline: 'theophylline',
};

/** An interaction class in words: "maoi" -> "MAOI", "cns-depressant" -> "CNS depressant". */
export function interactionClassLabel(cls: string): string {
  return INTERACTION_CLASSES[cls] ?? cls.replace(/-/g, ' ');
}

/**
 * A check id as a clinician reads it: "contraindication:pregnancy" -> "Contraindication: pregnancy"
 * (the condition's title when `conditionTitle` knows it, else its code in words).
 */
export function checkLabel(id: string, conditionTitle?: (code: string) => string | undefined): string {
  const fixed = FIXED[id];
  if (fixed !== undefined) return fixed;
  const [kind, rest = ''] = id.split(':', 2);
  if (kind === 'contraindication') return `Contraindication: ${conditionTitle?.(rest) ?? rest.replace(/-/g, ' ')}`;
  if (kind === 'required') return `On record: ${ITEMS[rest] ?? rest}`;
  if (kind === 'interaction') return `Interaction: ${interactionClassLabel(rest)}`;
  return id;
}

const OUTCOME_WORDS: Readonly<Record<CheckOutcome, string>> = { fail: 'failed', warn: 'warning', missing: 'missing', pass: 'passed' };

/** `<check id>: <outcome>` with an optional ` (<finding>)`, as a review hold's reason names a check. */
const CHECK_REASON = new RegExp(`^(\\S+): (${Object.keys(OUTCOME_WORDS).join('|')})(?: \\(([\\s\\S]*)\\))?$`);

/**
 * One reason of a review hold as a clinician reads it. The server writes
 * "contraindication:pregnancy: fail (pregnancy recorded)" or
 * "interaction maoi (phenelzine): hold-before-session"; anything else is shown as it came.
 */
export function holdReasonText(reason: string, conditionTitle?: (code: string) => string | undefined): string {
  const check = CHECK_REASON.exec(reason);
  if (check !== null) {
    const [, id = '', outcome = '', message = ''] = check;
    return `${checkLabel(id, conditionTitle)}: ${OUTCOME_WORDS[outcome as CheckOutcome]}${message === '' ? '' : ` (${message})`}`;
  }
  const interaction = /^interaction (.+?) \((.*)\): (\S+)$/.exec(reason);
  if (interaction !== null) {
    const [, cls = '', medication = '', severity = ''] = interaction;
    return `Interaction with ketamine: ${interactionClassLabel(cls)}${medication === '' || medication === 'undefined' ? '' : ` (${medication})`}, ${severity.replace(/-/g, ' ')}`;
  }
  return reason;
}
