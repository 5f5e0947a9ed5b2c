/**
 * Use case: move a dosing session one step (check in, begin pre-dose, start, pause, resume, stop,
 * discharge, abort), checking core's state machine (`SESSION_STEPS`) and the step's conditions: the
 * signed protocol, the pre-dose checklist, the double-checked order and the per-runner limit at the
 * start; who may resume after a pause; discharge readiness or a prescriber's override.
 *
 * @module
 */
import {
  DOSING_ROUTE_LABELS,
  allowedStepsForRoute,
  dischargeReadinessRule,
  isInfusionRoute,
  routeEnabled,
  ruleRef,
  stepForRoute,
} from '@kairos/core';
import { ivCalculation, type DosingSessionStepBody, type DosingSessionView } from '@kairos/api';
import { sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { SessionState } from '../../store/schema.js';
import { assertSessionDuty, siteDate } from '../credentials/duty-checks.js';
import { followCourse } from '../enrollment/follow-course.js';
import { dosingCheckIn } from '../protocol/dosing-check.js';
import { parameterRefs } from '../protocol/parameter-refs.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Mode } from '../../config.js';
import type { Db } from '../../store/database.js';
import { auditSession, refusal, prescriberDecision, loadFor } from './internal/session-guards.js';
import { calculationOf } from './internal/session-rows.js';
import { checklistStatus, unmetItems, latestOrder, pauseStatus, dischargeReadiness } from './internal/session-facts.js';
import { sessionView } from './internal/session-view.js';

/** Namespace of the per-user advisory lock taken when an infusion starts (the second key is the user id's hash). */
const RUNNER_LOCK_NAMESPACE = 7_262_002;

/**
 * The per-runner limit, checked again when an infusion starts (booking checked it against the
 * plan; the person starting may not be the one booked): the infusions this user is running now at
 * this site (sessions infusing or paused whose start event is theirs) plus this one must not
 * exceed the site protocol's `scheduling.infusionsPerNurse`. A per-user advisory lock, held until
 * commit, makes two starts by one user at once count each other.
 */
async function assertInfusionCapacity(tx: Db, actor: Actor, s: { id: string; site_id: string }, limit: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${RUNNER_LOCK_NAMESPACE}, hashtext(${actor.userId}))`.execute(tx);
  const running = await tx
    .selectFrom('dosing_session as d')
    .innerJoin('infusion_event as e', (j) => j.onRef('e.session_id', '=', 'd.id').on('e.kind', '=', 'start'))
    .innerJoin('scheduled_event as ev', 'ev.id', 'd.event_id')
    .leftJoin('chair as c', 'c.id', 'ev.chair_id')
    .select(['d.id', 'c.name as chair'])
    .distinct()
    .where('d.site_id', '=', s.site_id)
    .where('d.state', 'in', ['infusing', 'paused'])
    .where('e.actor_id', '=', actor.userId)
    .where('d.id', '!=', s.id)
    .orderBy('d.id')
    .execute();
  if (running.length + 1 <= limit) return;
  const where = running.map((r) => r.chair ?? 'no chair').join(', ');
  throw new AppError(
    'CONFLICT',
    `you are already running ${running.length} infusion${running.length === 1 ? '' : 's'} at this site (${where}); the site protocol allows ${limit} at once per nurse (scheduling.infusionsPerNurse): stop that infusion first, or have another licensed colleague start this one`,
    { code: 'INFUSION_LIMIT', limit, running: running.map((r) => ({ sessionId: r.id, chair: r.chair })) },
  );
}

/** The latest pause-level reading while infusing since the infusion last started or resumed: its measured time, or undefined. */
async function pauseLevelReadingSince(tx: Db, sessionId: string): Promise<string | undefined> {
  const run = await tx
    .selectFrom('infusion_event')
    .select('at')
    .where('session_id', '=', sessionId)
    .where('kind', 'in', ['start', 'resume'])
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (run === undefined) return undefined;
  const alerts = await tx
    .selectFrom('session_alert')
    .select('details')
    .where('session_id', '=', sessionId)
    .where('kind', '=', 'vitals:infusing')
    .where('level', '=', 'pause')
    .execute();
  const times = alerts
    .map((a) => (a.details as { measuredAt?: string }).measuredAt)
    .filter((t): t is string => t !== undefined && Date.parse(t) >= run.at.getTime());
  return times.sort().at(-1);
}

/** Moves a session one step, checking the step is allowed from its state and its conditions hold. */
export async function stepSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DosingSessionStepBody,
  meta: RequestMeta,
  mode: Mode,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.step');
    const step = stepForRoute(input.step, s.route);
    if (step === null)
      throw new AppError(
        'INVALID_TRANSITION',
        `this dose is given by ${DOSING_ROUTE_LABELS[s.route].toLowerCase()}: there is no infusion to ${input.step}`,
        {
          current: s.state,
          allowed: allowedStepsForRoute(s.state, s.route),
        },
      );
    if (!(step.from as readonly string[]).includes(s.state)) {
      throw new AppError('INVALID_TRANSITION', `a session that is ${s.state} cannot ${input.step}`, {
        current: s.state,
        allowed: allowedStepsForRoute(s.state, s.route),
      });
    }
    const reason = input.reason?.trim();
    if (step.reason && (reason === undefined || reason === ''))
      throw new AppError('VALIDATION_FAILED', `body.reason: a reason is required to ${input.step}`, {
        issues: [{ field: 'body.reason', message: 'required' }],
      });
    const set: Partial<{
      state: SessionState;
      protocol_version: number;
      infusion_started_at: Date;
      infusion_ended_at: Date;
      pause_recommended: boolean;
    }> = { state: step.to };
    let dischargeDecision: Record<string, unknown> | undefined;
    if (input.step === 'start') {
      const check = await dosingCheckIn(tx, s.site_id, mode, meta.now);
      if (!check.allowed)
        throw refusal(actor, meta, s, 'session.start', 'CONFLICT', `the infusion cannot start: ${check.message}`, {
          code: 'PROTOCOL_NOT_SIGNED',
          version: check.version,
        });
      const protocol = await protocolInForce(tx, s.site_id, meta.now);
      const list = await checklistStatus(tx, s, protocol, meta.now);
      if (!list.complete) {
        const unmet = unmetItems(list.items, protocol);
        throw refusal(
          actor,
          meta,
          s,
          'session.start',
          'CONFLICT',
          `the pre-dose checklist is not complete: ${unmet.map((i) => i.detail).join('; ')}`,
          { code: 'CHECKLIST_INCOMPLETE', protocolVersion: protocol.version, unmet },
          { protocolVersion: protocol.version, unmet: unmet.map((i) => i.id) },
        );
      }
      const order = await latestOrder(tx, s.id);
      const infusion = isInfusionRoute(s.route);
      const act = infusion ? 'the infusion cannot start' : 'the dose cannot be given';
      if (order === undefined) throw new AppError('CONFLICT', `${act} without a dose order`);
      if (protocol.config.dosing.independentDoubleCheckRequired.value === true && order.double_checked_by === null)
        throw new AppError('CONFLICT', 'the dose has not been double-checked by a second licensed user');
      // A route the signed protocol no longer offers (changed since the order) is not given.
      if (!routeEnabled(protocol.config, s.route))
        throw refusal(
          actor,
          meta,
          s,
          'session.start',
          'CONFLICT',
          `${act}: the site's protocol no longer offers the ${DOSING_ROUTE_LABELS[s.route].toLowerCase()} route; order the dose again`,
          { code: 'ROUTE_NOT_ENABLED', protocolVersion: protocol.version },
          { protocolVersion: protocol.version, route: s.route },
        );
      // The per-nurse limit counts infusions running at once; an injection or a sublingual dose is given in a moment.
      if (infusion) await assertInfusionCapacity(tx, actor, s, Number(protocol.config.scheduling.infusionsPerNurse.value));
      // Whoever starts the infusion runs it: a current nursing or prescriber licence and ACLS today.
      await assertSessionDuty(
        tx,
        actor,
        s,
        { userId: actor.userId, duty: 'iv-runner', date: await siteDate(tx, s.site_id, meta.now) },
        meta,
        'session.start',
      );
      set.protocol_version = protocol.version;
      set.infusion_started_at = meta.now;
      const iv = ivCalculation(calculationOf(order));
      if (iv === undefined) {
        // Given at once: the administration is both the start and the end the observation counts from.
        set.infusion_ended_at = meta.now;
      } else
        await tx
          .insertInto('infusion_event')
          .values({ session_id: s.id, kind: 'start', at: meta.now, actor_id: actor.userId, rate_ml_per_hour: Number(iv.rateMlPerHour) })
          .execute();
    }
    if (input.step === 'pause') {
      // A pause for vital signs (recommended, or after a pause-level reading) is resumed by a nurse only once the vitals are back.
      const vitalSign = s.pause_recommended || (await pauseLevelReadingSince(tx, s.id)) !== undefined;
      await tx
        .insertInto('infusion_event')
        .values({
          session_id: s.id,
          kind: 'pause',
          at: meta.now,
          actor_id: actor.userId,
          reason: reason ?? null,
          details: JSON.stringify({ vitalSign }),
        })
        .execute();
      set.pause_recommended = false;
    }
    if (input.step === 'resume') {
      const protocol = await protocolForSession(tx, s, meta.now);
      const pause = await pauseStatus(tx, s.id, protocol, meta.now);
      let approvedBy: Actor | undefined;
      if (pause !== null && !pause.resumeOpenToNurse) {
        approvedBy = await prescriberDecision(tx, actor, s, meta, {
          purpose: 'pause.resume',
          code: 'RESUME_NEEDS_PRESCRIBER',
          message: `resuming after this pause needs a prescriber: ${pause.why}`,
          stepUpToken: input.stepUpToken,
          details: {
            protocolVersion: protocol.version,
            parameters: parameterRefs(protocol.config, ['vitals.inSession.warn.systolicAtLeast', 'vitals.inSession.warn.systolicBelow']),
          },
        });
        if (reason === undefined || reason.length < 3)
          throw new AppError('VALIDATION_FAILED', 'body.reason: a prescriber resuming after a vital-sign pause gives a reason', {
            issues: [{ field: 'body.reason', message: 'required' }],
          });
      }
      await tx
        .insertInto('infusion_event')
        .values({
          session_id: s.id,
          kind: 'resume',
          at: meta.now,
          actor_id: actor.userId,
          reason: reason ?? null,
          details: JSON.stringify(approvedBy === undefined ? {} : { approvedBy: approvedBy.userId }),
        })
        .execute();
    }
    if (input.step === 'stop') {
      set.infusion_ended_at = meta.now;
      set.pause_recommended = false;
      await tx.insertInto('infusion_event').values({ session_id: s.id, kind: 'stop', at: meta.now, actor_id: actor.userId }).execute();
    }
    if (input.step === 'discharge') {
      const protocol = await protocolForSession(tx, s, meta.now);
      // (the escort confirmed at discharge is a readiness condition)
      const started = s.infusion_started_at;
      // (an observing session has started; the check stays for a record that says otherwise)
      const readiness =
        started === null
          ? { ready: false, unmet: [{ id: 'infusion', message: 'the infusion has not started' }], conditions: [] }
          : await dischargeReadiness(tx, { ...s, infusion_started_at: started }, protocol, meta.now);
      const decision = {
        protocolVersion: protocol.version,
        rule: ruleRef(dischargeReadinessRule),
        unmet: readiness.unmet.map((u) => u.id),
      };
      if (!readiness.ready) {
        if (input.override === undefined) {
          const unmet = readiness.unmet.map((u) => ({
            ...u,
            parameters: parameterRefs(protocol.config, 'parameters' in u ? (u.parameters ?? []) : []),
          }));
          throw refusal(
            actor,
            meta,
            s,
            'session.discharge',
            'CONFLICT',
            `not ready for discharge: ${readiness.unmet.map((u) => u.message).join('; ')}`,
            { code: 'NOT_READY_FOR_DISCHARGE', protocolVersion: protocol.version, rule: decision.rule, unmet },
            decision,
          );
        }
        const signer = await consumeStepUp(tx, actor, input.override.stepUpToken, { purpose: 'discharge.override' }, meta);
        if (!signer.roles.some((r) => r === 'prescriber' || r === 'medical-director'))
          throw new AppError('FORBIDDEN', 'discharge by override is a prescriber’s decision');
        await auditSession(tx, signer, meta, 'session.discharge-override', s, { reason: input.override.reason, ...decision });
      }
      dischargeDecision = decision;
    }
    await tx
      .updateTable('dosing_session')
      .set({ ...set, updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    // Its alerts close with the session: kept in its record, no longer open on any board.
    if (step.to === 'discharged' || step.to === 'aborted')
      await tx
        .updateTable('session_alert')
        .set({ closed_at: meta.now })
        .where('session_id', '=', s.id)
        .where('closed_at', 'is', null)
        .execute();
    await tx
      .insertInto('session_transition')
      .values({
        session_id: s.id,
        from_state: s.state,
        to_state: step.to,
        at: meta.now,
        actor_id: actor.userId,
        reason: reason ?? input.override?.reason ?? null,
      })
      .execute();
    await auditSession(tx, actor, meta, `session.${input.step}`, s, {
      from: s.state,
      to: step.to,
      ...(reason ? { reason } : {}),
      ...(set.protocol_version !== undefined ? { protocolVersion: set.protocol_version } : {}),
      ...(dischargeDecision ?? {}),
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'session-state',
      payload: { from: s.state, to: step.to },
      at: meta.now,
    });
    // The enrollment follows the course (protocol-defaults.md, enrollment states): in treatment
    // from the first infusion's start; follow-up when this was the course's last program event.
    if (input.step === 'start' || input.step === 'discharge' || input.step === 'abort') await followCourse(tx, s.enrollment_id, meta);
    return sessionView(tx, s.id, meta.now);
  });
}
