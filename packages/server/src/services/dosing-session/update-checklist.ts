/**
 * Use case: record the facts of the pre-dose checklist (fasting, benzodiazepine, stimulant,
 * pregnancy test, escort, intention, premedication none), before the infusion.
 *
 * @module
 */
import type { DosingSessionView, SessionChecklistBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { type StoredChecklist, storedChecklist, auditSession, assertNotFuture, loadForAct } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';
import { isMaintenanceSession } from './internal/session-facts.js';

export async function updateChecklist(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionChecklistBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.checklist');
    if (input.intention !== undefined && !actor.roles.includes('therapist') && !actor.roles.includes('medical-director'))
      throw new AppError('FORBIDDEN', 'the intention is set by the therapist');
    // A fact's time is when it happened: never ahead of now.
    if (input.fasting) {
      assertNotFuture(input.fasting.lastSolidsAt, 'body.fasting.lastSolidsAt', meta.now);
      assertNotFuture(input.fasting.lastClearLiquidsAt, 'body.fasting.lastClearLiquidsAt', meta.now);
    }
    if (input.benzodiazepineLastDoseAt !== undefined)
      assertNotFuture(input.benzodiazepineLastDoseAt, 'body.benzodiazepineLastDoseAt', meta.now);
    if (input.pregnancyTest !== undefined) assertNotFuture(input.pregnancyTest.at, 'body.pregnancyTest.at', meta.now);
    const stored = storedChecklist(s);
    if (input.bladderSymptoms !== undefined && !(await isMaintenanceSession(tx, s.enrollment_id)))
      throw new AppError('VALIDATION_FAILED', 'body.bladderSymptoms: the bladder questions are asked before a maintenance session only', {
        issues: [{ field: 'body.bladderSymptoms', message: 'not a maintenance session' }],
      });
    // New bladder answers are judged afresh: a prescriber's review of the earlier ones no longer stands.
    const { 'bladder-symptoms': _reviewed, ...otherOverrides } = stored.overrides ?? {};
    const merged: StoredChecklist = {
      ...stored,
      ...input,
      ...(input.bladderSymptoms !== undefined && stored.overrides !== undefined ? { overrides: otherOverrides } : {}),
    };
    await tx
      .updateTable('dosing_session')
      .set({ checklist: JSON.stringify(merged), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.checklist', s, { fields: Object.keys(input).sort() });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'checklist',
      payload: { fields: Object.keys(input).sort() },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
