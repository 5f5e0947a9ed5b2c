/**
 * A note as stored (`clinical_note`), its template, and the note loaded for a use case with the
 * access check on its patient.
 *
 * @module
 */
import { findNoteTemplate, type NoteTemplate, type NoteTemplateId } from '@kairos/core';
import type { NoteState } from '@kairos/api';
import { notFound } from '../../../errors.js';
import { assertPatientAccess } from '../../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';

/** The template id of the continuing care plan: the one note printed and shown in the portal. */
export const CARE_PLAN = 'continuing-care-plan';
/** The dosing-session note, prefilled from its session when opened from the console. */
export const DOSING_SESSION = 'dosing-session';

export type NoteRow = {
  id: string;
  patient_id: string;
  enrollment_id: string | null;
  session_id: string | null;
  template: NoteTemplateId;
  template_version: string;
  content: Record<string, unknown>;
  state: NoteState;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  signed_by: string | null;
  signed_at: Date | null;
  content_hash: string | null;
};

/** The template version a stored note was written on. */
export function templateOf(row: Pick<NoteRow, 'id' | 'template' | 'template_version'>): NoteTemplate {
  const t = findNoteTemplate(row.template, row.template_version);
  // Templates only gain versions: a stored note's template always exists.
  if (t === undefined) throw new Error(`note ${row.id}: template ${row.template} version ${row.template_version} is unknown`);
  return t;
}

/** Loads a note and checks the actor may see its patient (404 when absent, 403 audited outside the care team). */
export async function loadNoteFor(
  tx: Db,
  actor: Actor,
  noteId: string,
  meta: RequestMeta,
  action: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<NoteRow> {
  let q = tx.selectFrom('clinical_note').selectAll().where('id', '=', noteId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row === undefined) throw notFound('note', noteId);
  await assertPatientAccess(tx, actor, row.patient_id, meta, action);
  return row;
}
