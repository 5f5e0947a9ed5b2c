/**
 * Use case: the patient opens a questionnaire task, with the answers saved so far.
 *
 * @module
 */
import type { PortalDraftAnswers, PortalQuestionnaire } from '@kairos/api';
import { isQuestionnaireId, questionnaireForm } from '@kairos/core';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { NO_USER, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { portalEvent, openTask, cssrsVariantOf } from './internal/portal-views.js';

export async function portalQuestionnaire(db: Db, patientId: string, key: string, meta: RequestMeta): Promise<PortalQuestionnaire> {
  return transact(db, async (tx) => {
    const task = await openTask(tx, patientId, key, meta.now);
    if (!isQuestionnaireId(task.instrument)) throw new AppError('NOT_FOUND', 'unknown questionnaire');
    const draft = await tx
      .selectFrom('questionnaire_draft')
      .select('answers')
      .where('patient_id', '=', patientId)
      .where('task_key', '=', key)
      .executeTakeFirst();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.questionnaire.open', { key }));
    return {
      key,
      form: questionnaireForm(task.instrument, cssrsVariantOf(task)),
      draft: draft === undefined ? null : (draft.answers as PortalDraftAnswers),
      date: task.date,
      dueBy: task.dueBy,
    };
  });
}
