/**
 * Use case: a prescriber orders the dose; core computes it from the latest weight and the site
 * protocol.
 *
 * @module
 */
import { calculateDose, calculateFixedDose, fixedDoseRule, ivDoseRule, routeEnabled, ruleRef, localDateOf } from '@kairos/core';
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

/** A refused dose: 422 with core's code and the body field it is about. */
const doseRefused = (refusal: { code: string; message: string; field?: string }) =>
  new AppError('UNPROCESSABLE', `the dose is refused: ${refusal.message}`, {
    code: refusal.code,
    ...(refusal.field === undefined ? {} : { field: `body.${refusal.field}` }),
  });

const routeRefused = (offered: readonly string[]) =>
  doseRefused({
    code: 'ROUTE_NOT_ENABLED',
    message: `the site does not offer the IV route (offered: ${offered.join(', ')})`,
    field: 'route',
  });

/**
 * A prescriber orders the dose: by IV, core computes it from the latest weight and the site
 * protocol; by intramuscular injection or oral/sublingual, the prescriber enters the mg and core
 * checks it (the site maximum mg/kg of the latest weight, the product). The session takes the
 * order's route.
 */
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
    const route = input.route ?? 'IV';
    const weightKg = Number(weight.weight_kg);
    const weightMeasuredOn = localDateOf(weight.measured_at, site.time_zone);
    const today = localDateOf(meta.now, site.time_zone);
    let calculation: Record<string, unknown>;
    if (route === 'IV') {
      // IV is offered unless the site's signed protocol leaves it out.
      if (!routeEnabled(protocol.config, 'IV')) throw routeRefused(protocol.config.dosing.routesEnabled.value);
      const result = calculateDose(
        {
          weightKg,
          mgPerKg: input.mgPerKg ?? Number(protocol.config.dosing.doseMgPerKg.value),
          minutes: input.minutes ?? Number(protocol.config.dosing.infusionMinutes.value),
          // (the contract requires both for an IV order)
          vialMgPerMl: input.vialMgPerMl ?? Number.NaN,
          diluentMl: input.diluentMl ?? Number.NaN,
          weightMeasuredOn,
        },
        protocol.config,
        today,
      );
      if (!result.ok) throw doseRefused(result.refusal);
      calculation = { route: 'IV', ...result.calculation, protocolVersion: protocol.version, ruleIds: [ruleRef(ivDoseRule)] };
    } else {
      const result = calculateFixedDose(
        {
          route,
          // (the contract requires the dose for these routes)
          doseMg: input.doseMg ?? Number.NaN,
          weightKg,
          weightMeasuredOn,
          ...(input.vialMgPerMl === undefined ? {} : { vialMgPerMl: input.vialMgPerMl }),
          ...(input.form === undefined ? {} : { form: input.form }),
          ...(input.strengthMg === undefined ? {} : { strengthMg: input.strengthMg }),
        },
        protocol.config,
        today,
      );
      if (!result.ok) throw doseRefused(result.refusal);
      calculation = { ...result.calculation, protocolVersion: protocol.version, ruleIds: [ruleRef(fixedDoseRule)] };
    }
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
        calculation: JSON.stringify(calculation),
      })
      .execute();
    // The session is given by the route of its latest order.
    if (s.route !== route) await tx.updateTable('dosing_session').set({ route, updated_at: meta.now }).where('id', '=', s.id).execute();
    await auditSession(tx, actor, meta, 'session.dose-order', s, {
      route,
      doseMg: calculation.doseMg,
      ...(route === 'IV' ? { rateMlPerHour: calculation.rateMlPerHour } : {}),
      protocolVersion: protocol.version,
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'dose-order', payload: { doubleChecked: false }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}
