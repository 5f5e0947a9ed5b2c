/**
 * Use case: the medical director closes the review of a serious adverse event with a note.
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

export async function closeReview(db: Db, actor: Actor, adverseEventId: string, note: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const a = await tx
      .selectFrom('adverse_event')
      .select(['id', 'patient_id', 'serious', 'reviewed_at'])
      .where('id', '=', adverseEventId)
      .forUpdate()
      .executeTakeFirst();
    if (a === undefined) throw notFound('adverse event', adverseEventId);
    // The director of the patient's own site (another site's is refused and audited).
    await assertPatientAccess(tx, actor, a.patient_id, meta, 'adverse-event.review');
    if (!a.serious) throw new AppError('CONFLICT', 'only serious adverse events enter the review queue');
    if (a.reviewed_at !== null) throw new AppError('CONFLICT', 'this adverse event has been reviewed already');
    await tx
      .updateTable('adverse_event')
      .set({ reviewed_by: actor.userId, reviewed_at: meta.now, review_note: note })
      .where('id', '=', a.id)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'adverse-event.review',
        recordType: 'adverse_event',
        recordId: a.id,
        patientId: a.patient_id,
        outcome: 'allowed',
        details: { note },
      },
    );
  });
}
