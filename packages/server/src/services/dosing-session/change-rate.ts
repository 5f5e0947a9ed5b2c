/**
 * Use case: change the pump rate, within the protocol's tolerance or by a prescriber through
 * step-up.
 *
 * @module
 */
import { checkRateChange } from '@kairos/core';
import { ivCalculation, type DosingSessionView, type SessionRateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { parameterRefs } from '../protocol/parameter-refs.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, prescriberDecision, loadForAct } from './internal/session-guards.js';
import { calculationOf } from './internal/session-rows.js';
import { latestOrder } from './internal/session-facts.js';
import { sessionView } from './internal/session-view.js';

/**
 * Changes the pump rate: within `dosing.rateChangeTolerancePercent` of the ordered rate any
 * licensed user with a reason; beyond it a prescriber through step-up (always a proof, even on
 * the prescriber's own screen), with a reason.
 */
export async function changeRate(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionRateBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.rate');
    const order = await latestOrder(tx, s.id);
    if (order === undefined) throw new AppError('CONFLICT', 'there is no dose order for this infusion');
    const protocol = await protocolForSession(tx, s, meta.now);
    const iv = ivCalculation(calculationOf(order));
    if (iv === undefined) throw new AppError('CONFLICT', 'this dose is not given by infusion: there is no pump rate to change');
    const ordered = Number(iv.rateMlPerHour);
    const check = checkRateChange(ordered, input.rateMlPerHour, Number(protocol.config.dosing.rateChangeTolerancePercent.value));
    let approvedBy: Actor | undefined;
    if (!check.withinTolerance) {
      approvedBy = await prescriberDecision(tx, actor, s, meta, {
        purpose: 'rate.change',
        code: 'RATE_NEEDS_PRESCRIBER',
        message: `${input.rateMlPerHour} mL/h is ${Math.abs(check.deviationPercent)}% from the ordered ${ordered} mL/h: beyond ${check.tolerancePercent}% only a prescriber changes the rate, through step-up`,
        stepUpToken: input.stepUpToken,
        alwaysStepUp: true,
        details: {
          orderedRateMlPerHour: ordered,
          tolerancePercent: check.tolerancePercent,
          deviationPercent: check.deviationPercent,
          protocolVersion: protocol.version,
          parameters: parameterRefs(protocol.config, [check.parameter]),
        },
      });
    }
    const details = {
      orderedRateMlPerHour: ordered,
      deviationPercent: check.deviationPercent,
      withinTolerance: check.withinTolerance,
      ...(approvedBy !== undefined ? { approvedBy: approvedBy.userId } : {}),
    };
    await tx
      .insertInto('infusion_event')
      .values({
        session_id: s.id,
        kind: 'rate',
        at: meta.now,
        actor_id: actor.userId,
        rate_ml_per_hour: input.rateMlPerHour,
        reason: input.reason,
        details: JSON.stringify(details),
      })
      .execute();
    await auditSession(tx, approvedBy ?? actor, meta, 'session.rate', s, {
      rateMlPerHour: input.rateMlPerHour,
      reason: input.reason,
      ...details,
      protocolVersion: protocol.version,
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'infusion-rate',
      payload: { rateMlPerHour: input.rateMlPerHour },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
