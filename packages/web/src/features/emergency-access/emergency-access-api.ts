/**
 * Emergency access ("break the glass") and the access report: POST and GET
 * /api/patients/:id/emergency-access, GET /api/emergency-access, POST /api/emergency-access/:id/review,
 * GET /api/patients/:id/access-report.
 */
import type { AccessBasis, AccessReport, EmergencyAccess, EmergencyAccessList, MyEmergencyAccess } from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export { EMERGENCY_ACCESS_HOURS, EMERGENCY_ACCESS_REASON_MAX, EMERGENCY_ACCESS_REASON_MIN } from '@kairos/api';
export type { AccessBasis, AccessReport, AccessReportEntry, EmergencyAccess } from '@kairos/api';

const patientPath = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;

export function openEmergencyAccess(patientId: string, reason: string): Promise<EmergencyAccess> {
  return apiSend('POST', `${patientPath(patientId)}/emergency-access`, { reason });
}

export function getMyEmergencyAccess(patientId: string): Promise<MyEmergencyAccess> {
  return apiFetch(`${patientPath(patientId)}/emergency-access`);
}

export function listEmergencyAccesses(): Promise<EmergencyAccessList> {
  return apiFetch('/api/emergency-access');
}

export function reviewEmergencyAccess(id: string, note: string): Promise<EmergencyAccess> {
  return apiSend('POST', `/api/emergency-access/${encodeURIComponent(id)}/review`, { note });
}

export const ACCESS_REPORT_PAGE = 50;

export function getAccessReport(patientId: string, limit: number): Promise<AccessReport> {
  return apiFetch(`${patientPath(patientId)}/access-report?limit=${limit}&offset=0`);
}

/** Why a person could open the record, in plain words. */
export const BASIS_WORDS: Record<AccessBasis, string> = {
  'care-team': 'On the care team',
  'site-wide': 'Works across the site',
  assignment: 'Booked with the patient that day',
  emergency: 'Emergency access',
  refused: 'Refused',
};
