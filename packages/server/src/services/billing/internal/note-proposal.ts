/**
 * A signed note's proposal (issue 27, Must 2, the visits other than a dosing session): the day-1
 * assessment's evaluation code by who saw the patient (a prescriber: 90792; a therapist alone:
 * 90791), and the integration session's and the day-5 review's psychotherapy code by the minutes
 * with the patient recorded on the note (core's `proposeCharges`). The note's author rendered the
 * service. Read in `tx` without its audit: shared by the list of billable events and the
 * finalising of a note's lines.
 *
 * @module
 */
import { localDateOf, noteMinutes, proposeCharges, type BillableEvent as CoreBillableEvent, type NoteTemplateId } from '@kairos/core';
import type { Db } from '../../../store/database.js';
import type { NoteRow } from '../../notes/internal/note-rows.js';
import { patientDiagnoses, priceLines, renderingOf, type EventProposal } from './event-proposal.js';

/** The notes a visit is billed from, and the visit each records, in words. */
export const BILLABLE_NOTES: Readonly<Partial<Record<NoteTemplateId, string>>> = Object.freeze({
  'intake-assessment': 'Day-1 assessment',
  integration: 'Integration therapy',
  'discharge-summary': 'Day-5 review',
});
export const BILLABLE_NOTE_TEMPLATES = Object.keys(BILLABLE_NOTES) as NoteTemplateId[];

/** The roles whose assessment is a psychiatric evaluation with medical services (90792). */
const MEDICAL_ROLES = ['prescriber', 'medical-director'];

export async function noteProposal(tx: Db, note: NoteRow, siteId: string, now: Date): Promise<EventProposal> {
  const author = note.signed_by ?? note.created_by;
  const roles = (await tx.selectFrom('app_user').select('roles').where('id', '=', author).executeTakeFirstOrThrow()).roles;
  const event = billableEventOf(
    note,
    roles.some((r) => MEDICAL_ROLES.includes(r)),
  );
  const proposal =
    event === undefined ? { lines: [], notes: ['this note is not billed: no code is proposed from it'] } : proposeCharges(event);
  const notes = [...proposal.notes];
  const final = note.state === 'signed';
  if (!final) notes.unshift('the note is not signed yet: its charges are finalised once it is');
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirstOrThrow();
  return {
    // The visit's day: the day the note was begun (it may be signed later).
    serviceDate: localDateOf(note.created_at, site.time_zone),
    final,
    diagnoses: await patientDiagnoses(tx, note.patient_id),
    lines: await priceLines(tx, siteId, proposal.lines, now),
    notes,
    renderingUserId: author,
    rendering: await renderingOf(tx, author),
  };
}

function billableEventOf(note: NoteRow, medical: boolean): CoreBillableEvent | undefined {
  switch (note.template) {
    case 'intake-assessment':
      // The therapist's part is not billed apart by default (a coder adds 90791 from the fee schedule).
      return { kind: 'assessment', prescriberSaw: medical, therapistBilledApart: false };
    case 'integration':
      return { kind: 'integration', minutes: noteMinutes(note.content, 'minutesWithPatient') };
    case 'discharge-summary':
      return { kind: 'review', minutes: noteMinutes(note.content, 'minutesWithPatient') };
    default:
      return undefined;
  }
}
