/**
 * Use case: the patient saves their answers so far (stop and resume).
 *
 * @module
 */
import type { PortalDraftBody } from '@kairos/api';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { portalEvent, openTask } from './internal/portal-views.js';

/** Saves answers so far: the patient can stop and resume. */
export async function saveQuestionnaireDraft(
  db: Db,
  patientId: string,
  key: string,
  answers: PortalDraftBody['answers'],
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    await openTask(tx, patientId, key, meta.now);
    const json = JSON.stringify(answers);
    await tx
      .insertInto('questionnaire_draft')
      .values({ patient_id: patientId, task_key: key, answers: json, updated_at: meta.now })
      .onConflict((oc) => oc.columns(['patient_id', 'task_key']).doUpdateSet({ answers: json, updated_at: meta.now }))
      .execute();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.questionnaire.draft', { key }));
  });
}
