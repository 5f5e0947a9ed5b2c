/**
 * Use case: a clinician edits a draft note.
 *
 * @module
 */
import { checkNoteContent, mergeNoteContent } from '@kairos/core';
import type { Note } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { contentProblems } from './internal/content-problems.js';
import { auditNote } from './internal/note-audit.js';
import { loadNoteFor, templateOf } from './internal/note-rows.js';
import { noteView } from './internal/note-view.js';

const lockedMessage = 'This note is signed and locked: it cannot be changed. Add an amendment to correct or add to it.';

/** Edits a draft: the keys given replace the stored ones (null clears a field). A signed note is a 409. */
export async function updateNote(db: Db, actor: Actor, noteId: string, changes: Record<string, unknown>, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.update', { lock: true });
    if (row.state === 'signed')
      throw new AppError('CONFLICT', lockedMessage, { state: row.state, signedAt: row.signed_at?.toISOString() ?? null });
    const template = templateOf(row);
    const content = mergeNoteContent(row.content, changes);
    const check = checkNoteContent(template, content);
    if (check.problems.length > 0) throw contentProblems(check.problems);
    const updated = await tx
      .updateTable('clinical_note')
      .set({ content: JSON.stringify(content), updated_at: meta.now })
      .where('id', '=', row.id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.update', { id: row.id, patientId: row.patient_id }, { fields: Object.keys(changes).sort() });
    return noteView(tx, updated);
  });
}
