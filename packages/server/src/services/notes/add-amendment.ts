/**
 * Use case: a clinician appends an amendment (body and reason, with its own hash) to a signed note:
 * corrections and additions never edit a signed note in place.
 *
 * @module
 */
import type { AmendmentBody, Note } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditNote } from './internal/note-audit.js';
import { amendmentHash } from './internal/note-hash.js';
import { loadNoteFor } from './internal/note-rows.js';
import { noteView } from './internal/note-view.js';

/** Appends an amendment (body and reason) to a signed note; a draft is edited instead (409). */
export async function addAmendment(db: Db, actor: Actor, noteId: string, input: AmendmentBody, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.amend', { lock: true });
    if (row.state !== 'signed' || row.content_hash === null)
      throw new AppError('CONFLICT', 'This note is a draft: edit it instead. Amendments are for signed notes.', { state: row.state });
    const hash = amendmentHash(row.content_hash, input.body, input.reason);
    const a = await tx
      .insertInto('note_amendment')
      .values({ note_id: row.id, body: input.body, reason: input.reason, by_user: actor.userId, at: meta.now, content_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.amend', { id: row.id, patientId: row.patient_id }, { amendmentId: a.id, contentHash: hash });
    return noteView(tx, row);
  });
}
