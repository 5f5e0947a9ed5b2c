/** The patients API (GET/POST /api/patients, GET/PATCH /api/patients/:id). */
import { apiFetch, apiSend } from '../../api/client';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  synthetic: boolean;
}

export interface CareTeamMember {
  role: 'prescriber' | 'therapist' | 'nurse';
  userId: string;
  displayName: string;
}

export interface Patient extends PatientSummary {
  sex: Sex;
  phone: string | null;
  email: string | null;
  careTeam: CareTeamMember[];
}

export const CARE_TEAM_ROLES = ['prescriber', 'therapist', 'nurse'] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];

export interface StaffMember {
  id: string;
  displayName: string;
  roles: string[];
}

export interface PatientInput {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex?: Sex;
  phone?: string | null;
  email?: string | null;
}

export const PAGE_SIZE = 50;

export function searchPatients(q: string, page: number): Promise<{ items: PatientSummary[]; total: number }> {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String((page - 1) * PAGE_SIZE));
  return apiFetch(`/api/patients?${params.toString()}`);
}

/** Active staff with a role, for the care-team pickers. */
export function listStaff(role: CareTeamRole): Promise<{ items: StaffMember[] }> {
  return apiFetch(`/api/users?role=${role}`);
}

export function getPatient(id: string): Promise<Patient> {
  return apiFetch(`/api/patients/${encodeURIComponent(id)}`);
}

export function createPatient(input: PatientInput & { careTeam?: { role: CareTeamRole; userId: string }[] }): Promise<Patient> {
  return apiSend('POST', '/api/patients', input);
}

export function updatePatient(id: string, changes: Partial<PatientInput>): Promise<Patient> {
  return apiSend('PATCH', `/api/patients/${encodeURIComponent(id)}`, changes);
}

/** "Rivera, Ana" */
export function patientName(p: Pick<PatientSummary, 'givenName' | 'familyName'>): string {
  return `${p.familyName}, ${p.givenName}`;
}
