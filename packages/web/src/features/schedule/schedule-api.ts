/** The scheduling API (docs/api-schedule.md): cohorts, events, the schedule views and calendar feeds. */
import { ApiError, apiFetch, apiSend } from '../../api/client';

export const PLAN_ROLES = ['licensed-iv-runner', 'therapist', 'prescriber'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];
export type StaffChoice = Partial<Record<PlanRole, string>>;

export interface Chair {
  id: string;
  name: string;
  active: boolean;
}

export interface Room {
  id: string;
  name: string;
  active: boolean;
  chairs: Chair[];
}

export interface Site {
  id: string;
  name: string;
  timeZone: string;
  workingDays: string[];
  closedDates: string[];
  rooms: Room[];
}

export interface StaffMember {
  id: string;
  displayName: string;
  roles: string[];
}

export interface EventStaff {
  userId: string;
  name: string;
  role: string;
  startsAt: string;
  endsAt: string;
}

export interface ScheduleEvent {
  id: string;
  cohortId: string;
  enrollmentId: string;
  kind: string;
  title: string;
  programDay: number;
  startsAt: string;
  endsAt: string;
  state: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  chair: { id: string; name: string; room: string } | null;
  room: { id: string; name: string } | null;
  patient: { id: string | null; name: string; mrn: string | null };
  staff: EventStaff[];
}

export interface MemberPlan {
  enrollmentId: string;
  chairId: string;
  roomId: string;
  staff: StaffChoice;
}

export interface Plan {
  siteId: string;
  programTemplate: string;
  startDate: string;
  members: MemberPlan[];
}

export interface PlannedEvent {
  enrollmentId: string;
  kind: string;
  title: string;
  day: number;
  date: string;
  startsAt: string;
  endsAt: string;
  chairId: string | null;
  roomId: string | null;
}

export type ClashRule =
  | 'chair-double-booked'
  | 'room-double-booked'
  | 'staff-double-booked'
  | 'infusions-per-runner'
  | 'role-missing'
  | 'role-not-held'
  | 'closed-day'
  | 'inactive-resource';

export interface Clash {
  rule: ClashRule;
  who: string;
  startsAt: string;
  endsAt: string;
  message: string;
}

export interface EligibleEnrollment {
  id: string;
  state: string;
  programTemplate: string;
  siteId: string;
  patient: { id: string; name: string; mrn: string };
}

export interface PatientEnrollment {
  id: string;
  siteId: string;
}

export interface ProgramRef {
  id: string;
  title: string;
}

export const listSites = (): Promise<{ items: Site[] }> => apiFetch('/api/sites');
export const listPrograms = (): Promise<{ items: ProgramRef[] }> => apiFetch('/api/reference/programs');
export const listStaff = (role: 'nurse' | 'therapist' | 'prescriber' | 'medical-director'): Promise<{ items: StaffMember[] }> => apiFetch(`/api/users?role=${role}`);

export function listEligible(siteId: string): Promise<{ items: EligibleEnrollment[] }> {
  return apiFetch(`/api/enrollments?state=eligible&siteId=${encodeURIComponent(siteId)}`);
}

export function getSchedule(siteId: string, from: string, to: string): Promise<{ items: ScheduleEvent[] }> {
  const q = new URLSearchParams({ siteId, from, to });
  return apiFetch(`/api/schedule?${q.toString()}`);
}

export function getPatientSchedule(patientId: string): Promise<{ items: ScheduleEvent[] }> {
  return apiFetch(`/api/patients/${encodeURIComponent(patientId)}/schedule`);
}

export function listPatientEnrollments(patientId: string): Promise<{ items: PatientEnrollment[] }> {
  return apiFetch(`/api/patients/${encodeURIComponent(patientId)}/enrollments`);
}

export const previewCohort = (plan: Plan): Promise<{ events: PlannedEvent[]; clashes: Clash[] }> => apiSend('POST', '/api/cohorts/preview', plan);
export const bookCohort = (plan: Plan): Promise<{ cohortId: string; events: number }> => apiSend('POST', '/api/cohorts', plan);
export const cancelCohort = (id: string, reason: string): Promise<void> => apiSend('POST', `/api/cohorts/${encodeURIComponent(id)}/cancel`, { reason });
export const cancelEvent = (id: string, reason: string): Promise<void> => apiSend('POST', `/api/events/${encodeURIComponent(id)}/cancel`, { reason });

export interface EventChange {
  startsAt?: string;
  chairId?: string;
  roomId?: string;
  staff?: StaffChoice;
  reason: string;
}

export const rescheduleEvent = (id: string, change: EventChange): Promise<{ id: string; startsAt: string; endsAt: string }> =>
  apiSend('PATCH', `/api/events/${encodeURIComponent(id)}`, change);

export const createCalendarFeed = (): Promise<{ path: string }> => apiSend('POST', '/api/me/calendar-feed');
export const revokeCalendarFeed = (): Promise<void> => apiSend('DELETE', '/api/me/calendar-feed');

/** The clashes of a 409 CONFLICT, or undefined for any other error. */
export function clashesOf(error: unknown): Clash[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const clashes = error.details.clashes;
  return Array.isArray(clashes) ? (clashes as Clash[]) : [];
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
