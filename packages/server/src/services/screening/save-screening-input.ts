/**
 * Saves the screening form of an active enrollment and re-runs its screening (holding a cleared
 * enrollment that got worse).
 *
 * @module
 */
import type { ScreeningInput, ScreeningView } from '@kairos/api';
import { AppError } from '../../errors.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { holdIfWorse } from './hold-if-worse.js';
import { recomputeScreening } from './run-screening.js';
import { ACTIVE_STATES, CLEARED_STATES } from './screening-internal.js';
import { screeningView } from './screening-view.js';

export async function saveScreeningInput(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningInput,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.record');
    if (!ACTIVE_STATES.includes(e.state))
      throw new AppError('INVALID_TRANSITION', `screening facts are recorded while the enrollment is active (it is ${e.state})`, {
        current: e.state,
        allowed: [],
      });
    await tx
      .insertInto('screening_input')
      .values({ enrollment_id: e.id, data: JSON.stringify(input), updated_at: meta.now, updated_by: actor.userId })
      .onConflict((oc) =>
        oc.column('enrollment_id').doUpdateSet({ data: JSON.stringify(input), updated_at: meta.now, updated_by: actor.userId }),
      )
      .execute();
    const assessment = await recomputeScreening(tx, e, actor, meta);
    if (CLEARED_STATES.includes(e.state)) await holdIfWorse(tx, e, assessment, actor, meta);
    return screeningView(tx, enrollmentId);
  });
}
