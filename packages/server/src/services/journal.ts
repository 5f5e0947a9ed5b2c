/**
 * The patient's journal: private entries written in the portal, each optionally shared with the
 * therapist. Staff of the care team read shared entries only; private ones never leave the portal.
 *
 * @module
 */
import type { JournalEntry, SharedJournalEntry } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { audit, type AuditEvent } from './audit.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import { NO_USER, type Actor, type RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

const view = (r: { id: string; body: string; shared_at: Date | null; created_at: Date }): JournalEntry => ({
  id: r.id,
  body: r.body,
  shared: r.shared_at !== null,
  sharedAt: r.shared_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** A journal read or write through the portal: by nobody signed in (the portal session is the patient's). */
const journalEvent = (patientId: string, action: string, recordId: string | null, details: Record<string, unknown> = {}): AuditEvent => ({
  action,
  recordType: 'journal_entry',
  recordId,
  patientId,
  outcome: 'allowed',
  details,
});

export async function portalJournal(db: Db, patientId: string, meta: RequestMeta): Promise<JournalEntry[]> {
  return transact(db, async (tx) => {
    const rows = await tx
      .selectFrom('journal_entry')
      .select(['id', 'body', 'shared_at', 'created_at'])
      .where('patient_id', '=', patientId)
      .orderBy('created_at', 'desc')
      .execute();
    await audit(tx, { ...meta, actor: NO_USER }, journalEvent(patientId, 'portal.journal.read', null, { count: rows.length }));
    return rows.map(view);
  });
}

export async function writeJournalEntry(
  db: Db,
  patientId: string,
  input: { body: string; shared: boolean },
  meta: RequestMeta,
): Promise<JournalEntry> {
  return transact(db, async (tx) => {
    const row = await tx
      .insertInto('journal_entry')
      .values({ patient_id: patientId, body: input.body, shared_at: input.shared ? meta.now : null, created_at: meta.now })
      .returning(['id', 'body', 'shared_at', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { ...meta, actor: NO_USER }, journalEvent(patientId, 'portal.journal.write', row.id, { shared: input.shared }));
    return view(row);
  });
}

/** The patient shares an entry with the therapist, or takes the share back. */
export async function shareJournalEntry(
  db: Db,
  patientId: string,
  entryId: string,
  shared: boolean,
  meta: RequestMeta,
): Promise<JournalEntry> {
  return transact(db, async (tx) => {
    const e = await tx.selectFrom('journal_entry').select(['id', 'patient_id']).where('id', '=', entryId).forUpdate().executeTakeFirst();
    if (e === undefined || e.patient_id !== patientId) throw notFound('journal entry', entryId);
    const row = await tx
      .updateTable('journal_entry')
      .set({ shared_at: shared ? meta.now : null })
      .where('id', '=', entryId)
      .returning(['id', 'body', 'shared_at', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { ...meta, actor: NO_USER }, journalEvent(patientId, 'portal.journal.share', entryId, { shared }));
    return view(row);
  });
}

/** Shared entries, for the care team. */
export async function sharedJournal(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<SharedJournalEntry[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'journal.read');
    const rows = await tx
      .selectFrom('journal_entry')
      .select(['id', 'body', 'shared_at', 'created_at'])
      .where('patient_id', '=', patientId)
      .where('shared_at', 'is not', null)
      .orderBy('created_at', 'desc')
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'journal.read',
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { count: rows.length },
      },
    );
    return rows.flatMap((r) =>
      r.shared_at === null
        ? []
        : [{ id: r.id, body: r.body, shared: true as const, sharedAt: r.shared_at.toISOString(), createdAt: r.created_at.toISOString() }],
    );
  });
}

export function assertJournalBody(body: string): void {
  if (body.trim() === '')
    throw new AppError('VALIDATION_FAILED', 'body.body: write something first', { issues: [{ field: 'body.body', message: 'empty' }] });
}
