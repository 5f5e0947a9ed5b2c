/**
 * Use case: a coordinator finalises the charges of a visit recorded by a signed note (issue 27,
 * Must 2): the day-1 assessment, an integration session, the day-5 review. See
 * internal/finalise-lines.ts for what is refused and what is stored; a note of another kind
 * proposes nothing (a code of the fee schedule may still be billed for it). The note's author
 * rendered the service. Who: `billing.manage` (the route), for a patient they may see.
 *
 * @module
 */
import type { NoteChargesFinaliseBody, PatientBilling } from '@kairos/api';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadNoteFor } from '../notes/internal/note-rows.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';
import { finaliseLines, FINALISE_ACTION } from './internal/finalise-lines.js';
import { noteProposal } from './internal/note-proposal.js';

export function finaliseNoteCharges(
  db: Db,
  actor: Actor,
  noteId: string,
  body: NoteChargesFinaliseBody,
  meta: RequestMeta,
): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    // Locked: one finalising at a time per note.
    const note = await loadNoteFor(tx, actor, noteId, meta, FINALISE_ACTION, { lock: true });
    const siteId = (await tx.selectFrom('patient').select('site_id').where('id', '=', note.patient_id).executeTakeFirstOrThrow()).site_id;
    const proposal = await noteProposal(tx, note, siteId, meta.now);
    await finaliseLines(
      tx,
      actor,
      meta,
      { siteId, patientId: note.patient_id, sessionId: null, noteId: note.id, notOver: 'the note is not signed' },
      proposal,
      body,
    );
    return patientBillingOf(tx, note.patient_id);
  });
}
