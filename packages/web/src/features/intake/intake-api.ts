/** Patient details, reference lists, enrollments, portal access and tablet consent (docs/api-intake.md; shapes in @kairos/api). */
import type {
  ConditionRefList,
  ConsentSignatureResult,
  Enrollment,
  EnrollmentList,
  EnrollmentState,
  Escort,
  EscortBody,
  PatientDetails,
  PatientFact,
  PatientFactBody,
  PatientFactKind,
  PatientVitals,
  PatientVitalsBody,
  PortalLink,
  ProgramRefList,
  Referral,
  ReferralDetailsBody,
  ReferralDocument,
} from '@kairos/api';
import { ENROLLMENT_STATE_LABELS } from '@kairos/core';
import { apiFetch, apiSend } from '../../api/client';

export type {
  AllergyFact,
  AllergyType,
  ConditionFact,
  ConditionRef,
  DiagnosisFact,
  Enrollment,
  EnrollmentState,
  Escort,
  MedicationInteractionFlag,
  PatientDetails,
  PatientMedication,
  PatientVitals,
  PatientVitalsBody,
  PortalLink,
  ProgramRef,
  Referral,
  ReferralDetails,
  ReferralDetailsBody,
  ReferralDocument,
  ReferralSource,
} from '@kairos/api';

const patient = (id: string) => `/api/patients/${encodeURIComponent(id)}`;
const enrollment = (id: string) => `/api/enrollments/${encodeURIComponent(id)}`;

export const getDetails = (patientId: string): Promise<PatientDetails> => apiFetch(`${patient(patientId)}/details`);
export const addFact = <K extends PatientFactKind>(
  patientId: string,
  kind: K,
  data: Extract<PatientFactBody, { kind: K }>['data'],
): Promise<Extract<PatientFact, { kind: K }>> => apiSend('POST', `${patient(patientId)}/facts`, { kind, data });
export const retireFact = (patientId: string, factId: string, reason: string): Promise<void> =>
  apiSend('DELETE', `${patient(patientId)}/facts/${encodeURIComponent(factId)}`, { reason });
export const addVitals = (patientId: string, input: PatientVitalsBody): Promise<PatientVitals> =>
  apiSend('POST', `${patient(patientId)}/vitals`, input);
export const putEscort = (patientId: string, escort: EscortBody): Promise<Escort> => apiSend('PUT', `${patient(patientId)}/escort`, escort);

export const listConditions = (): Promise<ConditionRefList> => apiFetch('/api/reference/conditions');
export const listPrograms = (): Promise<ProgramRefList> => apiFetch('/api/reference/programs');

export const listEnrollments = (patientId: string): Promise<EnrollmentList> => apiFetch(`${patient(patientId)}/enrollments`);
/** Refers the patient; `referral`: the referral's details, when the person may keep them and gave any. */
export const createEnrollment = (
  patientId: string,
  programTemplate: string,
  siteId: string,
  referral?: ReferralDetailsBody,
): Promise<Enrollment> =>
  apiSend(
    'POST',
    `${patient(patientId)}/enrollments`,
    referral === undefined ? { programTemplate, siteId } : { programTemplate, siteId, referral },
  );

export const getReferral = (enrollmentId: string): Promise<Referral> => apiFetch(`${enrollment(enrollmentId)}/referral`);
export const putReferral = (enrollmentId: string, details: ReferralDetailsBody): Promise<Referral> =>
  apiSend('PUT', `${enrollment(enrollmentId)}/referral`, details);
/** Uploads a document (its bytes in base64: the API speaks JSON). */
export const uploadReferralDocument = (enrollmentId: string, fileName: string, content: string): Promise<ReferralDocument> =>
  apiSend('POST', `${enrollment(enrollmentId)}/referral/documents`, { fileName, content });
/** The address of a document's download (a plain link: the sign-in cookie goes with it; the server answers an attachment). */
export const referralDocumentUrl = (enrollmentId: string, documentId: string): string =>
  `${enrollment(enrollmentId)}/referral/documents/${encodeURIComponent(documentId)}`;
export const transitionEnrollment = (id: string, to: EnrollmentState, reason?: string): Promise<Enrollment> =>
  apiSend('POST', `${enrollment(id)}/transitions`, reason === undefined ? { to } : { to, reason });

/** A portal link (emailed to the patient too when they have an address: `send` is left to its default). */
export const createPortalAccess = (patientId: string): Promise<PortalLink> => apiSend('POST', `${patient(patientId)}/portal-access`, {});
/** The patient signs on the tablet; a name that differs from the record needs a staff witness's proof and reason. */
export const signConsentOnTablet = (
  enrollmentId: string,
  typedName: string,
  witness?: { reason: string; stepUpToken: string },
): Promise<ConsentSignatureResult> =>
  apiSend('POST', `${enrollment(enrollmentId)}/consent/tablet`, witness === undefined ? { typedName } : { typedName, witness });

export const STATE_LABELS: Record<EnrollmentState, string> = ENROLLMENT_STATE_LABELS;

export const STATE_COLORS: Record<EnrollmentState, string> = {
  referred: 'gray',
  screening: 'blue',
  eligible: 'teal',
  ineligible: 'red',
  scheduled: 'indigo',
  'in-treatment': 'violet',
  'follow-up': 'cyan',
  completed: 'green',
  withdrawn: 'dark',
};

export function stateLabel(s: EnrollmentState): string {
  return STATE_LABELS[s];
}

/** The steps that need a stated reason: withdrawing, screening again after a decision, and unscheduling. */
export function transitionNeedsReason(from: EnrollmentState, to: EnrollmentState): boolean {
  return to === 'withdrawn' || (to === 'screening' && from !== 'referred') || (from === 'scheduled' && to === 'eligible');
}
