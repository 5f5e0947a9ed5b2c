import type { CheckOutcome, Decision } from './screening-api';

const FIXED: Record<string, string> = {
  diagnosis: 'PTSD diagnosis',
  'prior-treatment': 'Prior treatment tried',
  'blood-pressure': 'Blood pressure at screening',
  medications: 'Medication list on record',
};

const ITEMS: Record<string, string> = {
  history: 'History',
  physicalExam: 'Physical exam',
  labs: 'Labs',
  psychiatricEvaluation: 'Psychiatric evaluation',
  informedConsent: 'Informed consent',
  ecg: 'ECG',
  pregnancyTest: 'Pregnancy test',
};

/** A check id as a clinician reads it: "contraindication:pregnancy" -> "Contraindication: Pregnancy". */
export function checkLabel(id: string, conditionTitle?: (code: string) => string | undefined): string {
  const fixed = FIXED[id];
  if (fixed !== undefined) return fixed;
  const [kind, rest = ''] = id.split(':', 2);
  if (kind === 'contraindication') return `Contraindication: ${conditionTitle?.(rest) ?? rest.replace(/-/g, ' ')}`;
  if (kind === 'required') return `On record: ${ITEMS[rest] ?? rest}`;
  if (kind === 'interaction') return `Interaction: ${rest}`;
  return id;
}

export const OUTCOME_COLOR: Record<CheckOutcome, string> = { pass: 'green', warn: 'yellow', missing: 'gray', fail: 'red' };
export const DECISION_COLOR: Record<Decision, string> = { eligible: 'teal', 'needs-review': 'yellow', ineligible: 'red' };
export const DECISION_LABEL: Record<Decision, string> = { eligible: 'Eligible', 'needs-review': 'Needs review', ineligible: 'Ineligible' };
