/**
 * Use case: the patient shares (or stops sharing) a journal entry with their care team.
 *
 * @module
 */
import type { JournalEntry } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { view, journalEvent } from './internal/journal.js';

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
