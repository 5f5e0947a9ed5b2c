/** The screening of one enrollment (docs/api-intake.md, "Screening"; shapes in @kairos/api). */
import type {
  ScreeningCompletedItem,
  ScreeningDecisionResult,
  ScreeningInput,
  ScreeningOutcome,
  ScreeningPriorTreatment,
  ScreeningView,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export type {
  ScreeningAssessment,
  ScreeningCheck,
  ScreeningHold,
  ScreeningHoldKind,
  ScreeningInput,
  ScreeningOverride,
  ScreeningView,
} from '@kairos/api';

export const PRIOR_TREATMENTS: readonly { value: ScreeningPriorTreatment; label: string }[] = [
  { value: 'ssri', label: 'SSRI' },
  { value: 'snri', label: 'SNRI' },
  { value: 'trauma-focused-psychotherapy', label: 'Trauma-focused psychotherapy' },
];

export const COMPLETED_ITEMS: readonly { key: ScreeningCompletedItem; label: string }[] = [
  { key: 'history', label: 'History' },
  { key: 'physicalExam', label: 'Physical exam' },
  { key: 'labs', label: 'Labs' },
  { key: 'psychiatricEvaluation', label: 'Psychiatric evaluation' },
  { key: 'ecg', label: 'ECG' },
  { key: 'pregnancyTest', label: 'Pregnancy test' },
];

const base = (id: string) => `/api/enrollments/${encodeURIComponent(id)}/screening`;

export const getScreening = (enrollmentId: string): Promise<ScreeningView> => apiFetch(base(enrollmentId));
export const putScreeningFacts = (enrollmentId: string, facts: ScreeningInput): Promise<ScreeningView> =>
  apiSend('PUT', `${base(enrollmentId)}/facts`, facts);
export const overrideCheck = (enrollmentId: string, checkId: string, reason: string, stepUpToken: string): Promise<ScreeningView> =>
  apiSend('POST', `${base(enrollmentId)}/overrides`, { checkId, reason, stepUpToken });
export const decideScreening = (
  enrollmentId: string,
  outcome: ScreeningOutcome,
  reason: string | undefined,
  stepUpToken: string,
): Promise<ScreeningDecisionResult> =>
  apiSend('POST', `${base(enrollmentId)}/decision`, reason === undefined ? { outcome, stepUpToken } : { outcome, reason, stepUpToken });
export const releaseScreeningHold = (enrollmentId: string, reason: string, stepUpToken: string): Promise<ScreeningView> =>
  apiSend('POST', `${base(enrollmentId)}/hold/release`, { reason, stepUpToken });
