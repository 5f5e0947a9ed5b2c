/**
 * The dated events of a cohort plan: core generates each member's program against the site's
 * calendar and protocol, and each event gets the member's chair (dosing) or room and staff.
 *
 * @module
 */
import type { CohortPlanBody, PlannedEvent } from '@kairos/api';
import { findProgramTemplate, generateSchedule, ScheduleError } from '@kairos/core';
import { AppError, notFound } from '../../../errors.js';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import type { Db } from '../../../store/database.js';

/** Generates the dated events of each member's program with their assignments. */
export async function planEvents(tx: Db, input: CohortPlanBody, now: Date): Promise<PlannedEvent[]> {
  const template = findProgramTemplate(input.programTemplate);
  if (template === undefined)
    throw new AppError('VALIDATION_FAILED', `body.programTemplate: unknown program "${input.programTemplate}"`, {
      issues: [{ field: 'body.programTemplate', message: 'unknown program' }],
    });
  const site = await tx.selectFrom('site').selectAll().where('id', '=', input.siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', input.siteId);
  const protocol = await protocolInForce(tx, input.siteId, now);
  let generated;
  try {
    generated = generateSchedule(
      template,
      input.startDate,
      { timeZone: site.time_zone, workingDays: site.working_days, closedDates: site.closed_dates },
      protocol.config,
    );
  } catch (err) {
    if (err instanceof ScheduleError) {
      throw new AppError('VALIDATION_FAILED', `body.startDate: ${err.message}`, {
        issues: [{ field: 'body.startDate', message: err.message }],
        nextStart: err.nextStart,
      });
    }
    throw err;
  }
  return input.members.flatMap((m) =>
    generated.events.map((e): PlannedEvent => ({
      enrollmentId: m.enrollmentId,
      kind: e.kind,
      title: e.title,
      day: e.day,
      date: e.date,
      startsAt: e.startAt,
      endsAt: e.endAt,
      chairId: e.kind === 'dosing' ? m.chairId : null,
      roomId: e.kind === 'dosing' ? null : m.roomId,
      roles: e.roles,
      staff: e.staffing.flatMap((w) => {
        const userId = m.staff[w.role];
        return userId === undefined ? [] : [{ userId, role: w.role, startsAt: w.startAt, endsAt: w.endAt }];
      }),
      infusion: e.infusion ?? null,
    })),
  );
}
