import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  CalendarFeedParamsSchema,
  CalendarFeedSchema,
  CohortBookedSchema,
  CohortPlanBodySchema,
  CohortPreviewSchema,
  EventRescheduleBodySchema,
  EventRescheduledSchema,
  NoContent,
  ScheduleCancelBodySchema,
  ScheduleEventListSchema,
  ScheduleIdParamsSchema,
  ScheduleQuerySchema,
} from '@kairos/api';
import { AppError } from '../../errors.js';
import { createCalendarFeed } from '../../services/accounts/create-calendar-feed.js';
import { renderCalendarFeed } from '../../services/accounts/render-calendar-feed.js';
import { revokeCalendarFeed } from '../../services/accounts/revoke-calendar-feed.js';
import { bookCohort } from '../../services/scheduling/book-cohort.js';
import { cancelCohort } from '../../services/scheduling/cancel-cohort.js';
import { cancelEvent } from '../../services/scheduling/cancel-event.js';
import { previewCohort } from '../../services/scheduling/preview-cohort.js';
import { readPatientSchedule } from '../../services/scheduling/read-patient-schedule.js';
import { readSchedule } from '../../services/scheduling/read-schedule.js';
import { rescheduleEvent } from '../../services/scheduling/reschedule-event.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Cohorts, events, the schedule views and calendar feeds. */
export const scheduleRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['schedule'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;
  const manage = { action: 'schedule.manage' as const };

  app.post(
    '/api/cohorts/preview',
    route(
      { ...manage, site: { in: 'body', key: 'siteId', scope: 'patient-data' } },
      'Dry run: the events a plan would book and every clash',
      {
        body: CohortPlanBodySchema,
        response: { 200: CohortPreviewSchema },
      },
    ),
    async (req) => previewCohort(db(), signInOf(req).actor, req.body, requestMeta(req)),
  );
  app.post(
    '/api/cohorts',
    route(
      { ...manage, site: { in: 'body', key: 'siteId', scope: 'patient-data' } },
      'Book a cohort: every event, or a 409 listing the clashes',
      {
        body: CohortPlanBodySchema,
        response: { 201: CohortBookedSchema },
      },
    ),
    async (req, reply) => reply.status(201).send(await bookCohort(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.post(
    '/api/cohorts/:id/cancel',
    route(manage, 'Cancel a cohort (its enrollments go back to eligible)', {
      params: ScheduleIdParamsSchema,
      body: ScheduleCancelBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await cancelCohort(db(), signInOf(req).actor, req.params.id, req.body.reason, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.patch(
    '/api/events/:id',
    route(manage, 'Reschedule an event (time, chair, room or staff) with a reason', {
      params: ScheduleIdParamsSchema,
      body: EventRescheduleBodySchema,
      response: { 200: EventRescheduledSchema },
    }),
    async (req) => rescheduleEvent(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/events/:id/cancel',
    route(manage, 'Cancel one event with a reason', {
      params: ScheduleIdParamsSchema,
      body: ScheduleCancelBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await cancelEvent(db(), signInOf(req).actor, req.params.id, req.body.reason, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/schedule',
    route(
      { action: 'schedule.read', site: { in: 'query', key: 'siteId', scope: 'patient-data' } },
      'Events of a site between two instants (optionally one staff member’s)',
      {
        querystring: ScheduleQuerySchema,
        response: { 200: ScheduleEventListSchema },
      },
    ),
    async (req) => {
      const { actor } = signInOf(req);
      const meta = requestMeta(req);
      if (new Date(req.query.to).getTime() - new Date(req.query.from).getTime() > 62 * 86_400_000)
        throw new AppError('VALIDATION_FAILED', 'querystring.to: at most 62 days after from', {
          issues: [{ field: 'querystring.to', message: 'at most 62 days after from' }],
        });
      const items = await readSchedule(
        db(),
        actor,
        { siteId: req.query.siteId, from: req.query.from, to: req.query.to, ...(req.query.userId ? { userId: req.query.userId } : {}) },
        meta,
      );
      return { items };
    },
  );
  app.get(
    '/api/patients/:id/schedule',
    route('patients.read', 'A patient’s scheduled events', { params: ScheduleIdParamsSchema, response: { 200: ScheduleEventListSchema } }),
    async (req) => ({ items: await readPatientSchedule(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );

  app.post(
    '/api/me/calendar-feed',
    route('signed-in', 'A new secret calendar feed URL (revokes the earlier one)', { response: { 201: CalendarFeedSchema } }),
    async (req, reply) => reply.status(201).send(await createCalendarFeed(db(), signInOf(req).actor, requestMeta(req))),
  );
  app.delete(
    '/api/me/calendar-feed',
    route('signed-in', 'Revoke my calendar feed', { response: { 204: NoContent } }),
    async (req, reply) => {
      await revokeCalendarFeed(db(), signInOf(req).actor, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/calendar/:token',
    route({ action: 'public', raw: 'text/calendar' }, 'iCalendar feed (secret URL; initials and event kinds only)', {
      params: CalendarFeedParamsSchema,
    }),
    async (req, reply) => {
      const ics = await renderCalendarFeed(db(), req.params.token.replace(/\.ics$/, ''), requestMeta(req));
      if (ics === undefined) throw new AppError('NOT_FOUND', 'no such calendar feed (it may have been revoked)');
      return reply.type('text/calendar; charset=utf-8').send(ics);
    },
  );
};
