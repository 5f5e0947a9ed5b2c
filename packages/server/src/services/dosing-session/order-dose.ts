/**
 * Use case: a prescriber orders the dose; core computes it from the latest weight and the site
 * protocol.
 *
 * @module
 */
import { calculateDose, ivDoseRule, ruleRef, localDateOf } from '@kairos/core';
import type { DoseOrderBody, DosingSessionView } from '@kairos/api';
import { AppError } from '../../errors.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertSessionDuty } from '../credentials/duty-checks.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadForAct } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

/** A prescriber orders the dose: core computes it from the latest weight and the site protocol. */
export async function orderDose(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DoseOrderBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.dose-order');
    const protocol = await protocolInForce(tx, s.site_id, meta.now);
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
    // The latest weight measured by the time of the order.
    const weight = await tx
      .selectFrom('patient_vitals')
      .select(['weight_kg', 'measured_at'])
      .where('patient_id', '=', s.patient_id)
      .where('weight_kg', 'is not', null)
      .where('measured_at', '<=', meta.now)
      .orderBy('measured_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (weight === undefined)
      throw new AppError('UNPROCESSABLE', 'no weight on record: record the patient’s weight first', { code: 'WEIGHT_MISSING' });
    const result = calculateDose(
      {
        weightKg: Number(weight.weight_kg),
        mgPerKg: input.mgPerKg ?? Number(protocol.config.dosing.doseMgPerKg.value),
        minutes: input.minutes ?? Number(protocol.config.dosing.infusionMinutes.value),
        vialMgPerMl: input.vialMgPerMl,
        diluentMl: input.diluentMl,
        weightMeasuredOn: localDateOf(weight.measured_at, site.time_zone),
      },
      protocol.config,
      localDateOf(meta.now, site.time_zone),
    );
    if (!result.ok)
      throw new AppError('UNPROCESSABLE', `the dose is refused: ${result.refusal.message}`, {
        code: result.refusal.code,
        field: result.refusal.field,
      });
    // Whoever orders ketamine holds a prescriber licence and a DEA registration for the site's state today.
    await assertSessionDuty(
      tx,
      actor,
      s,
      { userId: actor.userId, duty: 'orderer', date: localDateOf(meta.now, site.time_zone) },
      meta,
      'session.dose-order',
    );
    await tx
      .insertInto('dose_order')
      .values({
        session_id: s.id,
        ordered_by: actor.userId,
        ordered_at: meta.now,
        calculation: JSON.stringify({ ...result.calculation, protocolVersion: protocol.version, ruleIds: [ruleRef(ivDoseRule)] }),
      })
      .execute();
    await auditSession(tx, actor, meta, 'session.dose-order', s, {
      doseMg: result.calculation.doseMg,
      rateMlPerHour: result.calculation.rateMlPerHour,
      protocolVersion: protocol.version,
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'dose-order', payload: { doubleChecked: false }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}
