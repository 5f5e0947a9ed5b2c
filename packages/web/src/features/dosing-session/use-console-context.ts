import { apiFetch } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { getPatientSchedule, listSites, type ScheduleEvent, type Site } from '../schedule/schedule-api';

export interface ConsoleContext {
  event: ScheduleEvent | undefined;
  site: Site | undefined;
  /** User id -> display name, for "ordered by" and "double-checked by". */
  names: Map<string, string>;
  dosing: { allowed: boolean; signed: boolean; message: string; mode: string; version: number; proposal: number | null } | undefined;
}

async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}

/**
 * What the console shows around the session itself, loaded once per session: its booked event
 * (chair, patient name, staff), the site (time zone), staff names and whether dosing may run at the
 * site now. The protocol values (bands, schedule, dose defaults) come with the session itself: the
 * version it runs under.
 */
async function loadContext(patientId: string, eventId: string): Promise<ConsoleContext> {
  const [schedule, sites, users] = await Promise.all([
    optional(getPatientSchedule(patientId)),
    listSites(),
    optional(apiFetch<{ items: { id: string; displayName: string }[] }>('/api/users')),
  ]);
  const event = schedule?.items.find((e) => e.id === eventId);
  const chairId = event?.chair?.id;
  const site =
    sites.items.find((s) => s.rooms.some((r) => r.chairs.some((c) => c.id === chairId))) ??
    (sites.items.length === 1 ? sites.items[0] : undefined);
  const dosing =
    site === undefined ? undefined : await optional(apiFetch<ConsoleContext['dosing']>(`/api/sites/${site.id}/protocol/dosing-check`));
  return { event, site, names: new Map((users?.items ?? []).map((u) => [u.id, u.displayName])), dosing };
}

export function useConsoleContext(patientId: string | undefined, eventId: string | undefined) {
  const key = patientId === undefined || eventId === undefined ? '' : `${patientId}|${eventId}`;
  return useResource(
    key,
    () => (patientId === undefined || eventId === undefined ? Promise.resolve(undefined) : loadContext(patientId, eventId)),
    'The session’s booking could not be loaded.',
  );
}
