/** The audit trail viewer: GET /api/audit-events (keyset pages) and the CSV export's address. */
import type { AuditEventPage, PatientSearchResult, StaffDirectory } from '@kairos/api';
import { apiFetch } from '../../api/client';

export { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, AUDIT_OUTCOMES } from '@kairos/api';
export type { AuditEvent, AuditEventPage, AuditOutcomeValue, PatientSummary, StaffDirectoryEntry } from '@kairos/api';

/** The viewer's filters as the page holds them ('' for none). */
export interface AuditFilterValues {
  patientId: string;
  userId: string;
  action: string;
  outcome: string;
  siteId: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = { patientId: '', userId: '', action: '', outcome: '', siteId: '', from: '', to: '' };

export const AUDIT_PAGE = 50;

/** The query string of the filters given (empty ones left out). */
export function auditQuery(filters: AuditFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters) as [string, string][]) if (v !== '') params.set(k, v);
  return params;
}

export function listAuditEvents(filters: AuditFilterValues, cursor: string | null): Promise<AuditEventPage> {
  const params = auditQuery(filters);
  params.set('limit', String(AUDIT_PAGE));
  if (cursor !== null) params.set('cursor', cursor);
  return apiFetch(`/api/audit-events?${params.toString()}`);
}

/** The CSV export of the same filters: a download the browser makes with the sign-in cookie. */
export function auditCsvHref(filters: AuditFilterValues): string {
  const qs = auditQuery(filters).toString();
  return qs === '' ? '/api/audit-events.csv' : `/api/audit-events.csv?${qs}`;
}

export function searchPatientsByText(q: string): Promise<PatientSearchResult> {
  return apiFetch(`/api/patients?${new URLSearchParams({ q: q.trim(), limit: '20' }).toString()}`);
}

export function listAllStaff(): Promise<StaffDirectory> {
  return apiFetch('/api/users');
}
