/**
 * Use case: the patient submits a questionnaire from the portal.
 *
 * @module
 */
import type { PortalSubmitResult } from '@kairos/api';
import { type QuestionnaireAnswers } from '@kairos/core';
import { storeResponse } from '../questionnaires/internal/store-response.js';
import { type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { crisisResources, patientSite, openTask, cssrsVariantOf } from './internal/portal-views.js';

/** Submits a questionnaire: scored by core, stored item by item, risk routed; the draft goes. */
export async function submitPortalQuestionnaire(
  db: Db,
  patientId: string,
  key: string,
  answers: QuestionnaireAnswers,
  meta: RequestMeta,
): Promise<PortalSubmitResult> {
  return transact(db, async (tx) => {
    const task = await openTask(tx, patientId, key, meta.now);
    const instrument = task.instrument;
    const payload = instrument === 'cssrs' && !Array.isArray(answers) ? { ...answers, form: cssrsVariantOf(task) } : answers;
    const stored = await storeResponse(
      tx,
      patientId,
      { instrument, answers: payload, enrollmentId: task.enrollmentId, dueDate: task.date },
      undefined,
      meta,
    );
    await tx.deleteFrom('questionnaire_draft').where('patient_id', '=', patientId).where('task_key', '=', key).execute();
    const p = await patientSite(tx, patientId);
    return {
      id: stored.id,
      instrument,
      /** Risk routing flagged the answers: the portal shows crisis resources at once. */
      showCrisisResources: stored.risk !== null,
      crisisResources: stored.risk === null ? null : await crisisResources(tx, p.site_id),
    };
  });
}
