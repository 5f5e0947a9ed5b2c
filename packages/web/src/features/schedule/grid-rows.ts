/** The rows of the schedule grid: one per chair and room, or one per staff member. */
import type { ScheduleEvent, Site } from './schedule-api';

export interface GridRow {
  key: string;
  label: string;
  sublabel?: string;
  /** Set in staff rows: the staff member of the row. */
  userId?: string;
  events: ScheduleEvent[];
}

/** Chairs (each with its room) and rooms, in the site's order; a resource the events use is never dropped. */
export function resourceRows(site: Site, events: ScheduleEvent[]): GridRow[] {
  const used = new Set(events.flatMap((e) => [e.chair?.id, e.room?.id]).filter((x) => x !== undefined));
  const rows: GridRow[] = [];
  for (const room of site.rooms) {
    for (const chair of room.chairs) {
      if ((chair.active && room.active) || used.has(chair.id))
        rows.push({ key: chair.id, label: chair.name, sublabel: room.name, events: events.filter((e) => e.chair?.id === chair.id) });
    }
    if ((room.active && room.chairs.length === 0) || used.has(room.id))
      rows.push({ key: room.id, label: room.name, sublabel: 'Room', events: events.filter((e) => e.room?.id === room.id) });
  }
  const known = new Set(rows.map((r) => r.key));
  const other = events.filter((e) => !known.has(e.chair?.id ?? '') && !known.has(e.room?.id ?? ''));
  if (other.length > 0) rows.push({ key: 'other', label: 'No chair or room', events: other });
  return rows;
}

/** One row per staff member booked in the events, by name. */
export function staffRows(events: ScheduleEvent[]): GridRow[] {
  const people = new Map<string, string>();
  for (const e of events) for (const s of e.staff) people.set(s.userId, s.name);
  return [...people.entries()]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([userId, name]) => ({
      key: userId,
      label: name,
      userId,
      events: events.filter((e) => e.staff.some((s) => s.userId === userId)),
    }));
}
