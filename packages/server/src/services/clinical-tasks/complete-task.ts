/**
 * Use case: a clinician records what was done about a clinical task, which closes it.
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** A clinician records what was done; the task closes. */
export async function completeTask(db: Db, actor: Actor, taskId: string, note: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const t = await tx
      .selectFrom('clinical_task')
      .select(['id', 'patient_id', 'site_id', 'completed_at'])
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (t === undefined) throw notFound('task', taskId);
    await assertPatientAccess(tx, actor, t.patient_id, meta, 'task.complete');
    if (t.completed_at !== null) throw new AppError('CONFLICT', 'this task has been completed already');
    await tx
      .updateTable('clinical_task')
      .set({ completed_at: meta.now, completed_by: actor.userId, outcome_note: note })
      .where('id', '=', t.id)
      .execute();
    await appendLiveEvent(tx, { siteId: t.site_id, type: 'risk-task-done', payload: { taskId: t.id }, at: meta.now });
    await audit(
      tx,
      { ...meta, actor },
      { action: 'task.complete', recordType: 'clinical_task', recordId: t.id, patientId: t.patient_id, outcome: 'allowed', details: {} },
    );
  });
}
