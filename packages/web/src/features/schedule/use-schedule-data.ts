import { useResource } from '../../api/use-resource';
import { getSchedule, listSites, listStaff, type Site, type StaffDirectoryEntry } from './schedule-api';

/** Every site with its rooms and chairs. */
export function useSites() {
  const { data, state } = useResource('schedule-sites', listSites, 'The sites could not be loaded.');
  return { sites: data?.items ?? [], state };
}

export interface StaffPools {
  /** Licensed IV runners: nurses first, then prescribers and medical directors. */
  'licensed-iv-runner': StaffDirectoryEntry[];
  therapist: StaffDirectoryEntry[];
  /** Prescribers and medical directors. */
  prescriber: StaffDirectoryEntry[];
}

async function loadPools(): Promise<StaffPools> {
  const [nurses, therapists, prescribers, directors] = await Promise.all([
    listStaff('nurse'),
    listStaff('therapist'),
    listStaff('prescriber'),
    listStaff('medical-director'),
  ]);
  const unique = (lists: StaffDirectoryEntry[][]) => [...new Map(lists.flat().map((u) => [u.id, u])).values()];
  return {
    'licensed-iv-runner': unique([nurses.items, prescribers.items, directors.items]),
    therapist: therapists.items,
    prescriber: unique([prescribers.items, directors.items]),
  };
}

/** The staff who may fill each role of a plan. */
export function useStaffPools() {
  const { data, state } = useResource('schedule-staff', loadPools, 'The staff list could not be loaded.');
  return { pools: data, state };
}

/** The events of a site between two instants; `reload` after a change. */
export function useSchedule(site: Site | undefined, from: string, to: string) {
  const key = site === undefined ? '' : `${site.id}|${from}|${to}`;
  return useResource(
    key,
    () => (site === undefined ? Promise.resolve({ items: [] }) : getSchedule(site.id, from, to)),
    'The schedule could not be loaded.',
  );
}

/** Chairs (with their room's name) and rooms of a site, active ones only unless `keep` names one. */
export function resourcesOf(site: Site, keep: string[] = []) {
  const all = site.rooms.flatMap((r) =>
    r.chairs.filter((c) => (c.active && r.active) || keep.includes(c.id)).map((c) => ({ id: c.id, name: c.name, room: r.name })),
  );
  // A chair's name alone when it is unique at the site; with its room when two rooms share a name.
  const chairs = all.map((c) => ({ ...c, label: all.filter((o) => o.name === c.name).length > 1 ? `${c.name} (${c.room})` : c.name }));
  // Rooms for the events that are not infusions: the rooms without chairs, when the site has any.
  const plain = site.rooms.filter((r) => r.active && r.chairs.length === 0);
  const pool = plain.length > 0 ? plain : site.rooms.filter((r) => r.active);
  const rooms = [...pool, ...site.rooms.filter((r) => keep.includes(r.id) && !pool.includes(r))].map((r) => ({ id: r.id, label: r.name }));
  return { chairs, rooms };
}
