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

export const getReviewQueue = (): Promise<{ items: QueuedAdverseEvent[] }> => apiFetch('/api/adverse-events/review-queue');
export const closeReview = (id: string, note: string): Promise<void> => apiSend('POST', `/api/adverse-events/${encodeURIComponent(id)}/review`, { note });
