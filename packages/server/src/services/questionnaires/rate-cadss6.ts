/**
 * Use case: a clinician rates the CADSS-6 during a dosing session.
 *
 * @module
 */
import { type Cadss6Result } from '@kairos/core';
import { AppError, notFound } from '../../errors.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import type { StoredResponse } from './internal/store-response.js';
import { storeResponse } from './internal/store-response.js';

/** A CADSS-6 rated at the chair during a dosing session (stored as the patient's response). */
export async function rateCadss6(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: { answers: number[]; measuredAt?: string | undefined },
  meta: RequestMeta,
): Promise<StoredResponse & { score: Cadss6Result; total: number; siteId: string }> {
  return transact(db, async (tx) => {
    // The session row is locked as every session step locks it: no rating lands after a discharge.
    const s = await tx
      .selectFrom('dosing_session')
      .select(['id', 'patient_id', 'enrollment_id', 'site_id', 'state'])
      .where('id', '=', sessionId)
      .forUpdate()
      .executeTakeFirst();
    if (s === undefined) throw notFound('dosing session', sessionId);
    await assertPatientAccess(tx, actor, s.patient_id, meta, 'cadss6.rate');
    if (input.measuredAt !== undefined && new Date(input.measuredAt) > meta.now)
      throw new AppError('VALIDATION_FAILED', 'body.measuredAt: is in the future', {
        issues: [{ field: 'body.measuredAt', message: 'is in the future' }],
      });
    if (!['infusing', 'paused', 'observing'].includes(s.state))
      throw new AppError('INVALID_TRANSITION', `CADSS-6 is rated during the infusion and observation (the session is ${s.state})`, {
        current: s.state,
      });
    const stored = await storeResponse(
      tx,
      s.patient_id,
      { instrument: 'cadss6', answers: input.answers, enrollmentId: s.enrollment_id, sessionId: s.id, completedAt: input.measuredAt },
      actor,
      meta,
    );
    const { score, total } = stored;
    if (score.instrument !== 'cadss6' || total === null) throw new Error('a CADSS-6 rating was scored as another questionnaire');
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'cadss6', payload: { total }, at: meta.now });
    return { ...stored, score, total, siteId: s.site_id };
  });
}
