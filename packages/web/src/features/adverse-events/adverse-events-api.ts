/** The medical director's review queue of serious adverse events (docs/api-sessions.md). */
import { apiFetch, apiSend } from '../../api/client';

export interface QueuedAdverseEvent {
  id: string;
  sessionId: string;
  kind: string;
  description: string | null;
  severity: 'mild' | 'moderate' | 'severe' | string;
  occurredAt: string;
  actionTaken: string;
  reportedBy: string;
  patient: { id: string; name: string; mrn: string | null };
}

/** Adverse event kinds in plain words (the API's ids stay out of sight). */
export const ADVERSE_EVENT_KIND_LABELS: Record<string, string> = {
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
  const known = ADVERSE_EVENT_KIND_LABELS[kind];
  if (known !== undefined) return known;
  const words = kind.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const getReviewQueue = (): Promise<{ items: QueuedAdverseEvent[] }> => apiFetch('/api/adverse-events/review-queue');
export const closeReview = (id: string, note: string): Promise<void> => apiSend('POST', `/api/adverse-events/${encodeURIComponent(id)}/review`, { note });
