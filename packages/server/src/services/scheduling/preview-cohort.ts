/**
 * A dry run of a cohort plan: the events it would book and every clash, without booking anything.
 *
 * @module
 */
import type { CohortPlanBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { findClashes } from './internal/find-clashes.js';
import { planEvents } from './internal/plan-events.js';

/** A dry run: the events the plan would book and every clash, without booking anything. */
export async function previewCohort(db: Db, actor: Actor, input: CohortPlanBody, meta: RequestMeta) {
  return transact(db, async (tx) => {
    for (const m of input.members) await loadEnrollmentFor(tx, actor, m.enrollmentId, meta, 'schedule.preview');
    const planned = await planEvents(tx, input, meta.now);
    return { events: planned, clashes: await findClashes(tx, input.siteId, planned, [], meta.now) };
  });
}
