/**
 * Use case: a clinician reads the journal entries the patient shared (staff see only shared ones).
 *
 * @module
 */
import type { SharedJournalEntry } from '@kairos/api';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

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
