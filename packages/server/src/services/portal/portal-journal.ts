/**
 * Use case: the patient reads their journal in the portal.
 *
 * @module
 */
import type { JournalEntry } from '@kairos/api';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { view, journalEvent } from './internal/journal.js';

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
