/**
 * Scheduling: cohort plans (preview and booking), moving and cancelling events, the site's and a
 * patient's schedule, and the personal calendar feed (the feed itself answers iCalendar, not JSON).
 *
 * Core exports the types of a program's event kinds, roles and planned infusion
 * (`ProgramEventKind`, `ProgramRole`, `PlannedInfusion`) but not their values: the lists here
 * `satisfies` core's types and are the one spelling of those values in the API, the server and
 * the web.
 *
 * @module
 */
import type { PlannedInfusion, ProgramEventKind, ProgramRole } from '@kairos/core';
import { z } from 'zod';
import { CredentialOverrideSchema, SessionDutySchema } from './credentials.js';
import { IdParams, IsoInstant, itemsOf, Reason } from './common.js';

// ---- the words of the schedule ----

/** The kinds of program event, in the order of a program's day. */
export const PROGRAM_EVENT_KINDS = [
  'assessment',
  'preparation',
  'intention',
  'dosing',
  'integration',
  'review',
] as const satisfies readonly ProgramEventKind[];
export const ProgramEventKindSchema = z.enum(PROGRAM_EVENT_KINDS);

/** The staff roles an event names (`licensed-iv-runner`: any licensed user who may run an IV). */
export const PROGRAM_ROLES = ['licensed-iv-runner', 'therapist', 'prescriber'] as const satisfies readonly ProgramRole[];
export const ProgramRoleSchema = z.enum(PROGRAM_ROLES);

/** A booked event: scheduled, or cancelled (with a reason). */
export const SCHEDULED_EVENT_STATES = ['scheduled', 'cancelled'] as const;
export const ScheduledEventStateSchema = z.enum(SCHEDULED_EVENT_STATES);
export type ScheduledEventState = z.infer<typeof ScheduledEventStateSchema>;

/** The rules a plan or a change can break (a preview lists them; a booking or a move is a 409 naming them). */
export const SCHEDULE_CLASH_RULES = [
  'chair-double-booked',
  'room-double-booked',
  'staff-double-booked',
  'infusions-per-runner',
  'role-missing',
  'role-not-held',
  'closed-day',
  'inactive-resource',
  // A dosing event's IV runner, prescriber or therapist whose credentials lapse by its date (issue 28).
  'credential-lapsed',
] as const;
export const ScheduleClashRuleSchema = z.enum(SCHEDULE_CLASH_RULES);
export type ScheduleClashRule = z.infer<typeof ScheduleClashRuleSchema>;

// ---- requests ----

/** Who holds each role of a member's events (a role left out is left empty, and the plan clashes where an event needs it). */
export const ScheduleStaffChoiceSchema = z.strictObject({
  'licensed-iv-runner': z.uuid().optional(),
  therapist: z.uuid().optional(),
  prescriber: z.uuid().optional(),
} satisfies Record<ProgramRole, z.ZodType>);
export type ScheduleStaffChoice = z.infer<typeof ScheduleStaffChoiceSchema>;

/** One member of a cohort: the enrollment, the chair of the dosing sessions, the room of the other events, the staff. */
export const CohortMemberPlanSchema = z.strictObject({
  enrollmentId: z.uuid(),
  chairId: z.uuid(),
  roomId: z.uuid(),
  staff: ScheduleStaffChoiceSchema,
});
export type CohortMemberPlan = z.infer<typeof CohortMemberPlanSchema>;

/** `POST /api/cohorts/preview` and `POST /api/cohorts`: a program started on a date for up to 12 members. */
export const CohortPlanBodySchema = z.strictObject({
  siteId: z.uuid(),
  programTemplate: z.string().min(1).max(50),
  startDate: z.iso.date('a date as YYYY-MM-DD'),
  members: z.array(CohortMemberPlanSchema).min(1).max(12),
});
export type CohortPlanBody = z.infer<typeof CohortPlanBodySchema>;

/** `/api/cohorts/:id/cancel` and `/api/events/:id/cancel`, `PATCH /api/events/:id` paths. */
export const ScheduleIdParamsSchema = IdParams;

/** `POST /api/cohorts/:id/cancel` and `POST /api/events/:id/cancel`. */
export const ScheduleCancelBodySchema = z.strictObject({ reason: Reason });
export type ScheduleCancelBody = z.infer<typeof ScheduleCancelBodySchema>;

/** `PATCH /api/events/:id`: what changes (the staff windows move with the start), and why. */
export const EventRescheduleBodySchema = z.strictObject({
  startsAt: /* @__PURE__ */ IsoInstant.optional(),
  chairId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  staff: /* @__PURE__ */ ScheduleStaffChoiceSchema.optional(),
  reason: Reason,
  /** The medical director's override of a lapsed credential of the staff assigned (issue 28): the other clashes still refuse. */
  credentialOverride: /* @__PURE__ */ CredentialOverrideSchema.optional(),
});
export type EventRescheduleBody = z.infer<typeof EventRescheduleBodySchema>;

/** `GET /api/schedule`: a site's events between two instants (at most 62 days apart), optionally one staff member's. */
export const ScheduleQuerySchema = z.strictObject({ siteId: z.uuid(), from: IsoInstant, to: IsoInstant, userId: z.uuid().optional() });
export type ScheduleQuery = z.infer<typeof ScheduleQuerySchema>;

