/**
 * Use case: the patient writes a journal entry in the portal.
 *
 * @module
 */
import type { JournalEntry } from '@kairos/api';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { view, journalEvent } from './internal/journal.js';

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
