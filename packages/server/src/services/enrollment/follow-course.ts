/**
 * The enrollment follows its course by itself (protocol-defaults.md, enrollment states): core's
 * `enrollmentCourseRule` says which automatic step is due given the enrollment's state, its
 * program events with their dosing sessions, its measurement schedule and the time; this applies
 * it. Each step is a transition by no user that names the rule and the protocol version it ran
 * under (`enrollment_transition.rule_ref`, `protocol_version`), with the reason in plain words
 * and local times, and an audit event by the system. The enrollment row is locked first, so a
 * session started twice, a sweep run twice or both at once record each step once; only core's
 * forward steps are taken, so a withdrawn, completed or already later enrollment never moves back.
 *
 * @module
 */
import {
  checkEnrollmentStep,
  dueEnrollmentStep,
  enrollmentCourseRule,
  localDateOf,
  localDateTimeOf,
  ruleRef,
  type CourseEvent,
  type DueEnrollmentStep,
} from '@kairos/core';
import { audit } from '../audit.js';
import { SYSTEM, type RequestMeta } from '../context.js';
import { enrollmentCourse } from '../measurement-tasks/internal/enrollment-course.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Db } from '../../store/database.js';

/** At most this many steps at once (scheduled -> in treatment -> follow-up -> completed): not clinical, a loop bound. */
const MAX_STEPS = 3;

function reasonOf(due: DueEnrollmentStep, timeZone: string): string {
  const when = (at: string) => {
    const l = localDateTimeOf(at, timeZone);
    return `${l.time} on ${l.date}`;
  };
  switch (due.basis) {
    case 'first-infusion-started':
      return `Followed the course: the first dosing session started at ${when(due.at)}`;
    case 'last-event-over':
      return `Followed the course: the last program event was over at ${when(due.at)}`;
    case 'follow-up-window-closed':
      return `Followed the course: the last follow-up window closed on ${due.closedOn}`;
  }
}

async function courseEvents(tx: Db, enrollmentId: string): Promise<CourseEvent[]> {
  const rows = await tx
    .selectFrom('scheduled_event as ev')
    .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
    .leftJoin('dosing_session as d', 'd.event_id', 'ev.id')
    .select([
      'ev.ends_at',
      'ev.state',
      'c.state as cohort_state',
      'd.id as session_id',
      'd.state as session_state',
      'd.infusion_started_at',
    ])
    .where('ev.enrollment_id', '=', enrollmentId)
    .execute();
  return rows.map((r) => ({
    endAt: r.ends_at.toISOString(),
    cancelled: r.state === 'cancelled' || r.cohort_state === 'cancelled',
    session:
      r.session_id === null
        ? null
        : {
            infusionStartedAt: r.infusion_started_at?.toISOString() ?? null,
            finished: r.session_state === 'discharged' || r.session_state === 'aborted',
          },
  }));
}

/**
 * Takes every automatic step now due for the enrollment, inside the caller's transaction; returns
 * the steps taken (none when nothing is due).
 */
export async function followCourse(
  tx: Db,
  enrollmentId: string,
  meta: Pick<RequestMeta, 'now'> & Partial<RequestMeta>,
): Promise<DueEnrollmentStep[]> {
  const taken: DueEnrollmentStep[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const e = await tx
      .selectFrom('enrollment as e')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .select(['e.id', 'e.state', 'e.patient_id', 'e.site_id', 's.time_zone'])
      .where('e.id', '=', enrollmentId)
      .forUpdate('e')
      .executeTakeFirst();
    if (e === undefined || !['scheduled', 'in-treatment', 'follow-up'].includes(e.state)) break;
    const course = await enrollmentCourse(tx, e.id, meta.now);
    const protocol = await protocolInForce(tx, e.site_id, meta.now);
    const due = dueEnrollmentStep(
      { state: e.state, events: await courseEvents(tx, e.id), measures: course?.measures ?? [] },
      meta.now.toISOString(),
      localDateOf(meta.now, e.time_zone),
      protocol.config.outcomes,
    );
    if (due === null || checkEnrollmentStep(e.state, due.to, undefined).outcome !== 'allowed') break;
    const reason = reasonOf(due, e.time_zone);
    const rule = ruleRef(enrollmentCourseRule);
    await tx
      .updateTable('enrollment')
      .set({ state: due.to, updated_at: meta.now })
      .where('id', '=', e.id)
      .where('state', '=', e.state)
      .execute();
    await tx
      .insertInto('enrollment_transition')
      .values({
        enrollment_id: e.id,
        from_state: e.state,
        to_state: due.to,
        at: meta.now,
        actor_id: null,
        reason,
        rule_ref: rule,
        protocol_version: protocol.version,
      })
      .execute();
    await audit(
      tx,
      { actor: SYSTEM, requestId: meta.requestId ?? null, clientAddress: meta.clientAddress ?? null, now: meta.now },
      {
        action: 'enrollment.transition',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { from: e.state, to: due.to, reason, rule, protocolVersion: protocol.version, automatic: true },
      },
    );
    taken.push(due);
  }
  return taken;
}
