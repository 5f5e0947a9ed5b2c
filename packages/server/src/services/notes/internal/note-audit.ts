/**
 * The audit events of notes: a staff member's read or change (of one note, or of a patient's list),
 * and the patient's own read or export of the care plan in the portal.
 *
 * @module
 */
import { audit } from '../../audit.js';
import { PATIENT, type Actor, type RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';

/** Audits a staff member's act on a note (`id` null: on the patient's notes as a whole). */
export function auditNote(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  note: { id: string | null; patientId: string },
  details: Record<string, unknown> = {},
) {
  return audit(
    tx,
    { ...meta, actor },
    {
      action,
      recordType: note.id === null ? 'patient' : 'clinical_note',
      recordId: note.id ?? note.patientId,
      patientId: note.patientId,
      outcome: 'allowed',
      details,
    },
  );
}

/** Audits the patient's own act on their care plan from the portal. */
export function portalAudit(
  tx: Db,
  patientId: string,
  noteId: string,
  meta: RequestMeta,
  action: string,
  details: Record<string, unknown> = {},
) {
  return audit(
    tx,
    { ...meta, actor: PATIENT },
    { action, recordType: 'clinical_note', recordId: noteId, patientId, outcome: 'allowed', details },
  );
}
