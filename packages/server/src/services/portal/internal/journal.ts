/**
 * The patient's journal as the portal and staff see it, its audit event and the limits of an entry.
 *
 * @module
 */
import type { JournalEntry } from '@kairos/api';
import { AppError } from '../../../errors.js';
import { type AuditEvent } from '../../audit.js';

export const view = (r: { id: string; body: string; shared_at: Date | null; created_at: Date }): JournalEntry => ({
  id: r.id,
  body: r.body,
  shared: r.shared_at !== null,
  sharedAt: r.shared_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** A journal read or write through the portal: by nobody signed in (the portal session is the patient's). */
export const journalEvent = (
  patientId: string,
  action: string,
  recordId: string | null,
  details: Record<string, unknown> = {},
): AuditEvent => ({
  action,
  recordType: 'journal_entry',
  recordId,
  patientId,
  outcome: 'allowed',
  details,
});

export function assertJournalBody(body: string): void {
  if (body.trim() === '')
    throw new AppError('VALIDATION_FAILED', 'body.body: write something first', { issues: [{ field: 'body.body', message: 'empty' }] });
}
