/**
 * The scheduling clash rules on time: which proposed events overlap what else holds the same chair,
 * room or staff member, and why. A chair or room holds one event at a time; a licensed IV runner
 * runs at most `infusionsPerRunner` infusions at once and is in no other event meanwhile; anyone
 * else is in one event at a time. Windows are half-open: an event ending when another starts does
 * not overlap it. A cancelled booking holds nothing.
 *
 * The patient is not a resource of these rules: two events of one patient are not checked against
 * each other here (a program's generated days never overlap).
 *
 * @module
 */
import type { ProgramRole } from './templates.js';

/** A time window as ISO 8601 instants; `startsAt` inclusive, `endsAt` exclusive. */
export interface ClashWindow {
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A staff member's window at an event. */
export interface StaffBooking extends ClashWindow {
  readonly userId: string;
  readonly role: ProgramRole;
}

/** An event being planned or moved, with its chair (dosing) or room (other events) and staff. */
export interface ProposedEvent extends ClashWindow {
  readonly title: string;
  readonly chairId: string | null;
  readonly roomId: string | null;
  readonly staff: readonly StaffBooking[];
}

/** An event already booked on a chair or in a room. */
export interface BookedEvent extends ClashWindow {
  readonly title: string;
  readonly state: 'scheduled' | 'cancelled';
  readonly chairId: string | null;
  readonly roomId: string | null;
}

/** A staff member already booked at an event (`title` and `state` are the event's). */
export interface BookedStaff extends StaffBooking {
  readonly title: string;
  readonly state: 'scheduled' | 'cancelled';
}

/** What the rules read: the proposal, what is booked, the site's runner limit and display names. */
export interface BookingClashInput {
  readonly proposed: readonly ProposedEvent[];
  readonly bookedEvents: readonly BookedEvent[];
  readonly bookedStaff: readonly BookedStaff[];
  /** Infusions one licensed IV runner may run at once (protocol `scheduling.infusionsPerNurse`). */
  readonly infusionsPerRunner: number;
  /** Display names by id (a chair's is its room and name); an id without one is shown as itself. */
  readonly names: {
    readonly chairs: ReadonlyMap<string, string>;
    readonly rooms: ReadonlyMap<string, string>;
    readonly users: ReadonlyMap<string, string>;
  };
}

/** The rules on time a booking can break. */
export type BookingClashRule = 'chair-double-booked' | 'room-double-booked' | 'staff-double-booked' | 'infusions-per-runner';

/** One clash: the rule, who (a chair, room or person by name), the proposed window, and in words. */
export interface BookingClash extends ClashWindow {
  readonly rule: BookingClashRule;
  readonly who: string;
  readonly message: string;
}

interface Window {
  startsAt: number;
  endsAt: number;
}
const overlaps = (a: Window, b: Window): boolean => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const win = (w: ClashWindow): Window => ({ startsAt: Date.parse(w.startsAt), endsAt: Date.parse(w.endsAt) });

/**
 * Every clash on time of the proposed events, among themselves and with what is booked: chairs and
 * rooms first (event by event, the chair before the room, the other proposed events before the
 * bookings), then staff (each proposed staff window in turn). A runner over the limit is reported
 * once per user and start; a non-runner's overlap is reported once per user, the two starts and
 * the other event's title (so two proposed events of one title clash once, of two titles from each
 * side).
 */
export function findBookingClashes(input: BookingClashInput): BookingClash[] {
  const { proposed, names, infusionsPerRunner } = input;
  const clashes: BookingClash[] = [];
  const add = (rule: BookingClashRule, who: string, w: ClashWindow, message: string) =>
    clashes.push({ rule, who, startsAt: w.startsAt, endsAt: w.endsAt, message });
  const booked = input.bookedEvents.filter((b) => b.state === 'scheduled');

  // Chairs and rooms: one event at a time, within the proposal and against what is booked.
  proposed.forEach((e, i) => {
    const w = win(e);
    for (const [key, rule] of [
      ['chairId', 'chair-double-booked'],
      ['roomId', 'room-double-booked'],
    ] as const) {
      const value = e[key];
      if (value === null) continue;
      const name = (key === 'chairId' ? names.chairs : names.rooms).get(value) ?? value;
      for (const other of proposed.slice(i + 1)) {
        if (other[key] === value && overlaps(w, win(other)))
          add(rule, name, e, `${name} holds two events at once: ${e.title} and ${other.title}`);
      }
      for (const b of booked) {
        if (b[key] === value && overlaps(w, win(b))) add(rule, name, e, `${name} is already booked for ${b.title} at that time`);
      }
    }
  });

  // Staff: IV runners up to the site's number of infusions at once; nobody in two other events.
  const all = [
    ...proposed.flatMap((e) => e.staff.map((s) => ({ ...s, title: e.title, w: win(s), planned: true }))),
    ...input.bookedStaff
      .filter((b) => b.state === 'scheduled')
      .map((b) => ({ userId: b.userId, role: b.role, startsAt: b.startsAt, endsAt: b.endsAt, title: b.title, w: win(b), planned: false })),
  ];
  const reported = new Set<string>();
  for (const a of all.filter((x) => x.planned)) {
    const name = names.users.get(a.userId) ?? a.userId;
    const others = all.filter((b) => b !== a && b.userId === a.userId && overlaps(a.w, b.w));
    if (a.role === 'licensed-iv-runner') {
      const runners = others.filter((b) => b.role === 'licensed-iv-runner');
      if (runners.length + 1 > infusionsPerRunner) {
        const key = `runner:${a.userId}:${a.startsAt}`;
        if (!reported.has(key))
          add(
            'infusions-per-runner',
            name,
            a,
            `${name} would run ${runners.length + 1} infusions at once (the site allows ${infusionsPerRunner})`,
          );
        reported.add(key);
      }
      for (const b of others.filter((x) => x.role !== 'licensed-iv-runner'))
        add('staff-double-booked', name, a, `${name} is running ${a.title} and is also ${b.role} of ${b.title}`);
    } else {
      for (const b of others) {
        const key = [a.userId, a.startsAt, b.startsAt, b.title].sort().join('|');
        if (reported.has(key)) continue;
        reported.add(key);
        add('staff-double-booked', name, a, `${name} is ${a.role} of ${a.title} and also ${b.role} of ${b.title} at that time`);
      }
    }
  }
  return clashes;
}
