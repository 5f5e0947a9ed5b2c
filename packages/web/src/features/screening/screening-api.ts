/** The screening of one enrollment (docs/api-intake.md, "Screening"). */
import { apiFetch, apiSend } from '../../api/client';
import type { InteractionFlag } from './interaction-list';
import type { SourceRef } from './sources-list';

export const PRIOR_TREATMENTS = [
  { value: 'ssri', label: 'SSRI' },
  { value: 'snri', label: 'SNRI' },
  { value: 'trauma-focused-psychotherapy', label: 'Trauma-focused psychotherapy' },
] as const;

export const COMPLETED_ITEMS = [
  { key: 'history', label: 'History' },
  { key: 'physicalExam', label: 'Physical exam' },
  { key: 'labs', label: 'Labs' },
  { key: 'psychiatricEvaluation', label: 'Psychiatric evaluation' },
  { key: 'ecg', label: 'ECG' },
  { key: 'pregnancyTest', label: 'Pregnancy test' },
] as const;

export type CompletedKey = (typeof COMPLETED_ITEMS)[number]['key'];

export interface ScreeningInput {
  priorTreatments: string[];
  cardiovascularRiskFactors: boolean | null;
  pregnancyPossible: boolean | null;
  /** The conditions were reviewed: none recorded then means none (else: not yet known). */
  conditionsReviewed: boolean;
  /** The medication list was reviewed: none recorded then means none. */
  medicationsReviewed: boolean;
  completed: Record<CompletedKey, string | null>;
}

export type CheckOutcome = 'pass' | 'fail' | 'warn' | 'missing';

export interface Check {
  id: string;
  outcome: CheckOutcome;
  message: string;
  sources: (SourceRef | string)[];
}

export type Decision = 'eligible' | 'ineligible' | 'needs-review';

export interface Assessment {
  id: string;
  computedAt: string;
  asOf: string;
  decision: Decision;
  checks: Check[];
  interactions: InteractionFlag[];
  unrecognisedMedications: string[];
}

export interface Override {
  checkId: string;
  reason: string;
  by: string;
  at: string;
}

/** A review hold: the screening got worse after the decision; no dosing session starts until it is released. */
export interface ScreeningHold {
  id: string;
  /** 'absolute': a check failed (only a medical director releases it); 'needs-review': a prescriber may. */
  kind: 'needs-review' | 'absolute';
  /** One line per item that got worse, e.g. "contraindication:pregnancy: fail (…)". */
  reasons: string[];
  since: string;
}

export interface Screening {
  facts: ScreeningInput;
  hold: ScreeningHold | null;
  assessment: Assessment | null;
  history: Assessment[];
  overrides: Override[];
  decision: { outcome: 'eligible' | 'ineligible'; at: string; by: string; reason: string | null } | null;
  canDecide: { eligible: boolean; ineligible: boolean; why: string[] };
}

export const EMPTY_FACTS: ScreeningInput = {
  priorTreatments: [],
  cardiovascularRiskFactors: null,
  pregnancyPossible: null,
  conditionsReviewed: false,
  medicationsReviewed: false,
  completed: { history: null, physicalExam: null, labs: null, psychiatricEvaluation: null, ecg: null, pregnancyTest: null },
};

const base = (id: string) => `/api/enrollments/${encodeURIComponent(id)}/screening`;

export const getScreening = (enrollmentId: string): Promise<Screening> => apiFetch(base(enrollmentId));
export const putScreeningFacts = (enrollmentId: string, facts: ScreeningInput): Promise<Screening> => apiSend('PUT', `${base(enrollmentId)}/facts`, facts);
export const overrideCheck = (enrollmentId: string, checkId: string, reason: string, stepUpToken: string): Promise<Screening> =>
  apiSend('POST', `${base(enrollmentId)}/overrides`, { checkId, reason, stepUpToken });
export const decideScreening = (enrollmentId: string, outcome: 'eligible' | 'ineligible', reason: string | undefined, stepUpToken: string): Promise<Screening> =>
  apiSend('POST', `${base(enrollmentId)}/decision`, reason === undefined ? { outcome, stepUpToken } : { outcome, reason, stepUpToken });
export const releaseScreeningHold = (enrollmentId: string, reason: string, stepUpToken: string): Promise<Screening> => apiSend('POST', `${base(enrollmentId)}/hold/release`, { reason, stepUpToken });
