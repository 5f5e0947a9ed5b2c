import { apiFetch } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { getPatientSchedule, listSites, type ScheduleEvent, type Site } from '../schedule/schedule-api';
import type { ProtocolParam } from '../settings/settings-api';

export interface ConsoleContext {
  event: ScheduleEvent | undefined;
  site: Site | undefined;
  params: ProtocolParam[];
  /** User id -> display name, for "ordered by" and "double-checked by". */
  names: Map<string, string>;
  dosing: { allowed: boolean; signed: boolean; message: string; mode: string } | undefined;
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
 * (chair, patient name, staff), the site (time zone), the site protocol (threshold bands, dosing
 * defaults), staff names and whether dosing may run at the site now.
 */
async function loadContext(patientId: string, eventId: string): Promise<ConsoleContext> {
  const [schedule, sites, users] = await Promise.all([optional(getPatientSchedule(patientId)), listSites(), optional(apiFetch<{ items: { id: string; displayName: string }[] }>('/api/users'))]);
  const event = schedule?.items.find((e) => e.id === eventId);
  const chairId = event?.chair?.id;
  const site = sites.items.find((s) => s.rooms.some((r) => r.chairs.some((c) => c.id === chairId))) ?? (sites.items.length === 1 ? sites.items[0] : undefined);
  const [protocol, dosing] = site === undefined ? [undefined, undefined] : await Promise.all([optional(apiFetch<{ params: ProtocolParam[] }>(`/api/sites/${site.id}/protocol`)), optional(apiFetch<ConsoleContext['dosing']>(`/api/sites/${site.id}/protocol/dosing-check`))]);
  return { event, site, params: protocol?.params ?? [], names: new Map((users?.items ?? []).map((u) => [u.id, u.displayName])), dosing };
}

export function useConsoleContext(patientId: string | undefined, eventId: string | undefined) {
  const key = patientId === undefined || eventId === undefined ? '' : `${patientId}|${eventId}`;
  return useResource(key, () => (patientId === undefined || eventId === undefined ? Promise.resolve(undefined) : loadContext(patientId, eventId)), 'The session’s booking could not be loaded.');
}
