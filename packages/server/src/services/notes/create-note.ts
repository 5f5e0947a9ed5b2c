/**
 * Use case: a clinician starts a draft note from a template, prefilled (a care plan: the program's
 * follow-up measures and the site's crisis resources).
 *
 * @module
 */
import {
  checkNoteContent,
  findNoteTemplate,
  findProgramTemplate,
  initialNoteContent,
  mergeNoteContent,
  NOTE_TEMPLATES,
  type NoteTemplate,
} from '@kairos/core';
import type { CreateNoteBody, Note } from '@kairos/api';
import { AppError } from '../../errors.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { contentProblems } from './internal/content-problems.js';
import { siteCrisisResources } from './internal/crisis-resources.js';
import { auditNote } from './internal/note-audit.js';
import { CARE_PLAN, DOSING_SESSION } from './internal/note-rows.js';
import { noteView } from './internal/note-view.js';

/** What a draft starts from: the API's body, or the demo's content (checked against the template either way). */
export type NoteCreateInput = Omit<CreateNoteBody, 'content'> & { content?: Record<string, unknown> | undefined };

/**
 * Creates a draft. The enrollment defaults to the session's, else the patient's latest; the content
 * starts with the template's prefills (a care plan: the program's follow-up measures and the site's
 * crisis resources), overlaid with what was given.
 */
export async function createNote(db: Db, actor: Actor, patientId: string, input: NoteCreateInput, meta: RequestMeta): Promise<Note> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'note.create');
    const template = findNoteTemplate(input.template);
    if (template === undefined) {
      throw new AppError('VALIDATION_FAILED', `body.template: unknown note template "${input.template}"`, {
        issues: [{ field: 'body.template', message: `one of: ${NOTE_TEMPLATES.map((t) => t.id).join(', ')}` }],
      });
    }
    let enrollmentId = input.enrollmentId ?? null;
    if (input.sessionId !== undefined) {
      const s = await tx
        .selectFrom('dosing_session')
        .select(['id', 'patient_id', 'enrollment_id'])
        .where('id', '=', input.sessionId)
        .executeTakeFirst();
      if (s === undefined || s.patient_id !== patientId)
        throw new AppError('VALIDATION_FAILED', 'body.sessionId: not a dosing session of this patient', {
          issues: [{ field: 'body.sessionId', message: 'not a dosing session of this patient' }],
        });
      if (enrollmentId !== null && s.enrollment_id !== enrollmentId)
        throw new AppError('VALIDATION_FAILED', 'body.sessionId: the session belongs to another enrollment', {
          issues: [{ field: 'body.sessionId', message: 'belongs to another enrollment' }],
        });
      enrollmentId = s.enrollment_id;
    }
    if (input.enrollmentId !== undefined) {
      const e = await tx.selectFrom('enrollment').select(['id', 'patient_id']).where('id', '=', input.enrollmentId).executeTakeFirst();
      if (e === undefined || e.patient_id !== patientId)
        throw new AppError('VALIDATION_FAILED', 'body.enrollmentId: not an enrollment of this patient', {
          issues: [{ field: 'body.enrollmentId', message: 'not an enrollment of this patient' }],
        });
    }
    if (enrollmentId === null) {
      const latest = await tx
        .selectFrom('enrollment')
        .select('id')
        .where('patient_id', '=', patientId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      enrollmentId = latest?.id ?? null;
    }
    const initial = await initialContent(tx, template, patientId, enrollmentId, input.sessionId);
    const content = mergeNoteContent(initial, input.content);
    const check = checkNoteContent(template, content);
    if (check.problems.length > 0) throw contentProblems(check.problems);
    const row = await tx
      .insertInto('clinical_note')
      .values({
        patient_id: patientId,
        enrollment_id: enrollmentId,
        session_id: input.sessionId ?? null,
        template: template.id,
        template_version: template.version,
        content: JSON.stringify(content),
        state: 'draft',
        created_by: actor.userId,
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditNote(
      tx,
      actor,
      meta,
      'note.create',
      { id: row.id, patientId },
      { template: template.id, fields: Object.keys(content).sort() },
    );
    return noteView(tx, row);
  });
}

/**
 * The template's prefills for the enrollment's program; a care plan also gets the site's crisis
 * resources; a dosing-session note opened from its session, the intention the therapist set at the chair.
 */
async function initialContent(
  tx: Db,
  template: NoteTemplate,
  patientId: string,
  enrollmentId: string | null,
  sessionId: string | undefined,
): Promise<Record<string, unknown>> {
  const enrollment =
    enrollmentId === null
      ? undefined
      : await tx.selectFrom('enrollment').select('program_template').where('id', '=', enrollmentId).executeTakeFirst();
  const program = enrollment === undefined ? undefined : findProgramTemplate(enrollment.program_template);
  const content = initialNoteContent(template, program);
  if (template.id === CARE_PLAN) {
    const crisis = await siteCrisisResources(tx, patientId);
    if (crisis !== null) content.crisisResources = crisis;
  }
  if (template.id === DOSING_SESSION && sessionId !== undefined) {
    const s = await tx.selectFrom('dosing_session').select('checklist').where('id', '=', sessionId).executeTakeFirst();
    const intention = s?.checklist.intention;
    if (typeof intention === 'string' && intention.trim() !== '') content.intention = intention.trim();
  }
  return content;
}
