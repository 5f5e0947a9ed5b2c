/** The scheduling API (docs/api-schedule.md; shapes in @kairos/api): cohorts, events, the schedule views and calendar feeds. */
import type {
  CalendarFeed,
  CohortBooked,
  CohortPlanBody,
  CohortPreview,
  EnrollmentList,
  EnrollmentSearchList,
  EventRescheduleBody,
  EventRescheduled,
  ProgramRefList,
  Role,
  ScheduleClash,
  ScheduleEventList,
  SiteList,
  StaffDirectory,
} from '@kairos/api';
import { ApiError, apiFetch, apiSend } from '../../api/client';

export type {
  CohortMemberPlan,
  CohortPlanBody,
  EnrollmentSearchItem,
  EventRescheduleBody,
  PlannedEvent,
  ScheduleClash,
  ScheduleClashRule,
  ScheduleEvent,
  ScheduleStaffChoice,
  Site,
  StaffDirectoryEntry,
} from '@kairos/api';

export const listSites = (): Promise<SiteList> => apiFetch('/api/sites');
export const listPrograms = (): Promise<ProgramRefList> => apiFetch('/api/reference/programs');
export const listStaff = (role: Role): Promise<StaffDirectory> => apiFetch(`/api/users?role=${role}`);

export function listEligible(siteId: string): Promise<EnrollmentSearchList> {
  return apiFetch(`/api/enrollments?state=eligible&siteId=${encodeURIComponent(siteId)}`);
}

export function getSchedule(siteId: string, from: string, to: string): Promise<ScheduleEventList> {
  const q = new URLSearchParams({ siteId, from, to });
  return apiFetch(`/api/schedule?${q.toString()}`);
}

/** One staff member's events at a site between two instants (My day). */
export function getMySchedule(siteId: string, from: string, to: string, userId: string): Promise<ScheduleEventList> {
  const q = new URLSearchParams({ siteId, from, to, userId });
  return apiFetch(`/api/schedule?${q.toString()}`);
}

export function getPatientSchedule(patientId: string): Promise<ScheduleEventList> {
  return apiFetch(`/api/patients/${encodeURIComponent(patientId)}/schedule`);
}

export function listPatientEnrollments(patientId: string): Promise<EnrollmentList> {
  return apiFetch(`/api/patients/${encodeURIComponent(patientId)}/enrollments`);
}

export const previewCohort = (plan: CohortPlanBody): Promise<CohortPreview> => apiSend('POST', '/api/cohorts/preview', plan);
export const bookCohort = (plan: CohortPlanBody): Promise<CohortBooked> => apiSend('POST', '/api/cohorts', plan);
export const cancelCohort = (id: string, reason: string): Promise<void> =>
  apiSend('POST', `/api/cohorts/${encodeURIComponent(id)}/cancel`, { reason });
export const cancelEvent = (id: string, reason: string): Promise<void> =>
  apiSend('POST', `/api/events/${encodeURIComponent(id)}/cancel`, { reason });

export const rescheduleEvent = (id: string, change: EventRescheduleBody): Promise<EventRescheduled> =>
  apiSend('PATCH', `/api/events/${encodeURIComponent(id)}`, change);

export const createCalendarFeed = (): Promise<CalendarFeed> => apiSend('POST', '/api/me/calendar-feed');
export const revokeCalendarFeed = (): Promise<void> => apiSend('DELETE', '/api/me/calendar-feed');

/** The clashes of a 409 CONFLICT, or undefined for any other error. */
export function clashesOf(error: unknown): ScheduleClash[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const clashes = error.details.clashes;
  return Array.isArray(clashes) ? (clashes as ScheduleClash[]) : [];
}

/** The next possible start of a 400 that refused the start date, or undefined. */
export function nextStartOf(error: unknown): string | null | undefined {
  if (!(error instanceof ApiError) || error.status !== 400 || !('nextStart' in error.details)) return undefined;
  const next = error.details.nextStart;
  return typeof next === 'string' ? next : null;
}

/** Roles that may book, move and cancel (design.md: schedule cohorts, rooms, staff). */
export const SCHEDULE_MANAGERS = ['medical-director', 'prescriber', 'coordinator'];
export const canManageSchedule = (roles: readonly string[]): boolean => roles.some((r) => SCHEDULE_MANAGERS.includes(r));
