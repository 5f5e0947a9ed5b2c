/** Patient details, reference lists, enrollments, portal access and tablet consent (docs/api-intake.md). */
import { apiFetch, apiSend } from '../../api/client';
import type { SourceRef } from '../screening/sources-list';

export interface Escort {
  name: string;
  phone: string;
  relationship: string;
}

export interface Fact<D = Record<string, unknown>> {
  id: string;
  kind: FactKind;
  recordedAt: string;
  recordedBy: string;
  data: D;
}

export type FactKind = 'diagnosis' | 'condition' | 'allergy' | 'medication';
export type DiagnosisData = { code: string; display?: string };
export type ConditionData = { code: string; severe: boolean };
export type AllergyType = 'allergy' | 'intolerance';
/** `type` is absent on allergies recorded before it existed: they are allergies. */
export type AllergyData = { substance: string; reaction?: string; type?: AllergyType };
export type MedicationData = { name: string; dailyDoseMg?: number; rxcui?: string };

export interface Interaction {
  class: string;
  severity: string;
  message: string;
  sources: (SourceRef | string)[];
  medication?: string;
}

export type Medication = Fact<MedicationData> & { interactions: Interaction[]; recognised: boolean };

export interface Vitals {
  id: string;
  measuredAt: string;
  weightKg?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
  heartRate?: number | null;
  spo2?: number | null;
  respiratoryRate?: number | null;
}

export type VitalsInput = Omit<Vitals, 'id'>;

export interface PatientClinicalDetails {
  escort: Escort | null;
  diagnoses: Fact<DiagnosisData>[];
  conditions: Fact<ConditionData>[];
  allergies: Fact<AllergyData>[];
  medications: Medication[];
  vitals: Vitals[];
}

export interface ConditionRef {
  code: string;
  title: string;
  absolute: boolean;
  /** false: no contraindication, the condition only asks for closer monitoring at dosing sessions. */
  contraindication?: boolean;
}

export interface ProgramRef {
  id: string;
  title: string;
}

export const ENROLLMENT_STATES = ['referred', 'screening', 'eligible', 'ineligible', 'scheduled', 'in-treatment', 'follow-up', 'completed', 'withdrawn'] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

export interface Enrollment {
  id: string;
  patientId: string;
  siteId: string;
  programTemplate: string;
  programTitle: string;
  state: EnrollmentState;
  waitingFor: string[];
  allowed: EnrollmentState[];
  history: { from: string | null; to: string; at: string; by: string | null; reason: string | null }[];
  consent: { signed: boolean; documentVersion?: number; signedAt?: string };
}

export interface PortalAccess {
  code: string;
  link: string;
  expiresAt: string;
}

const patient = (id: string) => `/api/patients/${encodeURIComponent(id)}`;
const enrollment = (id: string) => `/api/enrollments/${encodeURIComponent(id)}`;

export const getDetails = (patientId: string): Promise<PatientClinicalDetails> => apiFetch(`${patient(patientId)}/details`);
export const addFact = <D>(patientId: string, kind: FactKind, data: D): Promise<Fact<D>> => apiSend('POST', `${patient(patientId)}/facts`, { kind, data });
export const retireFact = (patientId: string, factId: string, reason: string): Promise<void> =>
  apiSend('DELETE', `${patient(patientId)}/facts/${encodeURIComponent(factId)}`, { reason });
export const addVitals = (patientId: string, input: VitalsInput): Promise<Vitals> => apiSend('POST', `${patient(patientId)}/vitals`, input);
export const putEscort = (patientId: string, escort: Escort): Promise<unknown> => apiSend('PUT', `${patient(patientId)}/escort`, escort);

export const listConditions = (): Promise<{ items: ConditionRef[] }> => apiFetch('/api/reference/conditions');
export const listPrograms = (): Promise<{ items: ProgramRef[] }> => apiFetch('/api/reference/programs');

export const listEnrollments = (patientId: string): Promise<{ items: Enrollment[] }> => apiFetch(`${patient(patientId)}/enrollments`);
export const createEnrollment = (patientId: string, programTemplate: string, siteId: string): Promise<Enrollment> =>
  apiSend('POST', `${patient(patientId)}/enrollments`, { programTemplate, siteId });
export const transitionEnrollment = (id: string, to: EnrollmentState, reason?: string): Promise<Enrollment> =>
  apiSend('POST', `${enrollment(id)}/transitions`, reason === undefined ? { to } : { to, reason });

export const createPortalAccess = (patientId: string): Promise<PortalAccess> => apiSend('POST', `${patient(patientId)}/portal-access`, {});
export const signConsentOnTablet = (enrollmentId: string, typedName: string): Promise<{ signedAt: string; documentVersion: number; hash: string }> =>
  apiSend('POST', `${enrollment(enrollmentId)}/consent/tablet`, { typedName });

export const STATE_LABELS: Record<EnrollmentState, string> = {
  referred: 'Referred',
  screening: 'Screening',
  eligible: 'Eligible',
  ineligible: 'Ineligible',
  scheduled: 'Scheduled',
  'in-treatment': 'In treatment',
  'follow-up': 'Follow-up',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

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

export function stateLabel(s: string): string {
  return STATE_LABELS[s as EnrollmentState] ?? s;
}

/** The steps that need a stated reason: withdrawing, screening again after a decision, and unscheduling. */
export function transitionNeedsReason(from: EnrollmentState, to: EnrollmentState): boolean {
  return to === 'withdrawn' || (to === 'screening' && from !== 'referred') || (from === 'scheduled' && to === 'eligible');
}
