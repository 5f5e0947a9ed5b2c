/**
 * A staff user's transition of an enrollment (the decision's steps aside); entering screening
 * assesses what is already known.
 *
 * @module
 */
import type { Enrollment, EnrollmentTransitionBody } from '@kairos/api';
import { recomputeScreening } from '../screening/run-screening.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { enrollmentView } from './enrollment-view.js';
import { loadEnrollmentFor } from './load-enrollment.js';
import { moveEnrollment } from './move-enrollment.js';

export async function transitionEnrollment(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: EnrollmentTransitionBody,
  meta: RequestMeta,
): Promise<Enrollment> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'enrollment.transition');
    await moveEnrollment(tx, actor, e, input.to, input.reason, meta);
    // Entering screening assesses what is already known, so the page shows what is missing.
    if (input.to === 'screening') await recomputeScreening(tx, e, actor, meta);
    return enrollmentView(tx, enrollmentId);
  });
}
