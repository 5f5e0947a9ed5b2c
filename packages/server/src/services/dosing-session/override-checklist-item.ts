/**
 * Use case: a prescriber overrides a checklist hold (the day's high-risk C-SSRS; before a
 * maintenance session, a bladder symptom or the infusion count) with a reason, on the hold's words
 * as they read them: a hold whose words changed since is refused (409 HOLD_CHANGED). The session's
 * row lock orders an override and new checklist answers given at the same moment: new answers drop
 * an earlier review (update-checklist.ts), and a review of the earlier answers after them is refused.
 *
 * @module
 */
import type { DosingSessionView, SessionChecklistOverrideBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { type StoredChecklist, storedChecklist, auditSession, prescriberDecision, loadForAct } from './internal/session-guards.js';
import { checklistStatus } from './internal/session-facts.js';
import { sessionView } from './internal/session-view.js';

/** A prescriber overrides a checklist hold (the day's high-risk C-SSRS) with a reason. */
export async function overrideChecklistItem(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionChecklistOverrideBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.checklist-override');
    const protocol = await protocolInForce(tx, s.site_id, meta.now);
    const item = (await checklistStatus(tx, s, protocol, meta.now)).items.find((i) => i.id === input.item);
    if (item?.status !== 'hold')
      throw new AppError('CONFLICT', `there is no hold to override on this item (${item?.detail ?? input.item})`, {
        code: 'NOTHING_TO_OVERRIDE',
      });
    // The decision is on what the prescriber read: facts that changed since (answers given meanwhile) are read again first.
    if (item.detail.trim() !== input.heldFor)
      throw new AppError('CONFLICT', `the hold changed since it was read: it is now "${item.detail}"; read it again before deciding`, {
        code: 'HOLD_CHANGED',
        current: item.detail,
      });
    const by = await prescriberDecision(tx, actor, s, meta, {
      purpose: 'checklist.override',
      code: 'OVERRIDE_NEEDS_PRESCRIBER',
      message: 'only a prescriber overrides a checklist hold',
      stepUpToken: input.stepUpToken,
    });
    const c = storedChecklist(s);
    const merged: StoredChecklist = {
      ...c,
      overrides: { ...(c.overrides ?? {}), [input.item]: { reason: input.reason, by: by.userId, at: meta.now.toISOString() } },
    };
    await tx
      .updateTable('dosing_session')
      .set({ checklist: JSON.stringify(merged), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, by, meta, 'session.checklist-override', s, {
      item: input.item,
      reason: input.reason,
      detail: item.detail,
      recordedBy: actor.userId,
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'checklist', payload: { fields: ['overrides'] }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}
