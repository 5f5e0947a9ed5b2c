import type { SectionId } from '@kairos/api';

export interface SectionInfo {
  id: SectionId;
  path: `/${SectionId}`;
  label: string;
  /** What the page will show, while it is not built yet. */
  soon: string;
}

/** The staff app's main sections, in the order of the navigation. */
export const SECTIONS: readonly SectionInfo[] = [
  {
    id: 'today',
    path: '/today',
    label: 'Today',
    soon: 'The Today board: every dosing session of the day, chair by chair, with live vitals and alarms.',
  },
  { id: 'patients', path: '/patients', label: 'Patients', soon: 'The patient list and each patient’s record, screening and enrollments.' },
  { id: 'schedule', path: '/schedule', label: 'Schedule', soon: 'Cohorts, rooms, chairs and staff, by day and by week.' },
  {
    id: 'outcomes',
    path: '/outcomes',
    label: 'Outcomes',
    soon: 'PCL-5, PHQ-9 and GAD-7 trajectories, response, remission and durability.',
  },
  {
    id: 'inventory',
    path: '/inventory',
    label: 'Inventory',
    soon: 'The ketamine stock ledger: receipts, draws, waste with witness, counts.',
  },
  { id: 'settings', path: '/settings', label: 'Settings', soon: 'Sites, rooms and chairs, the protocol configuration, users and devices.' },
];

/** The sections a sign-in allows, in navigation order. */
export function allowedSections(sections: readonly SectionId[]): SectionInfo[] {
  return SECTIONS.filter((s) => sections.includes(s.id));
}

export function sectionById(id: SectionId): SectionInfo {
  const s = SECTIONS.find((x) => x.id === id);
  if (s === undefined) throw new Error(`unknown section ${id}`);
  return s;
}

/** Pages outside a section's own path that its gate guards (main.tsx): the console and the review queue belong to Today. */
const GATED_BY: Readonly<Record<string, SectionId>> = { sessions: 'today', 'adverse-events': 'today' };

/** The section whose gate guards a path's first segment, if any. */
export function sectionOfSegment(segment: string): SectionId | undefined {
  return SECTIONS.find((s) => s.id === segment)?.id ?? GATED_BY[segment];
}
