/**
 * Use case: a clinician signs a draft note with a step-up proof of their own password; the note is
 * then locked (state, signer, time and content hash; the table's trigger refuses any later change).
 *
 * @module
 */
import { checkNoteContent, listMissingFields } from '@kairos/core';
import type { Note } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditNote } from './internal/note-audit.js';
import { noteContentHash } from './internal/note-hash.js';
import { loadNoteFor, templateOf } from './internal/note-rows.js';
import { noteView } from './internal/note-view.js';

/** The step-up purpose a signature consumes. */
export const NOTE_SIGN_PURPOSE = 'note.sign';

/**
 * Signs a draft with the signer's own step-up proof (purpose `note.sign`): refused with a 422 naming
 * every empty required field; sets the state, signer, time and the content hash.
 */
export async function signNote(db: Db, actor: Actor, noteId: string, stepUpToken: string, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    const row = await loadNoteFor(tx, actor, noteId, meta, 'note.sign', { lock: true });
    if (row.state === 'signed')
      throw new AppError('CONFLICT', 'This note is signed already.', { state: row.state, signedAt: row.signed_at?.toISOString() ?? null });
    const template = templateOf(row);
    const check = checkNoteContent(template, row.content);
    if (!check.complete) {
      const what =
        check.missing.length > 0 ? `fill in ${listMissingFields(check.missing)}` : check.problems.map((p) => p.message).join('; ');
      throw new AppError('UNPROCESSABLE', `This note cannot be signed yet: ${what}.`, {
        missing: check.missing,
        problems: check.problems,
        issues: [
          ...check.missing.map((m) => ({ field: `content.${m.field}`, message: `${m.label} is required to sign` })),
          ...check.problems.map((p) => ({ field: `content.${p.field}`, message: p.message })),
        ],
      });
    }
    const proof = await consumeStepUp(tx, actor, stepUpToken, { purpose: NOTE_SIGN_PURPOSE }, meta);
    if (proof.userId !== actor.userId) {
      throw new AuditedRefusal(
        'STEP_UP_REQUIRED',
        'A note is signed by the person signing it: confirm with your own password.',
        { ...meta, actor },
        {
          action: 'note.sign',
          recordType: 'clinical_note',
          recordId: row.id,
          patientId: row.patient_id,
          outcome: 'denied',
          details: { reason: 'step-up proved by another user' },
        },
        { purpose: NOTE_SIGN_PURPOSE },
      );
    }
    const hash = noteContentHash(template.id, template.version, row.content);
    const signed = await tx
      .updateTable('clinical_note')
      .set({ state: 'signed', signed_by: actor.userId, signed_at: meta.now, content_hash: hash, updated_at: meta.now })
      .where('id', '=', row.id)
      .where('state', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(tx, actor, meta, 'note.sign', { id: row.id, patientId: row.patient_id }, { template: template.id, contentHash: hash });
    return noteView(tx, signed);
  });
}
