/**
 * Use case: a clinician corrects the dates of a questionnaire staff entered for the wrong date
 * (when it was answered, the scheduled date it was given for), with a reason. The response keeps
 * its answers and scores; its dates are corrected in place, so outcome calculations and task
 * matching use the corrected dates; every correction keeps the values before and after, who, when
 * and why (`record-corrections.ts`), and is audited; a refused one is audited too. A response the
 * patient gave in the portal keeps the portal's own time, and a CADSS-6 rated at the chair belongs
 * to its session.
 *
 * @module
 */
import type { QuestionnaireCorrectionBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { changedFields, correctionCount, correctionRefusal, storeCorrection } from '../record-corrections.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

const ACTION = 'questionnaire.correct';

export async function correctQuestionnaireDate(
  db: Db,
  actor: Actor,
  responseId: string,
  input: QuestionnaireCorrectionBody,
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    const q = await tx
      .selectFrom('questionnaire_response')
      .select(['id', 'patient_id', 'channel', 'session_id', 'completed_at', 'due_date'])
      .where('id', '=', responseId)
      .forUpdate()
      .executeTakeFirst();
    if (q === undefined) throw notFound('questionnaire response', responseId);
    await assertPatientAccess(tx, actor, q.patient_id, meta, ACTION);
    const record = { recordType: 'questionnaire_response' as const, recordId: q.id, patientId: q.patient_id };
    const refuse = (code: 'VALIDATION_FAILED' | 'CONFLICT', field: string | null, message: string, details: Record<string, unknown> = {}) =>
      correctionRefusal(actor, meta, ACTION, record, code, field === null ? message : `body.${field}: ${message}`, {
        ...details,
        ...(field === null ? {} : { issues: [{ field: `body.${field}`, message }] }),
      });
    if (q.channel !== 'staff')
      throw refuse('CONFLICT', null, 'the patient answered this in the portal: its time is the portal’s own record and is not corrected');
    if (q.session_id !== null)
      throw refuse('CONFLICT', null, 'a CADSS-6 rated at the chair belongs to its dosing session and is not moved');
    const seen = await correctionCount(tx, 'questionnaire_response', q.id);
    if (input.correctionsSeen !== seen)
      throw refuse('CONFLICT', null, 'this questionnaire was corrected meanwhile: look at its corrections again before correcting it', {
        code: 'CORRECTED_MEANWHILE',
        corrections: seen,
      });
    const completedAt = input.completedAt === undefined ? q.completed_at : new Date(input.completedAt);
    if (completedAt > meta.now) throw refuse('VALIDATION_FAILED', 'completedAt', 'is in the future');
    const { before, after } = changedFields(
      { completedAt: q.completed_at.toISOString(), dueDate: q.due_date },
      { completedAt: input.completedAt === undefined ? undefined : completedAt.toISOString(), dueDate: input.dueDate },
    );
    if (Object.keys(after).length === 0)
      throw refuse('VALIDATION_FAILED', null, 'nothing to correct: every date given is the one recorded');
    await tx
      .updateTable('questionnaire_response')
      .set({ completed_at: completedAt, due_date: input.dueDate === undefined ? q.due_date : input.dueDate })
      .where('id', '=', q.id)
      .execute();
    const reason = input.reason.trim();
    await storeCorrection(tx, actor, meta, ACTION, { ...record, before, after, reason });
  });
}
