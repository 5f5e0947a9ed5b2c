/** The patients API (GET/POST /api/patients, GET/PATCH /api/patients/:id). */
import type {
  CareTeamRole,
  Patient,
  PatientCreateBody,
  PatientSearchResult,
  PatientSummary,
  PatientUpdateBody,
  StaffDirectory,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export { CARE_TEAM_ROLES, SEXES } from '@kairos/api';
export type { CareTeamMember, CareTeamRole, Patient, PatientSummary, Sex, StaffDirectoryEntry } from '@kairos/api';

/** The patient's own fields as the forms send them (a new patient also sends the care team). */
export type PatientInput = Omit<PatientCreateBody, 'careTeam'>;

export const PAGE_SIZE = 50;

export function searchPatients(q: string, page: number): Promise<PatientSearchResult> {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String((page - 1) * PAGE_SIZE));
  return apiFetch(`/api/patients?${params.toString()}`);
}

/** Active staff with a role, for the care-team pickers. */
export function listStaff(role: CareTeamRole): Promise<StaffDirectory> {
  return apiFetch(`/api/users?role=${role}`);
}

export function getPatient(id: string): Promise<Patient> {
  return apiFetch(`/api/patients/${encodeURIComponent(id)}`);
}

export function createPatient(input: PatientCreateBody): Promise<Patient> {
  return apiSend('POST', '/api/patients', input);
}

export function updatePatient(id: string, changes: PatientUpdateBody): Promise<Patient> {
  return apiSend('PATCH', `/api/patients/${encodeURIComponent(id)}`, changes);
}

/** "Rivera, Ana" */
export function patientName(p: Pick<PatientSummary, 'givenName' | 'familyName'>): string {
  return `${p.familyName}, ${p.givenName}`;
}