/** `GET /api/calendar/:token`: the secret part of the feed's URL. */
export const CalendarFeedParamsSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}\.ics$/, 'a feed token') });

// ---- answers ----

/** The infusion planned inside a dosing event's chair time (local `HH:MM` and absolute instants). */
const PlannedInfusionSchema = z.object({
  start: z.string(),
  end: z.string(),
  observationUntil: z.string(),
  startAt: IsoInstant,
  endAt: IsoInstant,
  observationUntilAt: IsoInstant,
  minutes: z.number(),
}) satisfies z.ZodType<PlannedInfusion>;

/** When a staff member is needed at a planned event. */
export const PlannedStaffSchema = z.object({ userId: z.uuid(), role: ProgramRoleSchema, startsAt: IsoInstant, endsAt: IsoInstant });
export type PlannedStaff = z.infer<typeof PlannedStaffSchema>;

/** One event a plan would book, with its assignments. */
export const PlannedEventSchema = z.object({
  enrollmentId: z.uuid(),
  kind: ProgramEventKindSchema,
  title: z.string(),
  /** Program day, from 1. */
  day: z.number().int(),
  /** The site's local date. */
  date: z.iso.date(),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  /** Dosing events only. */
  chairId: z.uuid().nullable(),
  /** Every event but dosing. */
  roomId: z.uuid().nullable(),
  /** The roles the program names for this event. */
  roles: z.array(ProgramRoleSchema).readonly(),
  staff: z.array(PlannedStaffSchema),
  /** Dosing events only. */
  infusion: /* @__PURE__ */ PlannedInfusionSchema.nullable(),
});
export type PlannedEvent = z.infer<typeof PlannedEventSchema>;

/** A rule a plan or change breaks: who (a chair, a room, a person or the site), when, and in words. */
export const ScheduleClashSchema = z.object({
  rule: ScheduleClashRuleSchema,
  who: z.string(),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  message: z.string(),
  /** For `credential-lapsed`: whose and for which duty, so a page may offer the medical director's override. */
  userId: z.uuid().optional(),
  duty: /* @__PURE__ */ SessionDutySchema.optional(),
});
export type ScheduleClash = z.infer<typeof ScheduleClashSchema>;

/** `POST /api/cohorts/preview`: the events the plan would book and every clash (nothing is booked). */
/** How many days after a clashing start the preview looks for the first start free of clashes (a search bound, not a clinical number). */
export const NEXT_FREE_START_SEARCH_DAYS = 28;

/**
 * `POST /api/cohorts/preview`: the events and every clash; with clashes that time can solve (a
 * chair, room or person already booked), `nextFreeStart`: the first later start the program allows
 * with no clash at all, within NEXT_FREE_START_SEARCH_DAYS days (null: none found, or a clash a
 * later date cannot solve, such as a role nobody holds).
 */
export const CohortPreviewSchema = z.object({
  events: z.array(PlannedEventSchema),
  clashes: z.array(ScheduleClashSchema),
  nextFreeStart: z.string().nullable(),
});
export type CohortPreview = z.infer<typeof CohortPreviewSchema>;

/** `POST /api/cohorts` (201): the new cohort and how many events were booked. */
export const CohortBookedSchema = z.object({ cohortId: z.uuid(), events: z.number().int() });
export type CohortBooked = z.infer<typeof CohortBookedSchema>;

/** `PATCH /api/events/:id`: where the event now stands. */
export const EventRescheduledSchema = z.object({ id: z.uuid(), startsAt: IsoInstant, endsAt: IsoInstant });
export type EventRescheduled = z.infer<typeof EventRescheduledSchema>;

/** A staff member at a booked event, and when. */
export const ScheduleEventStaffSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: ProgramRoleSchema,
  startsAt: IsoInstant,
  endsAt: IsoInstant,
});
export type ScheduleEventStaff = z.infer<typeof ScheduleEventStaffSchema>;

/** A booked event as the schedule shows it. */
export const ScheduleEventSchema = z.object({
  id: z.uuid(),
  cohortId: z.uuid(),
  enrollmentId: z.uuid(),
  kind: ProgramEventKindSchema,
  title: z.string(),
  programDay: z.number().int(),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  state: ScheduledEventStateSchema,
  cancelReason: z.string().nullable(),
  chair: z.object({ id: z.uuid(), name: z.string(), room: z.string() }).nullable(),
  room: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  infusion: /* @__PURE__ */ PlannedInfusionSchema.nullable(),
  /** Named for the patient's care team and site-wide roles; initials (no id, no MRN) for others. */
  patient: z.object({ id: z.uuid().nullable(), name: z.string(), mrn: z.string().nullable() }),
  staff: z.array(ScheduleEventStaffSchema),
});
export type ScheduleEvent = z.infer<typeof ScheduleEventSchema>;

/** `GET /api/schedule` and `GET /api/patients/:id/schedule`: events by start. */
export const ScheduleEventListSchema = itemsOf(ScheduleEventSchema);
export type ScheduleEventList = z.infer<typeof ScheduleEventListSchema>;

/** `POST /api/me/calendar-feed` (201): the feed's secret path, shown once. */
export const CalendarFeedSchema = z.object({ path: z.string() });
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;
