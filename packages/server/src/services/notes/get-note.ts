/**
 * Use case: one note, read by a member of the patient's care team.
 *
 * @module
 */
import type { Note } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditNote } from './internal/note-audit.js';
import { loadNoteFor } from './internal/note-rows.js';
import { noteView } from './internal/note-view.js';

/** One note with its template, signature, hash check and amendments (the read is audited). */
export async function getNote(db: Db, actor: Actor, noteId: string, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.read');
    await auditNote(tx, actor, meta, 'note.read', { id: row.id, patientId: row.patient_id }, { template: row.template, state: row.state });
    return noteView(tx, row);
  });
}
