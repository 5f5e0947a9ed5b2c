/** The medical director's review queue of serious adverse events (docs/api-sessions.md). */
import type { AdverseEventCorrectionBody, AdverseEventKind, AdverseEventReviewQueue } from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export type { QueuedAdverseEvent } from '@kairos/api';

/** Adverse event kinds in plain words (the API's ids stay out of sight). */
export const ADVERSE_EVENT_KIND_LABELS: Record<AdverseEventKind, string> = {
  nausea: 'Nausea',
  vomiting: 'Vomiting',
  hypertension: 'Hypertension (high blood pressure)',
  hypotension: 'Hypotension (low blood pressure)',
  tachycardia: 'Tachycardia (fast heart rate)',
  bradycardia: 'Bradycardia (slow heart rate)',
  desaturation: 'Desaturation (low oxygen saturation)',
  oversedation: 'Oversedation (too deeply sedated)',
  'respiratory-depression': 'Respiratory depression (slow or shallow breathing)',
  'emergence-reaction': 'Emergence reaction',
  anxiety: 'Anxiety',
  other: 'Other',
};

/** The kind in words; an unknown kind is shown with its dashes as spaces, capitalised. */
export function adverseEventKindLabel(kind: string): string {
  const known = (ADVERSE_EVENT_KIND_LABELS as Record<string, string | undefined>)[kind];
  if (known !== undefined) return known;
  const words = kind.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

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
