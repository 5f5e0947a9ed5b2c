/**
 * A dry run of a cohort plan: the events it would book and every clash, without booking anything.
 *
 * @module
 */
import { NEXT_FREE_START_SEARCH_DAYS, type CohortPlanBody, type CohortPreview, type ScheduleClashRule } from '@kairos/api';
import { addDaysToIsoDate } from '@kairos/core';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { findClashes } from './internal/find-clashes.js';
import { planEvents } from './internal/plan-events.js';

/** Clashes a later start cannot solve: the plan itself names someone or something that cannot serve. */
const TIMELESS: readonly ScheduleClashRule[] = ['role-missing', 'role-not-held', 'inactive-resource'];

/** A dry run: the events the plan would book, every clash, and the next start free of clashes, without booking anything. */
export async function previewCohort(db: Db, actor: Actor, input: CohortPlanBody, meta: RequestMeta): Promise<CohortPreview> {
  return transact(db, async (tx) => {
    for (const m of input.members) await loadEnrollmentFor(tx, actor, m.enrollmentId, meta, 'schedule.preview');
    const planned = await planEvents(tx, input, meta.now);
    const clashes = await findClashes(tx, input.siteId, planned, [], meta.now);
    const solvable = clashes.length > 0 && clashes.every((c) => !TIMELESS.includes(c.rule));
    return {
      events: planned,
      clashes,
      nextFreeStart: clashes.length === 0 ? input.startDate : solvable ? await nextFreeStart(tx, input, meta.now) : null,
    };
  });
}

/**
 * The first start after the asked one, within NEXT_FREE_START_SEARCH_DAYS days, that the program
 * allows (a refused day jumps to core's next possible start) and where the same members, chairs,
 * rooms and staff clash with nothing.
 */
async function nextFreeStart(tx: Db, input: CohortPlanBody, now: Date): Promise<string | null> {
  const last = addDaysToIsoDate(input.startDate, NEXT_FREE_START_SEARCH_DAYS);
  let candidate: string | null = addDaysToIsoDate(input.startDate, 1);
  while (candidate !== null && candidate <= last) {
    let planned;
    try {
      planned = await planEvents(tx, { ...input, startDate: candidate }, now);
    } catch (e) {
      const next = e instanceof AppError ? (e.details as { nextStart?: string | null }).nextStart : undefined;
      if (next === undefined) throw e;
      candidate = next !== null && next > candidate ? next : null;
      continue;
    }
    if ((await findClashes(tx, input.siteId, planned, [], now)).length === 0) return candidate;
    candidate = addDaysToIsoDate(candidate, 1);
  }
  return null;
}
