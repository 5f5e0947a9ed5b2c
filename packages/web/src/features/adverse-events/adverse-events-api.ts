/** The medical director's review queue of serious adverse events (docs/api-sessions.md). */
import {
  ADVERSE_EVENT_KIND_LABELS,
  ADVERSE_EVENT_SEVERITY_LABELS,
  type AdverseEventCorrectionBody,
  type AdverseEventLog,
  type AdverseEventReviewQueue,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export { ADVERSE_EVENT_KIND_LABELS, ADVERSE_EVENT_SEVERITY_LABELS };
export type { AdverseEventLog, AdverseEventLogItem } from '@kairos/api';

export type { QueuedAdverseEvent } from '@kairos/api';

/** The kind in words; an unknown kind is shown with its dashes as spaces, capitalised. */
export function adverseEventKindLabel(kind: string): string {
  const known = (ADVERSE_EVENT_KIND_LABELS as Record<string, string | undefined>)[kind];
  if (known !== undefined) return known;
  const words = kind.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The severity in words ("Mild"); an unknown one as it is. */
export function adverseEventSeverityLabel(severity: string): string {
  return (ADVERSE_EVENT_SEVERITY_LABELS as Record<string, string | undefined>)[severity] ?? severity;
}

/** The filters of the adverse events log, as the page keeps them in its address. */
export interface AdverseEventLogFilters {
  from?: string;
  to?: string;
  kind?: string;
  severity?: string;
  review?: string;
  patientId?: string;
}

/** The query string of the log's filters (empty ones left out). */
export function logQuery(filters: AdverseEventLogFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (typeof v === 'string' && v !== '') q.set(k, v);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

export const getAdverseEventLog = (filters: AdverseEventLogFilters, cursor?: string): Promise<AdverseEventLog> =>
  apiFetch(`/api/adverse-events${logQuery(filters, cursor === undefined ? {} : { cursor })}`);

/** The address of the CSV of the log with these filters (a plain download: the sign-in cookie goes with it). */
export const adverseEventCsvUrl = (filters: AdverseEventLogFilters): string => `/api/adverse-events.csv${logQuery(filters)}`;

export const getReviewQueue = (): Promise<AdverseEventReviewQueue> => apiFetch('/api/adverse-events/review-queue');
export const closeReview = (id: string, note: string): Promise<void> =>
  apiSend('POST', `/api/adverse-events/${encodeURIComponent(id)}/review`, { note });
export const correctAdverseEvent = (id: string, body: AdverseEventCorrectionBody): Promise<void> =>
  apiSend('POST', `/api/adverse-events/${encodeURIComponent(id)}/corrections`, body);

/** The corrected fields of an adverse event in words. */
export const ADVERSE_EVENT_FIELD_NAMES: Record<string, string> = {
  kind: 'kind',
  description: 'description',
  severity: 'severity',
  occurredAt: 'onset',
  resolvedAt: 'resolved',
};
